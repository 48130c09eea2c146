"""URL: web addresses, including bare profile links such as ``linkedin.com/in/name``."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.offline import has_public_suffix
from redaction.recognizers.base import FailClosedPatternRecognizer

# Characters allowed inside a URL (RFC 3986 unreserved + reserved, minus quotes/brackets
# that usually delimit it in prose); the last character may not be sentence punctuation.
_BODY = r"[^\s<>\"'()\[\]{}]{0,300}[^\s<>\"'()\[\]{}.,;:!?]"


class OfflineUrlRecognizer(FailClosedPatternRecognizer):
    """Find URLs: scheme or ``www.`` prefixed, and bare ``host.tld/path`` links.

    Profile URLs identify a person as surely as a name, so they are removed whole.
    """

    ENTITY = "URL"
    PATTERNS: ClassVar[list[Pattern]] = [
        # RFC 3986 absolute URI with http(s) scheme, or the conventional "www." prefix.
        Pattern("scheme", r"\b(?:https?://|www\.)" + _BODY, 0.6),
        # Bare host with a path ("instagram.com/name"): labels per RFC 1035, the suffix is
        # checked offline in validate_result, so "e.g./i.e." style tokens are not URLs.
        Pattern(
            "bare",
            r"(?<![\w@./-])(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,24}/" + _BODY,
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["profile", "link", "page", "website", "account", "url"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Require a known public suffix for bare links (offline snapshot).

        Args:
            pattern_text: The candidate URL.

        Returns:
            None for scheme URLs, True/False for bare links by suffix.
        """
        lowered = pattern_text.lower()
        if lowered.startswith(("http://", "https://", "www.")):
            return None
        host = lowered.split("/", 1)[0]
        return has_public_suffix(host)
