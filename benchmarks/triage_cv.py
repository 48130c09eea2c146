"""Quality of the default triage pipeline on our corpus: random folds, unseen writers, held out.

Usage::

    .venv/bin/python benchmarks/triage_cv.py [--corpus training_data/reports]
        [--out var/triage_eval] [--skip-batches] [--unseen FILE ...]

1. **Random 5-fold**: the cross-validated figures :func:`train` stores with every model
   (thresholds tuned on the other folds).
2. **By batch (unseen writers)**: each batch file was written separately, so holding one out
   at a time and training on the others measures how the model generalises to a new voice;
   thresholds come from the model trained without that batch. Figures pool every held-out
   batch.
3. **Evaluation split**: train with ``exclude_evaluation_split=True`` and write the admin
   report (:func:`reporting.write_evaluation_report`) for the held-out 15 % into ``--out``:
   per-label figures, confusion tables, PR curves and the identity-term bias gap.

4. **Unseen files** (``--unseen``): a batch written after the model was fixed, scored by the
   model trained on the whole corpus before the batch is added to it: the closest we have to
   the held-back set of reports the model never saw. Per-label urgency figures are printed
   because that is where a new writer differs most.

Redaction is the benchmark stand-in (``triage_bench.stand_in_redact``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from triage_bench import stand_in_redact

from triage_models.corpus import Example, load_corpus
from triage_models.errors import CorpusError
from triage_models.evaluation import indicator, summarise
from triage_models.holdout import split_for_evaluation
from triage_models.labels import URGENCY
from triage_models.model import TriageModel
from triage_models.reporting import write_evaluation_report
from triage_models.training import TrainingConfig, train


def describe(name: str, metrics: dict[str, Any]) -> str:
    """One line: macro-F1 per group and urgency recall/precision."""
    g, u = metrics["groups"], metrics["urgency"]
    return (
        f"{name}: behaviours {g['behaviours']['macro_f1']:.3f}, characteristics "
        f"{g['characteristics']['macro_f1']:.3f}, urgency recall {u['recall']:.3f} "
        f"precision {u['precision']:.3f}, false alarms {u['false_alarm_rate']:.1%} "
        f"({metrics['n_reports']} reports)"
    )


def by_batch(batches: dict[str, list[Example]]) -> dict[str, Any]:
    """Leave one batch file out at a time; pool the held-out suggestions."""
    truths, predictions = [], []
    for name, held in batches.items():
        rest = [e for other, examples in batches.items() if other != name for e in examples]
        model = train(rest, redact=stand_in_redact, seed=0).model
        texts = stand_in_redact([e.text for e in held])
        predictions.append(model.suggestion_matrix(model.probabilities(texts)))
        truths.append(indicator([e.labels for e in held]))
        one = summarise(truths[-1], predictions[-1])
        print("  " + describe(f"held-out {name}", one), flush=True)
    return summarise(np.vstack(truths), np.vstack(predictions))


def unseen(model: TriageModel, files: dict[str, list[Example]]) -> None:
    """Score files the model never saw, one line each and pooled, with urgency per label."""
    truths, predictions = [], []
    for name, held in files.items():
        texts = stand_in_redact([e.text for e in held])
        predictions.append(model.suggestion_matrix(model.probabilities(texts)))
        truths.append(indicator([e.labels for e in held]))
        print("  " + describe(f"unseen {name}", summarise(truths[-1], predictions[-1])))
    pooled = summarise(np.vstack(truths), np.vstack(predictions))
    print(describe("unseen files, pooled", pooled))
    for label in URGENCY:
        m = pooled["labels"][label]
        print(
            f"  {label}: precision {m['precision']:.3f} recall {m['recall']:.3f} "
            f"support {m['support']}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("training_data/reports"))
    parser.add_argument("--out", type=Path, default=Path("var/triage_eval"))
    parser.add_argument("--skip-batches", action="store_true")
    parser.add_argument(
        "--unseen", type=Path, nargs="*", default=[], help="JSONL files outside the corpus"
    )
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.jsonl"))
    if not paths:
        parser.error(f"no *.jsonl corpus files in {args.corpus}")
    if overlap := {p.resolve() for p in args.unseen} & {p.resolve() for p in paths}:
        parser.error(f"--unseen files are in the corpus: {sorted(map(str, overlap))}")
    # Read every file before the minute of training, so a bad line fails at once.
    try:
        batches = {path.stem: load_corpus(path) for path in paths}
        held_out = {path.name: load_corpus(path) for path in args.unseen}
    except CorpusError as error:
        parser.error(str(error))
    examples = [e for group in batches.values() for e in group]
    print(f"corpus: {len(examples)} reports in {len(batches)} batch files")

    started = time.perf_counter()
    trained = train(examples, redact=stand_in_redact, seed=0)
    print(describe("random 5-fold", trained.metrics) + f" [{time.perf_counter() - started:.0f} s]")

    if held_out:
        unseen(trained.model, held_out)

    if not args.skip_batches:
        print(describe("by batch, pooled", by_batch(batches)))

    config = TrainingConfig(exclude_evaluation_split=True)
    model = train(examples, redact=stand_in_redact, seed=0, config=config).model
    _, held = split_for_evaluation(examples)
    result = write_evaluation_report(
        model, stand_in_redact([e.text for e in held]), [e.labels for e in held], args.out
    )
    print(describe("evaluation split (15 %, never trained on)", result["metrics"]))
    bias = result["bias"]
    print(
        f"bias: misconduct-label gap {bias['misconduct_gap_points']:.1f} points "
        f"(highest {bias['highest']}, lowest {bias['lowest']}, mean rate "
        f"{bias['mean_misconduct_rate']:.3f}); characteristic-label gap "
        f"{bias['characteristic_gap_points']:.1f} points"
    )
    print(f"report: {args.out / 'report.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
