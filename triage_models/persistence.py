"""Saving and loading models with skops, never pickle or joblib.

Threat: a model file is code-adjacent data that an attacker with write access to the model
store (or a tampered download) could swap. Loading therefore fails closed, in this order,
before anything is constructed:

1. ``metadata.json`` is read and its format and library versions must match this runtime
   (scikit-learn does not support loading across versions);
2. the artifact's sha256 must equal the metadata's and, when given, the hash pinned in
   settings (compared in constant time, on the very bytes that are then loaded);
3. every type named in the artifact's schema must be in :data:`TRUSTED_TYPES`, a fixed list
   in code (never the output of ``get_untrusted_types`` at runtime), and skops loads with
   that list;
4. the loaded content must agree with the metadata (labels, thresholds, version).

Each failure raises :class:`ModelIntegrityError` or :class:`ModelCompatibilityError`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import scipy
import sklearn
import skops
import skops.io as sio

from triage_models.errors import ModelCompatibilityError, ModelIntegrityError, TriageModelError
from triage_models.features import NORMALISER_VERSION
from triage_models.labels import ALL_LABELS, GROUPS
from triage_models.model import TriageModel
from triage_models.passages import WINDOW

ARTIFACT_FORMAT: Final = 2
"""Format written. 2 added the urgency passage classifiers: code that predates them refuses
these artifacts (fail closed) instead of ignoring the passages and scoring urgency below the
thresholds tuned with them."""
READABLE_FORMATS: Final = (1, 2)
"""Formats loaded: a format 1 artifact has no passage classifiers and scores as it always did."""
ARTIFACT_NAME: Final = "model.skops"
METADATA_NAME: Final = "metadata.json"

TRUSTED_TYPES: Final[frozenset[str]] = frozenset(
    {
        "builtins.bool",
        "builtins.dict",
        "builtins.float",
        "builtins.int",
        "builtins.list",
        "builtins.NoneType",
        "builtins.str",
        "builtins.tuple",
        "numpy.dtype",
        "numpy.float64",
        "numpy.int32",
        "numpy.int64",
        "numpy.ndarray",
        "sklearn.feature_extraction.text.HashingVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.multiclass.OneVsRestClassifier",
        "sklearn.multiclass._ConstantPredictor",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.pipeline.Pipeline",
        "sklearn.preprocessing._label.LabelBinarizer",
        "sklearn.svm._classes.LinearSVC",
    }
)
"""Every type a triage artifact may contain. Review any addition: skops constructs these."""


def runtime_versions() -> dict[str, str]:
    """Return the versions of the libraries whose formats a model artifact depends on."""
    return {
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
    }


@dataclass(frozen=True)
class SavedModel:
    """Where a model was written and the hash that pins it."""

    artifact: Path
    metadata: Path
    sha256: str


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` so readers see the old file or the new one, never a partial one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(model: TriageModel, directory: Path) -> SavedModel:
    """Write ``model.skops`` and ``metadata.json`` into ``directory``.

    Args:
        model: The model; its ``metadata`` (metrics, data manifest...) is copied into the
            metadata file.
        directory: Existing directory; files are replaced atomically.

    Returns:
        The paths and the artifact's sha256 (pin it in settings).

    Raises:
        TriageModelError: The model has passage classifiers but its metadata does not record
            the passage window it was trained with; :func:`load_model` would refuse the
            artifact, so nothing is written (pass ``TrainedModel.metadata()`` through
            ``with_version``, as the registry does).
    """
    versions = runtime_versions()
    content = {
        "format": ARTIFACT_FORMAT,
        "version": model.version,
        "labels": list(ALL_LABELS),
        "normaliser": NORMALISER_VERSION,
        "libraries": versions,
        "pipeline": model.pipeline,
        "blind_classifier": model.blind_classifier,
        "passage_classifiers": model.passage_classifiers,
        "passage_window": model.passage_window,
        "thresholds": model.thresholds.copy(),
        "calibration": model.calibration.copy(),
    }
    if not _passages_agree(content, model.metadata):
        raise TriageModelError(
            "the model's metadata does not record the passage window it was trained with; "
            "an artifact saved without it could not be loaded"
        )
    buffer = io.BytesIO()
    sio.dump(content, buffer, compression=zipfile.ZIP_DEFLATED)
    data = buffer.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    metadata = {
        **dict(model.metadata),
        "format": ARTIFACT_FORMAT,
        "version": model.version,
        "artifact": ARTIFACT_NAME,
        "artifact_sha256": sha256,
        "libraries": versions,
        "labels": {group: list(labels) for group, labels in GROUPS.items()},
        "normaliser": NORMALISER_VERSION,
        "thresholds": model.threshold_map(),
        "calibration": {lb: list(ab) for lb, ab in model.calibration_map().items()},
    }
    artifact, meta_path = directory / ARTIFACT_NAME, directory / METADATA_NAME
    atomic_write(artifact, data)
    atomic_write(meta_path, json.dumps(metadata, indent=2, sort_keys=True).encode() + b"\n")
    return SavedModel(artifact=artifact, metadata=meta_path, sha256=sha256)


def read_metadata(directory: Path) -> dict[str, Any]:
    """Read a model's ``metadata.json`` (not verified: use :func:`load_model` to trust it)."""
    try:
        data = json.loads((directory / METADATA_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelIntegrityError(f"{directory}: no {METADATA_NAME}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelIntegrityError(f"{directory / METADATA_NAME}: not valid JSON") from None
    if not isinstance(data, dict):
        raise ModelIntegrityError(f"{directory / METADATA_NAME}: not a JSON object")
    return data


def _schema_types(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "__class__" in node and "__module__" in node:
            yield f"{node['__module__']}.{node['__class__']}"
        for value in node.values():
            yield from _schema_types(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_types(value)


def artifact_types(data: bytes) -> set[str]:
    """Return every type named in a skops artifact's schema, without constructing anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError):
        raise ModelIntegrityError("artifact is not a readable skops file") from None
    return set(_schema_types(schema))


def _check_versions(recorded: object, where: str) -> None:
    runtime = runtime_versions()
    if not isinstance(recorded, Mapping) or set(recorded) != set(runtime):
        raise ModelCompatibilityError(f"{where}: library versions are missing or malformed")
    differing = sorted(name for name in runtime if recorded[name] != runtime[name])
    if differing:
        details = ", ".join(f"{n} {recorded[n]} (runtime {runtime[n]})" for n in differing)
        raise ModelCompatibilityError(f"{where}: trained with other library versions: {details}")


def _same_floats(a: Any, b: Any) -> bool:
    return bool(np.array_equal(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)))


def load_model(directory: Path, *, expected_sha256: str | None = None) -> TriageModel:
    """Load and verify a saved model; refuse it on any mismatch.

    Args:
        directory: Directory written by :func:`save_model`.
        expected_sha256: The artifact hash pinned in settings, if any.

    Returns:
        The verified model.

    Raises:
        ModelCompatibilityError: Unknown format or other library versions.
        ModelIntegrityError: Hash mismatch, untrusted types or inconsistent content.
    """
    metadata = read_metadata(directory)
    if metadata.get("format") not in READABLE_FORMATS:
        raise ModelCompatibilityError(
            f"{directory}: unknown model format {metadata.get('format')!r}"
        )
    _check_versions(metadata.get("libraries"), str(directory / METADATA_NAME))
    try:
        data = (directory / ARTIFACT_NAME).read_bytes()
    except FileNotFoundError:
        raise ModelIntegrityError(f"{directory}: no {ARTIFACT_NAME}") from None
    actual = hashlib.sha256(data).hexdigest()
    for name, pinned in (
        ("metadata", metadata.get("artifact_sha256")),
        ("settings", expected_sha256),
    ):
        if pinned is None and name == "settings":
            continue
        if not isinstance(pinned, str) or not hmac.compare_digest(actual, pinned.lower()):
            raise ModelIntegrityError(f"{directory / ARTIFACT_NAME}: sha256 does not match {name}")
    untrusted = sorted(artifact_types(data) - TRUSTED_TYPES)
    if untrusted:
        raise ModelIntegrityError(f"artifact holds untrusted types: {', '.join(untrusted)}")
    try:
        content = sio.loads(data, trusted=sorted(TRUSTED_TYPES))
    except Exception as exc:  # noqa: BLE001 - any skops failure means the artifact is refused
        raise ModelIntegrityError(
            f"artifact could not be loaded safely ({type(exc).__name__})"
        ) from None
    return _model_from(content, metadata, directory)


def _passages_agree(content: Mapping[str, Any], metadata: Mapping[str, Any]) -> bool:
    """Format 1 has no passages; otherwise the window is the one training recorded."""
    if content.get("format") == 1:
        return "passage_classifiers" not in content and "passage_window" not in content
    if content.get("passage_classifiers") is None:
        return True
    config = metadata.get("training_config")
    return isinstance(config, dict) and config.get("passage_window") == content.get(
        "passage_window"
    )


def _model_from(content: Any, metadata: Mapping[str, Any], directory: Path) -> TriageModel:
    if not isinstance(content, dict):
        raise ModelIntegrityError(f"{directory}: artifact content is not a model")
    _check_versions(content.get("libraries"), f"{directory / ARTIFACT_NAME}")
    recorded = metadata.get("thresholds", {})
    checks = {
        "labels": content.get("labels") == list(ALL_LABELS),
        "version": content.get("version") == metadata.get("version"),
        "normaliser": content.get("normaliser") == NORMALISER_VERSION == metadata.get("normaliser"),
        "format": content.get("format") == metadata.get("format"),
        "passages": _passages_agree(content, metadata),
        "thresholds": isinstance(recorded, dict)
        and set(recorded) == set(ALL_LABELS)
        and _same_floats(content.get("thresholds"), [recorded[lb] for lb in ALL_LABELS]),
    }
    failed = sorted(name for name, ok in checks.items() if not ok)
    if failed:
        raise ModelIntegrityError(
            f"{directory}: artifact disagrees with metadata on {', '.join(failed)}"
        )
    calibration = np.asarray(content.get("calibration"), dtype=np.float64)
    if calibration.shape != (len(ALL_LABELS), 2):
        raise ModelIntegrityError(f"{directory}: calibration has the wrong shape")
    try:
        return TriageModel(
            content["pipeline"],
            dict(zip(ALL_LABELS, map(float, content["thresholds"]), strict=True)),
            str(content["version"]),
            metadata,
            calibration={
                lb: (float(a), float(b)) for lb, (a, b) in zip(ALL_LABELS, calibration, strict=True)
            },
            blind_classifier=content.get("blind_classifier"),
            passage_classifiers=content.get("passage_classifiers"),
            passage_window=content.get("passage_window", WINDOW),
        )
    except (TriageModelError, AttributeError, KeyError, ValueError, TypeError, IndexError) as exc:
        raise ModelIntegrityError(f"{directory}: artifact is not a valid triage model") from exc
