"""The reading session (marks at hand, errors reported once) and the bookmarks group."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.grouping import BOOKMARKS, Grouping, group_posts, with_bookmarks
from reader.model.post import PostSummary
from reader.model.session import ReadingSession
from reader.model.state import LibraryView, ReadingState, post_key


def make_session(tmp_path: Path, mark_read: str = "opened") -> tuple[ReadingSession, list[str]]:
    """A session on a state file in ``tmp_path``, and the errors it reported."""
    state, notice = ReadingState.open(tmp_path / "state.sqlite3")
    assert notice is None
    errors: list[str] = []
    return ReadingSession(state, mark_read, errors.append), errors  # type: ignore[arg-type]


def post(tmp_path: Path, name: str, category: str = "notes") -> PostSummary:
    """A library post (no body) at ``tmp_path/name``."""
    return PostSummary(path=tmp_path / name, title=name, categories=[category], fingerprint=name)


def test_opening_marks_read_and_records_history(tmp_path: Path) -> None:
    session, errors = make_session(tmp_path)
    first, second = post(tmp_path, "a.md"), post(tmp_path, "b.md")
    session.opened(first)
    assert session.is_read(first) and not session.is_read(second)
    assert session.marks([first, second]) == ({first.path}, set())
    assert [entry.title for entry in session.history()] == ["a.md"]
    assert errors == []


@pytest.mark.parametrize(
    "path", ["/blog/a.md", "blog/a.md", "./a.md", "/blog/../a.md", "/blog/x/../../a.md", "a.md"]
)
def test_a_post_is_named_as_the_state_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    monkeypatch.chdir(tmp_path)
    session, _ = make_session(tmp_path)
    assert session.key(Path(path)) == post_key(path)


def test_the_end_rule_marks_read_only_at_the_end(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path, "end")
    first = post(tmp_path, "a.md")
    session.opened(first)
    assert not session.is_read(first)
    session.reached_end(first)
    assert session.is_read(first)


def test_marks_survive_a_new_session_and_reload_sees_another_one(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    other, _ = make_session(tmp_path)
    first = post(tmp_path, "a.md")
    assert session.toggle_read(first) and session.toggle_bookmark(first)
    session.save_place(first, 42)
    session.save_view([tmp_path], LibraryView("tag", "x", str(first.path)))
    assert not other.is_read(first)  # kept in memory until reloaded
    other.reload()
    assert other.is_read(first) and other.is_bookmarked(first)
    assert other.place(first) == 42
    assert other.view([tmp_path]) == LibraryView("tag", "x", str(first.path))
    assert not session.toggle_read(first) and not session.toggle_bookmark(first)
    other.reload()
    assert other.marks([first]) == (set(), set())


def test_next_unread_wraps_and_skips_read_posts(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    posts = [post(tmp_path, f"{name}.md") for name in "abcd"]
    session.set_read(posts[2], True)
    assert session.next_unread(posts, posts[1]) is posts[3]
    assert session.next_unread(posts, posts[3]) is posts[0]
    for each in posts:
        session.set_read(each, True)
    assert session.next_unread(posts, posts[0]) is None


def test_a_moved_post_takes_its_state_back(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    old = post(tmp_path, "old.md")
    session.opened(old)  # old.md does not exist on disk: it "moved"
    moved = PostSummary(path=tmp_path / "new.md", fingerprint=old.fingerprint)
    assert not session.is_read(moved)
    assert session.adopt_moved([moved]) == 1
    assert session.is_read(moved)


def test_database_trouble_is_reported_once_and_never_raised(tmp_path: Path) -> None:
    session, errors = make_session(tmp_path)
    first = post(tmp_path, "a.md")
    session.state.close()  # every call now fails
    session.opened(first)
    session.save_place(first, 3)
    assert session.history() == [] and session.place(first) is None
    assert len(errors) == 1 and "reading state" in errors[0]
    assert session.is_read(first)  # what this session did is still shown


@pytest.mark.parametrize("grouping", list(Grouping))
def test_bookmarks_group_comes_first_in_every_grouping(tmp_path: Path, grouping: Grouping) -> None:
    posts = [post(tmp_path, "a.md", "x"), post(tmp_path, "b.md", "y")]
    groups = group_posts(posts, grouping)
    assert with_bookmarks(groups, []) == groups
    assert with_bookmarks(groups, [posts[1]]) == [(BOOKMARKS, [posts[1]]), *groups]
