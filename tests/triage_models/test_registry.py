"""The registry: register, list, promote, roll back, load the promoted model."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from triage_models.errors import RegistryError
from triage_models.persistence import ARTIFACT_NAME
from triage_models.registry import CARD_NAME, VERSION_PATTERN, ModelRegistry
from triage_models.training import TrainedModel


class StepClock:
    """A clock that advances one minute per reading."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "models", clock=StepClock())


def test_register_writes_artifact_metadata_and_card(
    registry: ModelRegistry, trained: TrainedModel
) -> None:
    # When a trained model is registered
    version = registry.register(trained)
    # Then it gets a time-ordered version and a directory with the three files
    assert VERSION_PATTERN.fullmatch(version) and version.startswith("m-20250301-090100-")
    directory = registry.root / "versions" / version
    assert {p.name for p in directory.iterdir()} == {ARTIFACT_NAME, "metadata.json", CARD_NAME}
    card = (directory / CARD_NAME).read_text()
    assert "decision support" in card.lower() and trained.data_manifest in card
    assert "| bullying |" in card
    # And it says how urgency and secondary characteristics are decided
    assert "window of 2 sentences" in " ".join(card.split())
    assert "second characteristic" in card
    # And how microaggression's recall floor lowers its cut
    floor = "microaggression's cut is lowered where needed to reach out-of-fold recall >= 0.9"
    assert floor in " ".join(card.split())
    # And it is listed, not promoted
    [info] = registry.list()
    assert info.version == version and not info.promoted and info.n_examples == trained.n_examples
    assert set(info.macro_f1) == {"behaviours", "characteristics", "urgency"}
    assert registry.promoted_version() is None
    # And nothing is left in staging
    assert not [p for p in (registry.root / "versions").iterdir() if p.name.startswith(".")]


def test_promote_load_and_rollback(registry: ModelRegistry, trained: TrainedModel) -> None:
    # Given two registered versions
    first, second = registry.register(trained), registry.register(trained)
    # When the first then the second is promoted
    registry.promote(first)
    registry.promote(second)
    # Then the second is served, with its version in predictions
    assert registry.promoted_version() == second
    assert registry.load_promoted().version == second
    assert [i.promoted for i in registry.list()] == [False, True]
    # When rolled back, Then the first is served again
    assert registry.rollback() == first
    assert registry.load_promoted().version == first
    # And there is nothing earlier to roll back to
    with pytest.raises(RegistryError, match="no earlier promoted version"):
        registry.rollback()


def test_promoting_the_current_version_again_is_a_no_op(
    registry: ModelRegistry, trained: TrainedModel
) -> None:
    version = registry.register(trained)
    registry.promote(version)
    registry.promote(version)
    pointer = json.loads((registry.root / "promoted.json").read_text())
    assert pointer == {"current": version, "history": [version]}


def test_nothing_promoted(registry: ModelRegistry) -> None:
    with pytest.raises(RegistryError, match="no model has been promoted"):
        registry.load_promoted()


@pytest.mark.parametrize(
    "version", ["../../etc", "m-20250301-090100-zzzzzz", "m-20990101-000000-abcdef"]
)
def test_unknown_or_malformed_versions_are_refused(registry: ModelRegistry, version: str) -> None:
    with pytest.raises(RegistryError, match="model version"):
        registry.promote(version)


def test_a_tampered_version_cannot_be_promoted(
    registry: ModelRegistry, trained: TrainedModel
) -> None:
    # Given a registered version whose artifact was modified afterwards
    version = registry.register(trained)
    artifact = registry.root / "versions" / version / ARTIFACT_NAME
    artifact.write_bytes(artifact.read_bytes() + b"\0")
    # Then promotion is refused and the pointer is unchanged
    with pytest.raises(RegistryError, match="refusing to promote"):
        registry.promote(version)
    assert registry.promoted_version() is None


def test_malformed_pointer_is_an_error(registry: ModelRegistry) -> None:
    (registry.root / "promoted.json").write_text('{"history": ["../x"]}')
    with pytest.raises(RegistryError, match="malformed promotion history"):
        registry.promoted_version()
