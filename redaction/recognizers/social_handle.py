"""SOCIAL_HANDLE: ``@name`` handles on social platforms."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer


class SocialHandleRecognizer(FailClosedPatternRecognizer):
    """Find ``@handle`` mentions (not the ``@`` inside an e-mail address)."""

    ENTITY = "SOCIAL_HANDLE"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Instagram/X/TikTok handle rules: letters, digits, "_" and ".", at most 30 chars.
        # The lookbehind rejects e-mail local parts ("a@b"); the end may not be a dot.
        Pattern("at_handle", r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,29}[a-z0-9_])?(?![\w@])", 0.6),
        # A handle named right after its platform without "@" ("instagram: priya.s").
        Pattern(
            "platform_handle",
            r"(?<=\b(?:instagram|insta|twitter|tiktok|snapchat|snap|threads|discord|handle|"
            r"username|user\s?name)\s?(?:is|:|-)\s?)"
            r"(?=[a-z0-9_.]*[\d_.])[a-z0-9_](?:[a-z0-9_.]{0,29}[a-z0-9_])",
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["instagram", "twitter", "tiktok", "account", "handle"]
