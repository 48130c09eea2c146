"""Recognizer plugins: one module per entity type (STYLE rule 8)."""

from __future__ import annotations

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

RECOGNIZER_CLASSES: tuple[type[FailClosedPatternRecognizer], ...] = (
    OfflineEmailRecognizer,
    OfflineUrlRecognizer,
    SocialHandleRecognizer,
    IntlPhoneRecognizer,
    StaffIdRecognizer,
    StudentIdRecognizer,
    NiNumberRecognizer,
    SsnRecognizer,
    PostcodeRecognizer,
    AddressRecognizer,
    IpAddressRecognizer,
    VehiclePlateRecognizer,
    RoomRecognizer,
    AgeRecognizer,
    DateOfBirthRecognizer,
)


def all_recognizers() -> list[FailClosedPatternRecognizer]:
    """Instantiate every pattern recognizer plugin.

    Returns:
        Fresh recognizer instances (each compiles its patterns once).
    """
    return [cls() for cls in RECOGNIZER_CLASSES]
