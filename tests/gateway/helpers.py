"""Helpers shared by gateway tests: sending reports the way the reporter client does."""

from __future__ import annotations

import json
from typing import Any

from gateway.clients.pins import PinStore
from gateway.clients.reporter import SubmittedReport, submit_report
from keys.ids import new_case_id
from keys.kdf import KdfParams
from keys.keypairs import RecipientPublicKey
from keys.sealing import seal_message
from tests.gateway.conftest import Gateway

INSECURE_RECEIPT_KDF = KdfParams(t=1, m_kib=8, p=1)


def send_report(gw: Gateway, text: str) -> SubmittedReport:
    return submit_report(
        text,
        org="demo",
        http=gw.client,
        pins=PinStore(gw.settings.client_config_dir / "pins.json"),
        gateway="http://gateway.test",
        receipt_kdf=INSECURE_RECEIPT_KDF,
    )


def intake_key(gw: Gateway) -> RecipientPublicKey:
    directory = gw.services.directories.get("demo")
    assert directory is not None
    return directory.current_intake(gw.services.clock()).public_key


def sealed_report(
    gw: Gateway,
    payload: bytes,
    *,
    org: str = "demo",
    typ: str = "report",
    recipient: RecipientPublicKey | None = None,
) -> dict[str, Any]:
    envelope = seal_message(
        payload, recipient or intake_key(gw), typ=typ, org=org, case=new_case_id()
    )
    loaded: dict[str, Any] = json.loads(envelope)
    return loaded


def report_payload(text: str) -> bytes:
    return json.dumps({"v": 1, "text": text}).encode()
