"""Gateway fixtures: an initialised demo organisation in a temporary data directory.

Key files use `insecure_kdf` (Argon2id at minimum cost) so tests stay fast; production uses
`KdfParams.DEFAULT`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from gateway.app import create_app
from gateway.clients.responder import ResponderSession, load_session
from gateway.datadir import DataDir, init_demo_organisation, load_worker_keys
from gateway.runtime import build_services, open_store
from gateway.services import DirectoryBook, GatewayServices
from gateway.settings import Settings
from gateway.worker import TriageWorker
from keys.kdf import KdfParams
from tests.gateway.fakes import FakeClassifier, FakeRedactor

CANARY_NAME = "Zephyrine Quillfeather"


@pytest.fixture
def insecure_kdf() -> KdfParams:
    """Argon2id at its minimum cost: for tests only, never for real keys."""
    return KdfParams(t=1, m_kib=8, p=1)


@dataclass
class Gateway:
    settings: Settings
    services: GatewayServices
    client: TestClient
    redactor: FakeRedactor
    classifier: FakeClassifier
    responder: ResponderSession

    def worker(self, clock: Callable[[], float] = time.time) -> TriageWorker:
        keys = load_worker_keys(self.settings, "demo")
        return TriageWorker(
            store=self.services.store,
            directories=DirectoryBook(self.services.store, {"demo": keys.root}),
            keys={"demo": keys},
            redactor=self.redactor,
            classifier=lambda: self.classifier,
            max_report_chars=self.settings.max_report_chars,
            lease_seconds=60,
            max_attempts=3,
            clock=clock,
        )


@pytest.fixture
def gateway(tmp_path: Path, insecure_kdf: KdfParams) -> Iterator[Gateway]:
    settings = Settings(data_dir=tmp_path / "var", client_config_dir=tmp_path / "config")
    store = open_store(settings)
    init_demo_organisation(settings, store, kdf=insecure_kdf)
    services = build_services(settings, store)
    app = create_app(settings, services)
    responder = load_session(DataDir(settings.data_dir).demo_responder_key, "demo")
    with TestClient(app, base_url="http://gateway.test") as client:
        yield Gateway(
            settings, services, client, FakeRedactor([CANARY_NAME]), FakeClassifier(), responder
        )
