"""Settings: the one module that reads the environment.

Every other module receives a `Settings` object (or the pieces of it it needs) from the composition
root. Secrets are wrapped in `starlette.datastructures.Secret` so that a `repr` of the settings, an
exception or a log line never shows a passphrase.

Environment variables (all optional; the defaults are the embedded demo):

- ``REPORTGW_DATA_DIR``: data directory (default ``./var``).
- ``REPORTGW_DATABASE_URL``: SQLAlchemy URL (default SQLite in the data directory).
- ``REPORTGW_HOST`` / ``REPORTGW_PORT``: where ``serve`` listens (default 127.0.0.1:8000).
- ``REPORTGW_KEY_PASSPHRASE``: passphrase of the responder key file (demo default ``demo``).
- ``REPORTGW_WORKER_PASSPHRASE``: passphrase of the worker's intake and signing key files.
- ``REPORTGW_ROOT_PASSPHRASE``: passphrase of the organisation root key file (offline in
  production; the demo keeps it in the data directory).
- ``REPORTGW_CORPUS_DIR``: training corpus (default: the repository's ``training_data/reports``).
- ``REPORTGW_REDACTION_RULES``: an organisation's redaction rules file (YAML or JSON: extra ID
  formats, names and terms; see docs/REDACTION.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from starlette.datastructures import Secret

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the documented demo default, printed at start.
REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting, data file or command-line input of ours is wrong; the message says which.

    Messages are written by us and never quote report content, so the CLI may show them.
    """


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs, resolved once from the environment."""

    data_dir: Path = Path("var")
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    key_passphrase: Secret = field(default_factory=lambda: Secret(DEMO_PASSPHRASE))
    worker_passphrase: Secret = field(default_factory=lambda: Secret(DEMO_PASSPHRASE))
    root_passphrase: Secret = field(default_factory=lambda: Secret(DEMO_PASSPHRASE))
    key_passphrase_from_env: bool = False
    corpus_dir: Path = REPO_ROOT / "training_data" / "reports"
    demo_org: str = "demo"
    # The largest request body accepted. Envelopes are padded to buckets; 1 MiB of ciphertext is
    # far above any text report and bounds the memory an anonymous client can make us hold.
    max_body_bytes: int = 1_200_000
    # The largest report text the worker opens: bounds redaction time (regex and NER cost).
    max_report_chars: int = 20_000
    worker_poll_seconds: float = 0.5
    # A claimed job whose worker died is offered again after this long.
    job_lease_seconds: int = 120
    # A job that has crashed a worker this many times is parked, not retried forever.
    max_job_attempts: int = 5
    # Responder request signatures older or newer than this are refused (replay window).
    request_max_skew_seconds: int = 300
    debug: bool = False
    redaction_rules: Path | None = None
    # Where the command-line clients keep their pins of organisation root keys (trust on first
    # use for reporters who were not given the key out of band).
    client_config_dir: Path = Path.home() / ".config" / "reportgw"

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'reportgw.sqlite3').resolve()}"

    def with_overrides(self, **changes: object) -> Settings:
        """Return a copy with the given fields replaced (CLI flags win over the environment)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment (``os.environ`` unless one is given)."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            data_dir=Path(env.get("REPORTGW_DATA_DIR", str(defaults.data_dir))),
            database_url=env.get("REPORTGW_DATABASE_URL", ""),
            host=env.get("REPORTGW_HOST", defaults.host),
            port=_int(env, "REPORTGW_PORT", defaults.port),
            key_passphrase=Secret(env.get("REPORTGW_KEY_PASSPHRASE", DEMO_PASSPHRASE)),
            key_passphrase_from_env="REPORTGW_KEY_PASSPHRASE" in env,
            worker_passphrase=Secret(env.get("REPORTGW_WORKER_PASSPHRASE", DEMO_PASSPHRASE)),
            root_passphrase=Secret(env.get("REPORTGW_ROOT_PASSPHRASE", DEMO_PASSPHRASE)),
            corpus_dir=Path(env.get("REPORTGW_CORPUS_DIR", str(defaults.corpus_dir))),
            client_config_dir=_config_dir(env),
            redaction_rules=(
                Path(env["REPORTGW_REDACTION_RULES"])
                if env.get("REPORTGW_REDACTION_RULES")
                else None
            ),
        )


def _config_dir(env: Mapping[str, str]) -> Path:
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "reportgw"
    home = env.get("HOME")
    return (Path(home) if home else Path.home()) / ".config" / "reportgw"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer") from None


def key_passphrase_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The responder key passphrase if ``REPORTGW_KEY_PASSPHRASE`` is set, else ``None``.

    The clients prompt for the passphrase when it is not set; they never fall back to the demo
    default on their own.
    """
    env = os.environ if environ is None else environ
    return env.get("REPORTGW_KEY_PASSPHRASE")
