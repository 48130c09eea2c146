"""skops persistence: round trip, and every way a tampered or foreign model is refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skops.io as sio

from redaction.types import RedactedText
from tests.triage_models.corpus_fixture import CANARY, TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models.errors import ModelCompatibilityError, ModelIntegrityError, TriageModelError
from triage_models.model import TriageModel
from triage_models.persistence import (
    ARTIFACT_NAME,
    METADATA_NAME,
    TRUSTED_TYPES,
    artifact_types,
    load_model,
    runtime_versions,
    save_model,
)
from triage_models.training import TrainedModel, train

PROBE = [RedactedText("[Person A] shouts at me every day"), RedactedText("fix the printer")]


@pytest.fixture
def saved_dir(trained: TrainedModel, tmp_path: Path) -> Path:
    model = trained.model.with_version("m-test", trained.metadata())
    save_model(model, tmp_path)
    return tmp_path


def edit_metadata(directory: Path, **changes: Any) -> None:
    path = directory / METADATA_NAME
    meta = json.loads(path.read_text())
    meta.update(changes)
    path.write_text(json.dumps(meta))


def test_round_trip_preserves_predictions(trained: TrainedModel, saved_dir: Path) -> None:
    # When a saved model is loaded
    loaded = load_model(saved_dir)
    # Then it predicts exactly as before, with its version and metadata
    original = trained.model
    assert np.array_equal(loaded.probabilities(PROBE), original.probabilities(PROBE))
    assert loaded.threshold_map() == original.threshold_map()
    assert loaded.passage_classifiers is not None
    assert loaded.passage_window == original.passage_window
    assert loaded.version == "m-test"
    assert loaded.metadata["data_manifest_sha256"] == trained.data_manifest
    assert loaded.predict(PROBE[0]).suggested == original.predict(PROBE[0]).suggested


def test_metadata_records_versions_labels_hash_and_metrics(saved_dir: Path) -> None:
    meta = json.loads((saved_dir / METADATA_NAME).read_text())
    assert meta["libraries"] == runtime_versions()
    assert set(meta["libraries"]) == {"scikit-learn", "numpy", "scipy", "skops"}
    assert meta["labels"]["urgency"] == ["immediate_danger", "self_harm_risk"]
    assert len(meta["artifact_sha256"]) == 64 and len(meta["data_manifest_sha256"]) == 64
    assert "cross_validated" in meta["metrics"]


def test_untrusted_types_are_a_subset_of_trusted_types(saved_dir: Path) -> None:
    # Given a saved artifact
    artifact = saved_dir / ARTIFACT_NAME
    # Then skops' own audit and our schema walk find only types on our list
    assert set(sio.get_untrusted_types(file=artifact)) <= TRUSTED_TYPES
    assert artifact_types(artifact.read_bytes()) <= TRUSTED_TYPES


@pytest.mark.privacy
def test_canary_in_training_text_is_not_recoverable(saved_dir: Path) -> None:
    # Given a model trained on a corpus containing a canary token (fixture corpus)
    assert any(CANARY in e.text for e in fixture_examples())
    raw = (saved_dir / ARTIFACT_NAME).read_bytes()
    # Then neither the artifact bytes nor any decompressed member contain it
    assert CANARY.encode() not in raw
    with zipfile.ZipFile(saved_dir / ARTIFACT_NAME) as archive:
        for name in archive.namelist():
            assert CANARY.encode() not in archive.read(name)
    assert CANARY not in (saved_dir / METADATA_NAME).read_text()


def test_tampered_artifact_is_refused(saved_dir: Path) -> None:
    # Given one flipped byte in the artifact
    artifact = saved_dir / ARTIFACT_NAME
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0x01
    artifact.write_bytes(bytes(data))
    # Then loading is refused before anything is constructed
    with pytest.raises(ModelIntegrityError, match="sha256 does not match metadata"):
        load_model(saved_dir)


def test_pinned_hash_must_match(saved_dir: Path) -> None:
    meta = json.loads((saved_dir / METADATA_NAME).read_text())
    assert isinstance(load_model(saved_dir, expected_sha256=meta["artifact_sha256"]), TriageModel)
    with pytest.raises(ModelIntegrityError, match="sha256 does not match settings"):
        load_model(saved_dir, expected_sha256="0" * 64)


def test_library_version_mismatch_is_refused(saved_dir: Path) -> None:
    # Given metadata recording another scikit-learn version
    versions = {**runtime_versions(), "scikit-learn": "0.24.2"}
    edit_metadata(saved_dir, libraries=versions)
    # Then loading is refused, naming the library and both versions
    with pytest.raises(ModelCompatibilityError, match=r"scikit-learn 0\.24\.2 \(runtime"):
        load_model(saved_dir)


def test_unknown_format_is_refused(saved_dir: Path) -> None:
    edit_metadata(saved_dir, format=99)
    with pytest.raises(ModelCompatibilityError, match="unknown model format 99"):
        load_model(saved_dir)


def test_thresholds_edited_in_metadata_are_refused(saved_dir: Path) -> None:
    # Given metadata whose thresholds were lowered (the artifact is untouched)
    meta = json.loads((saved_dir / METADATA_NAME).read_text())
    edit_metadata(saved_dir, thresholds=dict.fromkeys(meta["thresholds"], 0.0))
    # Then the artifact's own thresholds disagree and loading is refused
    with pytest.raises(ModelIntegrityError, match="disagrees with metadata on thresholds"):
        load_model(saved_dir)


def test_artifact_with_an_untrusted_type_is_refused(saved_dir: Path) -> None:
    # Given an artifact holding a type outside the list, with matching metadata hash
    from sklearn.ensemble import RandomForestClassifier

    sio.dump({"format": 1, "pipeline": RandomForestClassifier()}, saved_dir / ARTIFACT_NAME)
    import hashlib

    edit_metadata(
        saved_dir,
        artifact_sha256=hashlib.sha256((saved_dir / ARTIFACT_NAME).read_bytes()).hexdigest(),
    )
    # Then the schema audit refuses it before skops constructs anything
    with pytest.raises(ModelIntegrityError, match="untrusted types: sklearn.ensemble"):
        load_model(saved_dir)


def test_missing_or_corrupt_files_are_refused(saved_dir: Path) -> None:
    (saved_dir / METADATA_NAME).write_text("{not json")
    with pytest.raises(ModelIntegrityError, match="not valid JSON"):
        load_model(saved_dir)
    (saved_dir / METADATA_NAME).unlink()
    with pytest.raises(ModelIntegrityError, match="no metadata.json"):
        load_model(saved_dir)
    with pytest.raises(ModelIntegrityError, match="not a readable skops file"):
        artifact_types(b"not a zip")


def test_fresh_training_round_trips_with_its_own_metadata(tmp_path: Path) -> None:
    trained = train(fixture_examples(), redact=FakeRedactor(), seed=1, config=TINY_CONFIG)
    saved = save_model(trained.model.with_version("m-a", trained.metadata()), tmp_path)
    assert load_model(tmp_path, expected_sha256=saved.sha256).version == "m-a"


def rewrite_artifact(directory: Path, *, drop: tuple[str, ...] = (), **changes: Any) -> None:
    """Rewrite the artifact with changed content and re-pin its hash (a consistent forgery)."""
    import hashlib

    path = directory / ARTIFACT_NAME
    content = sio.loads(path.read_bytes(), trusted=sorted(TRUSTED_TYPES))
    for key in drop:
        content.pop(key)
    content.update(changes)
    sio.dump(content, path)
    edit_metadata(
        directory,
        artifact_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        format=content["format"],
    )


def test_format_1_artifact_without_passages_still_loads(saved_dir: Path) -> None:
    # Given an artifact from before urgency passages (format 1, no passage entries)
    rewrite_artifact(saved_dir, drop=("passage_classifiers", "passage_window"), format=1)
    # Then it loads, and scores urgency from the whole report only
    loaded = load_model(saved_dir)
    assert loaded.passage_classifiers is None
    assert np.isfinite(loaded.probabilities(PROBE)).all()


def test_format_1_artifact_with_passages_is_refused(saved_dir: Path) -> None:
    rewrite_artifact(saved_dir, format=1)
    with pytest.raises(ModelIntegrityError, match="disagrees with metadata on passages"):
        load_model(saved_dir)


def test_passage_window_other_than_trained_is_refused(saved_dir: Path) -> None:
    # Given an artifact whose window differs from the one its thresholds were tuned with
    rewrite_artifact(saved_dir, passage_window=3)
    with pytest.raises(ModelIntegrityError, match="disagrees with metadata on passages"):
        load_model(saved_dir)


@pytest.mark.parametrize(
    "changes",
    [
        {"passage_classifiers": 5},
        {"passage_classifiers": [None]},
        {"passage_classifiers": ["not a classifier", None]},
    ],
)
def test_malformed_passage_classifiers_are_refused(
    saved_dir: Path, changes: dict[str, Any]
) -> None:
    rewrite_artifact(saved_dir, **changes)
    with pytest.raises(ModelIntegrityError, match="not a valid triage model"):
        load_model(saved_dir)


def test_a_model_without_its_training_record_is_not_saved(
    trained: TrainedModel, tmp_path: Path
) -> None:
    # Given a trained model with passages whose metadata lacks the training config
    assert trained.model.passage_classifiers is not None
    # When it is saved, Then it is refused before anything is written, because load_model
    # could not check its passage window and would refuse the artifact
    with pytest.raises(TriageModelError, match="passage window"):
        save_model(trained.model, tmp_path)
    assert list(tmp_path.iterdir()) == []
    # And with the record (as the registry saves it) it saves and loads
    save_model(trained.model.with_version("m-b", trained.metadata()), tmp_path)
    assert load_model(tmp_path).passage_window == trained.model.passage_window
