"""The objects the routes share, built once by the composition root (`app.create_app`)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.storage.store import Store
from keys.directory import KeyDirectory, verify_directory
from keys.errors import DirectoryError
from keys.keypairs import SigningPublicKey

Clock = Callable[[], float]
log = logging.getLogger("reportgw")


def utc_day(now: float) -> str:
    """The coarse day (YYYY-MM-DD, UTC) that is all the gateway records of time."""
    return datetime.fromtimestamp(now, tz=UTC).strftime("%Y-%m-%d")


class DirectoryBook:
    """Verified key directories per organisation, against root keys pinned outside the database.

    Threat: whoever can write the database (a compromised gateway, a stolen backup restored) must
    not be able to substitute a directory listing their own intake or responder keys. So each
    organisation's root public key comes from a trusted source the composition root passes in
    (the worker's own key file, or the pinned root file of the data directory), never from the
    row being checked. A directory that does not verify, has expired, or is older than one seen
    before (rollback) makes the organisation look unknown: every caller fails closed.
    """

    def __init__(
        self, store: Store, roots: Mapping[str, SigningPublicKey], *, clock: Clock = time.time
    ) -> None:
        self._store = store
        self._roots = dict(roots)
        self._clock = clock
        self._cache: dict[str, tuple[int, KeyDirectory]] = {}
        self._highest: dict[str, int] = {}

    def root(self, org: str) -> SigningPublicKey | None:
        """The pinned root public key of `org`, if this process trusts one."""
        return self._roots.get(org)

    def get(self, org: str) -> KeyDirectory | None:
        root = self._roots.get(org)
        stored = self._store.get_directory(org)
        if root is None or stored is None:
            return None
        now = self._clock()
        cached = self._cache.get(org)
        if cached is not None and cached[0] == stored.version:
            return cached[1] if now < cached[1].not_after else None
        try:
            directory = verify_directory(
                stored.signed,
                root,
                org=org,
                now=now,
                min_version=self._highest.get(org, 0),
            )
        except DirectoryError:
            log.warning("key directory refused org=%s", org)
            return None
        self._highest[org] = directory.version
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
