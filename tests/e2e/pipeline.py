"""Helpers for end-to-end tests: send a report, wait for triage, open the case."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.conftest import ServerProcess

TRIAGE_TIMEOUT = 180


def send(server: ServerProcess, text: str) -> tuple[str, str]:
    """Send a report with `reportgw report`; return (case id, receipt)."""
    out = server.reportgw("report", "--gateway", server.url, "--org", "demo", stdin=text)
    lines = out.strip().splitlines()
    receipt = lines[-1]
    case = next(line.split("Case: ")[1] for line in lines if "Case: " in line)
    return case.strip(), receipt


def key_file(server: ServerProcess) -> str:
    return str(server.data_dir / "demo-responder.key")


def cases(server: ServerProcess) -> list[dict[str, Any]]:
    out = server.reportgw("responder", "cases", "--gateway", server.url, "--key", key_file(server))
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def wait_triaged(server: ServerProcess, case: str) -> dict[str, Any]:
    deadline = time.monotonic() + TRIAGE_TIMEOUT
    while time.monotonic() < deadline:
        for entry in cases(server):
            if entry["case"] == case and entry["status"] != "queued":
                return entry
        time.sleep(1)
    raise AssertionError("the case was not triaged in time")


def open_case(server: ServerProcess, case: str) -> dict[str, Any]:
    out = server.reportgw(
        "responder", "open", case, "--gateway", server.url, "--key", key_file(server)
    )
    opened: dict[str, Any] = json.loads(out)
    return opened
