"""Person names beyond the statistical NER model.

spaCy's small English model misses many names that are rare in its training data (West
African, South Asian, East Asian, Arabic, Eastern European, Hispanic), lower-case names and
names that are also words. Each missed mention leaks a person, so this module adds:

1. gazetteer hits (our own multi-origin name lists, :mod:`redaction.gazetteer`);
2. context rules: a title ("Dr X"), a role ("my manager X"), "named/called X", a possessive
   ("X's"), and capitalised proper nouns that are not dictionary words;
3. extension to neighbouring name-like tokens ("Chinedu" + unknown "Okonkwo");
4. propagation: once a token is known to be a name in this report, every other mention of
   it is removed too.

Names that are ordinary words ("Will", "Hope") need evidence, and protected-characteristic
and role words are never seeds, so "Black", "Muslim" or "manager" survive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from redaction.gazetteer import MONTHS, NOT_NAMES, Lexicon
from redaction.keepwords import KEEP_WORDS, ROLE_WORDS, is_keep_word
from redaction.pseudonyms import fold_name
from redaction.spans import NAME_TOKEN, TITLES, Candidate

_POSSESSIVE = regex.compile(r"['’]s$", flags=regex.IGNORECASE)
_INITIAL_BEFORE = regex.compile(r"(?:^|[.!?:;\"“”(\n•*]|\s-)\s*$")
_GAP_SAME_NAME = regex.compile(r"[ \t]{1,2}|-")
# Patterns are compiled once: module-level regex.fullmatch looks its pattern up in a cache
# on every call, which cost about 2 ms per report.
_NEAR_GAP = regex.compile(r"[ \t]{1,3}|\.?[ \t]{1,2}|,[ \t]{1,2}")
_SIGN_OFF_GAP = regex.compile(r"[,:!.]?[ \t]*\n?[ \t]*")
_SPACE_GAP = regex.compile(r"[ \t]{1,2}")
_STRONG_TITLES = frozenset("mr mrs ms mx dr prof professor".split())
_INTRODUCERS = frozenset("named called name".split())
_DETERMINERS = frozenset("my our the his her their a an your".split())
_PLACE_WORDS = frozenset(
    "road street lane avenue close drive way building wing house hall centre center park "
    "tower court square station office room lab library university college school "
    "hospital ward team department group".split()
)
_NON_PERSON_ENTS = frozenset(
    "GPE LOC FAC ORG NORP PRODUCT EVENT WORK_OF_ART LANGUAGE LAW DATE TIME MONEY".split()
)
NAME_SCORE = 0.8
# Penn Treebank tags (the tagger's own output; the attribute ruler that maps them to
# universal POS is switched off for speed).
_TAG_TO_POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN"}
_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ"})
_COORDINATORS = frozenset({"and", "or"})
# Function words that are also names ("He" Wei, "An", "Do"): "he moved" is a pronoun
# subject, so a following verb is no evidence for them ("will moved" still is).
_NOT_SUBJECT_NAMES = frozenset(
    "i me my he him his she her it its we us our they them their you your who whom this "
    "that these those there here what which a an the do does did so no not to in on at "
    "as by if or and but of up ha ho hu ma yu li lu le ly na oh ko ye su ba".split()
)
# Words after which a known name is the name, not an ordinary word ("from will").
_NAME_SLOT_BEFORE = frozenset(
    "from by with told tell asked ask and or called named saw thank thanks cc about".split()
)
_SIGN_OFFS = frozenset("regards thanks cheers sincerely from signed best wishes love".split())


@dataclass
class _Token:
    start: int
    end: int
    key: str
    cap: bool
    initial: bool
    pos: str
    ent: str
    possessive: bool
    seed: bool = False


def _tokens(text: str, doc: Any) -> list[_Token]:
    pos_at = {tok.idx: _TAG_TO_POS.get(tok.tag_, tok.tag_) for tok in doc}
    ent_at: dict[int, str] = {}
    for ent in doc.ents:
        for tok in ent:
            ent_at[tok.idx] = ent.label_
    out: list[_Token] = []
    for match in NAME_TOKEN.finditer(text):
        start, end = match.span()
        possessive = bool(_POSSESSIVE.search(match.group())) and end - start > 3
        if possessive:
            end -= 2
        surface = text[start:end]
        out.append(
            _Token(
                start=start,
                end=end,
                key=fold_name(surface),
                cap=surface[:1].isupper(),
                initial=bool(_INITIAL_BEFORE.search(text[max(0, start - 8) : start])),
                pos=pos_at.get(start, ""),
                ent=ent_at.get(start, ""),
                possessive=possessive,
            )
        )
    return out


def _is_lower_case_text(tokens: Sequence[_Token]) -> bool:
    inner = [t for t in tokens if not t.initial]
    if len(inner) < 8:
        return False
    return sum(t.cap for t in inner) / len(inner) < 0.01


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    return bool(_GAP_SAME_NAME.fullmatch(text[left.end : right.start]))


class PersonFinder:
    """Finds PERSON mentions with the gazetteer, context rules and propagation."""

    def __init__(self, lexicon: Lexicon) -> None:
        """Keep the lexicon (built once per Redactor from our lists and the spaCy tables).

        Args:
            lexicon: Name lists and English word lists.
        """
        self._lex = lexicon

    def find(
        self,
        text: str,
        doc: Any,
        ner_people: Sequence[Candidate],
        others: Sequence[Candidate],
    ) -> list[Candidate]:
        """Return PERSON candidates: accepted NER mentions plus rule-based ones.

        Args:
            text: The original report.
            doc: Its spaCy ``Doc`` (POS tags and non-person entities are used as evidence).
            ner_people: Cleaned PERSON spans from the statistical model.
            others: Non-person detections (tokens inside them are not name evidence).

        Returns:
            PERSON candidates; adjacent name tokens are joined into one mention.
        """
        tokens = _tokens(text, doc)
        blocked = [(c.start, c.end) for c in others]
        tokens = [t for t in tokens if not any(s <= t.start < e for s, e in blocked)]
        lower_text = _is_lower_case_text(tokens)
        for span in ner_people:
            inside = [t for t in tokens if span.start <= t.start and t.end <= span.end]
            if len(inside) == 1 and not self._accept_single_ner(inside[0]):
                continue
            for tok in inside:
                tok.seed = True
        for i, tok in enumerate(tokens):
            if not tok.seed and self._seed(text, tokens, i, lower_text):
                tok.seed = True
        for _ in range(2):
            self._extend(text, tokens, lower_text)
        self._propagate(text, tokens, lower_text)
        return self._spans(text, tokens)

    def _accept_single_ner(self, tok: _Token) -> bool:
        # A lone capitalised dictionary word ("Email me...") is a classic NER false positive.
        if tok.key in MONTHS:
            return False
        if self._lex.is_name(tok.key):
            return True
        return not (self._lex.is_english(tok.key) or tok.key in KEEP_WORDS)

    def _blocked_word(self, tok: _Token) -> bool:
        return tok.key in KEEP_WORDS or tok.key in TITLES or tok.key in NOT_NAMES

    def _seed(self, text: str, tokens: Sequence[_Token], i: int, lower_text: bool) -> bool:
        tok = tokens[i]
        lex = self._lex
        if self._blocked_word(tok) or len(tok.key) < 2:
            return False
        prev = tokens[i - 1] if i > 0 and _near(text, tokens[i - 1], tok) else None
        prev2 = (
            tokens[i - 2]
            if prev is not None and i > 1 and _near(text, tokens[i - 2], prev)
            else None
        )
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and not _adjacent(text, tok, nxt):
            nxt = None
        context = self._context(prev, prev2, tok, lower_text) or _signed(text, tokens, i)
        # "will moved desks", "Rose added us": a finite verb right after a word-name shows
        # it is the subject, which a modal or noun reading cannot be.
        subject = (
            nxt is not None
            and tok.key not in _NOT_SUBJECT_NAMES
            # "said disabled people": an inflected verb is itself a verb here, unless it is a
            # curated word-name ("rose added us").
            and (tok.key not in lex.verb_forms or tok.key in lex.word_names)
            and (
                nxt.pos in _FINITE_VERB_TAGS
                or nxt.key == "who"
                or (lex.is_finite_verb(nxt.key) and not nxt.cap)
            )
            and (prev is None or prev.key not in _DETERMINERS)
        )
        # "Shaun the team leader", "amrit the site manager", "grant, who ...": an
        # appositive role or a relative "who" after a name-shaped token.
        if not context and tok.key not in lex.function_words:
            context = _appositive(text, tokens, i) and (tok.cap or lower_text)
        if nxt is not None and nxt.key in _PLACE_WORDS:
            return False
        if lex.is_name(tok.key):
            if not lex.is_ambiguous(tok.key) or context or subject:
                return True
            return tok.cap and not tok.initial and not lower_text and tok.key not in MONTHS
        if lex.is_english(tok.key):
            return context and tok.cap and tok.pos == "PROPN"
        if context or (subject and len(tok.key) >= 3):
            return tok.cap or lower_text or tok.pos in {"PROPN", "NOUN"}
        # An unknown capitalised proper noun mid-sentence that the model does not label as
        # a place, organisation or group is most likely a name we have not listed.
        return (
            tok.cap
            and not tok.initial
            and tok.pos == "PROPN"
            and tok.ent not in _NON_PERSON_ENTS
            and not text[tok.start : tok.end].isupper()
        )

    def _context(
        self, prev: _Token | None, prev2: _Token | None, tok: _Token, lower: bool = False
    ) -> bool:
        if prev is None:
            return False
        if prev.key in _STRONG_TITLES or (prev.key in TITLES and tok.cap):
            return True
        if prev.key in _INTRODUCERS and tok.cap:
            return True
        if tok.key in self._lex.function_words:
            return False
        if prev.key in KEEP_WORDS and prev2 is not None and prev2.key in _DETERMINERS:
            return True
        # "The estates manager, Neville Crabtree", "the head coach ted hargrove": a role
        # noun right before a token that is not an ordinary word (or is a listed name).
        if prev.key in ROLE_WORDS and (tok.cap or lower):
            known = self._lex.is_name(tok.key) and not self._lex.is_ambiguous(tok.key)
            return known or not self._lex.is_english(tok.key)
        return False

    def _extend(self, text: str, tokens: list[_Token], lower_text: bool) -> None:
        for i, tok in enumerate(tokens):
            if tok.seed or len(tok.key) < 2:
                continue
            if self._blocked_word(tok):
                # "Dean Ashworth", "Faith Greenhalgh": a keep word that is also a given
                # name, capitalised right before a capitalised name, is part of the name.
                right = tokens[i + 1] if i + 1 < len(tokens) else None
                tok.seed = (
                    tok.key in KEEP_WORDS
                    and self._lex.is_name(tok.key)
                    and tok.cap
                    and right is not None
                    and right.seed
                    and right.cap
                    and _adjacent(text, tok, right)
                )
                continue
            left = tokens[i - 1] if i > 0 else None
            right = tokens[i + 1] if i + 1 < len(tokens) else None
            touching = (left is not None and left.seed and _adjacent(text, left, tok)) or (
                right is not None and right.seed and _adjacent(text, tok, right)
            )
            if tok.key in _PLACE_WORDS:
                continue
            if not touching:
                touching = _coordinated(text, tokens, i)
                if not touching or not (self._lex.is_name(tok.key) or tok.cap or lower_text):
                    continue
            if tok.key in self._lex.function_words:
                # "He Wei" is a name; "told Wei he would" is not.
                tok.seed = tok.cap and not tok.initial and self._lex.is_name(tok.key)
            elif self._lex.is_name(tok.key):
                tok.seed = tok.cap or lower_text or not self._lex.is_ambiguous(tok.key)
            elif tok.cap:
                tok.seed = True
            elif lower_text:
                tok.seed = not self._lex.is_english(tok.key)

    def _propagate(self, text: str, tokens: list[_Token], lower_text: bool) -> None:
        known = {t.key for t in tokens if t.seed and len(t.key) >= 3}
        for i, tok in enumerate(tokens):
            if tok.seed or tok.key not in known or is_keep_word(text[tok.start : tok.end]):
                continue
            if not self._lex.is_ambiguous(tok.key) and not self._lex.is_english(tok.key):
                tok.seed = True
            elif tok.cap and not lower_text:
                tok.seed = True
            else:
                near = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
                tok.seed = any(
                    n.seed and (_adjacent(text, n, tok) or _adjacent(text, tok, n)) for n in near
                ) or self._name_slot(text, tokens, i)

    def _name_slot(self, text: str, tokens: Sequence[_Token], i: int) -> bool:
        """Tell whether a word already known as a name here sits where a name goes.

        "messages from will", "told by brad that", "chase parked": once "will" is a name in
        this report, a mention after a preposition of agency or before a finite verb is the
        name again, not the modal.
        """
        tok = tokens[i]
        prev = tokens[i - 1] if i > 0 and _near(text, tokens[i - 1], tok) else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and not _near(text, tok, nxt):
            nxt = None
        if prev is not None and prev.key in _NAME_SLOT_BEFORE:
            return True
        return nxt is not None and not nxt.cap and self._lex.is_finite_verb(nxt.key)

    def _spans(self, text: str, tokens: Sequence[_Token]) -> list[Candidate]:
        spans: list[Candidate] = []
        last: _Token | None = None
        for tok in tokens:
            if not tok.seed:
                last = None
                continue
            if last is not None and spans and _adjacent(text, last, tok) and not last.possessive:
                spans[-1] = Candidate(spans[-1].start, tok.end, "PERSON", NAME_SCORE)
            else:
                spans.append(Candidate(tok.start, tok.end, "PERSON", NAME_SCORE))
            last = tok
        return spans


def _near(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    if left.possessive:
        gap = gap[2:]
    return bool(_NEAR_GAP.fullmatch(gap))


def _signed(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """Tell whether token ``i`` follows a sign-off or header ("Regards,\nHope", "From: X")."""
    if i == 0 or not tokens[i].cap:
        return False
    prev = tokens[i - 1]
    gap = text[prev.end : tokens[i].start]
    return prev.key in _SIGN_OFFS and bool(_SIGN_OFF_GAP.fullmatch(gap))


def _coordinated(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """Tell whether token ``i`` is joined by "and"/"or" to a known name ("Hope and Priya")."""
    for j, k in ((i + 1, i + 2), (i - 1, i - 2)):
        if not (0 <= j < len(tokens) and 0 <= k < len(tokens)):
            continue
        link, other = tokens[j], tokens[k]
        if link.key in _COORDINATORS and other.seed:
            left, right = (tokens[i], link) if j > i else (link, tokens[i])
            if _adjacent(text, left, right) and (
                _adjacent(text, link, other) if k > j else _adjacent(text, other, link)
            ):
                return True
    return False


_APPOSITIVE_GAP = regex.compile(r",?[ \t]{1,2}")


def _appositive(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """Tell whether token ``i`` is followed by "the <role>" or ", who" ("Amrit the manager")."""
    if i + 1 >= len(tokens) or not _APPOSITIVE_GAP.fullmatch(
        text[tokens[i].end : tokens[i + 1].start]
    ):
        return False
    nxt = tokens[i + 1]
    if nxt.key == "who":
        return text[tokens[i].end : nxt.start].startswith(",")
    if nxt.key != "the" or text[tokens[i].end : nxt.start].startswith(","):
        return False
    for j in range(i + 2, min(i + 5, len(tokens))):
        if tokens[j].key in ROLE_WORDS:
            return True
        if not _SPACE_GAP.fullmatch(text[tokens[j - 1].end : tokens[j].start]):
            return False
    return False
