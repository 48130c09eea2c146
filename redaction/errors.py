"""Errors raised by the redaction package.

Hierarchy::

    RedactionError             analysis or anonymisation failed; the report is rejected
     └── InputTooLongError     the text exceeds RedactionConfig.max_chars; raised before
                               any regex or model runs

Messages are fixed strings. They never contain report text, and the redactor raises them
``from None`` so the exception chain carries no plaintext either.
"""

from __future__ import annotations


class RedactionError(Exception):
    """Redaction could not be completed; the caller must reject the report, never pass it on."""


class InputTooLongError(RedactionError):
    """The report is longer than the configured bound (bounded input keeps regex time bounded)."""
