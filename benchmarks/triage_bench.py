"""Benchmark the triage model: classify latency per report (one core) and training time.

Usage::

    .venv/bin/python benchmarks/triage_bench.py [--corpus training_data/reports]
        [--rows 100000] [--latency-reports 500] [--skip-scale]

1. Trains on the corpus (with a regex stand-in for the redactor: this measures the model,
   not redaction) and prints cross-validated macro-F1 per group.
2. Classifies corpus reports one at a time on one pinned core and prints mean/p50/p95/p99
   milliseconds with and without explanations.
3. Saves the model with skops and prints the artifact size.
4. Duplicates and perturbs the corpus to ``--rows`` rows and prints the full training time
   (redaction excluded; above ``cv_max_rows`` one hold-out split replaces the folds).

Training uses both cores (``n_jobs=2``); only the latency measurement is pinned to one.

It is a script, not a test: figures depend on the machine.
"""

from __future__ import annotations

import os

# One core, one thread: set before numpy/scipy load their BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redaction.keepwords import is_keep_word  # noqa: E402
from redaction.types import RedactedText  # noqa: E402
from triage_models.corpus import Example, load_corpus  # noqa: E402
from triage_models.model import UNREGISTERED, TriageModel  # noqa: E402
from triage_models.persistence import save_model  # noqa: E402
from triage_models.training import TrainingConfig, train  # noqa: E402

_EMAIL = re.compile(r"\b\S+@\S+\.\w+\b")
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")


def _name(match: re.Match[str]) -> str:
    words = match.group(0).split()
    return match.group(0) if all(is_keep_word(w) for w in words) else "[Person A]"


def stand_in_redact(texts: Sequence[str]) -> list[RedactedText]:
    """Crude regex redaction for measurement only: e-mails, phones, capitalised names.

    Like the real redactor, it keeps the redaction package's keep-words ("Muslim", "Black",
    "Polish"...), which name the characteristics a report is about.
    """
    out = []
    for text in texts:
        text = _EMAIL.sub("[EMAIL]", text)
        text = _PHONE.sub("[PHONE]", text)
        text = _NAME.sub(_name, text)
        out.append(RedactedText(text))
    return out


def perturb(examples: Sequence[Example], rows: int, seed: int) -> list[Example]:
    """Grow a corpus to ``rows`` examples by duplicating with word dropout and swaps."""
    rng = random.Random(seed)
    grown: list[Example] = []
    while len(grown) < rows:
        source = examples[len(grown) % len(examples)]
        words = [w for w in source.text.split() if rng.random() > 0.1]
        if len(words) > 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        grown.append(Example(f"{source.id}-{len(grown)}", " ".join(words) or "x", source.labels))
    return grown


def latency(model: TriageModel, texts: Sequence[RedactedText], explain: bool) -> list[float]:
    """Time ``model.predict`` per report, in milliseconds, after a short warm-up."""
    timings = []
    predict = model.predict
    for text in texts[:20]:
        predict(text, explain=explain)  # warm-up
    for text in texts:
        start = time.perf_counter()
        predict(text, explain=explain)
        timings.append((time.perf_counter() - start) * 1000.0)
    return timings


def describe(name: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100)
    return (
        f"{name}: mean {statistics.fmean(ms):.3f} ms, p50 {q[49]:.3f}, p95 {q[94]:.3f}, "
        f"p99 {q[98]:.3f} over {len(ms)} reports"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("training_data/reports"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--latency-reports", type=int, default=500)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()

    examples = load_corpus(args.corpus)
    start = time.perf_counter()
    trained = train(examples, redact=stand_in_redact, seed=0)
    print(
        f"corpus: {len(examples)} rows, trained in {time.perf_counter() - start:.1f} s "
        f"({trained.validation} validation, stand-in redaction)"
    )
    groups = trained.metrics["groups"]
    print(
        "cross-validated macro-F1: "
        + ", ".join(f"{g} {v['macro_f1']:.3f}" for g, v in groups.items())
    )
    print(f"urgency recall {trained.metrics['urgency']['recall']:.3f}")

    with tempfile.TemporaryDirectory() as tmp:
        saved = save_model(trained.model.with_version(UNREGISTERED, trained.metadata()), Path(tmp))
        print(f"artifact: {saved.artifact.stat().st_size / 1e6:.2f} MB ({saved.artifact.name})")

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if cores:
        os.sched_setaffinity(0, {cores[0]})
    texts = stand_in_redact([e.text for e in examples])
    texts = (texts * (args.latency_reports // len(texts) + 1))[: args.latency_reports]
    mean_chars = statistics.fmean(len(t) for t in texts)
    print(f"classify latency, one core, mean report {mean_chars:.0f} chars:")
    print("  " + describe("with explanations", latency(trained.model, texts, explain=True)))
    print("  " + describe("probabilities only", latency(trained.model, texts, explain=False)))

    if cores:
        os.sched_setaffinity(0, set(cores))
    if not args.skip_scale:
        grown = perturb(examples, args.rows, seed=1)
        start = time.perf_counter()
        identity = [RedactedText(t) for t in stand_in_redact([e.text for e in grown])]
        redacted = [
            Example(e.id, t, e.labels, redacted=True) for e, t in zip(grown, identity, strict=True)
        ]
        scaled = train(redacted, redact=stand_in_redact, seed=0, config=TrainingConfig())
        seconds = time.perf_counter() - start
        print(
            f"training on {len(grown)} rows ({scaled.validation}): {seconds:.1f} s "
            f"({scaled.seconds:.1f} s inside train, stand-in redaction included outside)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
