"""Reading state: surviving restarts, kills, corruption, moves, two processes, export."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT

from reader.model.post_loader import fingerprint
from reader.model.state import (
    HISTORY_LIMIT,
    HistoryEntry,
    LibraryView,
    ReadingState,
    StateError,
    library_key,
    post_key,
    state_path,
)


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1
        return self.now


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


@pytest.fixture
def state(path: Path) -> Iterator[ReadingState]:
    opened, notice = ReadingState.open(path, clock=Clock())
    assert notice is None
    yield opened
    opened.close()


def _reopen(path: Path) -> ReadingState:
    state, notice = ReadingState.open(path, clock=Clock(1_800_000_000.0))
    assert notice is None
    return state


def _integrity(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def _run_python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- where it lives ------------------------------------------------------------------


def test_state_path_honours_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
    assert state_path() == tmp_path / "state-home" / "reader" / "state.sqlite3"
    state, notice = ReadingState.open()
    with state:
        assert notice is None
        assert state.path == state_path()
        state.set_read("/posts/a.md", "f1", True)
    assert (tmp_path / "state-home" / "reader" / "state.sqlite3").is_file()


def test_fingerprint_is_a_content_hash() -> None:
    assert fingerprint(b"hello") == fingerprint(b"hello")
    assert fingerprint(b"hello") != fingerprint(b"hello!")
    assert len(fingerprint(b"")) == 32
    assert int(fingerprint(b"x"), 16) >= 0


def test_keys_are_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert post_key("posts/a.md") == str(tmp_path / "posts" / "a.md")
    assert post_key(Path("/blog/./x/../a.md")) == "/blog/a.md"
    assert library_key([Path("b"), "/a"]) == library_key(["/a", tmp_path / "b"])
    assert library_key(["/a"]) != library_key(["/a", "/b"])


# --- what it keeps ---------------------------------------------------------------------


def test_state_survives_a_restart(state: ReadingState, path: Path) -> None:
    state.set_read("/blog/a.md", "fa", True)
    state.set_read(Path("/blog/b.md"), "fb", True)
    state.set_read("/blog/b.md", "fb", False)
    state.set_position("/blog/a.md", "fa", 120)
    state.set_bookmark("/blog/c.md", "fc", True)
    state.record_opened("/blog/a.md", "fa", "Post A")
    key = library_key(["/blog"])
    state.save_view(key, LibraryView("date", "ramen", "/blog/a.md"))
    state.close()

    with _reopen(path) as again:
        assert again.read_paths() == {"/blog/a.md"}
        assert again.is_read("/blog/a.md")
        assert not again.is_read("/blog/b.md")
        assert not again.is_read("/blog/never.md")
        assert again.position("/blog/a.md") == 120
        assert again.position("/blog/b.md") is None
        assert again.bookmarked_paths() == {"/blog/c.md"}
        assert [entry.path for entry in again.history()] == ["/blog/a.md"]
        assert again.view(key) == LibraryView("date", "ramen", "/blog/a.md")
        assert again.view(library_key(["/elsewhere"])) is None
    assert _integrity(path) == ["ok"]


def test_marks_toggle(state: ReadingState) -> None:
    state.set_bookmark("/blog/a.md", "fa", True)
    state.set_bookmark("/blog/b.md", "fb", True)
    state.set_bookmark("/blog/a.md", "fa", False)
    assert state.bookmarked_paths() == {"/blog/b.md"}
    state.set_position("/blog/a.md", "fa", 40)
    state.set_position("/blog/a.md", "fa", 7)
    assert state.position("/blog/a.md") == 7
    state.set_position("/blog/a.md", "fa", -3)
    assert state.position("/blog/a.md") == 0
    # One field's write leaves the others alone.
    assert state.bookmarked_paths() == {"/blog/b.md"}
    assert not state.is_read("/blog/a.md")


def test_history_is_newest_first_one_entry_per_post(state: ReadingState) -> None:
    state.record_opened("/blog/a.md", "fa", "A")
    state.record_opened("/blog/b.md", "fb", "B")
    state.record_opened("/blog/c.md", "fc", "C")
    state.record_opened("/blog/a.md", "fa", "A, retitled")
    history = state.history()
    assert [(entry.path, entry.title) for entry in history] == [
        ("/blog/a.md", "A, retitled"),
        ("/blog/c.md", "C"),
        ("/blog/b.md", "B"),
    ]
    assert all(entry.opened_at.tzinfo is not None for entry in history)
    assert history[0].opened_at > history[1].opened_at > history[2].opened_at
    assert state.history(limit=2) == history[:2]
    assert isinstance(history[0], HistoryEntry)


def test_history_keeps_the_last_500(state: ReadingState) -> None:
    for index in range(HISTORY_LIMIT + 5):
        state.record_opened(f"/blog/{index}.md", "f", f"Post {index}")
    history = state.history(limit=10_000)
    assert len(history) == HISTORY_LIMIT
    assert history[0].path == f"/blog/{HISTORY_LIMIT + 4}.md"
    assert history[-1].path == "/blog/5.md"


def test_two_instances_in_one_process_see_each_other(state: ReadingState, path: Path) -> None:
    with _reopen(path) as other:
        state.set_read("/blog/a.md", "fa", True)
        other.set_bookmark("/blog/b.md", "fb", True)
        assert other.read_paths() == {"/blog/a.md"}
        assert state.bookmarked_paths() == {"/blog/b.md"}


# --- moved posts -------------------------------------------------------------------------


def test_a_moved_post_keeps_its_state(state: ReadingState, tmp_path: Path) -> None:
    old = tmp_path / "blog" / "2024-01-01-old-name.md"
    old.parent.mkdir()
    old.write_text("# A post\n\nIts body.\n")
    print_ = fingerprint(old.read_bytes())
    state.set_read(old, print_, True)
    state.set_position(old, print_, 33)
    state.set_bookmark(old, print_, True)
    state.record_opened(old, print_, "A post")

    new = tmp_path / "blog" / "2024" / "new-name.md"
    new.parent.mkdir()
    old.rename(new)
    other = tmp_path / "blog" / "other.md"
    other.write_text("Another post.\n")
    library = [(str(new), print_), (str(other), fingerprint(other.read_bytes()))]

    assert state.adopt_moved(library) == 1
    assert state.read_paths() == {str(new)}
    assert state.position(new) == 33
    assert state.position(old) is None
    assert state.bookmarked_paths() == {str(new)}
    assert [entry.path for entry in state.history()] == [str(new)]
    assert state.adopt_moved(library) == 0


def test_only_a_post_whose_file_is_gone_gives_its_state(
    state: ReadingState, tmp_path: Path
) -> None:
    original = tmp_path / "original.md"
    original.write_text("Same text.\n")
    copy = tmp_path / "copy.md"
    copy.write_text("Same text.\n")
    print_ = fingerprint(original.read_bytes())
    state.set_read(original, print_, True)
    # A copy beside a file that still exists takes nothing.
    assert state.adopt_moved([(copy, print_), (original, print_)]) == 0
    assert state.read_paths() == {str(original)}

    # A post that has state of its own keeps it.
    original.unlink()
    state.set_position(copy, print_, 5)
    assert state.adopt_moved([(copy, print_)]) == 0
    assert state.read_paths() == {str(original)}

    # A different fingerprint (the post was edited as it moved) takes nothing.
    moved = tmp_path / "moved.md"
    moved.write_text("Same text, edited.\n")
    assert state.adopt_moved([(moved, fingerprint(moved.read_bytes()))]) == 0
    assert not state.is_read(moved)


def test_two_moved_copies_share_out_the_orphans(state: ReadingState, tmp_path: Path) -> None:
    state.set_read(tmp_path / "gone-1.md", "same", True)
    state.set_position(tmp_path / "gone-2.md", "same", 9)
    new = [tmp_path / "new-1.md", tmp_path / "new-2.md"]
    for file in new:
        file.write_text("The same text.\n")
    assert state.adopt_moved([(file, "same") for file in new]) == 2
    assert {*state.read_paths(), *(str(file) for file in new if state.position(file) == 9)} == {
        str(file) for file in new
    }
    # Both old rows are taken: a third copy finds nothing.
    assert state.adopt_moved([(tmp_path / "new-3.md", "same")]) == 0


# --- damage ------------------------------------------------------------------------------


def _assert_moved_aside(path: Path, notice: str | None, content: bytes) -> None:
    assert notice is not None
    assert notice.startswith(f"reading state at {path} was unreadable (")
    assert notice.endswith(", starting clean")
    assert "\n" not in notice
    asides = list(path.parent.glob("state.sqlite3.corrupt-*"))
    assert len(asides) == 1
    assert f"moved aside to {asides[0]}" in notice
    assert asides[0].read_bytes() == content


def test_a_garbage_state_file_is_moved_aside(path: Path) -> None:
    path.parent.mkdir()
    garbage = b"this is not a database\x00\xff" * 200
    path.write_bytes(garbage)
    state, notice = ReadingState.open(path)
    with state:
        _assert_moved_aside(path, notice, garbage)
        assert "file is not a database" in (notice or "")
        assert state.path == path
        assert state.read_paths() == set()
        state.set_read("/blog/a.md", "fa", True)
    with _reopen(path) as again:
        assert again.read_paths() == {"/blog/a.md"}


def test_a_truncated_state_file_is_moved_aside(state: ReadingState, path: Path) -> None:
    for index in range(300):
        state.set_read(f"/blog/{index:04d}-{'long-name-' * 10}.md", "f" * 32, True)
    state.close()
    data = path.read_bytes()
    assert len(data) > 8 * 4096 and not path.with_name("state.sqlite3-wal").exists()
    truncated = data[: len(data) // 2]
    path.write_bytes(truncated)
    again, notice = ReadingState.open(path)
    with again:
        _assert_moved_aside(path, notice, truncated)
        assert again.read_paths() == set()


def test_a_state_file_from_a_newer_reader_is_moved_aside(path: Path) -> None:
    path.parent.mkdir()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    content = path.read_bytes()
    state, notice = ReadingState.open(path)
    with state:
        _assert_moved_aside(path, notice, content)
        assert "newer reader" in (notice or "")
        state.set_read("/blog/a.md", "fa", True)
        assert state.is_read("/blog/a.md")


def _assert_in_memory(state: ReadingState, notice: str | None, path: Path) -> None:
    assert state.path is None
    assert notice is not None
    assert notice.startswith(f"reading state at {path} cannot be used (")
    assert notice.endswith("this session's reading state will not be kept")
    # It still works, for this session.
    state.set_read("/blog/a.md", "fa", True)
    state.record_opened("/blog/a.md", "fa", "A")
    assert state.read_paths() == {"/blog/a.md"}
    assert [entry.path for entry in state.history()] == ["/blog/a.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_state_folder_keeps_state_in_memory(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        path = home / "reader" / "state.sqlite3"
        state, notice = ReadingState.open(path)
        with state:
            _assert_in_memory(state, notice, path)
        assert not (home / "reader").exists()
    finally:
        home.chmod(0o700)


def test_a_state_folder_that_is_a_file_keeps_state_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    path = blocker / "reader" / "state.sqlite3"
    state, notice = ReadingState.open(path)
    with state:
        _assert_in_memory(state, notice, path)
    assert blocker.read_text() == "a file where the state folder should be"


# --- processes ---------------------------------------------------------------------------

_WRITER = """\
import sys
from pathlib import Path
from reader.model.state import ReadingState

state, notice = ReadingState.open(Path(sys.argv[1]))
assert notice is None, notice
index = int(sys.argv[2])
while True:
    state.set_read(f"/blog/{index}.md", "f", True)
    state.set_position(f"/blog/{index}.md", "f", index)
    print(index, flush=True)
    index += 1
"""


def test_a_process_killed_while_writing_leaves_a_sound_state(path: Path) -> None:
    written = 0
    for stop_after in (40, 150, 300):
        process = _run_python(_WRITER, str(path), str(written))
        assert process.stdout is not None
        acknowledged = -1
        for line in process.stdout:
            acknowledged = int(line)
            if acknowledged >= written + stop_after:
                break
        # The writer is still writing (it never waits for us): kill it mid-transaction.
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL, process.stderr

        assert _integrity(path) == ["ok"]
        state, notice = ReadingState.open(path)
        with state:
            assert notice is None
            read = state.read_paths()
            # Every write the process reported done is there.
            assert read >= {f"/blog/{index}.md" for index in range(acknowledged + 1)}
            assert state.position(f"/blog/{acknowledged}.md") == acknowledged
        written = acknowledged + 1


_CONCURRENT = """\
import sys
import time
from pathlib import Path
from reader.model.state import ReadingState

path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
state, notice = ReadingState.open(path)
assert notice is None, notice
while not go.exists():
    time.sleep(0.001)
for index in range(300):
    state.set_read(f"/blog/{name}-{index}.md", name, True)
    state.set_position("/blog/shared.md", name, index)
    if index % 10 == 0:
        state.record_opened(f"/blog/{name}-{index}.md", name, f"{name} {index}")
        assert f"/blog/{name}-{index}.md" in state.read_paths()
state.close()
print("done")
"""


def test_two_processes_write_at_once(path: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    processes = [_run_python(_CONCURRENT, str(path), name, str(go)) for name in ("one", "two")]
    go.touch()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert out == "done\n"
    with _reopen(path) as state:
        expected = {f"/blog/{name}-{index}.md" for name in ("one", "two") for index in range(300)}
        assert state.read_paths() == expected
        assert state.position("/blog/shared.md") == 299
        assert len(state.history(limit=1000)) == 60
    assert _integrity(path) == ["ok"]


# --- export and import -------------------------------------------------------------------


def _filled(state: ReadingState) -> None:
    state.set_read("/blog/a.md", "fa", True)
    state.set_read("/blog/b.md", "fb", False)
    state.set_position("/blog/a.md", "fa", 88)
    state.set_bookmark("/blog/c.md", "fc", True)
    state.record_opened("/blog/c.md", "fc", "Post C 日本語")
    state.record_opened("/blog/a.md", "fa", "Post A")
    state.save_view(library_key(["/blog"]), LibraryView("tag", "", "/blog/c.md"))


def _without_time(exported: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in exported.items() if key != "exported_at"}


def test_export_and_import_round_trip(state: ReadingState, tmp_path: Path) -> None:
    _filled(state)
    exported = state.export()
    assert exported["format"] == "reader-state"
    assert exported["version"] == 1
    text = json.dumps(exported, ensure_ascii=False)

    fresh, notice = ReadingState.open(tmp_path / "other" / "state.sqlite3")
    with fresh:
        assert notice is None
        assert fresh.import_(json.loads(text)) == (3, 1)  # three posts and one view
        assert _without_time(fresh.export()) == _without_time(exported)
        assert fresh.read_paths() == {"/blog/a.md"}
        assert fresh.position("/blog/a.md") == 88
        assert fresh.bookmarked_paths() == {"/blog/c.md"}
        assert fresh.history() == state.history()
        assert fresh.view(library_key(["/blog"])) == LibraryView("tag", "", "/blog/c.md")
        # Importing the same again changes nothing.
        assert fresh.import_(json.loads(text)) == (0, 0)


def test_importing_a_machines_own_export_changes_nothing(tmp_path: Path) -> None:
    # The real clock: its times have more digits than the microseconds an export keeps.
    state, _ = ReadingState.open(tmp_path / "state.sqlite3")
    with state:
        _filled(state)
        for number in range(50):  # many times: a time rounds up to the microsecond often
            state.set_read(f"/blog/{number}.md", f"f{number}", True)
        assert state.import_(state.export()) == (0, 0)


def test_import_merges_the_newer_of_each_field(tmp_path: Path) -> None:
    clock = Clock()  # one clock for both machines, so that call order is time order
    here, _ = ReadingState.open(tmp_path / "here.sqlite3", clock=clock)
    there, _ = ReadingState.open(tmp_path / "there.sqlite3", clock=clock)
    with here, there:
        here.set_read("/blog/a.md", "fa", True)
        here.set_position("/blog/a.md", "fa", 10)
        there.set_read("/blog/a.md", "fa-there", False)  # newer: wins
        there.set_bookmark("/blog/b.md", "fb", True)
        here.set_bookmark("/blog/b.md", "fb", False)  # newer: stays
        here.save_view("lib", LibraryView("date", "", None))
        there.save_view("lib", LibraryView("tag", "x", "/blog/a.md"))  # newer: wins
        there.record_opened("/blog/c.md", "fc", "C")  # new here

        assert here.import_(there.export()) == (2, 1)  # posts a and c, and the view
        assert not here.is_read("/blog/a.md")
        assert here.position("/blog/a.md") == 10  # never set there
        assert here.bookmarked_paths() == set()
        assert here.view("lib") == LibraryView("tag", "x", "/blog/a.md")
        assert [entry.path for entry in here.history()] == ["/blog/c.md"]
        # The fingerprint stays this machine's: it describes the file here.
        fingerprints = {post["path"]: post["fingerprint"] for post in here.export()["posts"]}
        assert fingerprints == {"/blog/a.md": "fa", "/blog/b.md": "fb", "/blog/c.md": "fc"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a reader state export"),
        ({"format": "something-else", "version": 1}, "not a reader state export"),
        ({"format": "reader-state"}, '"version": expected a whole number'),
        ({"format": "reader-state", "version": 2}, "newer reader (export version 2)"),
        ({"format": "reader-state", "version": 1, "posts": {}}, '"posts": expected a list'),
        ({"format": "reader-state", "version": 1, "posts": [3]}, "posts[0]: expected an object"),
        (
            {"format": "reader-state", "version": 1, "posts": [{"fingerprint": "f"}]},
            "posts[0].path: expected text",
        ),
        (
            {
                "format": "reader-state",
                "version": 1,
                "posts": [
                    {"path": "/a.md", "fingerprint": "f", "read": True},
                    {"path": "/b.md", "fingerprint": "f", "read": "yes"},
                ],
            },
            "posts[1].read: expected true or false",
        ),
        (
            {
                "format": "reader-state",
                "version": 1,
                "posts": [{"path": "/a.md", "fingerprint": "f", "read_at": "yesterday"}],
            },
            "posts[0].read_at: expected an ISO 8601 time",
        ),
        (
            {
                "format": "reader-state",
                "version": 1,
                "posts": [{"path": "/a.md", "fingerprint": "f", "position_at": "2025-01-01"}],
            },
            "posts[0].position_at: expected an ISO 8601 time with its UTC offset",
        ),
        (
            {
                "format": "reader-state",
                "version": 1,
                "posts": [{"path": "/a.md", "fingerprint": "f", "position": -1}],
            },
            "posts[0].position: expected a line number",
        ),
        (
            {"format": "reader-state", "version": 1, "views": [{"library": "x"}]},
            "views[0].saved_at: expected an ISO 8601 time",
        ),
    ],
)
def test_import_rejects_what_is_not_an_export(state: ReadingState, data: Any, message: str) -> None:
    with pytest.raises(StateError) as raised:
        state.import_(data)
    assert message in str(raised.value)
    assert state.export()["posts"] == []  # nothing merged, not even the valid entries


def test_imported_times_keep_their_moment(state: ReadingState) -> None:
    data = {
        "format": "reader-state",
        "version": 1,
        "posts": [
            {
                "path": "/blog/a.md",
                "fingerprint": "fa",
                "title": "A",
                "opened_at": "2025-03-01T09:00:00+09:00",
            }
        ],
    }
    assert state.import_(data) == (1, 0)
    assert state.history() == [
        HistoryEntry("/blog/a.md", "A", datetime(2025, 3, 1, 0, 0, tzinfo=UTC))
    ]


def test_a_write_that_cannot_wait_any_longer_raises_state_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.model.state.BUSY_TIMEOUT_SECONDS", 0.05)
    with _reopen(path) as state:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process, writing for a long time
        with pytest.raises(StateError, match=f"reading state at {path}: database is locked"):
            state.set_read("/blog/a.md", "fa", True)
        assert state.read_paths() == set()  # reading still works meanwhile
        holder.execute("ROLLBACK")
        holder.close()
        state.set_read("/blog/a.md", "fa", True)
        assert state.read_paths() == {"/blog/a.md"}
