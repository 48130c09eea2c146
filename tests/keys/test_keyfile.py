"""Key files: round trips per algorithm, and every tamper or hostile parameter is refused."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from keys.errors import KeyFileError
from keys.ids import b64u_encode
from keys.kdf import KdfParams
from keys.keyfile import (
    MAX_KEYFILE_BYTES,
    KeyAlg,
    KeyFile,
    read_keyfile,
    write_keyfile,
)
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.suites import Suite

PASSPHRASE = "correct horse battery staple"


def _rewrite(path: Path, change: dict[str, Any]) -> None:
    fields = json.loads(path.read_bytes()) | change
    path.write_text(json.dumps(fields))
    path.chmod(0o600)


@pytest.fixture
def responder_file(tmp_path: Path, insecure_kdf: KdfParams) -> tuple[Path, ResponderIdentity]:
    identity = ResponderIdentity.generate()
    path = tmp_path / "ana.key"
    write_keyfile(
        path,
        secret=identity.master_bytes(),
        alg=KeyAlg.RESPONDER,
        owner="responder:ana",
        passphrase=PASSPHRASE,
        kdf=insecure_kdf,
        extra={"org": "acme", "root": "0" * 32},
    )
    return path, identity


@pytest.mark.parametrize(
    ("alg", "secret"),
    [
        (KeyAlg.XWING, RecipientPrivateKey.generate(Suite.XWING).secret_bytes()),
        (KeyAlg.X25519, RecipientPrivateKey.generate(Suite.X25519).secret_bytes()),
        (KeyAlg.ED25519, SigningPrivateKey.generate().secret_bytes()),
        (KeyAlg.RESPONDER, ResponderIdentity.generate().master_bytes()),
    ],
)
def test_round_trip_per_algorithm(
    tmp_path: Path, insecure_kdf: KdfParams, alg: KeyAlg, secret: bytes
) -> None:
    # Given a key written to a key file
    path = tmp_path / "key.json"
    kid = write_keyfile(
        path, secret=secret, alg=alg, owner="worker", passphrase=PASSPHRASE, kdf=insecure_kdf
    )
    # When it is read back with the passphrase
    opened = read_keyfile(path, PASSPHRASE)
    # Then the secret, id and metadata come back, and the file is private to its owner
    assert (opened.alg, opened.kid, opened.secret, opened.owner) == (alg, kid, secret, "worker")
    assert opened.extra == {}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret.hex() not in repr(opened)


def test_typed_accessors_match_the_algorithm(
    responder_file: tuple[Path, ResponderIdentity], tmp_path: Path, insecure_kdf: KdfParams
) -> None:
    path, identity = responder_file
    opened = read_keyfile(path, PASSPHRASE)
    assert opened.responder_identity().encryption.public() == identity.encryption.public()
    assert opened.extra == {"org": "acme", "root": "0" * 32}
    with pytest.raises(KeyFileError, match="another kind"):
        opened.recipient_key()
    with pytest.raises(KeyFileError, match="another kind"):
        opened.signing_key()
    # And the other kinds give their own key objects
    signing = SigningPrivateKey.generate()
    write_keyfile(
        tmp_path / "s",
        secret=signing.secret_bytes(),
        alg="Ed25519",
        owner="w",
        passphrase=PASSPHRASE,
        kdf=insecure_kdf,
    )
    signing_file = read_keyfile(tmp_path / "s", PASSPHRASE)
    assert signing_file.signing_key().public() == signing.public()
    with pytest.raises(KeyFileError, match="another kind"):
        signing_file.responder_identity()
    recipient = RecipientPrivateKey.generate(Suite.X25519)
    write_keyfile(
        tmp_path / "r",
        secret=recipient.secret_bytes(),
        alg="X25519",
        owner="intake",
        passphrase=PASSPHRASE,
        kdf=insecure_kdf,
    )
    assert read_keyfile(tmp_path / "r", PASSPHRASE).recipient_key().public() == recipient.public()


def test_wrong_passphrase_is_refused(responder_file: tuple[Path, ResponderIdentity]) -> None:
    path, _ = responder_file
    with pytest.raises(KeyFileError, match="could not be opened") as caught:
        read_keyfile(path, "wrong horse battery staple")
    assert caught.value.__cause__ is None


def test_passphrase_is_unicode_normalised(tmp_path: Path, insecure_kdf: KdfParams) -> None:
    # Given a passphrase typed with a precomposed é, read back with e + combining accent
    secret = SigningPrivateKey.generate().secret_bytes()
    write_keyfile(
        tmp_path / "k",
        secret=secret,
        alg="Ed25519",
        owner="w",
        passphrase="caf\u00e9 au lait",
        kdf=insecure_kdf,
    )
    assert read_keyfile(tmp_path / "k", "cafe\u0301 au lait").secret == secret


@pytest.mark.parametrize(
    "change",
    [
        {"owner": "responder:eve"},
        {"created": 1},
        {"extra": {"org": "evil", "root": "0" * 32}},
        {"extra": {"org": "acme"}},
        {"nonce": b64u_encode(bytes(12))},
    ],
    ids=["owner", "created", "extra-value", "extra-removed", "nonce"],
)
def test_tampered_authenticated_fields_are_refused(
    responder_file: tuple[Path, ResponderIdentity], change: dict[str, Any]
) -> None:
    # Given a key file with one authenticated field changed
    path, _ = responder_file
    _rewrite(path, change)
    # Then it does not open
    with pytest.raises(KeyFileError, match="could not be opened"):
        read_keyfile(path, PASSPHRASE)


def test_swapped_public_key_and_kid_are_refused(
    responder_file: tuple[Path, ResponderIdentity], tmp_path: Path, insecure_kdf: KdfParams
) -> None:
    path, _ = responder_file
    other = ResponderIdentity.generate()
    other_path = tmp_path / "other.key"
    write_keyfile(
        other_path,
        secret=other.master_bytes(),
        alg=KeyAlg.RESPONDER,
        owner="x",
        passphrase=PASSPHRASE,
        kdf=insecure_kdf,
    )
    other_fields = json.loads(other_path.read_bytes())
    # A pub swapped alone (kid no longer matches), kid alone, or both together (AEAD fails)
    for change in (
        {"pub": other_fields["pub"]},
        {"kid": other_fields["kid"]},
        {"pub": other_fields["pub"], "kid": other_fields["kid"]},
    ):
        original = path.read_bytes()
        _rewrite(path, change)
        with pytest.raises(KeyFileError, match="could not be opened"):
            read_keyfile(path, PASSPHRASE)
        path.write_bytes(original)


def test_pub_that_does_not_match_the_secret_is_refused(
    tmp_path: Path, insecure_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a writer (with the passphrase) that recorded a foreign public key
    import keys.keyfile as keyfile_module

    foreign = SigningPrivateKey.generate().public().public_bytes
    monkeypatch.setattr(keyfile_module, "public_bytes_for", lambda alg, secret: foreign)
    write_keyfile(
        tmp_path / "k",
        secret=bytes(32),
        alg="Ed25519",
        owner="w",
        passphrase=PASSPHRASE,
        kdf=insecure_kdf,
    )
    monkeypatch.undo()
    # Then opening re-derives the public key and refuses the file
    with pytest.raises(KeyFileError, match="could not be opened"):
        read_keyfile(tmp_path / "k", PASSPHRASE)


@pytest.mark.parametrize(
    "kdf",
    [
        {"name": "argon2id", "t": 3, "m_kib": 64 * 1024 * 1024, "p": 4},  # 64 GiB
        {"name": "argon2id", "t": 10_000, "m_kib": 8, "p": 1},
        {"name": "argon2id", "t": 1, "m_kib": 8, "p": 255},
        {"name": "argon2id", "t": 1, "m_kib": 4, "p": 1},
        {"name": "argon2id", "t": 1.0, "m_kib": 8, "p": 1},
    ],
)
def test_oversize_kdf_parameters_are_refused_before_deriving(
    responder_file: tuple[Path, ResponderIdentity], kdf: dict[str, Any]
) -> None:
    # Given a hostile file asking for absurd Argon2id costs
    path, _ = responder_file
    salt = json.loads(path.read_bytes())["kdf"]["salt"]
    _rewrite(path, {"kdf": kdf | {"salt": salt}})
    # Then it is refused without running the KDF
    with pytest.raises(KeyFileError, match="out of bounds"):
        read_keyfile(path, PASSPHRASE)


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"v": True},
        {"type": "other"},
        {"aead": "AES-128-GCM"},
        {"created": "yesterday"},
        {"kid": "nope"},
        {"pub": 5},
        {"nonce": 5},
        {"pub": "***"},
        {"alg": "RSA"},
        {"owner": ""},
        {"owner": "a\nb"},
        {"extra": []},
        {"extra": {"a": 1}},
        {"extra": {"": "x"}},
        {"extra": {str(index): "x" for index in range(33)}},
        {"kdf": "argon2id"},
        {"kdf": {"name": "scrypt", "t": 1, "m_kib": 8, "p": 1, "salt": "AAAA"}},
        {"kdf": {"name": "argon2id", "t": 1, "m_kib": 8, "p": 1, "salt": "AAAA"}},
        {"kdf": {"name": "argon2id", "t": 1, "m_kib": 8, "p": 1}},
        {"nonce": "AAAA"},
        {"unknown": 1},
    ],
)
def test_malformed_files_are_refused(
    responder_file: tuple[Path, ResponderIdentity], change: dict[str, Any]
) -> None:
    path, _ = responder_file
    _rewrite(path, change)
    with pytest.raises(KeyFileError):
        read_keyfile(path, PASSPHRASE)


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"[]", b"\xff", b'{"v":1,"v":1}', b" " * (MAX_KEYFILE_BYTES + 1)]
)
def test_unparseable_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.key"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="malformed"):
        read_keyfile(path, PASSPHRASE)


def test_missing_file_and_readable_by_others_are_refused(
    responder_file: tuple[Path, ResponderIdentity],
) -> None:
    path, _ = responder_file
    with pytest.raises(KeyFileError, match="cannot be read"):
        read_keyfile(path.with_name("absent"), PASSPHRASE)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="other users"):
        read_keyfile(path, PASSPHRASE)


def test_write_never_clobbers_unless_asked(
    responder_file: tuple[Path, ResponderIdentity], insecure_kdf: KdfParams
) -> None:
    # Given an existing key file
    path, identity = responder_file
    # When another key is written to the same path
    with pytest.raises(FileExistsError):
        write_keyfile(
            path, secret=bytes(32), alg="X25519", owner="x", passphrase=PASSPHRASE, kdf=insecure_kdf
        )
    # Then the original is intact and no temporary file is left behind
    assert read_keyfile(path, PASSPHRASE).secret == identity.master_bytes()
    assert sorted(os.listdir(path.parent)) == [path.name]
    # And a passphrase change overwrites on purpose
    write_keyfile(
        path,
        secret=identity.master_bytes(),
        alg=KeyAlg.RESPONDER,
        owner="responder:ana",
        passphrase="a new passphrase",
        kdf=insecure_kdf,
        overwrite=True,
    )
    assert read_keyfile(path, "a new passphrase").secret == identity.master_bytes()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"secret": bytes(31)}, ValueError),
        ({"passphrase": ""}, ValueError),
        ({"alg": "RSA"}, ValueError),
        ({"owner": ""}, ValueError),
        ({"extra": {"k": 1}}, TypeError),
    ],
)
def test_write_refuses_bad_arguments(
    tmp_path: Path, insecure_kdf: KdfParams, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    arguments: dict[str, Any] = {
        "secret": bytes(32),
        "alg": "X25519",
        "owner": "o",
        "passphrase": PASSPHRASE,
        "kdf": insecure_kdf,
    } | kwargs
    with pytest.raises(error):
        write_keyfile(tmp_path / "k", **arguments)
    assert not (tmp_path / "k").exists()


def test_default_kdf_is_crypto_md() -> None:
    assert KdfParams.DEFAULT == KdfParams(t=3, m_kib=262144, p=4)
    assert isinstance(KeyFile, type)
