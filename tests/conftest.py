"""Session fixtures shared across test packages: a real `reportgw serve` process.

The process is started once per test session (first-run initialisation trains the default model
with the real redactor, which takes a while) in a temporary data directory on a free port, with
its own HOME so the clients' pins never touch the developer's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 900  # seconds: first run trains the default model


@dataclass(frozen=True)
class ServerProcess:
    url: str
    data_dir: Path
    log_path: Path
    env: dict[str, str]

    def reportgw(self, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
        """Run the `reportgw` console script with this server's environment; return stdout."""
        done = subprocess.run(
            [str(Path(sys.executable).parent / "reportgw"), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"reportgw {args[0]} failed: {done.stderr[-2000:]}")
        return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client_env(home: Path) -> dict[str, str]:
    """The environment for our processes: no inherited REPORTGW_* settings, a private HOME."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REPORTGW_") and key not in {"XDG_CONFIG_HOME"}
    }
    env.update({"HOME": str(home), "REPORTGW_KEY_PASSPHRASE": "demo"})
    return env


def start_reportgw(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start a long-running `reportgw` command with its output going to `log_path`."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "reportgw"), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )


def wait_healthy(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if process.poll() is not None:
            raise AssertionError("reportgw exited: " + log_path.read_text()[-3000:])
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("reportgw serve did not start in time")
        time.sleep(0.5)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    base = tmp_path_factory.mktemp("server")
    data_dir = base / "var"
    home = base / "home"
    home.mkdir()
    port = free_port()
    env = client_env(home)
    log_path = base / "server.log"
    url = f"http://127.0.0.1:{port}"
    process = start_reportgw(
        ["serve", "--data-dir", str(data_dir), "--port", str(port)], env, log_path
    )
    try:
        wait_healthy(process, url, log_path)
        yield ServerProcess(url, data_dir, log_path, env)
    finally:
        stop(process)
