"""Responder-facing routes: list and fetch the sealed cases of the responder's own organisation.

Every request is signed with the responder's Ed25519 key from the organisation's signed key
directory, with a timestamp and a single-use nonce (replay protection). The gateway serves only
ciphertext: it holds no key that opens a case.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.errors import ApiError
from gateway.services import GatewayServices
from gateway.storage.store import CaseRecord, ReplayedNonceError
from keys.errors import KeysError
from keys.keypairs import SigningPublicKey
from keys.request_auth import verify_request


def responder_routes(services: GatewayServices) -> list[Route]:
    async def authenticate(request: Request, org: str) -> None:
        key_directory = services.directories.get(org)
        if key_directory is None:
            # Same answer as a bad signature: an unauthenticated caller cannot probe which
            # organisations exist through this route.
            raise ApiError("unauthorised")
        body = await request.body()
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")

        def responder_key(kid: str) -> SigningPublicKey | None:
            try:
                return key_directory.responder_by_auth_kid(kid).auth
            except KeyError:
                return None  # an unknown or revoked responder key

        now = int(services.clock())
        try:
            verified = verify_request(
                request.headers,
                method=request.method,
                path=path,
                body=body,
                lookup=responder_key,
                now=now,
                max_skew=services.max_skew_seconds,
            )
        except KeysError:
            raise ApiError("unauthorised") from None
        try:
            services.store.remember_nonce(
                kid=verified.kid,
                nonce=verified.nonce,
                expires_at=now + 2 * services.max_skew_seconds,
                now=now,
            )
        except ReplayedNonceError:
            raise ApiError("replayed_request") from None

    async def list_cases(request: Request) -> Response:
        org = request.path_params["org"]
        await authenticate(request, org)
        return JSONResponse({"cases": [_summary(case) for case in services.store.list_cases(org)]})

    async def get_case(request: Request) -> Response:
        org = request.path_params["org"]
        await authenticate(request, org)
        case = services.store.get_case(org, request.path_params["case"])
        if case is None:
            raise ApiError("not_found")
        if case.sealed is None:
            raise ApiError("case_not_ready")
        return JSONResponse({**_summary(case), "envelope": json.loads(case.sealed)})

    return [
        Route("/api/v1/orgs/{org:str}/cases", list_cases, methods=["GET"]),
        Route("/api/v1/orgs/{org:str}/cases/{case:str}", get_case, methods=["GET"]),
    ]


def _summary(case: CaseRecord) -> dict[str, str]:
    return {
        "case": case.case_id,
        "status": case.status,
        "priority": case.priority,
        "created": case.created_day,
        "updated": case.updated_day,
    }
