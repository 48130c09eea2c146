"""The objects the routes share, built once by the composition root (`app.create_app`)."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from gateway.storage.store import Store
from keys.directory import KeyDirectory, verify_directory
from keys.keypairs import SigningPublicKey

Clock = Callable[[], float]


def utc_day(now: float) -> str:
    """The coarse day (YYYY-MM-DD, UTC) that is all the gateway records of time."""
    return datetime.fromtimestamp(now, tz=UTC).strftime("%Y-%m-%d")


@dataclass
class DirectoryBook:
    """Verified key directories per organisation, cached by version.

    The gateway re-verifies the stored directory against its root key rather than trusting the
    database row: a tampered row fails closed (the organisation looks unknown).
    """

    store: Store
    clock: Clock = time.time
    _cache: dict[str, tuple[int, KeyDirectory]] = field(default_factory=dict)

    def get(self, org: str) -> KeyDirectory | None:
        stored = self.store.get_directory(org)
        if stored is None:
            return None
        cached = self._cache.get(org)
        if cached is not None and cached[0] == stored.version:
            return cached[1]
        directory = verify_directory(
            stored.signed,
            SigningPublicKey(stored.root_public_key),
            org=org,
            now=int(self.clock()),
        )
        self._cache[org] = (stored.version, directory)
        return directory


@dataclass
class GatewayServices:
    """What the HTTP routes need: the store, the directories, the pepper and a clock."""

    store: Store
    directories: DirectoryBook
    # Server secret keying the HMAC of reporters' lookup tokens: a stolen database alone does not
    # let anyone test a guessed receipt against the stored locators.
    locator_pepper: bytes
    max_skew_seconds: int = 300
    clock: Clock = time.time

    def locator_for(self, lookup_token: bytes) -> str:
        return hmac.new(self.locator_pepper, lookup_token, hashlib.sha256).hexdigest()
