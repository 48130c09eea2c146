"""Per-organisation rules: extra ID formats, names and terms, validated and fail-closed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from redaction.config import RedactionConfig
from redaction.engine import Redactor
from redaction.organisation import (
    IdPattern,
    OrganisationRules,
    load_organisation_rules,
    parse_organisation_rules,
)

RULES_YAML = """
id_patterns:
  - name: clinic_badge
    regex: 'CB-\\d{5}'
    entity: STAFF_ID
    context: [badge]
  - name: case_ref
    regex: 'ZX\\d{6}'
    score: 0.2
    context: [case]
names: [Zebedee]
terms: [Blue Falcon Team, Orchard Annexe]
"""


def test_rules_load_from_yaml_and_json(tmp_path: Path) -> None:
    # Given the same rules as YAML and JSON files
    yaml_path = tmp_path / "org.yaml"
    yaml_path.write_text(RULES_YAML, encoding="utf-8")
    rules = load_organisation_rules(yaml_path)
    json_path = tmp_path / "org.json"
    json_path.write_text(
        json.dumps(
            {
                "id_patterns": [
                    {"name": p.name, "regex": p.regex, "entity": p.entity}
                    for p in rules.id_patterns
                ],
                "names": list(rules.names),
                "terms": list(rules.terms),
            }
        ),
        encoding="utf-8",
    )
    # When loaded, Then both give the same patterns, names and terms
    other = load_organisation_rules(json_path)
    assert [p.regex for p in other.id_patterns] == [p.regex for p in rules.id_patterns]
    assert rules.names == ("Zebedee",) and other.terms == rules.terms
    assert rules.id_patterns[1].entity == "CUSTOM_ID"


def test_unsupported_file_type_refused(tmp_path: Path) -> None:
    path = tmp_path / "org.txt"
    path.write_text("names: [x]", encoding="utf-8")
    with pytest.raises(ValueError, match="yaml"):
        load_organisation_rules(path)


def test_empty_file_gives_empty_rules(tmp_path: Path) -> None:
    path = tmp_path / "org.yml"
    path.write_text("", encoding="utf-8")
    assert load_organisation_rules(path) == OrganisationRules()


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"unknown": 1},
        {"id_patterns": ["x"]},
        {"id_patterns": [{"name": "Bad Name", "regex": "x"}]},
        {"id_patterns": [{"name": "a", "regex": ""}]},
        {"id_patterns": [{"name": "a", "regex": "x" * 301}]},
        {"id_patterns": [{"name": "a", "regex": "("}]},
        {"id_patterns": [{"name": "a", "regex": "x", "entity": "PERSON"}]},
        {"id_patterns": [{"name": "a", "regex": "x", "entity": "SECRET"}]},
        {"id_patterns": [{"name": "a", "regex": "x", "score": 0}]},
        {"names": "Zebedee"},
        {"terms": [" "]},
        {"terms": ["x"] * 5001},
    ],
)
def test_invalid_rules_refused(document: Any) -> None:
    with pytest.raises(ValueError):
        parse_organisation_rules(document)


def test_id_pattern_defaults() -> None:
    pattern = IdPattern(name="ref", regex=r"R\d+")
    assert (pattern.entity, pattern.score, pattern.context) == ("CUSTOM_ID", 0.6, ())


@pytest.mark.nlp
def test_redactor_applies_organisation_rules(tmp_path: Path) -> None:
    # Given a redactor configured with an organisation's rules
    path = tmp_path / "org.yaml"
    path.write_text(RULES_YAML, encoding="utf-8")
    config = RedactionConfig(organisation=load_organisation_rules(path), processes=1)
    redactor = Redactor(config)
    text = (
        "ZX654321 alone is not removed. zebedee from the Blue Falcon Team showed badge "
        "CB-12345 in the Orchard Annexe. The case ZX123456 was closed."
    )
    # When a report uses the organisation's ID format, a listed name and its terms
    result = redactor.redact(text)
    # Then all of them are removed, the weak pattern only with its context word
    assert "CB-12345" not in result.redacted and "[STAFF_ID]" in result.redacted
    assert "zebedee" not in result.redacted.casefold()
    assert "Falcon" not in result.redacted and "Orchard" not in result.redacted
    assert result.redacted.count("[ORG_TERM]") == 2
    assert "ZX123456" not in result.redacted and "ZX654321" in result.redacted
    assert result.summary()["CUSTOM_ID"] == 1
