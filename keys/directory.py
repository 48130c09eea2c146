"""The organisation's signed key directory (CRYPTO.md 7).

The organisation root key (Ed25519, kept offline) signs a directory of the current intake
keys, the responders' keys and the triage worker's signing key. Clients pin the root
public key and a minimum version, so a compromised gateway can neither substitute its own
keys (signature), replay an old directory that still lists a revoked key (rollback), nor
keep serving a directory past its lifetime (expiry).

Wire format: ``{"body": b64u(body JSON), "sig": b64u(Ed25519), "root": root key id}``.
The body bytes are verified exactly as received, before they are parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from keys.errors import DirectoryError, EnvelopeError, SignatureError
from keys.ids import KeyId, b64u_decode, b64u_encode, is_valid_key_id, is_valid_org
from keys.keypairs import RecipientPublicKey, SigningPrivateKey, SigningPublicKey
from keys.strict_json import dump_canonical, load_object
from keys.suites import ALLOWED_SUITES, Suite

DIRECTORY_TYPE = "wbgw-key-directory"
DIRECTORY_VERSION = 1
MAX_DIRECTORY_BYTES = 1024 * 1024
_SIGNATURE_LABEL = b"wbgw/v1/key-directory\x00"
_MALFORMED = "key directory is malformed"


@dataclass(frozen=True)
class IntakeKey:
    """An intake key that reporters seal to, valid from ``not_before`` until ``not_after``."""

    public_key: RecipientPublicKey
    not_before: int
    not_after: int

    @property
    def kid(self) -> KeyId:
        """The key id written in envelope headers."""
        return self.public_key.kid

    @property
    def suite(self) -> Suite:
        """The suite of the key."""
        return self.public_key.suite


@dataclass(frozen=True)
class ResponderEntry:
    """A responder: cases are sealed to ``encryption``; requests are signed by ``auth``."""

    owner: str
    encryption: RecipientPublicKey
    auth: SigningPublicKey

    @property
    def kid(self) -> KeyId:
        """The key id of the encryption key (the responder's id in case headers)."""
        return self.encryption.kid


@dataclass(frozen=True)
class KeyDirectory:
    """The content of a key directory. Construct it to sign; get it from verification.

    Raises:
        ValueError: the content is inconsistent (bad org, no intake key, duplicate key ids,
            inverted validity windows).
    """

    org: str
    version: int
    issued: int
    not_after: int
    intake: tuple[IntakeKey, ...]
    responders: tuple[ResponderEntry, ...]
    worker: SigningPublicKey

    def __post_init__(self) -> None:
        if not is_valid_org(self.org):
            raise ValueError("organisation id is malformed")
        if self.version < 1 or self.issued > self.not_after or not self.intake:
            raise ValueError("directory version, lifetime or intake keys are invalid")
        if any(key.not_before > key.not_after for key in self.intake):
            raise ValueError("an intake key's validity window is inverted")
        kids = [key.kid for key in self.intake] + [entry.kid for entry in self.responders]
        auth_kids = [entry.auth.kid for entry in self.responders]
        if len(set(kids)) != len(kids) or len(set(auth_kids)) != len(auth_kids):
            raise ValueError("a key id is listed twice")

    def current_intake(self, now: float) -> IntakeKey:
        """Return the intake key reporters should seal to at ``now``.

        Among keys whose window contains ``now``, the newest (latest ``not_before``) wins,
        then the preferred suite.

        Raises:
            DirectoryError: no intake key is valid at ``now``.
        """
        valid = [key for key in self.intake if key.not_before <= now < key.not_after]
        if not valid:
            raise DirectoryError("no intake key is valid now")
        return max(valid, key=lambda key: (key.not_before, -ALLOWED_SUITES.index(key.suite)))

    def responder_by_auth_kid(self, kid: str) -> ResponderEntry:
        """Return the responder whose request-signing key has this id.

        Raises:
            KeyError: no responder has it (unknown or revoked).
        """
        for entry in self.responders:
            if entry.auth.kid == kid:
                return entry
        raise KeyError("unknown responder key")

    def responder_keys(self) -> tuple[RecipientPublicKey, ...]:
        """The encryption keys that new cases are sealed to: every listed responder."""
        return tuple(entry.encryption for entry in self.responders)

    def to_body_bytes(self) -> bytes:
        """The canonical body bytes that the root key signs."""
        return dump_canonical(
            {
                "type": DIRECTORY_TYPE,
                "v": DIRECTORY_VERSION,
                "org": self.org,
                "version": self.version,
                "issued": self.issued,
                "not_after": self.not_after,
                "intake": [
                    {
                        "kid": key.kid,
                        "suite": key.suite.ids,
                        "pub": b64u_encode(key.public_key.public_bytes),
                        "not_before": key.not_before,
                        "not_after": key.not_after,
                    }
                    for key in self.intake
                ],
                "responders": [
                    {
                        "owner": entry.owner,
                        "kid": entry.kid,
                        "suite": entry.encryption.suite.ids,
                        "pub": b64u_encode(entry.encryption.public_bytes),
                        "auth_pub": b64u_encode(entry.auth.public_bytes),
                    }
                    for entry in self.responders
                ],
                "worker": {"kid": self.worker.kid, "pub": b64u_encode(self.worker.public_bytes)},
            }
        )


def sign_directory(directory: KeyDirectory, root: SigningPrivateKey) -> bytes:
    """Sign ``directory`` with the organisation root key and return the wire bytes."""
    body = directory.to_body_bytes()
    return dump_canonical(
        {
            "body": b64u_encode(body),
            "sig": b64u_encode(root.sign(_SIGNATURE_LABEL + body)),
            "root": root.kid,
        }
    )


def verify_directory(
    data: bytes,
    root_public: SigningPublicKey,
    *,
    org: str,
    now: float,
    min_version: int = 0,
) -> KeyDirectory:
    """Verify a signed directory against the pinned root key and return its content.

    Args:
        data: the wire bytes.
        root_public: the organisation root key pinned by the client.
        org: the organisation the client belongs to.
        now: the current time (Unix seconds).
        min_version: the highest version this client has already accepted; older
            directories are refused (rollback protection).

    Raises:
        DirectoryError: malformed, signed by another key, for another organisation,
            older than ``min_version``, or expired.
    """
    if not isinstance(data, bytes) or len(data) > MAX_DIRECTORY_BYTES:
        raise DirectoryError(_MALFORMED)
    outer = load_object(data, DirectoryError, _MALFORMED)
    if set(outer) != {"body", "sig", "root"}:
        raise DirectoryError(_MALFORMED)
    if outer["root"] != root_public.kid:
        raise DirectoryError("key directory is signed by another root key")
    body = _decode(outer["body"])
    try:
        root_public.verify(_decode(outer["sig"]), _SIGNATURE_LABEL + body)
    except SignatureError:
        raise DirectoryError("key directory signature does not verify") from None
    # Only authenticated bytes are parsed beyond this point.
    directory = _parse_body(load_object(body, DirectoryError, _MALFORMED))
    if directory.org != org:
        raise DirectoryError("key directory is for another organisation")
    if directory.version < min_version:
        raise DirectoryError("key directory is older than one already seen")
    if now >= directory.not_after:
        raise DirectoryError("key directory has expired")
    return directory


def _parse_body(fields: dict[str, Any]) -> KeyDirectory:
    expected = {"type", "v", "org", "version", "issued", "not_after", "intake"}
    if set(fields) != expected | {"responders", "worker"}:
        raise DirectoryError(_MALFORMED)
    if fields["type"] != DIRECTORY_TYPE or type(fields["v"]) is not int:
        raise DirectoryError(_MALFORMED)
    if fields["v"] != DIRECTORY_VERSION:
        raise DirectoryError("key directory format version is not supported")
    try:
        intake = tuple(_parse_intake(item) for item in _list(fields["intake"]))
        responders = tuple(_parse_responder(item) for item in _list(fields["responders"]))
        worker_fields = _object(fields["worker"], {"kid", "pub"})
        return KeyDirectory(
            org=fields["org"],
            version=_int(fields["version"]),
            issued=_int(fields["issued"]),
            not_after=_int(fields["not_after"]),
            intake=intake,
            responders=responders,
            worker=_signing_key(worker_fields["pub"], worker_fields["kid"]),
        )
    except (ValueError, TypeError, EnvelopeError):
        raise DirectoryError(_MALFORMED) from None


def _parse_intake(item: object) -> IntakeKey:
    fields = _object(item, {"kid", "suite", "pub", "not_before", "not_after"})
    return IntakeKey(
        public_key=_recipient_key(fields["suite"], fields["pub"], fields["kid"]),
        not_before=_int(fields["not_before"]),
        not_after=_int(fields["not_after"]),
    )


def _parse_responder(item: object) -> ResponderEntry:
    fields = _object(item, {"owner", "kid", "suite", "pub", "auth_pub"})
    if not isinstance(fields["owner"], str):
        raise TypeError("owner")
    return ResponderEntry(
        owner=fields["owner"],
        encryption=_recipient_key(fields["suite"], fields["pub"], fields["kid"]),
        auth=SigningPublicKey(_decode(fields["auth_pub"])),
    )


def _recipient_key(suite_ids: object, pub: object, kid: object) -> RecipientPublicKey:
    public_key = RecipientPublicKey(Suite.from_ids(suite_ids), _decode(pub))
    # The listed id must be the id of the listed key, so no one can file a key under
    # another key's id.
    if not is_valid_key_id(kid) or public_key.kid != kid:
        raise ValueError("key id does not match its key")
    return public_key


def _signing_key(pub: object, kid: object) -> SigningPublicKey:
    key = SigningPublicKey(_decode(pub))
    if key.kid != kid:
        raise ValueError("key id does not match its key")
    return key


def _object(value: object, names: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict) or set(value) != names:
        raise ValueError("unexpected fields")
    return value


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError("expected an integer")
    return value


def _decode(value: object) -> bytes:
    if not isinstance(value, str):
        raise DirectoryError(_MALFORMED)
    try:
        return b64u_decode(value)
    except ValueError:
        raise DirectoryError(_MALFORMED) from None
