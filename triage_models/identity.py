"""Two views of a report around identity terms: blind for behaviours, marked for characteristics.

Threat served: a model that learns "gay" or "Muslim" as evidence of misconduct raises false
alarms on reports that merely mention who someone is, and does so unequally between groups
(the bias check in :mod:`triage_models.bias` measures it). So:

* the behaviour and urgency classifiers read the **blind** view (:func:`mask_identity`), in
  which every identity term below is removed: they judge the conduct described ("told me to go
  back to", "because I was") and cannot tell one identity from another, nor whether one is
  named at all. (Replacing terms with one shared token was measured too: it kept the gap at
  zero but made every neutral sentence naming an identity read as misconduct 20 % of the time,
  against 0 % when terms are removed);
* the characteristic classifiers read the **marked** view (:func:`mark_identity`): the full
  text, each identity term followed by a token for the characteristic it names, so that what is
  learnt from one group's words carries over to every listed term of that characteristic.

The list names groups neutrally (adjectives, group nouns, and a few markers such as religious
dress), singular and plural; slurs are not in it, because a slur is evidence of hostility and
must stay visible to every label, and neither are words about someone's state of mind, which
urgency needs. It was written for this project. Changing it changes the features, so its
digest is part of :data:`triage_models.features.NORMALISER_VERSION` and a model trained with
another list is refused at load time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Final

IDENTITY_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "race": (
        "black", "white", "brown", "asian", "south asian", "east asian", "southeast asian",
        "african", "african american", "afro-caribbean", "caribbean", "west indian",
        "hispanic", "latino", "latina", "latinx", "latine", "arab", "middle eastern",
        "north african", "indigenous", "aboriginal", "native american", "first nations",
        "maori", "pacific islander", "mixed-race", "biracial", "multiracial", "roma",
        "romani", "ethnic minority", "bame", "poc", "person of colour", "person of color",
        "people of colour", "people of color", "immigrant", "migrant", "refugee",
        "asylum seeker", "foreigner", "european", "american", "british", "english",
        "scottish", "welsh", "irish", "polish", "romanian", "bulgarian", "lithuanian",
        "latvian", "ukrainian", "russian", "german", "french", "italian", "spanish",
        "portuguese", "greek", "turkish", "kurdish", "albanian", "chinese", "japanese",
        "korean", "vietnamese", "thai", "filipino", "filipina", "indonesian", "malaysian",
        "indian", "pakistani", "bangladeshi", "sri lankan", "tamil", "nepali", "afghan",
        "iranian", "persian", "iraqi", "syrian", "lebanese", "palestinian", "israeli",
        "egyptian", "moroccan", "algerian", "somali", "ethiopian", "eritrean", "sudanese",
        "nigerian", "ghanaian", "kenyan", "ugandan", "zimbabwean", "south african",
        "congolese", "cameroonian", "jamaican", "trinidadian", "mexican", "brazilian",
        "colombian", "venezuelan", "cuban", "puerto rican", "dominican", "canadian",
        "australian", "oriental", "ethnic", "samoan", "tongan", "fijian", "hawaiian",
        "polynesian", "inuit", "hmong", "cambodian", "laotian", "burmese", "punjabi",
        "gujarati", "bengali", "latin american", "slavic", "eastern european",
    ),
    "religion_belief": (
        "muslim", "islamic", "jewish", "jew", "christian", "catholic", "protestant",
        "orthodox", "evangelical", "mormon", "hindu", "sikh", "buddhist", "jain", "pagan",
        "atheist", "agnostic", "religious", "quaker", "rastafarian", "humanist", "taoist",
        "shinto", "islam",
        "judaism", "christianity", "hinduism", "sikhism", "buddhism", "hijab", "hijabi",
        "headscarf", "turban", "kippah", "yarmulke", "niqab", "burqa", "mosque", "synagogue",
        "gurdwara",
    ),
    "sex_gender": (
        "woman", "women", "man", "men", "female", "male", "girl", "boy", "lady", "ladies",
        "gentleman", "gentlemen", "feminine", "masculine", "feminist",
    ),
    "sexual_orientation": (
        "gay", "lesbian", "bisexual", "bi", "straight", "heterosexual", "homosexual",
        "queer", "pansexual", "asexual", "lgbt", "lgbtq", "lgbtq+", "lgbtqia", "lgbtqia+",
        "same-sex",
    ),
    "gender_identity": (
        "trans", "transgender", "non-binary", "enby", "genderqueer", "genderfluid",
        "cis", "cisgender", "intersex", "transwoman", "transman",
    ),
    "disability": (
        "disabled", "deaf", "blind", "autistic", "dyslexic", "dyspraxic", "neurodivergent",
        "neurodiverse", "adhd", "wheelchair user", "amputee", "paraplegic", "tetraplegic",
        "visually impaired", "hearing impaired", "partially sighted", "hard of hearing",
        "epileptic", "diabetic", "chronically ill", "mentally ill", "handicapped",
        "paralysed", "paralyzed",
        "disability", "disabilities", "wheelchair", "autism", "dyslexia", "dyspraxia", "ocd",
        "asperger", "aspergers", "down syndrome", "cerebral palsy", "stammer", "stutter",
        "hearing aid", "guide dog", "sign language",
    ),
    "age": (
        "young", "younger", "old", "older", "elderly", "teenage", "teenager", "middle-aged",
        "millennial", "millenial", "boomer", "gen z", "gen x", "zoomer", "retired", "pensioner",
        "retiree",
    ),
    "pregnancy_maternity": (
        "pregnant", "pregnancy", "breastfeeding", "expectant", "maternity", "mum-to-be",
        "mom-to-be", "ivf", "miscarriage",
    ),
}  # fmt: skip
"""Identity terms by the characteristic they name (lower case, as :func:`normalise` leaves
text). Spaces and hyphens inside a term match a space, a hyphen or nothing; a plural ``s`` or
``es`` is accepted."""


def _alternative(term: str) -> str:
    return r"[-\s]?".join(re.escape(part) for part in re.split(r"[-\s]", term))


_TERMS: Final = sorted({t for terms in IDENTITY_TERMS.values() for t in terms}, key=len)
_PATTERN: Final = re.compile(
    r"(?<![\w-])(?:" + "|".join(_alternative(t) for t in reversed(_TERMS)) + r")(?:e?s)?(?![\w+-])"
)

_CANONICAL: Final = {
    re.sub(r"[-\s]", "", term): category
    for category, terms in IDENTITY_TERMS.items()
    for term in terms
}

LEXICON_DIGEST: Final = hashlib.sha256(
    json.dumps(IDENTITY_TERMS, sort_keys=True).encode("utf-8")
).hexdigest()[:12]
"""Short digest of the list; part of the normaliser version recorded with every model."""


def category_token(category: str) -> str:
    """The token :func:`mark_identity` adds after a term of ``category`` (``[RACE_TERM]``)."""
    return f"zzph{category}_term"


def _category(term: str) -> str:
    key = re.sub(r"[-\s]", "", term)
    found = _CANONICAL.get(key) or _CANONICAL.get(key[:-1]) or _CANONICAL.get(key[:-2])
    if found is None:  # pragma: no cover - the pattern only matches listed terms
        raise ValueError("matched an identity term that is not listed")
    return found


def mark_identity(normalised: str) -> str:
    """Return the full-text view: each identity term is kept and followed by its category token.

    Characteristic classifiers read this view. The category token lets what is learnt from one
    group's words carry over to every listed term of the same characteristic ("Samoan" reads as
    a race term even if no training report used it).

    Args:
        normalised: Output of :func:`triage_models.features.normalise` (lower case).

    Returns:
        The marked text; the input object itself when nothing matched.
    """
    return identity_views(normalised)[0]


def identity_views(normalised: str) -> tuple[str, str]:
    """Return the marked and the blind view of a normalised text, with one scan of it.

    Both are the input object itself when no identity term is present.
    """
    matches = list(_PATTERN.finditer(normalised))
    if not matches:
        return normalised, normalised
    marked: list[str] = []
    blind: list[str] = []
    start = 0
    for m in matches:
        between = normalised[start : m.start()]
        term = m.group(0)
        marked += [between, term, " ", category_token(_category(term))]
        blind.append(between)
        start = m.end()
    blind.append(normalised[start:])
    return "".join([*marked, normalised[start:]]), " ".join("".join(blind).split())


def mask_identity(normalised: str) -> str:
    """Return the identity-blind view of a normalised text: every identity term removed.

    Args:
        normalised: Output of :func:`triage_models.features.normalise` (lower case).

    Returns:
        The text without identity terms (whitespace collapsed); the input object itself when
        nothing matched, so callers can skip recomputing features.
    """
    return identity_views(normalised)[1]
