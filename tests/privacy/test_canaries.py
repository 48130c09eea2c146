"""Privacy canaries: identifiers in reports never reach storage, logs or HTTP responses.

Unique canary values (names, an email address, a phone number) are sent in real reports to a real
server process. After triage, no byte sequence of any canary may appear in the database file
(including SQLite's WAL), the server's log, or any response the gateway sent; and the stored case
must not open without a responder key.
"""

from __future__ import annotations

import json
import sqlite3
import time

import httpx2 as httpx
import pytest

from keys.case_opening import open_case
from keys.errors import CaseOpenError
from keys.keypairs import RecipientPrivateKey, SigningPrivateKey
from tests.conftest import ServerProcess
from tests.e2e.pipeline import open_case as open_with_cli
from tests.e2e.pipeline import send, wait_triaged

pytestmark = [pytest.mark.privacy, pytest.mark.e2e, pytest.mark.slow, pytest.mark.nlp]

CANARY_FIRST = "Xanthippe"
CANARY_LAST = "Quarrington-Obuya"
CANARY_EMAIL = "xq.canary7731@example.net"
CANARY_PHONE = "07700 900317"
CANARY_WITNESS = "Thaddeus Vellacourt"
CANARIES = [CANARY_FIRST, CANARY_LAST, CANARY_EMAIL, "900317", "Vellacourt", "Thaddeus"]

REPORTS = [
    f"My manager {CANARY_FIRST} {CANARY_LAST} shouts at me in front of customers and calls me "
    f"useless. You can reach me at {CANARY_EMAIL} or {CANARY_PHONE}.",
    f"{CANARY_WITNESS} saw {CANARY_FIRST} push me against the lockers on Tuesday. "
    f"{CANARY_LAST} said he would be waiting for me after my shift tonight.",
]


@pytest.fixture(scope="module")
def triaged_cases(server: ServerProcess) -> list[str]:
    sent = [send(server, text)[0] for text in REPORTS]
    for case in sent:
        wait_triaged(server, case)
    time.sleep(1)  # let the server flush its log
    return sent


def _database_bytes(server: ServerProcess) -> bytes:
    data = b""
    for path in sorted(server.data_dir.glob("reportgw.sqlite3*")):
        data += path.read_bytes()
    return data


def test_no_canary_in_the_database_file(server: ServerProcess, triaged_cases: list[str]) -> None:
    stored = _database_bytes(server)
    assert stored, "the database file should exist"
    for canary in CANARIES:
        assert canary.encode() not in stored, canary
        assert canary.lower().encode() not in stored.lower(), canary


def test_no_canary_in_the_server_log(server: ServerProcess, triaged_cases: list[str]) -> None:
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "job sealed" in log  # the log is being written
    for canary in CANARIES:
        assert canary.lower() not in log.lower(), canary


def test_no_canary_in_any_http_response(server: ServerProcess, triaged_cases: list[str]) -> None:
    from gateway.clients.responder import load_session
    from keys.request_auth import sign_request

    session = load_session(server.data_dir / "demo-responder.key", "demo")
    bodies = [httpx.get(f"{server.url}/api/v1/orgs/demo/directory").text]
    paths = ["/api/v1/orgs/demo/cases"] + [f"/api/v1/orgs/demo/cases/{c}" for c in triaged_cases]
    for path in paths:
        headers = sign_request(
            session.identity.auth, method="GET", path=path, body=b"", now=time.time()
        )
        bodies.append(httpx.get(server.url + path, headers=headers).text)
    joined = "\n".join(bodies).lower()
    for canary in CANARIES:
        assert canary.lower() not in joined, canary


def test_stored_case_does_not_open_without_a_responder_key(
    server: ServerProcess, triaged_cases: list[str]
) -> None:
    with sqlite3.connect(server.data_dir / "reportgw.sqlite3") as db:
        sealed = db.execute(
            "SELECT sealed FROM cases WHERE case_id = ?", (triaged_cases[0],)
        ).fetchone()[0]
    with pytest.raises(CaseOpenError):
        open_case(
            bytes(sealed),
            RecipientPrivateKey.generate(),
            worker_key=SigningPrivateKey.generate().public(),
            org="demo",
        )
    # The envelope carries no plaintext field at all
    assert set(json.loads(sealed)) == {"h", "k", "b", "sig"}


def test_responder_sees_no_canary_in_the_redacted_case(
    server: ServerProcess, triaged_cases: list[str]
) -> None:
    for case in triaged_cases:
        redacted = open_with_cli(server, case)["redacted"]
        for canary in CANARIES:
            assert canary.lower() not in redacted.lower(), canary
