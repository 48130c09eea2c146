"""Per-organisation rules: extra identifier formats, extra names and extra terms.

An organisation knows identifiers no general recognizer can: its own staff-number format,
its team names, the name of a small building. The gateway passes these in as a YAML or JSON
file (format in ``docs/REDACTION.md``); they are validated once, when the redactor is built.

Threats handled:
- A supplied regex could backtrack catastrophically. Patterns are bounded in length, compiled
  with the ``regex`` module and run with the same timeout as ours, and a timeout fails closed
  (the report is rejected), never open.
- A supplied entity type could smuggle a value into logs: types must be one of the known
  :data:`redaction.types.ENTITY_TYPES` and placeholders are derived from them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import regex
import yaml
from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer
from redaction.types import ENTITY_TYPES

MAX_PATTERN_CHARS = 300
MAX_TERMS = 5_000
_NAME = regex.compile(r"[a-z][a-z0-9_]{0,40}")
_NOT_CONFIGURABLE = frozenset({"PERSON"})


@dataclass(frozen=True)
class IdPattern:
    """An organisation's identifier format.

    Attributes:
        name: Short name (letters, digits, underscores), used in errors only.
        regex: The pattern (``regex`` syntax, matched case-insensitively).
        entity: The entity type reported for matches (default ``CUSTOM_ID``).
        context: Words that, within five words before a match, raise its score.
        score: Base score; below ``RedactionConfig.score_threshold`` a match needs context.
    """

    name: str
    regex: str
    entity: str = "CUSTOM_ID"
    context: tuple[str, ...] = ()
    score: float = 0.6

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError("id pattern name must be lower-case letters, digits, underscores")
        if not 0 < len(self.regex) <= MAX_PATTERN_CHARS:
            raise ValueError("id pattern regex is empty or too long")
        if self.entity not in ENTITY_TYPES or self.entity in _NOT_CONFIGURABLE:
            raise ValueError("id pattern entity must be a known non-person entity type")
        if not 0.0 < self.score <= 1.0:
            raise ValueError("id pattern score must be in (0, 1]")
        try:
            regex.compile(self.regex)
        except regex.error:
            raise ValueError("id pattern regex does not compile") from None


@dataclass(frozen=True)
class OrganisationRules:
    """Everything an organisation adds to the general rules.

    Attributes:
        id_patterns: Extra identifier formats.
        names: Extra given names or surnames (treated like gazetteer names).
        terms: Literal phrases to remove as ``ORG_TERM`` (team, project, building names).
    """

    id_patterns: tuple[IdPattern, ...] = ()
    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if len(self.names) > MAX_TERMS or len(self.terms) > MAX_TERMS:
            raise ValueError("too many organisation names or terms")
        if any(not isinstance(t, str) or not t.strip() for t in (*self.names, *self.terms)):
            raise ValueError("organisation names and terms must be non-empty strings")

    def recognizers(self) -> list[FailClosedPatternRecognizer]:
        """Build one fail-closed recognizer per identifier format (and one for the terms).

        Returns:
            Recognizer instances; their regexes run with the package timeout.
        """
        built: list[FailClosedPatternRecognizer] = []
        for spec in self.id_patterns:
            built.append(_custom(spec.entity, [Pattern(spec.name, spec.regex, spec.score)], spec))
        if self.terms:
            ordered = sorted({t.strip() for t in self.terms}, key=len, reverse=True)
            alternation = "|".join(regex.escape(t) for t in ordered)
            term_pattern = Pattern("terms", r"(?<!\w)(?:" + alternation + r")(?!\w)", 0.6)
            built.append(_custom("ORG_TERM", [term_pattern], None))
        return built


def _custom(
    entity: str, patterns: list[Pattern], spec: IdPattern | None
) -> FailClosedPatternRecognizer:
    class OrganisationRecognizer(FailClosedPatternRecognizer):
        ENTITY: ClassVar[str] = entity
        PATTERNS: ClassVar[list[Pattern]] = patterns
        CONTEXT: ClassVar[list[str]] = [w.casefold() for w in spec.context] if spec else []

    return OrganisationRecognizer()


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValueError(f"'{what}' must be a list of strings")  # noqa: TRY004 - config errors are ValueError
    return tuple(str(v) for v in value)


def parse_organisation_rules(document: Mapping[str, Any]) -> OrganisationRules:
    """Validate an organisation rules document (already parsed from YAML or JSON).

    Args:
        document: Mapping with optional ``id_patterns``, ``names`` and ``terms``.

    Returns:
        The validated rules.

    Raises:
        ValueError: A key is unknown or a value is malformed (the message names the key,
            never a value).
    """
    if not isinstance(document, Mapping):
        raise ValueError("organisation rules must be a mapping")  # noqa: TRY004 - config errors are ValueError
    unknown = set(document) - {"id_patterns", "names", "terms"}
    if unknown:
        raise ValueError("unknown organisation rule keys: " + ", ".join(sorted(unknown)))
    patterns: list[IdPattern] = []
    for raw in document.get("id_patterns") or []:
        if not isinstance(raw, Mapping):
            raise ValueError("each id pattern must be a mapping")  # noqa: TRY004 - config errors are ValueError
        patterns.append(
            IdPattern(
                name=str(raw.get("name", "")),
                regex=str(raw.get("regex", "")),
                entity=str(raw.get("entity", "CUSTOM_ID")),
                context=_strings(raw.get("context"), "context"),
                score=float(raw.get("score", 0.6)),
            )
        )
    return OrganisationRules(
        id_patterns=tuple(patterns),
        names=_strings(document.get("names"), "names"),
        terms=_strings(document.get("terms"), "terms"),
    )


def load_organisation_rules(path: Path) -> OrganisationRules:
    """Read organisation rules from a ``.yaml``/``.yml`` or ``.json`` file.

    Args:
        path: The file the gateway was configured with.

    Returns:
        The validated rules.

    Raises:
        ValueError: Unsupported extension or invalid content.
    """
    raw = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        document = yaml.safe_load(raw)
    elif path.suffix == ".json":
        document = json.loads(raw)
    else:
        raise ValueError("organisation rules must be a .yaml, .yml or .json file")
    return parse_organisation_rules(document or {})
