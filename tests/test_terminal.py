"""The installed ``reader`` in a real terminal: tmux runs it, capture-pane reads the screen.

Each test starts its own tmux server (``-L`` with a unique socket name, no user config)
and always kills it at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from image_files import write_png

READER = Path(sys.executable).parent / "reader"
TMUX = shutil.which("tmux")


def clean_environment() -> dict[str, str]:
    """The environment the server (and reader in it) gets: this test's, XDG folders too.

    COLUMNS and LINES would override the pane's size (shutil.get_terminal_size reads them
    first; pytest sets them). Read at each call, after conftest's ``private_home`` set the
    XDG folders, so that reader never reads or writes the user's reading state.
    """
    return {
        name: value
        for name, value in os.environ.items()
        if name not in {"COLUMNS", "LINES", "TMUX", "TMUX_PANE"}
    }


pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(not READER.exists(), reason=f"reader is not installed at {READER}"),
]


class Terminal:
    """A 120x35 tmux session running one command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.socket_path = ""

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, "-f", os.devnull, *args],
            env=clean_environment(),
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
        )

    def start(self, *command: str) -> None:
        """Run ``command`` in a new detached 120x35 session; keep the pane when it ends."""
        self.tmux(
            *("new-session", "-d", "-s", "reader", "-x", "120", "-y", "35", shlex.join(command)),
            *(";", "set-option", "-t", "reader", "remain-on-exit", "on"),
        )
        self.socket_path = self.pane("socket_path")[0]

    def close(self) -> None:
        """Kill the server and remove its socket file."""
        self.tmux("kill-server", check=False)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "reader").stdout

    def wait_for(self, *texts: str, timeout: float = 10.0) -> str:
        """Poll the screen until every one of ``texts`` shows and it has settled; return it.

        Settled: two captures in a row are the same. tmux 3.3 does not hold a frame back
        until it is whole, so one capture can show a frame half written.
        """
        deadline = time.monotonic() + timeout
        screen = previous = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen == previous and all(text in screen for text in texts):
                return screen
            previous = screen
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} did not all appear within {timeout} s; screen:\n{screen}")

    def wait_until_gone(self, text: str, timeout: float = 10.0) -> None:
        """Poll the screen until ``text`` is no longer on it."""
        deadline = time.monotonic() + timeout
        while text in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on screen after {timeout} s:\n{screen}")
            time.sleep(0.05)

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "reader", *keys)

    def pane(self, fields: str) -> list[str]:
        """The pane's values of tmux format ``fields`` (space-separated names)."""
        template = "\t".join(f"#{{{field}}}" for field in fields.split())
        output = self.tmux("display-message", "-p", "-t", "reader", template).stdout
        return output.rstrip("\n").split("\t")

    def wait_until_exited(self, timeout: float = 10.0) -> int | None:
        """Wait for the command to end; return its exit status (None if tmux did not say)."""
        deadline = time.monotonic() + timeout
        pid = self.pane("pane_pid")[0]
        dead_since: float | None = None
        while time.monotonic() < deadline:
            dead, status, signal = self.pane("pane_dead pane_dead_status pane_dead_signal")
            assert not signal, f"reader was killed by signal {signal}"
            if dead == "1" and status:
                return int(status)
            if dead == "1" or not _running(pid):
                # tmux sometimes leaves the status blank (and the child unreaped) for a
                # while after the pane's terminal closed: the process has ended all the same.
                dead_since = dead_since or time.monotonic()
                if time.monotonic() - dead_since > 1 and not _running(pid):
                    return None
            time.sleep(0.05)
        raise AssertionError(f"reader still running after {timeout} s:\n{self.screen()}")


def _running(pid: str) -> bool:
    """Whether process ``pid`` exists and (where /proc tells) is not a zombie."""
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    """A tmux server of its own, killed at the end whatever happens."""
    term = Terminal(f"reader-test-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        yield term
    finally:
        term.close()


def test_reader_in_a_real_terminal(terminal: Terminal) -> None:
    terminal.start(str(READER))
    terminal.wait_for("Uncategorized")
    screen = terminal.wait_for("sample_posts · 14 posts")  # the header follows the list
    assert "cooking" in screen and "Three days in Lisbon, mostly eating" in screen

    terminal.press("Down")
    terminal.wait_for("Sun 2 Apr 2023, 09:15 UTC+09:00")  # the sidebar follows the cursor
    terminal.press("Enter")
    screen = terminal.wait_for("Next post")  # the post view's footer
    assert "毎朝の味噌汁について" in screen.splitlines()[0]
    assert "在宅勤務になってから" in screen
    assert "## だしは「ちゃんと」しすぎない" in screen

    terminal.press("?")
    screen = terminal.wait_for("escape closes")  # the help dialog's border
    for description in ("Next match (while a find is active)", "Next post", "Reload", "Contents"):
        assert description in screen, description
    terminal.press("Escape")
    terminal.wait_until_gone("escape closes")
    screen = terminal.wait_for("Next post")
    assert "毎朝の味噌汁について" in screen.splitlines()[0]  # back on the post

    terminal.press("q")
    assert terminal.wait_until_exited() in (0, None)


def test_hostile_post_does_not_reach_the_terminal(terminal: Terminal, tmp_path: Path) -> None:
    post = tmp_path / "evil.md"
    post.write_text(
        "---\n"
        'title: "Evil [bold]x[/] \\e]2;pwned-title\\a \\e]52;c;cHduZWQ=\\a"\n'
        "---\n\n"
        "Body \x1b]2;pwned-body\x07 and \x1b]52;c;cHduZWQ=\x07 and \x1b[2J visible end.\n",
        encoding="utf-8",
    )
    terminal.start(str(READER), "open", str(post))
    screen = terminal.wait_for("visible end.")
    assert "Evil [bold]x[/]" in screen
    assert "␛]2;pwned-body␇" in screen
    assert "pwned" not in terminal.pane("pane_title")[0]
    # OSC 52 would have put "pwned" into a tmux paste buffer.
    buffers = terminal.tmux("list-buffers", check=False).stdout
    assert buffers.strip() == ""
    terminal.press("q")
    assert terminal.wait_until_exited() in (0, None)


def test_missing_path_is_a_one_line_error_before_any_screen(terminal: Terminal) -> None:
    missing = "/nonexistent/reader-test"
    script = f'{shlex.quote(str(READER))} {missing}; echo "status=$?"; sleep 5'
    terminal.start("sh", "-c", script)
    screen = terminal.wait_for("status=")
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines == [f"reader: error: no such file or folder: {missing}", "status=1"]


def test_pictures_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: x\n")
    write_png(site / "assets" / "sunset.png", (640, 320), (250, 120, 30))
    post = site / "_posts" / "2024-05-01-sunset.md"
    post.write_text("---\ntitle: Sunset\n---\nBefore.\n\n![The sunset](/assets/sunset.png)\n")
    terminal.start(str(READER), "open", str(post))
    screen = terminal.wait_for("▀" * 40, "The sunset")  # the placeholder, then the picture
    assert "[image:" not in screen
    terminal.press("Enter")
    terminal.wait_for("Open in viewer")
    terminal.press("Escape")
    terminal.wait_for("Before.")
    terminal.press("q")
    assert terminal.wait_until_exited() in (0, None)
