"""Responder routes: signed, replay-protected, scoped to the responder's own organisation."""

from __future__ import annotations

import time

from keys.keypairs import SigningPrivateKey
from keys.request_auth import sign_request
from tests.gateway.conftest import Gateway
from tests.gateway.helpers import send_report

CASES = "/api/v1/orgs/demo/cases"


def _signed(gw: Gateway, path: str, key: SigningPrivateKey | None = None) -> dict[str, str]:
    signer = key or gw.responder.identity.auth
    return sign_request(signer, method="GET", path=path, body=b"", now=time.time())


def test_unsigned_request_is_401(gateway: Gateway) -> None:
    response = gateway.client.get(CASES)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorised"


def test_request_signed_by_a_stranger_is_401(gateway: Gateway) -> None:
    response = gateway.client.get(
        CASES, headers=_signed(gateway, CASES, SigningPrivateKey.generate())
    )
    assert response.status_code == 401


def test_signature_for_another_path_is_401(gateway: Gateway) -> None:
    headers = _signed(gateway, "/api/v1/orgs/demo/cases/x")
    assert gateway.client.get(CASES, headers=headers).status_code == 401


def test_replayed_request_is_refused(gateway: Gateway) -> None:
    headers = _signed(gateway, CASES)
    assert gateway.client.get(CASES, headers=headers).status_code == 200
    again = gateway.client.get(CASES, headers=headers)
    assert (again.status_code, again.json()["error"]["code"]) == (401, "replayed_request")


def test_other_organisation_is_not_reachable(gateway: Gateway) -> None:
    path = "/api/v1/orgs/other/cases"
    response = gateway.client.get(path, headers=_signed(gateway, path))
    assert response.status_code == 401


def test_lists_cases_with_routing_fields_only(gateway: Gateway) -> None:
    submitted = send_report(gateway, "He keeps blocking the corridor.")
    cases = gateway.client.get(CASES, headers=_signed(gateway, CASES)).json()["cases"]
    assert cases == [
        {
            "case": submitted.case,
            "status": "queued",
            "priority": "pending",
            "created": cases[0]["created"],
            "updated": cases[0]["updated"],
        }
    ]
    assert len(cases[0]["created"]) == 10  # a day, no time of day


def test_untriaged_case_is_not_ready_and_unknown_case_is_404(gateway: Gateway) -> None:
    submitted = send_report(gateway, "x y z")
    path = f"{CASES}/{submitted.case}"
    response = gateway.client.get(path, headers=_signed(gateway, path))
    assert (response.status_code, response.json()["error"]["code"]) == (409, "case_not_ready")
    missing = f"{CASES}/AAAAAAAAAAAAAAAAAAAAAA"
    response = gateway.client.get(missing, headers=_signed(gateway, missing))
    assert response.status_code == 404
