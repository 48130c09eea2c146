"""The reporter client: seal a report on this machine and send only ciphertext.

The report text never leaves this process in the clear. The client makes a fresh receipt, derives
from it the lookup token and the reporter's reply key (`keys.receipts`), seals the report to the
organisation's current intake key from the signed key directory, and sends the envelope. The
receipt is shown once and stored nowhere.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx2 as httpx

from gateway.clients.pins import PinStore
from gateway.clients.wire import GatewayError, check_response, verify_listing
from gateway.settings import ConfigError
from keys.errors import KeysError
from keys.ids import b64u_decode, b64u_encode, new_case_id
from keys.kdf import KdfParams
from keys.receipts import RECEIPT_KDF, derive_receipt_keys, new_receipt
from keys.sealing import seal_message

REPORT_PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class SubmittedReport:
    receipt: str
    case: str
    newly_pinned: bool


def submit_report(
    text: str,
    *,
    org: str,
    http: httpx.Client,
    pins: PinStore,
    gateway: str,
    root_public_key: bytes | None = None,
    receipt_kdf: KdfParams = RECEIPT_KDF,
) -> SubmittedReport:
    """Seal `text` to the organisation's intake key and submit it; return the receipt."""
    if not text.strip():
        raise ConfigError("the report is empty")
    listing = check_response(http.get(f"/api/v1/orgs/{org}/directory"))
    served_root = listing.get("root_public_key")
    if not isinstance(served_root, str):
        raise GatewayError("the gateway's key directory is malformed")
    if root_public_key is None:
        pins.check_root(gateway, org, served_root)
        try:
            root_public_key = b64u_decode(served_root)
        except ValueError:
            raise GatewayError("the gateway's key directory is malformed") from None
    pin = pins.get(gateway, org)
    if pin is not None and pin.root_public_key != b64u_encode(root_public_key):
        pin = None  # an out-of-band root replaces the pin; its versions start afresh
    now = int(time.time())
    directory = verify_listing(
        listing,
        root_public_key,
        org=org,
        now=now,
        # Rollback protection: never accept a directory older than one seen before.
        min_version=0 if pin is None else pin.version,
    )
    try:
        intake = directory.current_intake(now).public_key
    except KeysError:
        raise GatewayError("the organisation has no intake key valid now") from None
    newly_pinned = pins.record(gateway, org, b64u_encode(root_public_key), directory.version)

    receipt = new_receipt()
    receipt_keys = derive_receipt_keys(receipt, org, kdf=receipt_kdf)
    reply_key = receipt_keys.reporter_key.public()
    payload = {
        "v": REPORT_PAYLOAD_VERSION,
        "text": text,
        "reporter_key": {
            "suite": list(reply_key.suite.ids),
            "pub": b64u_encode(reply_key.public_bytes),
        },
    }
    case = new_case_id()
    envelope = seal_message(
        json.dumps(payload, ensure_ascii=False).encode(), intake, typ="report", org=org, case=case
    )
    body = {"envelope": json.loads(envelope), "lookup": b64u_encode(receipt_keys.lookup_token)}
    answer = check_response(http.post(f"/api/v1/orgs/{org}/reports", json=body))
    if answer.get("case") != case:
        raise GatewayError("the gateway acknowledged a different case")
    return SubmittedReport(receipt=receipt, case=case, newly_pinned=newly_pinned)
