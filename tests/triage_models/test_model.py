"""Predictions obey the CLI contract; the fast path equals the stock pipeline."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from redaction.types import RedactedText
from triage_models.decision import SECONDARY_CHARACTERISTIC_RATIO
from triage_models.errors import TriageModelError
from triage_models.features import normalise
from triage_models.identity import mark_identity, mask_identity
from triage_models.labels import ALL_LABELS, CHARACTERISTICS, GROUPS, MISCONDUCT, URGENCY
from triage_models.model import BLIND_MASK, TriageModel
from triage_models.passages import passages
from triage_models.training import TrainedModel

CHARACTERISTIC_COLS = [ALL_LABELS.index(c) for c in CHARACTERISTICS]

REPORTS = [
    RedactedText("[Person A] screams at me in every meeting and calls my work useless"),
    RedactedText("could the canteen please fix the printer and the car park barrier"),
    RedactedText("[Person B] said he is waiting outside tonight with a knife, email [EMAIL]"),
    RedactedText(""),
    RedactedText("My Muslim colleague and a gay student were called names by [Person C]"),
    RedactedText(
        "[Person D] kept messaging me all term. It got worse after I complained. Tonight he "
        "said he would be waiting at the gate. I am scared to leave the building."
    ),
    RedactedText(
        "I am a gay Muslim nurse on nights. My manager mocks my accent. Yesterday he said "
        "'watch yourself tonight'. I have started to think everyone would be better off."
    ),
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


def _stock_scores(classifier: Any, features: Any) -> tuple[Any, Any]:
    stock = np.column_stack([est.decision_function(features) for est in classifier.estimators_])
    constant = np.array([not hasattr(e, "coef_") for e in classifier.estimators_])
    return stock, constant


def test_fast_path_equals_stock_pipeline(trained: TrainedModel) -> None:
    # Given the persisted stock pipeline and identity-blind classifier
    model = trained.model
    union = model.pipeline.named_steps["features"]
    full = union.transform([mark_identity(normalise(t)) for t in REPORTS])
    blind = union.transform([mask_identity(normalise(t)) for t in REPORTS])
    assert model.blind_classifier is not None
    stock_full, constant_full = _stock_scores(model.pipeline.named_steps["classifier"], full)
    stock_blind, constant_blind = _stock_scores(model.blind_classifier, blind)
    # Then characteristics come from the full text, behaviours and urgency from the blind view
    stock = np.where(BLIND_MASK, stock_blind, stock_full)
    constant = np.where(BLIND_MASK, constant_blind, constant_full)
    # And each urgency label adds its best passage's score, passages cut from the blind view
    assert model.passage_classifiers is not None
    assert any(len(passages(mask_identity(normalise(t)))) > 1 for t in REPORTS)
    # (one of them names identities, so marked and blind passages differ)
    assert any(
        mask_identity(normalise(t)) != mark_identity(normalise(t))
        and len(passages(mask_identity(normalise(t)))) > 1
        for t in REPORTS
    )
    for report, scores in zip(REPORTS, stock, strict=True):
        windows = union.transform(passages(mask_identity(normalise(report))))
        for label, classifier in zip(URGENCY, model.passage_classifiers, strict=True):
            if classifier is not None:
                scores[ALL_LABELS.index(label)] += classifier.decision_function(windows).max()
    # When scored by the fast path
    fast = model.decision_scores(REPORTS)
    # Then the linear labels agree exactly; single-class labels are pinned far from the boundary
    live = ~constant
    assert live[CHARACTERISTIC_COLS].any() and live[BLIND_MASK].any()
    assert np.allclose(fast[:, live], stock[:, live], atol=1e-10)
    assert np.all(np.abs(fast[:, ~live]) >= 30.0)


def test_behaviours_cannot_tell_identities_apart(trained: TrainedModel) -> None:
    # Given the same sentence naming different identities
    texts = [
        RedactedText(f"[Person A] said the {term} staff in our team are a problem")
        for term in ("gay", "Muslim", "Black", "disabled", "older", "pregnant", "trans", "male")
    ]
    # When scored
    scores = trained.model.decision_scores(texts)
    # Then every behaviour and urgency score is identical, while characteristics differ
    assert np.allclose(scores[:, BLIND_MASK], scores[0, BLIND_MASK])
    assert not np.allclose(scores[:, CHARACTERISTIC_COLS], scores[0, CHARACTERISTIC_COLS])


def _with_thresholds(trained: TrainedModel, thresholds: dict[str, float]) -> TriageModel:
    return TriageModel(
        trained.model.pipeline,
        thresholds,
        "v-test",
        calibration=trained.model.calibration_map(),
        blind_classifier=trained.model.blind_classifier,
        passage_classifiers=trained.model.passage_classifiers,
    )


def test_behaviour_evidence_never_names_an_identity(trained: TrainedModel) -> None:
    # Given every label suggested for a report naming two identities
    prediction = _with_thresholds(trained, dict.fromkeys(ALL_LABELS, 0.0)).predict(REPORTS[-1])
    behaviour_terms = [
        e.term.lower()
        for label, evidence in prediction.explanations.items()
        if label not in CHARACTERISTICS
        for e in evidence
    ]
    # Then behaviours have evidence, and none of it is an identity term
    assert behaviour_terms
    assert not {"muslim", "gay"} & {w for t in behaviour_terms for w in t.split()}


def test_none_stands_alone_in_suggestions(trained: TrainedModel) -> None:
    # Given thresholds that pass none and urgency, but no misconduct behaviour and no
    # characteristic (a characteristic above threshold and above none would override none)
    thresholds = {
        lb: 1.0 if lb in MISCONDUCT or lb in CHARACTERISTICS else 0.0 for lb in ALL_LABELS
    }
    model = _with_thresholds(trained, thresholds)
    # When a report is classified
    prediction = model.predict(REPORTS[0])
    # Then none is suggested alone, without characteristics; urgency is still suggested
    assert prediction.suggested["behaviours"] == ["none"]
    assert prediction.suggested["characteristics"] == []
    assert sorted(prediction.suggested["urgency"]) == ["immediate_danger", "self_harm_risk"]
    assert prediction.model == "v-test"


def test_all_thresholds_zero_suggests_misconduct_not_none(trained: TrainedModel) -> None:
    prediction = _with_thresholds(trained, dict.fromkeys(ALL_LABELS, 0.0)).predict(REPORTS[1])
    assert "none" not in prediction.suggested["behaviours"]
    assert len(prediction.suggested["behaviours"]) == len(MISCONDUCT)
    # And every characteristic at least half as probable as the most probable one
    top = max(prediction.characteristics.values())
    assert set(prediction.suggested["characteristics"]) == {
        lb
        for lb, p in prediction.characteristics.items()
        if p >= SECONDARY_CHARACTERISTIC_RATIO * top
    }
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


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        *(({"passage_window": w}, "passage window") for w in (None, 2.9, 0, 99, True)),
        ({"passage_classifiers": [None]}, "one per urgency label"),
    ],
)
def test_passage_settings_are_validated(
    trained: TrainedModel, settings: dict[str, Any], message: str
) -> None:
    model = trained.model
    given = {"passage_classifiers": model.passage_classifiers, **settings}
    with pytest.raises(TriageModelError, match=message):
        TriageModel(
            model.pipeline,
            model.threshold_map(),
            "v",
            blind_classifier=model.blind_classifier,
            **given,
        )


def test_urgency_evidence_includes_the_best_passage(trained: TrainedModel) -> None:
    # Given every urgency label suggested for a long report whose danger is in one sentence
    model = _with_thresholds(trained, dict.fromkeys(ALL_LABELS, 0.0))
    report = REPORTS[-2]
    prediction = model.predict(report)
    # Then urgency evidence is drawn from the report's words, and from its best passage too
    words = {w.strip(".,'") for w in normalise(report).replace("zzphperson", "[PERSON]").split()}
    for label in ("immediate_danger", "self_harm_risk"):
        evidence = prediction.explanations[label]
        assert evidence and all(set(e.term.split()) <= words for e in evidence)
    # And the passage changed it: without passage classifiers the evidence differs
    document_only = TriageModel(
        model.pipeline,
        model.threshold_map(),
        "v",
        calibration=model.calibration_map(),
        blind_classifier=model.blind_classifier,
    ).predict(report)
    assert document_only.explanations["self_harm_risk"] != prediction.explanations["self_harm_risk"]
