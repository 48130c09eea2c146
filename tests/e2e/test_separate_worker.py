"""Gateway and triage worker as separate processes, as production runs them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import (
    ServerProcess,
    client_env,
    free_port,
    start_reportgw,
    stop,
    wait_healthy,
)
from tests.e2e.pipeline import open_case, send, wait_triaged

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.nlp]


@pytest.fixture
def split_deployment(server: ServerProcess, tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    # A copy of the initialised data directory (keys and trained model), so no retraining.
    data_dir = tmp_path / "var"
    shutil.copytree(server.data_dir, data_dir)
    home = tmp_path / "home"
    home.mkdir()
    env = client_env(home)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    gateway_log, worker_log = tmp_path / "gateway.log", tmp_path / "worker.log"
    gateway = start_reportgw(
        ["serve", "--no-worker", "--data-dir", str(data_dir), "--port", str(port)],
        env,
        gateway_log,
    )
    worker = None
    try:
        wait_healthy(gateway, url, gateway_log)
        worker = start_reportgw(["worker", "--data-dir", str(data_dir)], env, worker_log)
        yield ServerProcess(url, data_dir, gateway_log, env), worker_log
    finally:
        if worker is not None:
            stop(worker)
        stop(gateway)


def test_separate_worker_process_triages_reports(
    split_deployment: tuple[ServerProcess, Path],
) -> None:
    gateway, worker_log = split_deployment
    case, _receipt = send(gateway, "My supervisor Hendrik Alvarsson mocks my stammer daily.")
    assert wait_triaged(gateway, case)["status"] == "new"
    opened = open_case(gateway, case)
    assert "Alvarsson" not in opened["redacted"]
    # The gateway process never ran a worker; the worker process sealed the case
    assert "job sealed" not in gateway.log_path.read_text()
    assert "job sealed" in worker_log.read_text()
