"""Admin commands end to end: train, list, evaluate, promote, roll back (real models)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ServerProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.nlp]


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_train_evaluate_promote_and_roll_back(server: ServerProcess, tmp_path: Path) -> None:
    # Given a copy of an initialised data directory (its default model is promoted)
    data_dir = tmp_path / "var"
    shutil.copytree(server.data_dir, data_dir)
    out = server.reportgw("model", "list", "--data-dir", str(data_dir))
    listed = [entry for entry in _lines(out) if "version" in entry]
    assert [entry["promoted"] for entry in listed] == [True]
    first = str(listed[0]["version"])

    # When an admin trains a new model (registered, not promoted by default)
    # holding out whole corpus files in cross-validation (figures for an unseen writer)
    trained = _lines(
        server.reportgw("train", "--data-dir", str(data_dir), "--folds-by-source", timeout=900)
    )[-1]
    second = str(trained["model"])
    assert second != first and trained["promoted"] == first
    listed = _lines(server.reportgw("model", "list", "--data-dir", str(data_dir)))
    validation = {e["version"]: e["validation"] for e in listed if "version" in e}
    assert validation == {first: "5-fold", second: "5-fold by source"}

    # Then it can be evaluated on the held-out split, with a report and PR curves
    report_dir = tmp_path / "evaluation"
    summary = _lines(
        server.reportgw(
            "evaluate",
            "--data-dir",
            str(data_dir),
            "--model",
            second,
            "--output",
            str(report_dir),
            timeout=600,
        )
    )[-1]
    assert summary["model"] == second
    assert {"report.md", "metrics.json"} <= {p.name for p in report_dir.iterdir()}
    assert any(p.suffix == ".png" for p in report_dir.iterdir())
    assert "precision" in (report_dir / "report.md").read_text()

    # And promoted, then rolled back to the first
    promoted = _lines(server.reportgw("model", "promote", second, "--data-dir", str(data_dir)))
    assert promoted[-1]["promoted"] == second
    rolled = _lines(server.reportgw("model", "rollback", "--data-dir", str(data_dir)))
    assert rolled[-1]["promoted"] == first
