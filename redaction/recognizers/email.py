"""EMAIL: e-mail addresses, validated against the bundled public suffix list (offline)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.offline import has_public_suffix
from redaction.recognizers.base import FailClosedPatternRecognizer


class OfflineEmailRecognizer(FailClosedPatternRecognizer):
    """Find e-mail addresses without ever touching the network.

    Named apart from Presidio's ``EmailRecognizer`` (its YAML loader resolves classes by
    name). Replaces the stock recognizer, whose ``validate_result`` calls the module-level
    ``tldextract.extract`` (downloads the suffix list) and whose local-part pattern
    ``[...]{0,}[...]`` backtracks quadratically on long runs.
    """

    ENTITY = "EMAIL"
    # Simplified RFC 5322 dot-atom (local part) and RFC 1035 labels (domain); every
    # quantifier is bounded by the RFC 5321 limits (64-char local part, 63-char labels),
    # so the backtracking per start position is bounded.
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "email",
            r"(?<![\w.+%-])[\w.+%'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}",
            0.6,
        )
    ]
    CONTEXT: ClassVar[list[str]] = ["email", "e-mail", "mail", "contact", "address"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Promote addresses whose domain ends in a known public suffix.

        Unknown suffixes (intranet domains) keep the base score: an address-shaped string
        is removed either way, because a false negative leaks a person's contact.

        Args:
            pattern_text: The candidate address.

        Returns:
            True for a known public suffix, otherwise None.
        """
        return True if has_public_suffix(pattern_text) else None
