"""Risk-cue lexicon: marks the many ways people write about suicide, self-harm and threats.

Threat served: a report that says "I've been stockpiling my tablets" or "he said he'll be
waiting outside tonight" must reach a responder first, but each person words it differently
and a bag of n-grams only learns the wordings it has seen. Like the identity markers
(:mod:`triage_models.identity`), each phrase listed here is kept and followed by a token for
its kind of risk, so what the urgency classifiers learn from one wording carries over to every
listed wording of the same kind. A cue preceded in its clause by a negation ("I'm not having
thoughts of hurting myself") gets the ``not_`` form of the token instead, so the classifier can
learn that negated cues are weak evidence.

The list was written for this project from the standard elements of suicide-risk screening
(wish to be dead, ideation, method, preparation, plan and timing, self-harm) and of threat
assessment (explicit threat, weapon, an aggressor present or expected soon). Cues are
*features*, never rules: the classifier weighs them with the rest of the report and a human
reviews every suggestion. The tokens read ``[SUICIDE_CUE]`` etc. in explanations.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Final

_SELF: Final = r"(?:myself|my self|meself)"
_TARGET: Final = r"(?:you|u|ya|her|him|them|ur family|your family|your kids|zzphperson)"
"""Whom a bare threat verb is aimed at ("stab him"); "kill me" alone is usually an idiom."""

RISK_CUES: Final[dict[str, tuple[str, ...]]] = {
    "suicide": (
        r"suicid\w*",
        rf"kill(?:ing|ed)? {_SELF}",
        r"kms|kys|kill (?:yourself|urself|ur self)",
        r"unalive\w*",
        r"(?:take|taking|took|end|ending|ended) (?:my|his|her|their) (?:own )?li(?:fe|ves)",
        r"end(?:ing)? it(?: all)?",
        r"(?:want|wanted|wanting|wanna) to die",
        r"(?:want|wanted|wanting|wanna) to be dead",
        r"thoughts of (?:dying|death|ending)",
        r"do something stupid",
    ),
    "death_wish": (
        r"better off (?:dead|without (?:me|him|her|them))",
        r"(?:don't|do not|didn't) want to (?:be here|be alive|live|wake up|exist|be around)",
        r"wish (?:i|he|she) (?:was|were|wasn't|weren't) (?:dead|here|born|alive|around)",
        r"no (?:point|reason) (?:in )?(?:living|going on|being here|carrying on|to live|to go on)",
        r"what(?:'s| is) the point (?:of|in) (?:living|anything|any of it|going on|me)",
        r"can't (?:go on|keep going|do this any ?more|keep living|carry on|see a way out)",
        r"(?:won't|will not|wouldn't|not) be (?:around|here) (?:much )?(?:long|for|to|much|anymore)",
        r"(?:disappear|vanish)(?:ed)? (?:tomorrow|forever|for good|for ever)",
        r"(?:tired|sick) of (?:living|being alive|life|existing)",
        r"if i (?:died|was dead|were dead|was gone|were gone|wasn't here|weren't here|disappeared)",
        r"won't be (?:coming back|needing (?:it|them|that|this))",
        r"not (?:going|coming) (?:back )?home (?:today|tonight|again)",
        r"(?:never|not) wake up",
        r"(?:a|such a) burden",
        r"(?:nobody|no one|no-one) would (?:miss|notice|care)",
        r"(?:go|goes|went) to sleep (?:and|forever)",
    ),
    "self_harm": (
        r"self[- ]?harm\w*",
        rf"(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|starv\w+) {_SELF}",
        r"cutting (?:again|my)",
        r"sh-?ing",
        r"(?:fresh|new|old) (?:cuts|scars|burns)",
        r"relaps\w*",
        r"(?:cuts|scars|burns|marks) on (?:my|her|his|their) (?:arms?|legs?|wrists?|thighs?)",
        r"razors?",
        r"(?:the|a|my) blades?",
    ),
    "method": (
        r"overdos\w*",
        r"(?:pills|tablets|meds|medication|painkillers|sleeping tablets)",
        r"stockpil\w*",
        r"(?:saved|saving|collecting|hoarding) (?:up )?(?:my |her |his )?(?:pills|tablets|meds)",
        r"paracetamol|codeine|insulin",
        r"rope|noose|ligature",
        rf"hang(?:ing)? {_SELF}",
        r"jump(?:ing)? (?:off|from|in front)",
        r"(?:walk|walking|drive|driving|step|stepping|throw \w+|throwing \w+) (?:into|in front of|off) "
        r"(?:the |a )?(?:sea|river|canal|lake|water|traffic|train|bus|edge|bridge|cliff|roof)",
        r"in front of (?:a|the) (?:train|bus|lorry|car|truck)",
        r"(?:bridge|cliffs?|ledge|rooftop|multi-storey|level crossing|railway|train tracks)",
        r"(?:wrote|writing|written|write|left) (?:a |the |my )?(?:note|letter|letters|notes) (?:for|to)",
        r"goodbye (?:texts?|notes?|letters?|messages?|videos?)",
        r"say(?:ing)? (?:my )?goodbyes?",
        r"(?:giv(?:e|es|ing|en)|gave) (?:\w+ ){0,4}away",
        r"(?:took|taken|take|taking|swallowed) (?:them all|all of them|the lot|the first lot|all my)",
    ),
    "plan": (
        r"(?:planned|planning|plan|decided|going|gonna|ready) to do it",
        r"(?:i've|i have) (?:decided|made up my mind|made a plan)",
        r"worked out how (?:much|many|to)",
        r"(?:doing|do) it (?:tonight|today|tomorrow|this (?:weekend|evening|morning)|after)",
        r"(?:it's|it is) tonight|tonight(?:'s| is) the night",
        r"(?:thought|thinking) about how",
    ),
    "threat": (
        rf"(?:kill|stab|shoot|hurt|batter|beat|bury|glass|smash|slash|strangle|burn) {_TARGET}",
        r"(?:going|gonna|gon na|goin) (?:to )?(?:kill|hurt|stab|shoot|get|deal with|sort|do|batter|beat)",
        r"(?:i'll|he'll|she'll|they'll|we'll|i will|he will|she will|they will) "
        r"(?:kill|hurt|stab|shoot|find|get|batter|do|sort|deal with|come for|make)",
        r"you(?:'re| are) dead",
        r"dead (?:man|meat|woman)",
        r"watch (?:your|ur|yer) back",
        r"(?:coming|come) for (?:you|me|her|him|them)",
        r"know(?:s)? where (?:you|i|she|he|we|they) live",
        r"set (?:fire|light)",
        r"burn (?:down|your|the|you|it)",
        r"acid",
        r"(?:blow|blew) (?:you|it|the place|us) up",
        r"you'll (?:regret|be sorry|pay|see)",
        r"count(?:ing)? (?:your|ur) days",
        r"take (?:you|her|him|me|them) with (?:him|her|me|them)",
        r"(?:accidents happen|have an accident)",
    ),
    "weapon": (
        r"knife|knives|machete|blade",
        r"gun|firearm|shotgun|pistol|rifle|cartridge",
        r"baseball bat|crowbar|hammer|screwdriver|syringe|needle",
        r"weapon\w*",
    ),
    "present": (
        r"right now|as i (?:type|write)",
        r"tonight|this evening|later today|after (?:my|the|his|her) shift",
        r"(?:outside|at|by) (?:my|the|our) (?:(?:front|back|staff) )?"
        r"(?:door|house|flat|room|gates?|car|window|office|entrance|building|school|shop)",
        r"banging on",
        r"locked (?:myself|ourselves|in|the door)",
        r"hiding (?:in|from)",
        r"waiting (?:for (?:me|her|him|us) )?(?:outside|in the car park|downstairs)",
        r"on (?:his|her|their|my) way",
        r"(?:following|followed) (?:me|her|him) (?:home|now|right)",
        r"still (?:here|outside|in the building)",
        r"(?:call(?:ed|ing)?|ring|rang|phone[d]?) (?:the )?(?:police|000|an ambulance)",
        r"(?:i'm|i am|we're|we are) (?:scared|terrified|frightened|not safe)",
    ),
}
"""Kinds of risk and the phrases that signal them, as regular expressions over normalised
(lower-case, digits-as-``0``) text. An apostrophe in a pattern also matches ``’`` or none."""

NEGATION: Final = re.compile(
    r"\b(?:not|no|never|nor|without|nothing|nobody|n['’]t|dont|didnt|isnt|wasnt|wont|cant)\b"
    r"|n['’]t\b"
)
_NEGATION_SCOPE: Final = 5
"""Words before a cue, within its clause, searched for a negation."""
_CLAUSE_BREAK: Final = re.compile(r"[.!?;:,]|\bbut\b")


def _expression(pattern: str) -> str:
    return pattern.replace("'", "['’]?")


def cue_token(kind: str, *, negated: bool = False) -> str:
    """The token :func:`mark_cues` adds after a cue of ``kind`` (``[SUICIDE_CUE]``)."""
    return f"zzph{'not_' if negated else ''}{kind}_cue"


_PATTERN: Final = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        rf"(?P<{kind}>{'|'.join(_expression(p) for p in patterns)})"
        for kind, patterns in RISK_CUES.items()
    )
    + r")(?!\w)"
)

CUES_DIGEST: Final = hashlib.sha256(
    json.dumps(RISK_CUES, sort_keys=True).encode("utf-8")
).hexdigest()[:12]
"""Short digest of the lexicon; part of the normaliser version recorded with every model."""


def _negated(text: str, start: int) -> bool:
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]
    return bool(NEGATION.search(" ".join(clause.split()[-_NEGATION_SCOPE:])))


def mark_cues(normalised: str) -> str:
    """Return the text with a risk token after every listed cue.

    Args:
        normalised: Output of :func:`triage_models.features.normalise` (lower case).

    Returns:
        The marked text; the input object itself when no cue matched.
    """
    parts: list[str] = []
    start = 0
    for m in _PATTERN.finditer(normalised):
        kind = m.lastgroup or ""
        token = cue_token(kind, negated=_negated(normalised, m.start()))
        parts += [normalised[start : m.end()], " ", token]
        start = m.end()
    if not parts:
        return normalised
    parts.append(normalised[start:])
    return "".join(parts)
