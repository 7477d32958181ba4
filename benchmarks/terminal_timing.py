"""Time how long a command takes to show text in a real terminal (tmux), for benchmarks.

The command waits behind a FIFO gate inside a fresh detached tmux session on a private
socket; the clock starts when the gate opens, so tmux start-up is not timed. The screen
is polled with ``capture-pane -p`` until the marker is visible.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

POLL_SECONDS = 0.005


class MarkerNotSeenError(RuntimeError):
    """The marker never appeared on screen in time."""


def have_tmux() -> bool:
    """Whether tmux is installed."""
    return shutil.which("tmux") is not None


def time_until_visible(
    command: Sequence[str],
    marker: str,
    *,
    keys: Sequence[str] = (),
    key_marker: str | None = None,
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
) -> tuple[float, float | None]:
    """Seconds until ``marker`` shows, and (with ``keys``) from sending them to ``key_marker``."""
    socket = f"reader-bench-{secrets.token_hex(4)}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    with tempfile.TemporaryDirectory() as folder:
        gate = Path(folder, "gate")
        os.mkfifo(gate)
        inner = f"read _ < {shlex.quote(str(gate))}; exec {shlex.join(command)}"
        width, height = size
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), inner],
            check=True,
            env=_measured_environment(),
        )
        try:
            with gate.open("w") as opening:
                start = time.perf_counter()
                opening.write("go\n")
            first = _wait_for(tmux, marker, start, timeout) - start
            after_keys: float | None = None
            if keys and key_marker:
                sent = time.perf_counter()
                subprocess.run([*tmux, "send-keys", "-t", "bench", *keys], check=True)
                after_keys = _wait_for(tmux, key_marker, sent, timeout) - sent
            return first, after_keys
        finally:
            subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)


def _measured_environment() -> dict[str, str]:
    """The environment of an installed user's terminal: bytecode is cached, as pip does."""
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    return {**environment, "TERM": "xterm-256color"}


def _wait_for(tmux: list[str], marker: str, start: float, timeout: float) -> float:
    screen = ""
    while time.perf_counter() - start < timeout:
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "bench"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if marker in screen:
            return time.perf_counter()
        time.sleep(POLL_SECONDS)
    raise MarkerNotSeenError(f"{marker!r} not seen within {timeout} s; last screen:\n{screen}")
