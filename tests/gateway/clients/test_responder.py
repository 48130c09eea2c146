"""Responder client: refuses wrong passphrases, non-responder key files, unpinned files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.clients.responder import ResponderKeyError, list_cases, load_session
from gateway.datadir import DataDir
from keys.errors import KeyFileError
from keys.kdf import KdfParams
from keys.keyfile import write_keyfile
from keys.keypairs import ED25519_ALG, RESPONDER_ALG, ResponderIdentity, SigningPrivateKey
from tests.gateway.conftest import Gateway


def test_wrong_passphrase_is_refused(gateway: Gateway) -> None:
    with pytest.raises(KeyFileError):
        load_session(DataDir(gateway.settings.data_dir).demo_responder_key, "wrong")


def test_non_responder_key_file_is_refused(tmp_path: Path, insecure_kdf: KdfParams) -> None:
    path = tmp_path / "signing.key"
    write_keyfile(
        path,
        secret=SigningPrivateKey.generate().secret_bytes(),
        alg=ED25519_ALG,
        owner="x",
        passphrase="pw",
        kdf=insecure_kdf,
    )
    with pytest.raises(ResponderKeyError, match="not a responder key"):
        load_session(path, "pw")


def test_responder_file_without_pins_is_refused(tmp_path: Path, insecure_kdf: KdfParams) -> None:
    path = tmp_path / "r.key"
    write_keyfile(
        path,
        secret=ResponderIdentity.generate().master_bytes(),
        alg=RESPONDER_ALG,
        owner="r",
        passphrase="pw",
        kdf=insecure_kdf,
    )
    with pytest.raises(ResponderKeyError, match="does not pin"):
        load_session(path, "pw")


def test_lists_cases(gateway: Gateway) -> None:
    assert list_cases(gateway.client, gateway.responder) == []
