"""The declarative recognizer registry (``redaction/conf/recognizers.yaml``).

Which recognizers run, and how their spans are anonymised, is data: adding a PII type is one
module in :mod:`redaction.recognizers` plus one YAML entry (STYLE rule 8). The loader is an
allowlist, not a plugin loader: a class must live in ``redaction.recognizers.<module>`` and
subclass :class:`~redaction.recognizers.base.FailClosedPatternRecognizer`, so a changed YAML
file cannot import arbitrary code. Operators are restricted to replace-style ones: Presidio's
``encrypt`` is reversible and unauthenticated, and ``hash`` of a low-entropy value (a phone
number, a name) is reversible by enumeration, so both are refused.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import regex
import yaml

from redaction.recognizers.base import FailClosedPatternRecognizer

ALLOWED_OPERATORS: frozenset[str] = frozenset({"replace", "redact"})
"""Operators that remove the value; anything else is a configuration error."""

_MODULE = regex.compile(r"[a-z][a-z0-9_]{0,40}")
_PLACEHOLDER = regex.compile(r"\[[A-Z][A-Z_ ]{0,30}\]")


@dataclass(frozen=True)
class RegisteredRecognizer:
    """One loaded recognizer and the text that replaces its spans."""

    recognizer: FailClosedPatternRecognizer
    operator: str
    placeholder: str


@dataclass(frozen=True)
class Registry:
    """Everything the YAML registry configures."""

    recognizers: tuple[RegisteredRecognizer, ...]
    spacy_person: bool

    def placeholders(self) -> dict[str, str]:
        """Map each entity type to its replacement text ("" for ``redact``).

        Returns:
            Entity type to placeholder.
        """
        return {
            r.recognizer.ENTITY: (r.placeholder if r.operator == "replace" else "")
            for r in self.recognizers
        }


def _check_operator(operator: Any) -> str:
    if operator not in ALLOWED_OPERATORS:
        raise ValueError("recognizer operator must be 'replace' or 'redact'")
    return str(operator)


def _load_entry(entry: Any) -> RegisteredRecognizer:
    if not isinstance(entry, dict):
        raise ValueError("each recognizer entry must be a mapping")  # noqa: TRY004 - config errors are ValueError
    module_name = entry.get("module")
    class_name = entry.get("class")
    if not isinstance(module_name, str) or not _MODULE.fullmatch(module_name):
        raise ValueError("recognizer module must be a plain module name")
    module = importlib.import_module(f"redaction.recognizers.{module_name}")
    cls = getattr(module, str(class_name), None)
    if not (isinstance(cls, type) and issubclass(cls, FailClosedPatternRecognizer)):
        raise ValueError("recognizer class must subclass FailClosedPatternRecognizer")  # noqa: TRY004 - config errors are ValueError
    if entry.get("entity") != cls.ENTITY:
        raise ValueError("recognizer entity does not match its class")
    operator = _check_operator(entry.get("operator"))
    placeholder = entry.get("placeholder", f"[{cls.ENTITY}]")
    if not isinstance(placeholder, str) or not _PLACEHOLDER.fullmatch(placeholder):
        raise ValueError("placeholder must look like [UPPER_CASE]")
    return RegisteredRecognizer(cls(), operator, placeholder)


def parse_registry(document: Any) -> Registry:
    """Validate a parsed registry document and instantiate its recognizers.

    Args:
        document: The YAML document as Python data.

    Returns:
        The registry.

    Raises:
        ValueError: The document names an unknown class, a class outside the package, a
            mismatched entity, or an operator other than replace/redact.
    """
    if not isinstance(document, dict) or not isinstance(document.get("recognizers"), list):
        raise ValueError("registry must have a 'recognizers' list")  # noqa: TRY004 - config errors are ValueError
    person = document.get("spacy_person") or {}
    if not isinstance(person, dict):
        raise ValueError("spacy_person must be a mapping")  # noqa: TRY004 - config errors are ValueError
    _check_operator(person.get("operator", "replace"))
    return Registry(
        recognizers=tuple(_load_entry(entry) for entry in document["recognizers"]),
        spacy_person=bool(person.get("enabled", True)),
    )


def load_registry() -> Registry:
    """Load the packaged ``conf/recognizers.yaml`` (``yaml.safe_load``: data only).

    Returns:
        The registry the redactor runs with.
    """
    raw = resources.files("redaction").joinpath("conf", "recognizers.yaml").read_text("utf-8")
    return parse_registry(yaml.safe_load(raw))
