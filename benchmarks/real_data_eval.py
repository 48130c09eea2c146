"""Real data, side by side: EDOS task A, and characteristic detection on SBIC and ETHOS.

Usage::

    .venv/bin/python benchmarks/real_data_eval.py [--datasets ../shared/datasets]
        [--corpus training_data/reports] [--limit N] [--skip-edos] [--skip-characteristics]

1. **EDOS task A** (sexist vs not sexist; Kirk et al., SemEval-2023 Task 10) on the official
   split: our default features and classifier (``TrainingConfig()``: hashed word 1-2-grams and
   ``char_wb`` 3-4-grams, sublinear TF-IDF, ``LinearSVC``) are trained on ``train``, the
   decision threshold is tuned for macro-F1 on ``dev``, and it is scored once on ``test``.
   Printed beside the published best (0.8746) and a plain TF-IDF + LogisticRegression
   reference trained in the same run (word 1-2 + char 2-5, C=4, balanced, default threshold:
   the PROVENANCE.md setup, 0.7707 there).
2. **Characteristics on real text**: the model trained on our corpus (stand-in redaction) is run
   on SBIC (dev+test, posts rated offensive) and ETHOS (multi-label hateful comments), whose
   target-group annotations are mapped onto our characteristics. Printed: per-characteristic
   precision, recall, F1 and support, and macro-F1 over the characteristics each set annotates.

The datasets are read at run time from ``../shared/datasets`` and never copied into the project.
A script, not a test; ``tests/benchmarks`` runs small versions when the datasets are present.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from redaction.types import RedactedText
from triage_models.features import build_feature_union, hash_many, normalise
from triage_models.labels import ALL_LABELS, CHARACTERISTICS, MISCONDUCT
from triage_models.model import TriageModel
from triage_models.training import TrainingConfig, train

DEFAULT_DATASETS: Final = Path(__file__).resolve().parents[2] / "shared" / "datasets"
EDOS_PUBLISHED_BEST: Final = 0.8746
"""Task A macro-F1 of the top system (leaderboard_task_A.csv)."""
STEADY_SUPPORT: Final = 10
"""Labels with fewer texts than this are left out of the steadier macro-F1."""

csv.field_size_limit(10_000_000)
FloatArray = npt.NDArray[np.float64]


# --- EDOS ---------------------------------------------------------------------------------


def load_edos(root: Path) -> dict[str, tuple[list[str], npt.NDArray[np.int64]]]:
    """Return split name to (texts, 1 if sexist) from the aggregated EDOS file."""
    splits: dict[str, tuple[list[str], list[int]]] = {}
    path = root / "edos" / "data" / "edos_labelled_aggregated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts, labels = splits.setdefault(row["split"], ([], []))
            texts.append(row["text"])
            labels.append(int(row["label_sexist"] == "sexist"))
    return {name: (t, np.asarray(y, dtype=np.int64)) for name, (t, y) in splits.items()}


def _head(
    data: tuple[list[str], npt.NDArray[np.int64]], limit: int | None
) -> tuple[list[str], npt.NDArray[np.int64]]:
    texts, labels = data
    return (texts[:limit], labels[:limit]) if limit else (texts, labels)


def _macro_f1(truth: npt.NDArray[np.int64], predicted: npt.NDArray[np.int64]) -> float:
    return float(f1_score(truth, predicted, average="macro"))


def ours_edos(
    train: tuple[list[str], npt.NDArray[np.int64]],
    dev: tuple[list[str], npt.NDArray[np.int64]],
    test: tuple[list[str], npt.NDArray[np.int64]],
    *,
    config: TrainingConfig | None = None,
) -> dict[str, float]:
    """Our pipeline on EDOS: fit on train, tune the threshold on dev, score test once.

    Features and classifier are exactly the triage defaults (:class:`TrainingConfig`), not
    tuned for EDOS; only the decision threshold is chosen, on dev.
    """
    config = config or TrainingConfig()
    union = build_feature_union(
        word_bits=config.word_bits, char_bits=config.char_bits, char_ngrams=config.char_ngrams
    )
    hashers = [block.named_steps["hash"] for _, block in union.transformer_list]
    tfidfs = [block.named_steps["tfidf"] for _, block in union.transformer_list]

    def hashed(texts: Sequence[str]) -> list[Any]:
        normalised = [normalise(t) for t in texts]
        return [hash_many(h, normalised) for h in hashers]

    train_blocks = hashed(train[0])
    x_train = sp.hstack([t.fit_transform(b) for t, b in zip(tfidfs, train_blocks, strict=True)])
    classifier = config.base_classifier(seed=0).fit(x_train.tocsr(), train[1])

    def scores(texts: Sequence[str]) -> FloatArray:
        x = sp.hstack([t.transform(b) for t, b in zip(tfidfs, hashed(texts), strict=True)])
        return np.asarray(classifier.decision_function(x.tocsr()), dtype=np.float64)

    dev_scores = scores(dev[0])
    candidates = np.quantile(dev_scores, np.linspace(0.3, 0.95, 131))
    best = max(candidates, key=lambda t: _macro_f1(dev[1], (dev_scores >= t).astype(np.int64)))
    test_scores = scores(test[0])
    return {
        "threshold": float(best),
        "dev_macro_f1": _macro_f1(dev[1], (dev_scores >= best).astype(np.int64)),
        "test_macro_f1": _macro_f1(test[1], (test_scores >= best).astype(np.int64)),
        "test_macro_f1_at_zero": _macro_f1(test[1], (test_scores >= 0.0).astype(np.int64)),
    }


def reference_edos(
    train: tuple[list[str], npt.NDArray[np.int64]], test: tuple[list[str], npt.NDArray[np.int64]]
) -> float:
    """Plain TF-IDF (word 1-2 + char 2-5) + LogisticRegression(C=4, balanced) test macro-F1."""
    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
        ]
    )
    x_train = features.fit_transform(train[0])
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(x_train, train[1])
    predicted = model.predict(features.transform(test[0]))
    return _macro_f1(test[1], np.asarray(predicted, dtype=np.int64))


def edos_side_by_side(root: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Run ours and the reference on the official EDOS split (``limit`` rows per split)."""
    data = load_edos(root)
    train, dev, test = (_head(data[s], limit) for s in ("train", "dev", "test"))
    started = time.perf_counter()
    ours = ours_edos(train, dev, test)
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    reference = reference_edos(train, test)
    return {
        "n": {"train": len(train[0]), "dev": len(dev[0]), "test": len(test[0])},
        "ours": ours,
        "ours_seconds": ours_seconds,
        "reference_macro_f1": reference,
        "reference_seconds": time.perf_counter() - started,
        "published_best": EDOS_PUBLISHED_BEST,
    }


# --- SBIC and ETHOS target groups onto our characteristics ---------------------------------


@dataclass(frozen=True)
class Item:
    """A real text and the characteristics its annotators say it targets."""

    text: str
    characteristics: frozenset[str]


_SBIC_PREFIXES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    # Checked in order, on word prefixes: "gay men" and "trans women" are not sex_gender.
    ("sexual_orientation", ("gay", "lesbian", "bisexual", "homosexual", "lgbt", "queer")),
    ("gender_identity", ("trans", "non-binary", "nonbinary")),
    (
        "religion_belief",
        (
            "jew",
            "muslim",
            "islam",
            "christian",
            "catholic",
            "mormon",
            "hindu",
            "sikh",
            "atheist",
            "religio",
            "priest",
        ),
    ),
)
_SEX_WORDS: Final = frozenset(
    {
        "women",
        "men",
        "woman",
        "man",
        "feminists",
        "feminist",
        "girls",
        "females",
        "female",
        "males",
        "male",
        "wives",
        "mothers",
    }
)
SBIC_SCORED: Final = tuple(
    c for c in CHARACTERISTICS if c not in ("age", "pregnancy_maternity")
)  # SBIC annotates no age or pregnancy targets we can map
ETHOS_MAP: Final = {
    "gender": "sex_gender",
    "race": "race",
    "national_origin": "race",
    "disability": "disability",
    "religion": "religion_belief",
    "sexual_orientation": "sexual_orientation",
}
ETHOS_SCORED: Final = ("race", "religion_belief", "sex_gender", "sexual_orientation", "disability")


def _sbic_characteristics(minorities: list[str], categories: list[str]) -> frozenset[str]:
    found: set[str] = set()
    if "race" in categories:
        found.add("race")
    if "disabled" in categories:
        found.add("disability")
    for minority in minorities:
        for part in minority.lower().split(","):
            words = re.findall(r"[a-z-]+", part)
            label = next(
                (
                    name
                    for name, prefixes in _SBIC_PREFIXES
                    if any(w.startswith(p) for w in words for p in prefixes)
                ),
                "sex_gender" if _SEX_WORDS.intersection(words) else None,
            )
            if label:
                found.add(label)
    return frozenset(found)


def load_sbic(root: Path, *, limit: int | None = None, source: str | None = None) -> list[Item]:
    """SBIC dev+test posts rated offensive (>= 0.5), with mapped target characteristics.

    ``source`` keeps one ``dataSource`` only (e.g. ``redditMicroagressions``, SBIC's spelling).
    """
    items: list[Item] = []
    for name in ("SBIC.v2.agg.dev.csv", "SBIC.v2.agg.tst.csv"):
        with (root / "sbic" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if source is not None and row["dataSource"] != source:
                    continue
                if float(row["offensiveYN"] or 0.0) < 0.5:
                    continue
                found = _sbic_characteristics(
                    json.loads(row["targetMinority"]), json.loads(row["targetCategory"])
                )
                items.append(Item(" ".join(row["post"].split()), found))
    return items[:limit] if limit else items


def load_sbic_microaggressions(root: Path, *, limit: int | None = None) -> list[Item]:
    """SBIC r/microaggressions posts rated offensive (>= 0.5): accounts written by the public.

    The nearest public stand-in for the held-back set of real microaggression accounts: each is
    expected to draw ``microaggression``, and its mapped target characteristics.
    """
    return load_sbic(root, limit=limit, source="redditMicroagressions")


def microaggression_rate(model: TriageModel, items: Sequence[Item]) -> dict[str, float]:
    """Share of texts given ``microaggression``, and share given any misconduct behaviour."""
    probabilities = model.probabilities([RedactedText(i.text) for i in items])
    mask = model.suggestion_matrix(probabilities)
    micro = mask[:, ALL_LABELS.index("microaggression")]
    misconduct = mask[:, [ALL_LABELS.index(b) for b in MISCONDUCT]].any(axis=1)
    return {
        "n": float(len(items)),
        "microaggression": float(micro.mean()) if items else 0.0,
        "any_misconduct": float(misconduct.mean()) if items else 0.0,
    }


def load_ethos(root: Path, *, limit: int | None = None) -> list[Item]:
    """ETHOS multi-label hateful comments with target groups at annotator share >= 0.5."""
    items: list[Item] = []
    path = root / "ethos" / "Ethos_Dataset_Multi_Label.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            found = frozenset(ours for col, ours in ETHOS_MAP.items() if float(row[col]) >= 0.5)
            items.append(Item(" ".join(row["comment"].split()), found))
    return items[:limit] if limit else items


def characteristic_detection(
    model: TriageModel, items: Sequence[Item], scored: Sequence[str]
) -> dict[str, Any]:
    """Score the model's characteristic suggestions against mapped annotations.

    ``suggested`` applies the model's full rules (a ``none`` suggestion drops characteristics);
    ``thresholded`` counts a characteristic whenever its probability reaches its threshold.
    """
    texts = [RedactedText(i.text) for i in items]
    probabilities = model.probabilities(texts)
    views = {
        "suggested": model.suggestion_matrix(probabilities),
        "thresholded": probabilities >= model.thresholds[np.newaxis, :],
    }
    result: dict[str, Any] = {"n": len(items)}
    for view, mask in views.items():
        per: dict[str, dict[str, float]] = {}
        for label in scored:
            truth = np.array([label in i.characteristics for i in items])
            predicted = mask[:, ALL_LABELS.index(label)]
            tp = int((truth & predicted).sum())
            fp, fn = int((~truth & predicted).sum()), int((truth & ~predicted).sum())
            per[label] = {
                "precision": tp / (tp + fp) if tp + fp else 0.0,
                "recall": tp / (tp + fn) if tp + fn else 0.0,
                "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
                "support": int(truth.sum()),
            }
        result[view] = {
            "labels": per,
            "macro_f1": float(np.mean([v["f1"] for v in per.values() if v["support"]])),
            # Labels with a handful of texts swing the macro-F1 by a few points per text
            # (SBIC r/microaggressions has 4 gender_identity posts); this one does not.
            "steady_macro_f1": float(
                np.mean([v["f1"] for v in per.values() if v["support"] >= STEADY_SUPPORT] or [0])
            ),
        }
    return result


def corpus_model(corpus: Path) -> TriageModel:
    """Train the default pipeline on our corpus (benchmark stand-in redaction)."""
    from triage_bench import stand_in_redact

    from triage_models.corpus import load_corpus

    return train(load_corpus(corpus), redact=stand_in_redact, seed=0).model


def _print_characteristics(name: str, result: dict[str, Any]) -> None:
    print(f"\n{name}: {result['n']} texts")
    for view in ("suggested", "thresholded"):
        print(
            f"  {view}: macro-F1 {result[view]['macro_f1']:.3f} (labels with at least "
            f"{STEADY_SUPPORT} texts: {result[view]['steady_macro_f1']:.3f})"
        )
        for label, m in result[view]["labels"].items():
            print(
                f"    {label:20s} P {m['precision']:.3f} R {m['recall']:.3f} "
                f"F1 {m['f1']:.3f} support {m['support']}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--corpus", type=Path, default=Path("training_data/reports"))
    parser.add_argument("--limit", type=int, default=None, help="rows per split / dataset")
    parser.add_argument("--skip-edos", action="store_true")
    parser.add_argument("--skip-characteristics", action="store_true")
    args = parser.parse_args()
    if not args.datasets.is_dir():
        print(f"{args.datasets}: not found; nothing to evaluate")
        return 0
    if not args.skip_edos:
        r = edos_side_by_side(args.datasets, limit=args.limit)
        print(f"EDOS task A, official split {r['n']}: macro-F1 on test")
        print(f"  published best (leaderboard)          {r['published_best']:.4f}")
        print(
            f"  ours (triage defaults, LinearSVC)      {r['ours']['test_macro_f1']:.4f}"
            f"  (threshold tuned on dev: dev {r['ours']['dev_macro_f1']:.4f}; at 0: "
            f"{r['ours']['test_macro_f1_at_zero']:.4f}; {r['ours_seconds']:.0f} s)"
        )
        print(
            f"  reference TF-IDF + LogisticRegression  {r['reference_macro_f1']:.4f}"
            f"  ({r['reference_seconds']:.0f} s)"
        )
    if not args.skip_characteristics:
        model = corpus_model(args.corpus)
        _print_characteristics(
            "SBIC dev+test, offensive posts",
            characteristic_detection(
                model, load_sbic(args.datasets, limit=args.limit), SBIC_SCORED
            ),
        )
        micro = load_sbic_microaggressions(args.datasets, limit=args.limit)
        _print_characteristics(
            "SBIC r/microaggressions, offensive posts",
            characteristic_detection(model, micro, SBIC_SCORED),
        )
        rate = microaggression_rate(model, micro)
        print(
            f"  microaggression suggested for {rate['microaggression']:.1%} "
            f"(any misconduct {rate['any_misconduct']:.1%}); goal >= 70 %"
        )
        _print_characteristics(
            "ETHOS multi-label hateful comments",
            characteristic_detection(
                model, load_ethos(args.datasets, limit=args.limit), ETHOS_SCORED
            ),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
