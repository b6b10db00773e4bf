"""Real `rumbo serve` processes for the production tests and the load benchmark.

Each process gets its own free port on 127.0.0.1, its log in a file, and counts as started when
`/readyz` answers 200. `kill()` is a SIGKILL (a crash), `stop()` a graceful SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RUMBO = str(Path(sys.executable).with_name("rumbo"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_env(**values: str) -> dict[str, str]:
    """A minimal environment for a child: no inherited RUMBO_/TWILIO_/TELEGRAM_ settings."""
    # PYTHONPATH: a git worktree run with the shared venv must start its own code, not the
    # editable install's checkout.
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONHASHSEED", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(values)
    return env


def run_cli(args: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 300) -> str:
    """Run a `rumbo` command to completion; raise with its output when it fails."""
    done = subprocess.run(
        [RUMBO, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"rumbo {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class AppProcess:
    """One `rumbo serve` child process."""

    name: str
    env: dict[str, str]
    cwd: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        """Base URL of this process."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """Where this process's stdout and stderr go (appended across restarts)."""
        return self.cwd / f"{self.name}.log"

    @property
    def alive(self) -> bool:
        """Whether the child is running."""
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start the process (on the same port after a restart)."""
        assert not self.alive, f"{self.name} is already running"
        self.starts += 1
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [RUMBO, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def wait_ready(self, limit: float = 90.0) -> None:
        """Wait until `/readyz` answers 200; fail early when the process died."""
        deadline = time.monotonic() + limit
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if not self.alive:
                    raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
                try:
                    if (await client.get(f"{self.url}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready after {limit} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: the process dies mid-work, as in a crash or an OOM kill."""
        if self.proc is not None and self.alive:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM and wait; SIGKILL if it does not stop in 15 s."""
        if self.proc is None or not self.alive:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the running process, from /proc/<pid>/stat."""
        if self.proc is None or not self.alive:
            return 0.0
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def log_tail(self, lines: int = 40) -> str:
        """The end of the process's log, for failure messages."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
