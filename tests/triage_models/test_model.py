"""Predictions obey the CLI contract; the fast path equals the stock pipeline."""

from __future__ import annotations

import json

import numpy as np

from redaction.types import RedactedText
from triage_models.features import normalise
from triage_models.labels import ALL_LABELS, CHARACTERISTICS, GROUPS, MISCONDUCT
from triage_models.model import TriageModel
from triage_models.training import TrainedModel

REPORTS = [
    RedactedText("[Person A] screams at me in every meeting and calls my work useless"),
    RedactedText("could the canteen please fix the printer and the car park barrier"),
    RedactedText("[Person B] said he is waiting outside tonight with a knife, email [EMAIL]"),
    RedactedText(""),
]


def test_prediction_contract(trained: TrainedModel) -> None:
    for report in REPORTS:
        # When a report is classified
        prediction = trained.model.predict(report)
        payload = prediction.to_json()
        # Then every contract label appears with a probability in [0, 1]
        for group, labels in GROUPS.items():
            assert list(payload[group]) == list(labels)
            assert all(0.0 <= p <= 1.0 for p in payload[group].values())
        # And suggestions are exactly the labels at or above threshold, after the none rules
        suggested = {lb for labels in prediction.suggested.values() for lb in labels}
        thresholds = trained.model.threshold_map()
        probs = {lb: p for group in GROUPS for lb, p in payload[group].items()}
        assert suggested <= {lb for lb in ALL_LABELS if probs[lb] >= thresholds[lb]}
        assert set(prediction.suggested) == set(GROUPS)
        # And every suggested label has evidence entries only from this report
        assert set(prediction.explanations) <= suggested
        assert payload["model"] == "unregistered"
        json.dumps(payload)  # JSON-serialisable as the CLI writes it


def test_explanations_come_from_the_report_itself(trained: TrainedModel) -> None:
    # Given a report that the model suggests labels for
    report = REPORTS[0]
    prediction = trained.model.predict(report)
    assert prediction.explanations
    words = set(normalise(report).replace("zzphperson", "[PERSON]").split())
    for evidence in prediction.explanations.values():
        # Then each evidence term is a word or bigram of this report, with a positive weight
        for item in evidence:
            assert item.weight > 0
            assert set(item.term.split()) <= words
        assert len(evidence) <= trained.model.explain_top


def test_fast_path_equals_stock_pipeline(trained: TrainedModel) -> None:
    # Given the persisted stock pipeline
    model = trained.model
    features = model.pipeline.named_steps["features"].transform([normalise(t) for t in REPORTS])
    stock = np.column_stack(
        [
            est.decision_function(features)
            for est in model.pipeline.named_steps["classifier"].estimators_
        ]
    )
    constant = [
        not hasattr(e, "coef_") for e in model.pipeline.named_steps["classifier"].estimators_
    ]
    # When scored by the fast path
    fast = model.decision_scores(REPORTS)
    # Then the linear labels agree exactly; single-class labels are pinned far from the boundary
    live = ~np.array(constant)
    assert np.allclose(fast[:, live], stock[:, live], atol=1e-10)
    assert np.all(np.abs(fast[:, ~live]) >= 30.0)


def test_none_stands_alone_in_suggestions(trained: TrainedModel) -> None:
    # Given thresholds that pass none and every characteristic but no misconduct behaviour
    thresholds = {lb: 1.0 if lb in MISCONDUCT else 0.0 for lb in ALL_LABELS}
    model = TriageModel(
        trained.model.pipeline, thresholds, "v-test", calibration=trained.model.calibration_map()
    )
    # When a report is classified
    prediction = model.predict(REPORTS[0])
    # Then none is suggested alone, without characteristics; urgency is still suggested
    assert prediction.suggested["behaviours"] == ["none"]
    assert prediction.suggested["characteristics"] == []
    assert sorted(prediction.suggested["urgency"]) == ["immediate_danger", "self_harm_risk"]
    assert prediction.model == "v-test"


def test_all_thresholds_zero_suggests_misconduct_not_none(trained: TrainedModel) -> None:
    model = TriageModel(trained.model.pipeline, dict.fromkeys(ALL_LABELS, 0.0), "v-test")
    prediction = model.predict(REPORTS[1])
    assert "none" not in prediction.suggested["behaviours"]
    assert len(prediction.suggested["behaviours"]) == len(MISCONDUCT)
    assert prediction.suggested["characteristics"] and len(
        prediction.suggested["characteristics"]
    ) == len(CHARACTERISTICS)
    # And suggestions are ordered most probable first
    probs = prediction.behaviours
    ordered = prediction.suggested["behaviours"]
    assert [probs[lb] for lb in ordered] == sorted((probs[lb] for lb in ordered), reverse=True)


def test_predict_many_keeps_order(trained: TrainedModel) -> None:
    batch = trained.model.predict_many(REPORTS, explain=False)
    assert [p.behaviours for p in batch] == [trained.model.predict(r).behaviours for r in REPORTS]
    assert all(p.explanations == {} for p in batch)


def test_with_version_keeps_the_fitted_model(trained: TrainedModel) -> None:
    renamed = trained.model.with_version("m-x")
    assert renamed.version == "m-x"
    assert np.array_equal(renamed.probabilities(REPORTS), trained.model.probabilities(REPORTS))


def test_only_stock_sklearn_components_are_persisted(trained: TrainedModel) -> None:
    # Rule 9: no custom estimator exists to contract-check; every component is stock.
    def walk(obj: object) -> list[str]:
        found = [type(obj).__module__]
        for _, step in getattr(obj, "steps", []) + getattr(obj, "transformer_list", []):
            found += walk(step)
        for est in getattr(obj, "estimators_", []):
            found += walk(est)
        return found

    assert all(module.startswith("sklearn.") for module in walk(trained.model.pipeline))
