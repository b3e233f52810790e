"""A desk server process for the tests: uvicorn on 127.0.0.1, a free port, its own log."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

import httpx

ROOT = pathlib.Path(__file__).resolve().parents[2]
DESK = ROOT / "examples" / "desk"
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Desk:
    """One desk server process; `start`, `kill` (SIGKILL) and `start` again on the same data."""

    def __init__(self, url: str, log: pathlib.Path) -> None:
        self.url = url
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def start(self, **env: str) -> Desk:
        port = _free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        environment = {**os.environ, "DESK_DATABASE_URL": self.url, **env}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "desk.app:create_app",
                    "--app-dir",
                    str(DESK),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                env=environment,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"desk exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"desk did not start: {self.log.read_text()[-2000:]}")

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30, **options)  # type: ignore[arg-type]

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush, whatever was in flight is cut."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - only a hung server
                self.kill()
            self.process = None
