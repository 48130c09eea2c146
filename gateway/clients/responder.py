"""The responder client: list cases, and open one on this machine with the responder's own key.

This is the only code in the project that imports `keys.case_opening`; the server never does
(an import-linter contract checks it). The responder's key file pins the organisation's root key,
so the client verifies the key directory, and through it the triage worker's signature on every
case, without trusting the gateway.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx

from gateway.clients.wire import GatewayError, check_response, verify_listing
from keys.case_opening import open_case
from keys.directory import KeyDirectory
from keys.ids import CaseId, b64u_decode
from keys.keyfile import read_keyfile
from keys.keypairs import RESPONDER_ALG, ResponderIdentity
from keys.request_auth import sign_request


class ResponderKeyError(Exception):
    """The key file cannot be used as a responder key (wrong type or missing pins)."""


@dataclass(frozen=True)
class ResponderSession:
    identity: ResponderIdentity
    org: str
    root_public_key: bytes
    owner: str
    # Where the highest key-directory version seen is kept (rollback protection).
    state_path: Path


def load_session(key_file: Path, passphrase: str) -> ResponderSession:
    """Open the responder's key file (raises `keys.errors.KeyFileError` on a wrong passphrase)."""
    keyfile = read_keyfile(key_file, passphrase)
    if keyfile.alg != RESPONDER_ALG:
        raise ResponderKeyError("this key file is not a responder key")
    extra = dict(keyfile.extra or {})
    if "org" not in extra or "root_public_key" not in extra:
        raise ResponderKeyError("the responder key file does not pin an organisation")
    return ResponderSession(
        identity=ResponderIdentity.from_master(keyfile.secret),
        org=extra["org"],
        root_public_key=b64u_decode(extra["root_public_key"]),
        owner=keyfile.owner,
        state_path=key_file.with_name(key_file.name + ".directory-version"),
    )


def _seen_version(session: ResponderSession) -> int:
    try:
        return int(session.state_path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0


def _remember_version(session: ResponderSession, version: int) -> None:
    if version > _seen_version(session):
        tmp = session.state_path.with_suffix(".tmp")
        tmp.write_text(f"{version}\n", encoding="ascii")
        os.replace(tmp, session.state_path)


def _signed_get(http: httpx.Client, session: ResponderSession, path: str) -> dict[str, Any]:
    headers = sign_request(
        session.identity.auth, method="GET", path=path, body=b"", now=int(time.time())
    )
    return check_response(http.get(path, headers=headers))


def list_cases(http: httpx.Client, session: ResponderSession) -> list[dict[str, Any]]:
    """The organisation's cases: routing fields only (the list holds no content)."""
    body = _signed_get(http, session, f"/api/v1/orgs/{session.org}/cases")
    cases = body.get("cases")
    if not isinstance(cases, list):
        raise GatewayError("the gateway sent a malformed case list")
    return [case for case in cases if isinstance(case, dict)]


def _directory(http: httpx.Client, session: ResponderSession) -> KeyDirectory:
    listing = check_response(http.get(f"/api/v1/orgs/{session.org}/directory"))
    directory = verify_listing(
        listing,
        session.root_public_key,
        org=session.org,
        now=int(time.time()),
        min_version=_seen_version(session),  # a replayed older directory is refused
    )
    _remember_version(session, directory.version)
    return directory


def open_case_here(http: httpx.Client, session: ResponderSession, case: str) -> dict[str, Any]:
    """Fetch a sealed case, verify the worker's signature and decrypt it locally."""
    record = _signed_get(http, session, f"/api/v1/orgs/{session.org}/cases/{case}")
    directory = _directory(http, session)
    envelope = json.dumps(record.get("envelope")).encode()
    opened = open_case(
        envelope,
        session.identity.encryption,
        worker_key=directory.worker,
        org=session.org,
        case=CaseId(case),
    )
    content = json.loads(opened.plaintext)
    suggested_urgency = content.get("suggested", {}).get("urgency")
    return {
        "case": case,
        # Routing fields come from the gateway and are not authenticated; the priority shown
        # is recomputed from the sealed, signed suggestions so a gateway cannot hide urgency.
        "status": record.get("status"),
        "priority": "urgent" if suggested_urgency else "normal",
        "created": record.get("created"),
        **{key: value for key, value in content.items() if key not in {"v", "case", "org"}},
    }
