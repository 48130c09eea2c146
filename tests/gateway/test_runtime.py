"""Runtime wiring: an organisation's redaction rules file reaches the redactor."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.runtime import build_redactor
from gateway.settings import Settings

pytestmark = pytest.mark.nlp


def test_redaction_rules_file_is_applied(tmp_path: Path) -> None:
    # Given an organisation's rules file with its own badge format and a team name
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "id_patterns:\n"
        "  - name: clinic_badge\n"
        "    regex: 'CB-\\d{5}'\n"
        "    entity: STAFF_ID\n"
        "terms:\n"
        "  - Blue Falcon Team\n",
        encoding="utf-8",
    )
    settings = Settings.from_env({"REPORTGW_REDACTION_RULES": str(rules)})
    # When the composition root builds the redactor
    with build_redactor(settings) as redactor:
        result = redactor.redact("My badge CB-40417 was taken by the Blue Falcon Team lead.")
    # Then both are removed
    assert "CB-40417" not in result.redacted
    assert "Blue Falcon" not in result.redacted
    assert "[STAFF_ID]" in result.redacted


def test_malformed_rules_file_stops_the_build(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("id_patterns: [{name: x, regex: '('}]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        build_redactor(Settings(redaction_rules=rules))
