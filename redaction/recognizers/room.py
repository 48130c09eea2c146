"""ROOM: room, office, lab and desk references, with the building when given."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

_ROOM_WORDS = (
    r"room|rm|office|lab|laboratory|desk|hot\s?desk|workstation|bay|studio|suite|cubicle|"
    r"locker|booth|pod|seminar\s+room|meeting\s+room|lecture\s+theatre|flat|bedroom|station"
)
_BUILDING_WORDS = (
    r"building|wing|block|house|hall|centre|center|tower|annex|annexe|library|court|lodge"
)


class RoomRecognizer(FailClosedPatternRecognizer):
    """Find ``Room 2.14, Hartley Building``, ``Lab G.07``, ``desk 4B-17``, ``room C150``.

    A room number places a person at a desk or in a bedroom; the building name is taken
    with it because together they single out one person.
    """

    ENTITY = "ROOM"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "room",
            r"\b(?:" + _ROOM_WORDS + r")\s?(?:no\.?\s?|number\s)?"
            r"(?=[a-z]{0,2}[.-]?\d)[a-z]{0,2}[.-]?\d{1,4}(?:[.-]?[a-z0-9]{1,4}){0,2}\b"
            r"(?:,?\s(?:the\s)?(?:[a-z][a-z'’-]{1,24}\s){1,3}(?:" + _BUILDING_WORDS + r")\b"
            # ... or a numbered/lettered building: "Station 4, Building 12", "Block C".
            r"|,?\s(?:"
            + _BUILDING_WORDS
            + r")\s[a-z]?\d{1,4}[a-z]?\b|,?\s(?:block|wing)\s[a-z]\b)?",
            0.55,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["room", "office", "desk", "building", "sits", "works"]
