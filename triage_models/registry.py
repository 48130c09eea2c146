"""A directory of versioned models with a promoted pointer, promotion history and rollback.

Layout under ``root``::

    versions/<version>/model.skops      skops artifact (see persistence)
    versions/<version>/metadata.json    versions, hashes, thresholds, metrics
    versions/<version>/MODEL_CARD.md    intended use, limits, figures
    promoted.json                       {"current": version, "history": [..., version]}

A version is written into a staging directory and renamed into place, and the pointer file is
replaced atomically, so a reader (the worker) sees either the old or the new state. Two admins
promoting at the same moment is last-writer-wins; the history keeps both. Version strings
are validated against :data:`VERSION_PATTERN` before they touch a path.
"""

from __future__ import annotations

import builtins
import json
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from triage_models.errors import ModelLoadError, RegistryError
from triage_models.model import TriageModel
from triage_models.model_card import render_model_card
from triage_models.persistence import atomic_write, load_model, read_metadata, save_model
from triage_models.training import TrainedModel

VERSION_PATTERN: Final = re.compile(r"m-\d{8}-\d{6}-[0-9a-f]{6}")
"""``m-YYYYMMDD-HHMMSS-<6 hex>``: sortable by registration time, unique by random suffix."""

CARD_NAME: Final = "MODEL_CARD.md"
POINTER_NAME: Final = "promoted.json"


@dataclass(frozen=True)
class ModelInfo:
    """A registered version as listed (from its metadata, not yet verified).

    Attributes:
        version: The version string.
        registered_at: ISO 8601 registration time.
        promoted: Whether it is the currently promoted version.
        data_manifest: sha256 of its training data.
        n_examples: Number of training examples.
        macro_f1: Group to cross-validated macro-F1.
        urgency_recall: Cross-validated recall over urgency flags.
        validation: How those figures were obtained (``"5-fold"``, ``"5-fold by source"``:
            whole batch files held out, i.e. figures for a writer the model never saw).
    """

    version: str
    registered_at: str
    promoted: bool
    data_manifest: str
    n_examples: int
    macro_f1: dict[str, float]
    urgency_recall: float
    validation: str = ""


class ModelRegistry:
    """Register, list, promote, roll back and load triage models under one directory.

    Args:
        root: Registry directory (created if missing).
        clock: Returns the current time, aware; injectable for tests.
    """

    def __init__(self, root: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.root = root
        self._clock = clock or (lambda: datetime.now(UTC))
        self._versions = root / "versions"
        self._versions.mkdir(parents=True, exist_ok=True)

    def _dir(self, version: str) -> Path:
        if not VERSION_PATTERN.fullmatch(version):
            raise RegistryError(f"not a model version: {version!r}")
        directory = self._versions / version
        if not directory.is_dir():
            raise RegistryError(f"unknown model version {version}")
        return directory

    def register(self, trained: TrainedModel) -> str:
        """Store a trained model as a new version; it is not promoted.

        Args:
            trained: Output of :func:`triage_models.training.train`.

        Returns:
            The new version string.
        """
        now = self._clock()
        version = f"m-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        metadata = {**trained.metadata(), "registered_at": now.isoformat()}
        model = trained.model.with_version(version, metadata)
        staging = self._versions / f".staging-{version}"
        staging.mkdir()
        try:
            save_model(model, staging)
            card = render_model_card(read_metadata(staging))
            (staging / CARD_NAME).write_text(card, encoding="utf-8")
            staging.rename(self._versions / version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return version

    def list(self) -> builtins.list[ModelInfo]:
        """List registered versions, oldest first, with their cross-validated figures."""
        current = self.promoted_version()
        infos: list[ModelInfo] = []
        for directory in sorted(self._versions.iterdir()):
            if not VERSION_PATTERN.fullmatch(directory.name):
                continue
            meta = read_metadata(directory)
            cv: dict[str, Any] = meta.get("metrics", {}).get("cross_validated", {})
            infos.append(
                ModelInfo(
                    version=directory.name,
                    registered_at=str(meta.get("registered_at", "")),
                    promoted=directory.name == current,
                    data_manifest=str(meta.get("data_manifest_sha256", "")),
                    n_examples=int(meta.get("n_examples", 0)),
                    macro_f1={g: float(v["macro_f1"]) for g, v in cv.get("groups", {}).items()},
                    urgency_recall=float(cv.get("urgency", {}).get("recall", 0.0)),
                    validation=str(meta.get("validation", "")),
                )
            )
        return infos

    def _history(self) -> builtins.list[str]:
        """Return the promotion history, oldest first; the last entry is promoted."""
        path = self.root / POINTER_NAME
        if not path.exists():
            return []
        try:
            pointer = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise RegistryError(f"{path}: not valid JSON") from None
        history = pointer.get("history") if isinstance(pointer, dict) else None
        if not isinstance(history, list) or not all(
            isinstance(v, str) and VERSION_PATTERN.fullmatch(v) for v in history
        ):
            raise RegistryError(f"{path}: malformed promotion history")
        return [str(v) for v in history]

    def _write_history(self, history: builtins.list[str]) -> None:
        pointer = {"current": history[-1] if history else None, "history": history}
        atomic_write(self.root / POINTER_NAME, json.dumps(pointer, indent=2).encode() + b"\n")

    def promoted_version(self) -> str | None:
        """Return the promoted version, or ``None`` if nothing was ever promoted."""
        history = self._history()
        return history[-1] if history else None

    def promote(self, version: str) -> None:
        """Make ``version`` the promoted model, after verifying it loads.

        Raises:
            RegistryError: Unknown version, or the artifact fails verification (the pointer
                is left unchanged).
        """
        directory = self._dir(version)
        try:
            load_model(directory)
        except ModelLoadError as exc:
            raise RegistryError(f"refusing to promote {version}: {exc}") from exc
        history = self._history()
        if history and history[-1] == version:
            return
        self._write_history([*history, version])

    def rollback(self) -> str:
        """Return to the previously promoted version and return it.

        Raises:
            RegistryError: There is no earlier promotion to return to.
        """
        history = self._history()
        if len(history) < 2:
            raise RegistryError("no earlier promoted version to roll back to")
        history.pop()
        self._write_history(history)
        return history[-1]

    def load(self, version: str, *, expected_sha256: str | None = None) -> TriageModel:
        """Load and verify one registered version (see :func:`persistence.load_model`)."""
        return load_model(self._dir(version), expected_sha256=expected_sha256)

    def load_promoted(self, *, expected_sha256: str | None = None) -> TriageModel:
        """Load and verify the promoted model.

        Args:
            expected_sha256: The artifact hash pinned in settings, if any.

        Raises:
            RegistryError: Nothing is promoted.
            ModelLoadError: The artifact fails verification.
        """
        version = self.promoted_version()
        if version is None:
            raise RegistryError("no model has been promoted")
        return self.load(version, expected_sha256=expected_sha256)
