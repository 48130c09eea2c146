"""Pins of organisation root keys, kept by the reporter client (trust on first use).

Threat: a compromised gateway could serve a key directory of its own, with an intake key it
controls, and read every report. A reporter given the organisation's root key out of band passes
it with `--root-key`; otherwise the first key seen for a gateway and organisation is pinned, and
any later change is refused (fail closed) until the reporter removes the pin knowingly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class PinMismatchError(Exception):
    """The gateway presented a different root key from the one pinned for this organisation."""


class PinStore:
    """A small JSON file mapping "<gateway URL> <org>" to the pinned root public key (b64url)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def _load(self) -> dict[str, str]:
        if not self._path.exists():
            return {}
        data = json.loads(self._path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{self._path} is not a pin file")  # noqa: TRY004 - bad file content
        return {str(k): str(v) for k, v in data.items()}

    def check_or_pin(self, gateway: str, org: str, root_public_key: str) -> bool:
        """Return True if this key was newly pinned; raise `PinMismatchError` on a change."""
        pins = self._load()
        name = f"{gateway.rstrip('/')} {org}"
        pinned = pins.get(name)
        if pinned is not None:
            if pinned != root_public_key:
                raise PinMismatchError(
                    f"the root key of organisation {org!r} at this gateway has changed since it "
                    f"was pinned in {self._path}; refusing to send"
                )
            return False
        pins[name] = root_public_key
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(json.dumps(pins, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self._path)
        return True
