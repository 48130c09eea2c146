"""IP_ADDRESS: IPv4 and IPv6 addresses, validated with the standard library."""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer


class IpAddressRecognizer(FailClosedPatternRecognizer):
    """Find IP addresses; a candidate must parse with :mod:`ipaddress` to count."""

    ENTITY = "IP_ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Dotted quad (RFC 791 notation); octet range is checked in validate_result.
        Pattern("ipv4", r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)", 0.6),
        # RFC 4291 text form: 2-8 hex groups with at most one "::"; validated below, so
        # clock times such as 10:30:15 are rejected.
        Pattern("ipv6", r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", 0.5),
    ]
    CONTEXT: ClassVar[list[str]] = ["ip", "address", "machine", "logged", "server"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Accept only text that parses as an IPv4 or IPv6 address.

        Args:
            pattern_text: The candidate.

        Returns:
            True when it parses, otherwise False.
        """
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return True
