"""RedactionConfig validation: explicit ValueError, never assert (STYLE rule 3)."""

from __future__ import annotations

from typing import Any

import pytest

from redaction.config import RedactionConfig


@pytest.mark.parametrize(
    "kwargs",
    [{"max_chars": 0}, {"max_chars": 200_001}, {"batch_size": 0}, {"score_threshold": 1.5}],
)
def test_invalid_settings_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        RedactionConfig(**kwargs)
