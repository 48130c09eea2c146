"""Pins of organisation root keys and key-directory versions, kept by the clients.

Threats:
- A compromised gateway could serve a key directory of its own, with an intake key it controls,
  and read every report. A reporter given the organisation's root key out of band passes it with
  `--root-key`; otherwise the first root key seen for a gateway and organisation is pinned (trust
  on first use), and any later change is refused (fail closed).
- A gateway could replay an older, still-valid directory that lists a retired intake key or a
  revoked worker key (rollback). The highest directory version seen is pinned too, and older
  directories are refused.

A pin is written only after the directory verified, so a broken or hostile first contact cannot
plant a wrong root.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from gateway.settings import ConfigError


class PinMismatchError(Exception):
    """The gateway presented a different root key from the one pinned for this organisation."""


@dataclass(frozen=True)
class Pin:
    root_public_key: str  # base64url
    version: int


class PinStore:
    """A small JSON file mapping "<gateway URL> <org>" to the pinned root key and version."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @staticmethod
    def _name(gateway: str, org: str) -> str:
        return f"{gateway.rstrip('/')} {org}"

    def _load(self) -> dict[str, dict[str, object]]:
        if not self._path.exists():
            return {}
        data = json.loads(self._path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ConfigError(f"{self._path} is not a pin file")
        return data

    def get(self, gateway: str, org: str) -> Pin | None:
        entry = self._load().get(self._name(gateway, org))
        if entry is None:
            return None
        return Pin(str(entry["root_public_key"]), int(str(entry["version"])))

    def check_root(self, gateway: str, org: str, root_public_key: str) -> Pin | None:
        """Return the pin, raising `PinMismatchError` if the served root key differs from it."""
        pin = self.get(gateway, org)
        if pin is not None and pin.root_public_key != root_public_key:
            raise PinMismatchError(
                f"the root key of organisation {org!r} at this gateway has changed since it "
                f"was pinned in {self._path}; refusing to send"
            )
        return pin

    def record(self, gateway: str, org: str, root_public_key: str, version: int) -> bool:
        """Pin a verified directory's root and version; returns True if the root is new."""
        pins = self._load()
        name = self._name(gateway, org)
        previous = pins.get(name)
        pins[name] = {
            "root_public_key": root_public_key,
            "version": max(version, int(str(previous["version"])) if previous else 0),
        }
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(json.dumps(pins, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self._path)
        return previous is None
