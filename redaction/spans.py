"""Turning recognizer results into one clean, non-overlapping set of spans.

Invariants served:
- Overlapping detections are merged into their union, so no part of any detected identifier
  survives because a neighbouring detection "won" (fail safe on overlap).
- PERSON spans never contain titles, possessive endings or protected-characteristic and
  role words; spans consisting only of keep words are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from redaction.keepwords import is_keep_word

# Name-shaped tokens: letters with internal apostrophes or hyphens ("O'Neill", "Ji-woo").
NAME_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*")
_JOIN_GAP = regex.compile(r"[\s-]{1,2}")
_POSSESSIVE = regex.compile(r"['’]s$", flags=regex.IGNORECASE)

TITLES: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend fr father "
    "sister brother imam rabbi pastor sheikh coach mister madam".split()
)
# Keep words that are also common surnames: inside a multi-token name they stay part of it.
SURNAME_WORDS: frozenset[str] = frozenset(
    "young black white brown green cook driver porter mason baker carter parent head "
    "chief lead steward single old".split()
)
# Words spaCy sometimes folds into PERSON spans that are never part of a name.
_NEVER_NAME: frozenset[str] = frozenset(
    "i me my mine he him his she her hers they them their we us our you your it its "
    "the a an and or but to of in on at by for with from as is was were be been "
    "hi hello dear thanks thank regards cheers".split()
)


@dataclass(frozen=True)
class Candidate:
    """A detection before merging: offsets into the original text, type and score."""

    start: int
    end: int
    type: str
    score: float


def clean_person(text: str, start: int, end: int, score: float) -> list[Candidate]:
    """Split a PERSON detection into name-token runs without titles or keep words.

    Args:
        text: The original report.
        start: Span start.
        end: Span end.
        score: Detection score, copied to each piece.

    Returns:
        Zero or more PERSON candidates covering only name tokens.
    """
    tokens: list[tuple[int, int]] = []
    for match in NAME_TOKEN.finditer(text, start, end):
        token_start, token_end = match.span()
        possessive = _POSSESSIVE.search(match.group())
        if possessive is not None and token_end - token_start > 2:
            token_end -= 2
        word = text[token_start:token_end].casefold()
        if word in TITLES or word in _NEVER_NAME:
            continue
        tokens.append((token_start, token_end))
    multi = len(tokens) > 1
    kept = [
        (s, e)
        for s, e in tokens
        if not is_keep_word(text[s:e]) or (multi and text[s:e].casefold() in SURNAME_WORDS)
    ]
    pieces: list[Candidate] = []
    for s, e in kept:
        if pieces and _JOIN_GAP.fullmatch(text[pieces[-1].end : s]):
            pieces[-1] = Candidate(pieces[-1].start, e, "PERSON", score)
        else:
            pieces.append(Candidate(s, e, "PERSON", score))
    return pieces


def resolve(text: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Merge overlapping candidates into their union, typed by the strongest member.

    Args:
        text: The original report (for keep-word checks).
        candidates: Raw detections of every recognizer.

    Returns:
        Non-overlapping candidates sorted by start.
    """
    usable = [
        c
        for c in candidates
        if c.end > c.start and not (c.type != "PERSON" and is_keep_word(text[c.start : c.end]))
    ]
    usable.sort(key=lambda c: (c.start, -c.end))
    merged: list[tuple[int, int, list[Candidate]]] = []
    for cand in usable:
        if merged and cand.start < merged[-1][1]:
            start, end, members = merged[-1]
            members.append(cand)
            merged[-1] = (start, max(end, cand.end), members)
        else:
            merged.append((cand.start, cand.end, [cand]))
    resolved: list[Candidate] = []
    for start, end, members in merged:
        best = max(members, key=lambda c: (c.score, c.end - c.start, c.type != "PERSON"))
        resolved.append(Candidate(start, end, best.type, best.score))
    return resolved
