"""Time how long a command takes to show text in a real terminal (tmux), for benchmarks.

The command waits behind a FIFO gate inside a fresh detached tmux session on a private
socket; the clock starts when the gate opens, so tmux start-up is not timed. The screen
is polled with ``capture-pane -p`` until the marker is visible. Keys can then be sent in
steps, each timed until its own marker shows.
"""

from __future__ import annotations

import atexit
import functools
import os
import secrets
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECONDS = 0.005


class MarkerNotSeenError(RuntimeError):
    """The marker never appeared on screen in time."""


@dataclass(frozen=True)
class Step:
    """Keys to press (tmux key names), or text to paste, then the marker to wait for."""

    marker: str
    keys: Sequence[str] = ()
    paste: str = ""


@dataclass
class Timing:
    """Seconds until the first marker, then for each step, and the peak memory."""

    first: float
    steps: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0


def have_tmux() -> bool:
    """Whether tmux is installed."""
    return shutil.which("tmux") is not None


def time_until_visible(
    command: Sequence[str],
    marker: str,
    *,
    steps: Sequence[Step] = (),
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
) -> Timing:
    """Time ``command`` until ``marker`` shows, then each step until its marker shows."""
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
            pid = subprocess.run(
                [*tmux, "display-message", "-p", "-t", "bench", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            with gate.open("w") as opening:
                start = time.perf_counter()
                opening.write("go\n")
            timing = Timing(_wait_for(tmux, marker, start, timeout) - start)
            for step in steps:
                if step.paste:  # a bracketed paste, as a terminal sends pasted text
                    subprocess.run([*tmux, "set-buffer", step.paste], check=True)
                sent = time.perf_counter()
                if step.paste:
                    subprocess.run([*tmux, "paste-buffer", "-p", "-t", "bench"], check=True)
                else:
                    subprocess.run([*tmux, "send-keys", "-t", "bench", *step.keys], check=True)
                timing.steps.append(_wait_for(tmux, step.marker, sent, timeout) - sent)
            timing.peak_rss_mb = _peak_rss_mb(pid)
            return timing
        finally:
            subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)


def _peak_rss_mb(pid: str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _measured_environment() -> dict[str, str]:
    """The environment of an installed user's terminal: bytecode is cached, as pip does.

    Unless the caller chose one, the reading state is kept in a folder of this run's, so
    that the posts a benchmark opens never join the user's own history.
    """
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment.setdefault("XDG_STATE_HOME", _private_state_folder())
    return {**environment, "TERM": "xterm-256color"}


@functools.cache
def _private_state_folder() -> str:
    folder = tempfile.TemporaryDirectory(prefix="reader-bench-state-")
    atexit.register(folder.cleanup)
    return folder.name


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
