"""Settings: read once from the environment, secrets masked, production never in debug."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.settings import DEMO_PASSPHRASE, Settings, key_passphrase_from_env


def test_defaults_are_the_embedded_demo() -> None:
    settings = Settings.from_env({})
    assert settings.data_dir == Path("var")
    assert settings.effective_database_url.startswith("sqlite:///")
    assert str(settings.key_passphrase) == DEMO_PASSPHRASE
    assert settings.key_passphrase_from_env is False
    assert settings.debug is False


def test_environment_overrides_and_secrets_are_masked() -> None:
    settings = Settings.from_env(
        {
            "REPORTGW_DATA_DIR": "/srv/rg",
            "REPORTGW_PORT": "9000",
            "REPORTGW_KEY_PASSPHRASE": "correct horse battery",
            "REPORTGW_DATABASE_URL": "postgresql://localhost/test",
            "XDG_CONFIG_HOME": "/cfg",
        }
    )
    assert settings.data_dir == Path("/srv/rg")
    assert settings.port == 9000
    assert settings.effective_database_url == "postgresql://localhost/test"
    assert settings.key_passphrase_from_env is True
    assert settings.client_config_dir == Path("/cfg/reportgw")
    # The passphrase never shows in a repr (logs, tracebacks)
    assert "correct horse" not in repr(settings)


def test_bad_integer_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="REPORTGW_PORT must be an integer"):
        Settings.from_env({"REPORTGW_PORT": "eighty"})


def test_client_passphrase_comes_only_from_the_environment() -> None:
    assert key_passphrase_from_env({}) is None
    assert key_passphrase_from_env({"REPORTGW_KEY_PASSPHRASE": "x"}) == "x"


def test_overrides_return_a_copy() -> None:
    settings = Settings.from_env({})
    changed = settings.with_overrides(port=1234)
    assert (settings.port, changed.port) == (8000, 1234)
