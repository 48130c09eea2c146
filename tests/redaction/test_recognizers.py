"""Table-driven span tests for every pattern recognizer, with near misses and ReDoS input.

Each row: (recognizer class, text, expected matched substrings in order). Expected spans are
derived from the substrings, so every row asserts exact offsets. An empty list is a near
miss that must NOT match. Rows only check results above the redaction threshold.
"""

from __future__ import annotations

import time

import pytest

from redaction.config import RedactionConfig
from redaction.recognizers import RECOGNIZER_CLASSES, all_recognizers
from redaction.recognizers.address import AddressRecognizer
from redaction.recognizers.age import AgeRecognizer
from redaction.recognizers.base import FailClosedPatternRecognizer
from redaction.recognizers.date_of_birth import DateOfBirthRecognizer
from redaction.recognizers.email import OfflineEmailRecognizer
from redaction.recognizers.ip_address import IpAddressRecognizer
from redaction.recognizers.ni_number import NiNumberRecognizer
from redaction.recognizers.phone import IntlPhoneRecognizer
from redaction.recognizers.postcode import PostcodeRecognizer
from redaction.recognizers.room import RoomRecognizer
from redaction.recognizers.social_handle import SocialHandleRecognizer
from redaction.recognizers.ssn import SsnRecognizer
from redaction.recognizers.staff_id import StaffIdRecognizer
from redaction.recognizers.student_id import StudentIdRecognizer
from redaction.recognizers.url import OfflineUrlRecognizer
from redaction.recognizers.vehicle_plate import VehiclePlateRecognizer

THRESHOLD = RedactionConfig().score_threshold

ROWS: list[tuple[type[FailClosedPatternRecognizer], str, list[str]]] = [
    (OfflineEmailRecognizer, "mail p.sharma@northfield.ac.uk now", ["p.sharma@northfield.ac.uk"]),
    (OfflineEmailRecognizer, "or chidi_oko42@gmail.com.", ["chidi_oko42@gmail.com"]),
    (OfflineEmailRecognizer, "at intranet a.b@corp.local only", ["a.b@corp.local"]),
    (OfflineEmailRecognizer, "the @ sign and name@ alone", []),
    (
        OfflineUrlRecognizer,
        "see https://www.instagram.com/priya.sharma/.",
        ["https://www.instagram.com/priya.sharma/"],
    ),
    (OfflineUrlRecognizer, "profile linkedin.com/in/jo-bloggs, ok", ["linkedin.com/in/jo-bloggs"]),
    (OfflineUrlRecognizer, "a file notes.zzzz/x and e.g. this", []),
    (SocialHandleRecognizer, "posted on @priya_s93. then", ["@priya_s93"]),
    (SocialHandleRecognizer, "email jo@example.com", []),
    (IntlPhoneRecognizer, "call 07712 345678 today", ["07712 345678"]),
    (IntlPhoneRecognizer, "tel +44 (0)7712 345 678.", ["+44 (0)7712 345 678"]),
    (IntlPhoneRecognizer, "office (0161) 496 0123", ["(0161) 496 0123"]),
    (IntlPhoneRecognizer, "cell (415) 555-0134", ["(415) 555-0134"]),
    (IntlPhoneRecognizer, "on +234 803 123 4567", ["+234 803 123 4567"]),
    (IntlPhoneRecognizer, "student 201845672, date 14/03/1998", []),
    (StaffIdRecognizer, "my staff ID is EMP-004512.", ["EMP-004512"]),
    (StaffIdRecognizer, "staff number HR48213 and E1234567", ["HR48213", "E1234567"]),
    (StaffIdRecognizer, "Employee no. 571004, tel", ["571004"]),
    (StaffIdRecognizer, "the score was 44-1203", []),
    (StudentIdRecognizer, "(student no 201727711)", ["201727711"]),
    (StudentIdRecognizer, "it cost 1,234,567 pounds", []),
    (NiNumberRecognizer, "NI number QQ 12 34 56 C.", ["QQ 12 34 56 C"]),
    (NiNumberRecognizer, "insurance AB123456C", ["AB123456C"]),
    (NiNumberRecognizer, "code AB123456E", []),
    (SsnRecognizer, "my SSN (123-45-6789)", ["123-45-6789"]),
    (SsnRecognizer, "SSN 147 54 8084", ["147 54 8084"]),
    (SsnRecognizer, "ref 123-456-789", []),
    (PostcodeRecognizer, "Leeds LS6 2AB.", ["LS6 2AB"]),
    (PostcodeRecognizer, "Springfield, IL 62704", ["62704"]),
    (PostcodeRecognizer, "sent 62704 items", []),
    (
        AddressRecognizer,
        "I live at 14 Carlton Road, Headingley, Leeds.",
        ["14 Carlton Road, Headingley, Leeds"],
    ),
    (
        AddressRecognizer,
        "at 1457 Maple Avenue, Apt 3B, Springfield, IL 62704",
        ["1457 Maple Avenue, Apt 3B, Springfield, IL"],
    ),
    (AddressRecognizer, "it happened 3 times on the road", []),
    (IpAddressRecognizer, "from 81.2.69.160, and", ["81.2.69.160"]),
    (IpAddressRecognizer, "v6 2a02:c7f:1234::1 seen", ["2a02:c7f:1234::1"]),
    (IpAddressRecognizer, "at 10:30:15 and 999.1.1.1", []),
    (VehiclePlateRecognizer, "reg LD19 XKT.", ["LD19 XKT"]),
    (VehiclePlateRecognizer, "plate 7KJH213 seen", ["7KJH213"]),
    (VehiclePlateRecognizer, "a car ABC-1234", ["ABC-1234"]),
    (VehiclePlateRecognizer, "version 2 of the plan", []),
    (
        RoomRecognizer,
        "his office, Room 2.14, Hartley Building, for",
        ["Room 2.14, Hartley Building"],
    ),
    (RoomRecognizer, "at desk 4B-17 and workstation 2.07.", ["desk 4B-17", "workstation 2.07"]),
    (RoomRecognizer, "the room was cold", []),
    (AgeRecognizer, "I'm 23 and I am 36", ["23", "36"]),
    (AgeRecognizer, "a 19-year-old apprentice", ["19"]),
    (AgeRecognizer, "I am 5 minutes late, 3 times", []),
    (DateOfBirthRecognizer, "date of birth 14.09.1977, NI", ["14.09.1977"]),
    (DateOfBirthRecognizer, "born on 3 March 1999", ["3 March 1999"]),
    (DateOfBirthRecognizer, "on 3 March 2024 and 12/05/2023", []),
]


def _ids() -> list[str]:
    return [f"{cls.__name__}-{i}" for i, (cls, _, _) in enumerate(ROWS)]


@pytest.mark.parametrize(("cls", "text", "expected"), ROWS, ids=_ids())
def test_recognizer_spans(
    cls: type[FailClosedPatternRecognizer], text: str, expected: list[str]
) -> None:
    # Given a recognizer and a text
    recognizer = cls()
    # When it analyses the text
    results = recognizer.analyze(text, [cls.ENTITY])
    found = sorted(
        {(r.start, r.end) for r in results if r.score >= THRESHOLD and r.entity_type == cls.ENTITY}
    )
    # Then exactly the expected substrings are found, at their exact offsets
    want = []
    cursor = 0
    for value in expected:
        start = text.index(value, cursor)
        want.append((start, start + len(value)))
        cursor = start + len(value)
    assert found == want


@pytest.mark.parametrize("cls", RECOGNIZER_CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("unit", ["a", "1", "1 ", "a.", "@a", "a1-", "9.", "Room 1, "])
def test_recognizers_are_linear_on_adversarial_input(
    cls: type[FailClosedPatternRecognizer], unit: str
) -> None:
    # Given a repetitive worst-case input at the maximum report size
    limit = RedactionConfig().max_chars
    text = (unit * (limit // len(unit) + 1))[:limit]
    # When analysed, Then it finishes within a loose bound (catastrophic backtracking
    # would take minutes; this is not a strict timing test)
    started = time.monotonic()
    cls().analyze(text, [cls.ENTITY])
    assert time.monotonic() - started < 10


def test_every_recognizer_declares_context_and_entity() -> None:
    for cls in RECOGNIZER_CLASSES:
        assert cls.ENTITY and cls.PATTERNS and cls.CONTEXT


EXTRA_ROWS: list[tuple[type[FailClosedPatternRecognizer], str, list[str]]] = [
    # Issue 3: someone else's age, a generic ID label, numbered buildings.
    (AgeRecognizer, "my daughter is 16 and she's 23. Amal is 18.", ["16", "23", "18"]),
    (AgeRecognizer, "It's 10 past and there's 5 of us, it is 5 minutes", []),
    (StaffIdRecognizer, "my ID is T-882104 and her badge says ST-04417", ["T-882104", "ST-04417"]),
    (
        RoomRecognizer,
        "at Station 4, Building 12 and Lab 3, Block C.",
        ["Station 4, Building 12", "Lab 3, Block C"],
    ),
    (IntlPhoneRecognizer, "ring +44 1 or +999 1234 5678", []),
    (SsnRecognizer, "SSN 900-12-3456 on file", ["900-12-3456"]),
    (DateOfBirthRecognizer, "DOB: 3/4/99 given", ["3/4/99"]),
]


@pytest.mark.parametrize(("cls", "text", "expected"), EXTRA_ROWS)
def test_recognizer_spans_issue_3(
    cls: type[FailClosedPatternRecognizer], text: str, expected: list[str]
) -> None:
    test_recognizer_spans(cls, text, expected)


def test_presidio_contract_and_plugin_list() -> None:
    # Given the Presidio-facing analyze(), Then it returns the same spans as matches()
    recognizer = OfflineEmailRecognizer()
    text = "mail a.b@example.com"
    results = recognizer.analyze(text, ["EMAIL"])
    assert [(r.start, r.end, r.entity_type) for r in results] == [(5, 20, "EMAIL")]
    assert len(all_recognizers()) == len(RECOGNIZER_CLASSES)


def test_recognizer_without_patterns_refused() -> None:
    class Empty(FailClosedPatternRecognizer):
        ENTITY = "EMAIL"

    with pytest.raises(ValueError, match="PATTERNS"):
        Empty()
