"""Reporter-facing routes: the key directory and sealed report intake.

The gateway never decrypts. It checks only what it can see without a private key (the envelope's
structure, its organisation, message type, suite and recipient key id), stores the ciphertext and
queues it for the triage worker. Nothing about the caller is recorded.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.errors import ApiError
from gateway.routes.jsonbody import read_json_object
from gateway.services import GatewayServices, utc_day
from gateway.storage.store import DuplicateMessageError
from keys.envelope import read_header
from keys.errors import KeysError
from keys.ids import b64u_decode, b64u_encode

LOOKUP_TOKEN_BYTES = 32


def intake_routes(services: GatewayServices) -> list[Route]:
    async def directory(request: Request) -> Response:
        org = request.path_params["org"]
        stored = services.store.get_directory(org)
        root = services.directories.root(org)
        if stored is None or root is None or services.directories.get(org) is None:
            raise ApiError("unknown_organisation")
        # The root key served is the one this gateway pins, not the database's copy.
        return JSONResponse(
            {
                "org": org,
                "signed": json.loads(stored.signed),
                "root_public_key": b64u_encode(root.public_bytes),
            }
        )

    async def submit_report(request: Request) -> Response:
        org = request.path_params["org"]
        key_directory = services.directories.get(org)
        if key_directory is None:
            raise ApiError("unknown_organisation")
        payload = await read_json_object(request)
        envelope_bytes = _envelope_bytes(payload.get("envelope"))
        lookup_token = _lookup_token(payload.get("lookup"))
        try:
            header = read_header(envelope_bytes)
        except KeysError:
            raise ApiError("malformed_envelope") from None
        if header.org != org:
            raise ApiError("organisation_mismatch")
        if header.typ != "report":
            raise ApiError("wrong_message_type")
        now = services.clock()
        accepted_kids = {
            entry.kid: entry.suite
            for entry in key_directory.intake
            if entry.not_before <= now < entry.not_after
        }
        # A retired or unknown intake key is refused: the worker may already have destroyed it.
        if header.kid is None or accepted_kids.get(header.kid) != header.suite:
            raise ApiError("unknown_key")
        locator = None if lookup_token is None else services.locator_for(lookup_token)
        try:
            services.store.enqueue_report(
                org=org,
                case_id=header.case,
                msg_id=header.msg,
                envelope=envelope_bytes,
                locator=locator,
                day=utc_day(now),
            )
        except DuplicateMessageError:
            raise ApiError("duplicate_message") from None
        return JSONResponse({"case": header.case, "status": "queued"}, status_code=202)

    return [
        Route("/api/v1/orgs/{org:str}/directory", directory, methods=["GET"]),
        Route("/api/v1/orgs/{org:str}/reports", submit_report, methods=["POST"]),
    ]


def _envelope_bytes(envelope: Any) -> bytes:
    if not isinstance(envelope, dict) or set(envelope) != {"h", "c"}:
        raise ApiError("malformed_envelope")
    if not all(isinstance(value, str) for value in envelope.values()):
        raise ApiError("malformed_envelope")
    return json.dumps({"h": envelope["h"], "c": envelope["c"]}, separators=(",", ":")).encode()


def _lookup_token(value: Any) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError("malformed_json")
    try:
        token = b64u_decode(value)  # canonical base64url only: one spelling per token
    except ValueError:
        raise ApiError("malformed_json") from None
    if len(token) != LOOKUP_TOKEN_BYTES:
        raise ApiError("malformed_json")
    return token
