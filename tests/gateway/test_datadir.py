"""The data directory is private to its user: 0700 folders, 0600 files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gateway.datadir import DataDir, init_demo_organisation, load_trusted_roots, worker_orgs
from gateway.runtime import open_store
from gateway.settings import Settings
from keys.kdf import KdfParams


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_initialised_data_dir_is_private(tmp_path: Path, insecure_kdf: KdfParams) -> None:
    old = os.umask(0o077)  # what `reportgw` sets for itself
    try:
        settings = Settings(data_dir=tmp_path / "var")
        store = open_store(settings)
        init_demo_organisation(settings, store, kdf=insecure_kdf)
    finally:
        os.umask(old)
    data_dir = DataDir(settings.data_dir)
    assert _mode(data_dir.root) == 0o700
    assert _mode(data_dir.org_dir("demo")) == 0o700
    for key_file in (data_dir.demo_responder_key, data_dir.worker_signing_key("demo")):
        assert _mode(key_file) == 0o600
    assert _mode(data_dir.root / "reportgw.sqlite3") & 0o077 == 0
    # And the pins the gateway and worker trust are there
    assert set(load_trusted_roots(settings)) == {"demo"}
    assert worker_orgs(settings) == ["demo"]


def test_open_store_tightens_an_existing_root(tmp_path: Path) -> None:
    root = tmp_path / "var"
    root.mkdir(mode=0o755)
    open_store(Settings(data_dir=root))
    assert _mode(root) == 0o700


def test_invalid_org_folders_are_ignored(tmp_path: Path, insecure_kdf: KdfParams) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    init_demo_organisation(settings, open_store(settings), kdf=insecure_kdf)
    (settings.data_dir / "orgs" / "Bad Name").mkdir()
    assert DataDir(settings.data_dir).orgs() == ["demo"]
