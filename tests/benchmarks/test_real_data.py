"""Small versions of the real-data evaluation; they skip cleanly without ``../shared``.

The datasets are read in place from ``../shared/datasets`` (never copied into the project).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.triage_models.corpus_fixture import TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models.training import train

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO.parent / "shared" / "datasets"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/datasets is not present"),
]


@pytest.fixture(scope="module")
def real_data() -> ModuleType:
    # Loaded by path: benchmarks/ is a folder of scripts, not a package.
    spec = importlib.util.spec_from_file_location(
        "real_data_eval", REPO / "benchmarks" / "real_data_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_edos_official_split_is_read(real_data: ModuleType) -> None:
    # When the aggregated EDOS file is read
    splits = real_data.load_edos(DATASETS)
    # Then the official split sizes and the sexist counts of PROVENANCE.md come back
    assert {name: len(texts) for name, (texts, _) in splits.items()} == {
        "train": 14000,
        "dev": 2000,
        "test": 4000,
    }
    assert int(splits["train"][1].sum()) == 3398 and int(splits["test"][1].sum()) == 970


def test_small_edos_side_by_side(real_data: ModuleType) -> None:
    # When ours and the reference train on a slice of each official split
    result = real_data.edos_side_by_side(DATASETS, limit=1500)
    # Then both learn something, and the published best is carried for comparison
    assert result["n"] == {"train": 1500, "dev": 1500, "test": 1500}
    assert 0.55 < result["ours"]["test_macro_f1"] <= 1.0
    assert 0.5 < result["reference_macro_f1"] <= 1.0
    assert result["published_best"] == pytest.approx(0.8746)


def test_target_groups_map_onto_characteristics(real_data: ModuleType) -> None:
    # Given SBIC annotations
    mapping = real_data._sbic_characteristics
    # Then orientation and gender identity are not confused with sex
    assert mapping(["gay men"], ["gender"]) == {"sexual_orientation"}
    assert mapping(["trans women, trans men"], ["gender"]) == {"gender_identity"}
    assert mapping(["women"], ["gender"]) == {"sex_gender"}
    assert mapping(["muslim folks"], ["culture"]) == {"religion_belief"}
    assert mapping(["black folks"], ["race"]) == {"race"}
    assert mapping(["folks with mental illness/disorder"], ["disabled"]) == {"disability"}
    # And both datasets load with characteristics from the contract
    sbic = real_data.load_sbic(DATASETS, limit=300)
    ethos = real_data.load_ethos(DATASETS)
    assert len(sbic) == 300 and len(ethos) == 433
    assert any(item.characteristics for item in ethos)


def test_characteristic_detection_scores_a_model(real_data: ModuleType) -> None:
    # Given a small model trained on the fixture corpus
    model = train(fixture_examples(), redact=FakeRedactor(), config=TINY_CONFIG).model
    items = real_data.load_ethos(DATASETS, limit=120)
    # When its characteristic suggestions are scored against ETHOS annotations
    result = real_data.characteristic_detection(model, items, real_data.ETHOS_SCORED)
    # Then every scored characteristic has figures in [0, 1]
    assert result["n"] == 120
    for view in ("suggested", "thresholded"):
        for figures in result[view]["labels"].values():
            assert 0.0 <= figures["f1"] <= 1.0
        # And the steadier macro-F1 averages exactly the labels with ten or more texts
        assert real_data.STEADY_SUPPORT == 10
        steady = [f["f1"] for f in result[view]["labels"].values() if f["support"] >= 10]
        assert steady and result[view]["steady_macro_f1"] == pytest.approx(np.mean(steady))


def test_sbic_microaggressions_load(real_data: ModuleType) -> None:
    items = real_data.load_sbic_microaggressions(DATASETS)
    # r/microaggressions posts rated offensive, from dev and test
    assert len(items) == 244
    assert sum(1 for i in items if "race" in i.characteristics) > 50


@pytest.fixture(scope="module")
def corpus_model(real_data: ModuleType) -> object:
    # The default pipeline trained on our whole corpus (benchmark stand-in redaction)
    return real_data.corpus_model(REPO / "training_data" / "reports")


def test_real_microaggression_accounts_floor(real_data: ModuleType, corpus_model: object) -> None:
    # Given real first-person microaggression accounts written by the public
    items = real_data.load_sbic_microaggressions(DATASETS)
    # When the default model suggests labels
    rate = real_data.microaggression_rate(corpus_model, items)
    scored = real_data.characteristic_detection(corpus_model, items, real_data.SBIC_SCORED)
    # Then it stays at or above the figures recorded on the issue, less a margin (regression
    # guard; measured 0.779, 0.701 and 0.805 over the labels with ten or more posts, with
    # batches a to zzb; the full macro-F1 moves by 0.03 per gender_identity post, of 4)
    assert rate["microaggression"] >= 0.70
    assert scored["suggested"]["macro_f1"] >= 0.64
    assert scored["suggested"]["steady_macro_f1"] >= 0.75
    assert scored["suggested"]["labels"]["race"]["f1"] >= 0.72


def test_real_hateful_comments_floor(real_data: ModuleType, corpus_model: object) -> None:
    scored = real_data.characteristic_detection(
        corpus_model, real_data.load_ethos(DATASETS), real_data.ETHOS_SCORED
    )
    # Measured 0.679 suggested, 0.738 thresholded with batches a to zzb
    assert scored["suggested"]["macro_f1"] >= 0.60
    assert scored["thresholded"]["macro_f1"] >= 0.65
