"""Consistent pseudonyms for the people named in one report.

Invariants served:
- The same person gets the same label across mentions ("Priya", "Priya Sharma",
  "Ms Sharma" -> "[Person A]"), so responders can follow the story without the names.
- Labels follow order of first appearance and restart for every report, so a label says
  nothing across reports.
- Mentions that identify the reporter ("my name is X", a sign-off) are replaced by
  ``[Reporter]`` and never enter the pseudonym map, which is only for third parties.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

REPORTER_PLACEHOLDER = "[Reporter]"

_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})
_SELF_BEFORE = regex.compile(
    r"(?:\bmy\s+(?:full\s+)?name\s+is|\bi\s+am|\bi['’]?m|\bthis\s+is|\bname\s*:|\bcall\s+me|"
    r"\bi\s+go\s+by)\s*$",
    flags=regex.IGNORECASE,
)
_SIGN_OFF_BEFORE = regex.compile(
    r"(?:^|\n|[.!?]\s)\s*(?:(?:kind\s+|best\s+|warm\s+)?regards|thanks|thank\s+you|sincerely|"
    r"yours(?:\s+sincerely|\s+faithfully)?|best(?:\s+wishes)?|cheers|signed|from|many\s+thanks)"
    r"[\s,.!:-]*$|(?:^|\n)\s*[-–—]+\s*$",
    flags=regex.IGNORECASE,
)


def fold_name(token: str) -> str:
    """Normalise a name token for matching: case, diacritics and inner punctuation.

    Args:
        token: One name token ("Łukasz", "Ji-woo").

    Returns:
        A comparison key ("lukasz", "jiwoo").
    """
    decomposed = unicodedata.normalize("NFKD", token.casefold().translate(_FOLD))
    return "".join(ch for ch in decomposed if ch.isalnum())


def _keys(surface: str) -> set[str]:
    return {fold_name(part) for part in surface.split() if len(fold_name(part)) >= 2}


def pseudonym_label(index: int) -> str:
    """Return the placeholder for the ``index``-th third party (A..Z, then AA, AB, ...).

    Args:
        index: Zero-based order of first appearance.

    Returns:
        A placeholder such as ``"[Person A]"``.
    """
    letters = string.ascii_uppercase
    name = letters[index % 26]
    if index >= 26:
        name = letters[index // 26 - 1] + name
    return f"[Person {name}]"


@dataclass(frozen=True)
class PersonAssignment:
    """Placeholder per PERSON mention, plus the sealed map for third parties."""

    placeholders: tuple[str, ...]
    pseudonyms: dict[str, tuple[str, ...]]


def _is_reporter_mention(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(_SELF_BEFORE.search(before) or _SIGN_OFF_BEFORE.search(before))


def assign(text: str, mentions: Sequence[tuple[int, int]]) -> PersonAssignment:
    """Group PERSON mentions into people and give each a placeholder.

    Mentions sharing a normalised name token belong to one person; longer mentions are
    placed first so "Priya Sharma" anchors both "Priya" and "Ms Sharma".

    Args:
        text: The original report.
        mentions: PERSON spans (start, end) in text order.

    Returns:
        A placeholder for each mention (same order) and the third-party pseudonym map.
    """
    order = sorted(range(len(mentions)), key=lambda i: (-len(text[slice(*mentions[i])].split()), i))
    cluster_of: dict[int, int] = {}
    cluster_keys: list[set[str]] = []
    for i in order:
        keys = _keys(text[slice(*mentions[i])])
        target = next((c for c, ck in enumerate(cluster_keys) if ck & keys), None)
        if target is None:
            cluster_keys.append(set(keys))
            target = len(cluster_keys) - 1
        else:
            cluster_keys[target] |= keys
        cluster_of[i] = target
    reporter = {cluster_of[i] for i, (s, _) in enumerate(mentions) if _is_reporter_mention(text, s)}
    label_of: dict[int, str] = {}
    surfaces: dict[str, list[str]] = {}
    placeholders: list[str] = []
    for i, (s, e) in enumerate(mentions):
        cluster = cluster_of[i]
        if cluster in reporter:
            placeholders.append(REPORTER_PLACEHOLDER)
            continue
        if cluster not in label_of:
            label_of[cluster] = pseudonym_label(len(label_of))
        label = label_of[cluster]
        placeholders.append(label)
        if text[s:e] not in surfaces.setdefault(label, []):
            surfaces[label].append(text[s:e])
    return PersonAssignment(
        placeholders=tuple(placeholders),
        pseudonyms={label: tuple(forms) for label, forms in surfaces.items()},
    )
