"""Passphrase-protected key files (CRYPTO.md 5), one JSON file per key.

::

    {"v":1,"type":"wbgw-keyfile","alg":...,"owner":...,"kid":...,"pub":b64u,"created":int,
     "kdf":{"name":"argon2id","t":..,"m_kib":..,"p":..,"salt":b64u},"aead":"AES-256-GCM",
     "nonce":b64u,"extra":{str: str},"ct":b64u}

The secret is sealed with AES-256-GCM under an Argon2id key derived from the passphrase,
because PKCS#8 ``BestAvailableEncryption`` uses only 2048 PBKDF2 iterations. The associated
data is the canonical JSON of every field except ``ct``, so swapping ``owner``, ``kid``,
``pub`` or an ``extra`` field (such as a pinned root key) breaks decryption. After
decryption the public key is re-derived from the secret and compared with ``pub`` and
``kid``. KDF parameters are bounded before the KDF runs, so a hostile file cannot exhaust
memory. Files are written atomically with mode 0600 and refused when others can read them.
"""

from __future__ import annotations

import enum
import hmac
import os
import secrets
import stat
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from keys.errors import KeyFileError
from keys.ids import KeyId, b64u_decode, b64u_encode, is_valid_key_id
from keys.kdf import SALT_BYTES
from keys.kdf import KdfParams as KdfParams
from keys.keypairs import (
    ED25519_ALG,
    RESPONDER_ALG,
    SECRET_BYTES,
    RecipientPrivateKey,
    ResponderIdentity,
    SigningPrivateKey,
    key_id,
)
from keys.strict_json import dump_canonical, load_object
from keys.suites import Suite

KEYFILE_VERSION = 1
KEYFILE_TYPE = "wbgw-keyfile"
MAX_KEYFILE_BYTES = 64 * 1024
# The library refuses only an empty passphrase; the strength policy belongs to the caller (the
# embedded demo documents its `demo` default and warns about it at start).
MIN_PASSPHRASE_CHARS = 1
MAX_PASSPHRASE_CHARS = 1024
MAX_EXTRA_FIELDS = 32
_NONCE_BYTES = 12
_FIELDS = frozenset(
    {"v", "type", "alg", "owner", "kid", "pub", "created", "kdf", "aead", "nonce", "extra", "ct"}
)
_KDF_FIELDS = frozenset({"name", "t", "m_kib", "p", "salt"})
_UNREADABLE = "key file could not be opened"
_MALFORMED = "key file is malformed"


class KeyAlg(enum.StrEnum):
    """What the 32-byte secret in a key file is."""

    XWING = "MLKEM768-X25519"  # an X-Wing seed (intake or reporter key)
    X25519 = "X25519"  # an X25519 scalar (fallback recipient key)
    ED25519 = ED25519_ALG  # an Ed25519 seed (worker, organisation root)
    RESPONDER = RESPONDER_ALG  # a responder master (see keypairs.ResponderIdentity)


@dataclass(frozen=True)
class KeyFile:
    """An opened key file. ``repr`` leaves the secret out."""

    alg: KeyAlg
    owner: str
    kid: KeyId
    secret: bytes = field(repr=False)
    extra: Mapping[str, str]
    created: int

    def recipient_key(self) -> RecipientPrivateKey:
        """The secret as an HPKE recipient key.

        Raises:
            KeyFileError: the file holds another kind of key.
        """
        if self.alg not in (KeyAlg.XWING, KeyAlg.X25519):
            raise KeyFileError("key file holds another kind of key")
        return RecipientPrivateKey.from_secret(Suite.from_alg_name(self.alg), self.secret)

    def signing_key(self) -> SigningPrivateKey:
        """The secret as an Ed25519 signing key.

        Raises:
            KeyFileError: the file holds another kind of key.
        """
        if self.alg is not KeyAlg.ED25519:
            raise KeyFileError("key file holds another kind of key")
        return SigningPrivateKey.from_secret(self.secret)

    def responder_identity(self) -> ResponderIdentity:
        """The secret as a responder identity.

        Raises:
            KeyFileError: the file holds another kind of key.
        """
        if self.alg is not KeyAlg.RESPONDER:
            raise KeyFileError("key file holds another kind of key")
        return ResponderIdentity.from_master(self.secret)


def public_bytes_for(alg: KeyAlg, secret: bytes) -> bytes:
    """Derive the public bytes recorded as ``pub`` for a secret of this algorithm."""
    if alg is KeyAlg.ED25519:
        return SigningPrivateKey.from_secret(secret).public().public_bytes
    if alg is KeyAlg.RESPONDER:
        return ResponderIdentity.from_master(secret).public_bytes()
    return RecipientPrivateKey.from_secret(Suite.from_alg_name(alg), secret).public().public_bytes


def write_keyfile(
    path: str | os.PathLike[str],
    *,
    secret: bytes,
    alg: KeyAlg | str,
    owner: str,
    passphrase: str,
    kdf: KdfParams = KdfParams.DEFAULT,
    extra: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> KeyId:
    """Seal ``secret`` under ``passphrase`` and write it atomically to ``path`` (mode 0600).

    Args:
        path: where to write; the parent directory must exist.
        secret: the 32-byte secret.
        alg: what the secret is (a ``KeyAlg`` value).
        owner: who the key belongs to, e.g. ``"responder:ana"``; authenticated.
        passphrase: at least ``MIN_PASSPHRASE_CHARS`` characters; NFC-normalised.
        kdf: Argon2id cost; ``KdfParams.DEFAULT`` outside tests.
        extra: more authenticated fields, e.g. the organisation or a pinned root key id.
        overwrite: replace an existing file (a passphrase change). Off by default, so a
            typo cannot destroy a private key.

    Returns:
        The key id written to the file.

    Raises:
        ValueError: an argument is malformed.
        FileExistsError: ``path`` exists and ``overwrite`` is false.
    """
    key_alg = KeyAlg(alg)
    if not isinstance(secret, bytes) or len(secret) != SECRET_BYTES:
        raise ValueError("a key secret is exactly 32 bytes")
    if not MIN_PASSPHRASE_CHARS <= len(passphrase) <= MAX_PASSPHRASE_CHARS:
        raise ValueError("passphrase length out of bounds")
    public_bytes = public_bytes_for(key_alg, secret)
    kid = key_id(key_alg, public_bytes)
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    header: dict[str, Any] = {
        "v": KEYFILE_VERSION,
        "type": KEYFILE_TYPE,
        "alg": str(key_alg),
        "owner": _check_owner(owner),
        "kid": kid,
        "pub": b64u_encode(public_bytes),
        "created": int(time.time()),
        "kdf": {
            "name": "argon2id",
            "t": kdf.t,
            "m_kib": kdf.m_kib,
            "p": kdf.p,
            "salt": b64u_encode(salt),
        },
        "aead": "AES-256-GCM",
        "nonce": b64u_encode(nonce),
        "extra": _check_extra(dict(extra or {})),
    }
    wrapping_key = kdf.derive(_passphrase_bytes(passphrase), salt=salt)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, secret, _canonical(header))
    document = _canonical({**header, "ct": b64u_encode(ciphertext)}) + b"\n"
    _write_atomically(Path(path), document, overwrite=overwrite)
    return kid


def read_keyfile(path: str | os.PathLike[str], passphrase: str) -> KeyFile:
    """Open a key file.

    Raises:
        KeyFileError: the file is unreadable, readable by others, malformed, has KDF
            parameters out of bounds, was tampered with, or the passphrase is wrong. A wrong
            passphrase and tampering give the same message.
    """
    document = _read_private_file(Path(path))
    fields = _load(document)
    header = {name: value for name, value in fields.items() if name != "ct"}
    key_alg, kdf, salt = _check_header(header)
    public_bytes = _decode(header["pub"])
    if key_id(key_alg, public_bytes) != header["kid"]:
        raise KeyFileError(_UNREADABLE)
    nonce = _decode(header["nonce"])
    ciphertext = _decode(fields["ct"])
    if len(nonce) != _NONCE_BYTES:
        raise KeyFileError(_MALFORMED)
    wrapping_key = kdf.derive(_passphrase_bytes(passphrase), salt=salt)
    try:
        secret = AESGCM(wrapping_key).decrypt(nonce, ciphertext, _canonical(header))
    except InvalidTag:
        raise KeyFileError(_UNREADABLE) from None
    # A file sealed by someone who knew the passphrase but recorded a foreign public key
    # would otherwise let ``pub``/``kid`` name a key the secret does not match.
    if len(secret) != SECRET_BYTES or not hmac.compare_digest(
        public_bytes_for(key_alg, secret), public_bytes
    ):
        raise KeyFileError(_UNREADABLE)
    return KeyFile(
        alg=key_alg,
        owner=header["owner"],
        kid=KeyId(header["kid"]),
        secret=secret,
        extra=dict(header["extra"]),
        created=header["created"],
    )


def _check_header(header: dict[str, Any]) -> tuple[KeyAlg, KdfParams, bytes]:
    if header.get("v") != KEYFILE_VERSION or type(header.get("v")) is not int:
        raise KeyFileError("key file version is not supported")
    if (
        header["type"] != KEYFILE_TYPE
        or header["aead"] != "AES-256-GCM"
        or type(header["created"]) is not int
    ):
        raise KeyFileError(_MALFORMED)
    if not is_valid_key_id(header["kid"]) or not isinstance(header["pub"], str):
        raise KeyFileError(_MALFORMED)
    try:
        key_alg = KeyAlg(header["alg"])
        _check_owner(header["owner"])
        _check_extra(header["extra"])
    except (ValueError, TypeError):
        raise KeyFileError(_MALFORMED) from None
    settings = header["kdf"]
    if not isinstance(settings, dict) or set(settings) != _KDF_FIELDS:
        raise KeyFileError(_MALFORMED)
    if settings["name"] != "argon2id":
        raise KeyFileError(_MALFORMED)
    try:
        # Bounded before any derivation: a hostile file cannot ask for 64 GiB of memory.
        kdf = KdfParams(t=settings["t"], m_kib=settings["m_kib"], p=settings["p"])
    except ValueError:
        raise KeyFileError("key file KDF parameters are out of bounds") from None
    salt = _decode(settings["salt"])
    if len(salt) != SALT_BYTES:
        raise KeyFileError(_MALFORMED)
    return key_alg, kdf, salt


def _check_owner(owner: object) -> str:
    if not isinstance(owner, str) or not 1 <= len(owner) <= 128 or not owner.isprintable():
        raise ValueError("owner must be 1-128 printable characters")
    return owner


def _check_extra(extra: object) -> dict[str, str]:
    if not isinstance(extra, dict) or len(extra) > MAX_EXTRA_FIELDS:
        raise ValueError("extra must be a small mapping of strings")
    for name, value in extra.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError("extra fields are strings")
        if not 1 <= len(name) <= 64 or len(value) > 4096:
            raise ValueError("extra field too long")
    return extra


def _passphrase_bytes(passphrase: str) -> bytes:
    # NFC, so the same passphrase typed on another platform or keyboard derives the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _canonical(obj: Mapping[str, Any]) -> bytes:
    return dump_canonical(obj)


def _decode(value: object) -> bytes:
    if not isinstance(value, str):
        raise KeyFileError(_MALFORMED)
    try:
        return b64u_decode(value)
    except ValueError:
        raise KeyFileError(_MALFORMED) from None


def _load(document: bytes) -> dict[str, Any]:
    fields = load_object(document, KeyFileError, _MALFORMED)
    if set(fields) != _FIELDS:
        raise KeyFileError(_MALFORMED)
    return fields


def _read_private_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            # A key file others can read has already leaked its Argon2id-protected secret
            # to offline guessing; refuse it, as ssh does, so the problem gets fixed.
            if os.fstat(handle.fileno()).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise KeyFileError("key file is accessible to other users")
            document = handle.read(MAX_KEYFILE_BYTES + 1)
    except OSError:
        raise KeyFileError("key file cannot be read") from None
    if len(document) > MAX_KEYFILE_BYTES:
        raise KeyFileError(_MALFORMED)
    return document


def _write_atomically(path: Path, document: bytes, *, overwrite: bool) -> None:
    # mkstemp creates the file with mode 0600 whatever the umask, so the secret is never
    # briefly readable by others; the rename or link makes the write all-or-nothing.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".keyfile-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails with FileExistsError instead of clobbering
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
