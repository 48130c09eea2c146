"""Intake: only well-formed envelopes for a current intake key are queued; nothing else is kept."""

from __future__ import annotations

import base64
import json

import pytest

from keys.keypairs import RecipientPrivateKey
from keys.suites import Suite
from tests.gateway.conftest import Gateway
from tests.gateway.helpers import report_payload, sealed_report, send_report

REPORTS = "/api/v1/orgs/demo/reports"


def _codes(response: object) -> tuple[int, str]:
    status = response.status_code  # type: ignore[attr-defined]
    return status, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_directory_is_served_with_root_key(gateway: Gateway) -> None:
    body = gateway.client.get("/api/v1/orgs/demo/directory").json()
    assert body["org"] == "demo"
    assert set(body["signed"]) >= {"body", "sig"}
    assert len(base64.urlsafe_b64decode(body["root_public_key"] + "=")) == 32


def test_unknown_organisation_directory_is_404(gateway: Gateway) -> None:
    assert _codes(gateway.client.get("/api/v1/orgs/nope/directory")) == (
        404,
        "unknown_organisation",
    )


def test_report_is_queued_as_ciphertext(gateway: Gateway) -> None:
    # When the reporter client sends a report
    submitted = send_report(gateway, "My supervisor shouts at me every day.")
    # Then the case is queued and only ciphertext was stored
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and case.status == "queued"
    assert gateway.services.store.job_states() == {"queued": 1}
    assert len(submitted.receipt.replace("-", "")) == 26


def test_same_envelope_twice_is_accepted_once(gateway: Gateway) -> None:
    body = {"envelope": sealed_report(gateway, report_payload("x"))}
    first = gateway.client.post(REPORTS, json=body)
    second = gateway.client.post(REPORTS, json=body)
    assert (first.status_code, second.status_code) == (202, 202)
    assert gateway.services.store.job_states() == {"queued": 1}


def test_reused_message_id_with_new_content_is_409(gateway: Gateway) -> None:
    envelope = sealed_report(gateway, report_payload("x"))
    gateway.client.post(REPORTS, json={"envelope": envelope})
    header = json.loads(base64.urlsafe_b64decode(envelope["h"] + "=="))
    other = sealed_report(gateway, report_payload("y"))
    other_header = json.loads(base64.urlsafe_b64decode(other["h"] + "=="))
    assert other_header["msg"] != header["msg"]
    # Reusing the case id of an accepted report with a different message is refused whole.
    replay = {"envelope": {"h": envelope["h"], "c": other["c"]}}
    assert _codes(gateway.client.post(REPORTS, json=replay)) == (409, "duplicate_message")
    assert gateway.services.store.job_states() == {"queued": 1}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"not json", (400, "malformed_json")),
        (b"[1, 2]", (400, "malformed_json")),
        (b'{"envelope": "x"}', (400, "malformed_envelope")),
        (b'{"envelope": {"h": "AAAA", "c": "AAAA"}}', (400, "malformed_envelope")),
        (b'{"envelope": {"h": 1, "c": 2}}', (400, "malformed_envelope")),
        (b'{"envelope": {"h": "a", "c": "b", "x": "c"}}', (400, "malformed_envelope")),
    ],
)
def test_malformed_bodies_are_refused(
    gateway: Gateway, body: bytes, expected: tuple[int, str]
) -> None:
    response = gateway.client.post(
        REPORTS, content=body, headers={"content-type": "application/json"}
    )
    assert _codes(response) == expected
    assert gateway.services.store.job_states() == {}


def test_truncated_envelope_is_refused(gateway: Gateway) -> None:
    envelope = sealed_report(gateway, report_payload("x"))
    envelope["h"] = envelope["h"][:-7]
    assert _codes(gateway.client.post(REPORTS, json={"envelope": envelope})) == (
        400,
        "malformed_envelope",
    )


def test_wrong_content_type_is_415(gateway: Gateway) -> None:
    response = gateway.client.post(REPORTS, content=b"{}", headers={"content-type": "text/plain"})
    assert _codes(response) == (415, "bad_content_type")


def test_oversize_body_is_413(gateway: Gateway) -> None:
    huge = b'{"envelope": "' + b"x" * (gateway.settings.max_body_bytes + 1) + b'"}'
    response = gateway.client.post(
        REPORTS, content=huge, headers={"content-type": "application/json"}
    )
    assert _codes(response) == (413, "body_too_large")


def test_unknown_organisation_is_404(gateway: Gateway) -> None:
    body = {"envelope": sealed_report(gateway, report_payload("x"))}
    response = gateway.client.post("/api/v1/orgs/other/reports", json=body)
    assert _codes(response) == (404, "unknown_organisation")


def test_envelope_for_another_org_is_refused(gateway: Gateway) -> None:
    body = {"envelope": sealed_report(gateway, report_payload("x"), org="other")}
    assert _codes(gateway.client.post(REPORTS, json=body)) == (400, "organisation_mismatch")


def test_wrong_message_type_is_refused(gateway: Gateway) -> None:
    body = {"envelope": sealed_report(gateway, report_payload("x"), typ="reply")}
    assert _codes(gateway.client.post(REPORTS, json=body)) == (400, "wrong_message_type")


@pytest.mark.parametrize("suite", [Suite.XWING, Suite.X25519])
def test_unknown_key_id_is_refused(gateway: Gateway, suite: Suite) -> None:
    stranger = RecipientPrivateKey.generate(suite).public()
    body = {"envelope": sealed_report(gateway, report_payload("x"), recipient=stranger)}
    assert _codes(gateway.client.post(REPORTS, json=body)) == (400, "unknown_key")
    assert gateway.services.store.job_states() == {}


@pytest.mark.parametrize("lookup", [123, "!!!", "c2hvcnQ"])
def test_bad_lookup_token_is_refused(gateway: Gateway, lookup: object) -> None:
    body = {"envelope": sealed_report(gateway, report_payload("x")), "lookup": lookup}
    assert _codes(gateway.client.post(REPORTS, json=body)) == (400, "malformed_json")
    assert gateway.services.store.job_states() == {}


def test_errors_never_echo_input(gateway: Gateway) -> None:
    canary = "CANARY-ECHO-4411"
    for body in (
        f'{{"envelope": "{canary}"}}',
        f'{{"envelope": {{"h": "{canary}", "c": "{canary}"}}}}',
        canary,
    ):
        response = gateway.client.post(
            REPORTS, content=body.encode(), headers={"content-type": "application/json"}
        )
        assert canary not in response.text


def test_unknown_route_and_method_use_the_catalog(gateway: Gateway) -> None:
    assert _codes(gateway.client.get("/nowhere")) == (404, "not_found")
    assert _codes(gateway.client.get(REPORTS)) == (405, "method_not_allowed")


@pytest.mark.parametrize(
    "body",
    [b'{"v":' + b"1" * 5000 + b"}", b"[" * 100_000, b'{"envelope": 1, "envelope": 2}'],
    ids=["huge-int", "deep-nesting", "duplicate-keys"],
)
def test_hostile_json_is_a_400_not_a_500(gateway: Gateway, body: bytes) -> None:
    response = gateway.client.post(
        REPORTS, content=body, headers={"content-type": "application/json"}
    )
    assert _codes(response) == (400, "malformed_json")
