"""Composition root of the web app: `create_app(settings, ...)` builds everything and wires it.

No module-level singletons: the store, the directories and the optional in-process worker are
built here and handed to the routes and to the lifespan. `debug` is always False outside tests,
so `ServerErrorMiddleware` never renders a traceback (which could quote request data).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.errors import ApiError, handle_api_error, handle_http_exception, handle_unexpected
from gateway.middleware.anonymity import AnonymityMiddleware
from gateway.middleware.limits import RequestLimitsMiddleware
from gateway.middleware.security_headers import SecurityHeadersMiddleware
from gateway.routes.intake import intake_routes
from gateway.routes.responder import responder_routes
from gateway.services import GatewayServices
from gateway.settings import Settings
from gateway.worker import TriageWorker


def create_app(
    settings: Settings,
    services: GatewayServices,
    *,
    worker_factory: Callable[[], TriageWorker] | None = None,
) -> Starlette:
    """Build the Starlette app. With `worker_factory`, a triage worker runs in-process."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        stop = threading.Event()
        thread: threading.Thread | None = None
        if worker_factory is not None:
            worker = worker_factory()
            thread = threading.Thread(
                target=worker.run_until,
                args=(stop,),
                kwargs={"poll_seconds": settings.worker_poll_seconds},
                name="triage-worker",
                daemon=True,
            )
            thread.start()
        try:
            yield
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=30)

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes = [
        Route("/healthz", health, methods=["GET"]),
        *intake_routes(services),
        *responder_routes(services),
    ]
    return Starlette(
        debug=settings.debug,
        routes=routes,
        middleware=[
            # Outermost first: identifying data is gone before anything else runs.
            Middleware(AnonymityMiddleware),
            Middleware(SecurityHeadersMiddleware),
            Middleware(RequestLimitsMiddleware, max_body_bytes=settings.max_body_bytes),
        ],
        exception_handlers={
            ApiError: handle_api_error,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        lifespan=lifespan,
    )
