"""Context enhancement: weak matches count only with their context words nearby."""

from __future__ import annotations

from redaction.context import MIN_SCORE_WITH_CONTEXT, enhance, words_before


def test_words_before_skips_stop_words_and_keeps_five() -> None:
    text = "alpha bravo charlie delta echo and my payroll number is 44-1203"
    assert words_before(text, text.index("44-1203")) == [
        "charlie",
        "delta",
        "echo",
        "payroll",
        "number",
    ]


def test_enhance_raises_score_only_with_context() -> None:
    assert enhance(0.01, ["payroll"], ["my", "payroll"]) == MIN_SCORE_WITH_CONTEXT
    assert enhance(0.8, ["payroll"], ["payrolls"]) == 1.0
    assert enhance(0.1, ["payroll"], ["score"]) == 0.1
