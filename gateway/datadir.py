"""The data directory: its layout, and first-run initialisation of the embedded demo.

Layout (all under `settings.data_dir`, created 0700; key files 0600):

    reportgw.sqlite3                      the embedded database (ciphertext and routing only)
    locator-pepper                        32 random bytes keying the HMAC of lookup tokens
    orgs/<org>/root.key                   organisation root signing key (offline in production)
    orgs/<org>/root.pub                   the root public key the gateway pins (base64url)
    orgs/<org>/intake-<kid>.key           intake private key(s), held by the triage worker
    orgs/<org>/worker-signing.key         the worker's case-signing key
    demo-responder.key                    the demo responder's key file (passphrase-protected)
    models/                               the model registry

Every private key is in a passphrase-protected key file (Argon2id + AES-256-GCM, `keys.keyfile`).
The gateway process reads only the public directory from the database; the worker reads the intake
and signing keys; only the responder client opens the responder key file.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gateway.settings import ConfigError, Settings
from gateway.storage.store import Store, StoredDirectory
from gateway.worker import WorkerKeys
from keys.directory import IntakeKey, KeyDirectory, ResponderEntry, sign_directory
from keys.ids import KeyId, b64u_decode, b64u_encode, is_valid_org
from keys.kdf import KdfParams
from keys.keyfile import read_keyfile, write_keyfile
from keys.keypairs import (
    ED25519_ALG,
    RESPONDER_ALG,
    RecipientPrivateKey,
    ResponderIdentity,
    SigningPrivateKey,
    SigningPublicKey,
)
from keys.suites import Suite

DAY = 86_400
PEPPER_BYTES = 32
DIRECTORY_LIFETIME = 365 * DAY
INTAKE_KEY_LIFETIME = 90 * DAY
DEMO_RESPONDER_OWNER = "responder:demo"


@dataclass(frozen=True)
class DataDir:
    """Paths inside one data directory."""

    root: Path

    @property
    def pepper(self) -> Path:
        return self.root / "locator-pepper"

    def org_dir(self, org: str) -> Path:
        return self.root / "orgs" / org

    def root_key(self, org: str) -> Path:
        return self.org_dir(org) / "root.key"

    def root_pin(self, org: str) -> Path:
        return self.org_dir(org) / "root.pub"

    def orgs(self) -> list[str]:
        """Organisations with a directory here (names validated: they become path segments)."""
        base = self.root / "orgs"
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir() if p.is_dir() and is_valid_org(p.name))

    def worker_signing_key(self, org: str) -> Path:
        return self.org_dir(org) / "worker-signing.key"

    def intake_keys(self, org: str) -> list[Path]:
        return sorted(self.org_dir(org).glob("intake-*.key"))

    @property
    def demo_responder_key(self) -> Path:
        return self.root / "demo-responder.key"

    @property
    def models(self) -> Path:
        return self.root / "models"


def ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def load_or_create_pepper(data_dir: DataDir) -> bytes:
    """The locator pepper; created once with 0600 permissions."""
    ensure_private_dir(data_dir.root)
    if not data_dir.pepper.exists():
        fd = os.open(data_dir.pepper, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(PEPPER_BYTES))
    pepper = data_dir.pepper.read_bytes()
    if len(pepper) != PEPPER_BYTES:
        raise ConfigError("the locator pepper file is corrupt")
    return pepper


def init_demo_organisation(
    settings: Settings,
    store: Store,
    *,
    kdf: KdfParams = KdfParams.DEFAULT,
    clock: Callable[[], float] = time.time,
) -> bool:
    """Create the demo organisation's keys and signed directory if they do not exist yet.

    Returns True if it created them. Idempotent: an existing organisation is left alone.
    """
    org = settings.demo_org
    data_dir = DataDir(settings.data_dir)
    if store.get_directory(org) is not None:
        return False
    ensure_private_dir(data_dir.org_dir(org))
    now = int(clock())

    root = SigningPrivateKey.generate()
    write_keyfile(
        data_dir.root_key(org),
        secret=root.secret_bytes(),
        alg=ED25519_ALG,
        owner=f"org-root:{org}",
        passphrase=str(settings.root_passphrase),
        kdf=kdf,
    )
    intake = RecipientPrivateKey.generate(Suite.XWING)
    intake_public = intake.public()
    write_keyfile(
        data_dir.org_dir(org) / f"intake-{intake_public.kid}.key",
        secret=intake.secret_bytes(),
        alg=Suite.XWING.alg_name,
        owner=f"intake:{org}",
        passphrase=str(settings.worker_passphrase),
        kdf=kdf,
    )
    root_public = root.public().public_bytes
    root_pin = b64u_encode(root_public)
    # Root pins: the gateway reads root.pub, the worker its own key file (authenticated by the
    # key file's AEAD). Neither trusts the database row it verifies.
    data_dir.root_pin(org).write_text(root_pin + "\n", encoding="ascii")
    signer = SigningPrivateKey.generate()
    write_keyfile(
        data_dir.worker_signing_key(org),
        secret=signer.secret_bytes(),
        alg=ED25519_ALG,
        owner=f"worker:{org}",
        passphrase=str(settings.worker_passphrase),
        kdf=kdf,
        extra={"org": org, "root_public_key": root_pin},
    )
    responder = ResponderIdentity.generate()
    write_keyfile(
        data_dir.demo_responder_key,
        secret=responder.master_bytes(),
        alg=RESPONDER_ALG,
        owner=DEMO_RESPONDER_OWNER,
        passphrase=str(settings.key_passphrase),
        kdf=kdf,
        # The responder client pins the organisation's root key from its own key file, so a
        # gateway cannot substitute a directory with other keys.
        extra={"org": org, "root_public_key": root_pin},
    )
    directory = KeyDirectory(
        org=org,
        version=1,
        issued=now,
        not_after=now + DIRECTORY_LIFETIME,
        intake=(
            IntakeKey(
                public_key=intake_public,
                not_before=now - 60,
                not_after=now + INTAKE_KEY_LIFETIME,
            ),
        ),
        responders=(
            ResponderEntry(
                owner=DEMO_RESPONDER_OWNER,
                encryption=responder.encryption.public(),
                auth=responder.auth.public(),
            ),
        ),
        worker=signer.public(),
    )
    store.put_directory(
        StoredDirectory(org, directory.version, sign_directory(directory, root), root_public)
    )
    return True


def load_trusted_roots(settings: Settings) -> dict[str, SigningPublicKey]:
    """The gateway's pinned organisation root keys (from `orgs/<org>/root.pub`)."""
    data_dir = DataDir(settings.data_dir)
    roots: dict[str, SigningPublicKey] = {}
    for org in data_dir.orgs():
        path = data_dir.root_pin(org)
        if path.exists():
            roots[org] = SigningPublicKey(b64u_decode(path.read_text(encoding="ascii").strip()))
    return roots


def worker_orgs(settings: Settings) -> list[str]:
    """Organisations this worker holds keys for."""
    data_dir = DataDir(settings.data_dir)
    return [org for org in data_dir.orgs() if data_dir.worker_signing_key(org).exists()]


def load_worker_keys(settings: Settings, org: str) -> WorkerKeys:
    """Open the worker's intake and signing key files for `org` (passphrase from settings).

    The signing key file also pins the organisation's root key: the worker verifies key
    directories against it, never against the database.
    """
    data_dir = DataDir(settings.data_dir)
    passphrase = str(settings.worker_passphrase)
    intake: dict[KeyId, RecipientPrivateKey] = {}
    for path in data_dir.intake_keys(org):
        key = read_keyfile(path, passphrase).recipient_key()
        intake[key.public().kid] = key
    signing = read_keyfile(data_dir.worker_signing_key(org), passphrase)
    if signing.extra.get("org") != org or "root_public_key" not in signing.extra:
        raise ConfigError(f"the worker key file of {org!r} does not pin its organisation")
    root = SigningPublicKey(b64u_decode(signing.extra["root_public_key"]))
    return WorkerKeys(intake=intake, signer=signing.signing_key(), root=root)
