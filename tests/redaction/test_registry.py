"""The YAML recognizer registry: allowlisted classes and replace-style operators only."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from redaction.recognizers import RECOGNIZER_CLASSES
from redaction.registry import ALLOWED_OPERATORS, load_registry, parse_registry


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "class": "OfflineEmailRecognizer",
        "module": "email",
        "entity": "EMAIL",
        "operator": "replace",
        "placeholder": "[EMAIL]",
    }
    entry.update(overrides)
    return entry


def test_packaged_registry_loads_every_recognizer_plugin() -> None:
    # Given the packaged registry, When loaded
    registry = load_registry()
    # Then every plugin class is registered once, in the YAML order, with spaCy PERSON on
    loaded = [type(r.recognizer) for r in registry.recognizers]
    assert sorted(c.__name__ for c in loaded) == sorted(c.__name__ for c in RECOGNIZER_CLASSES)
    assert registry.spacy_person


def test_configured_operators_are_replace_style_only() -> None:
    # Given the packaged registry, Then no operator is Presidio's Encrypt (or anything
    # reversible), only replace/redact, and each placeholder names its own type
    registry = load_registry()
    assert {r.operator for r in registry.recognizers} <= ALLOWED_OPERATORS
    assert "encrypt" not in ALLOWED_OPERATORS
    assert "hash" not in ALLOWED_OPERATORS
    for entry in registry.recognizers:
        assert entry.placeholder == f"[{entry.recognizer.ENTITY}]"


def test_redact_operator_maps_to_empty_placeholder() -> None:
    registry = parse_registry({"recognizers": [_entry(operator="redact")]})
    assert registry.placeholders() == {"EMAIL": ""}


@pytest.mark.parametrize(
    "document",
    [
        None,
        {"recognizers": "not a list"},
        {"recognizers": ["not a mapping"]},
        {"recognizers": [_entry(operator="encrypt")]},
        {"recognizers": [_entry(operator="hash")]},
        {"recognizers": [_entry(module="../../os")]},
        {"recognizers": [_entry(**{"class": "Pattern", "module": "base"})]},
        {"recognizers": [_entry(entity="PHONE")]},
        {"recognizers": [_entry(placeholder="<b>{value}</b>")]},
        {"recognizers": [], "spacy_person": "yes"},
        {"recognizers": [], "spacy_person": {"operator": "encrypt"}},
    ],
)
def test_invalid_registry_is_refused(document: Any) -> None:
    # Given a registry that imports outside the package, uses a reversible operator or a
    # malformed entry, When parsed, Then it is refused before anything runs
    with pytest.raises(ValueError):
        parse_registry(document)


def test_registry_yaml_is_plain_data() -> None:
    # Given the packaged YAML, Then it parses with safe_load (no Python tags)
    from importlib import resources

    raw = resources.files("redaction").joinpath("conf", "recognizers.yaml").read_text("utf-8")
    assert isinstance(yaml.safe_load(raw), dict)
