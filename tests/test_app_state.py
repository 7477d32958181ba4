"""Pilot tests of the reading state and the settings in the app: read marks, places,
bookmarks, history, library views, moved posts, a corrupt state file, theme and sidebar.

Every test has its own state, config and cache folders (conftest's ``private_home``), so
"a restart" is a second app on the same folders.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import (
    LISBON,
    LOGGING,
    MISO,
    SAMPLES,
    SIZE,
    copy_samples,
    headings,
    highlight_row_containing,
    highlighted_row,
    is_unread_row,
    marked_rows,
    post_list,
    screen_text,
    shows,
    unread_counts,
    wait_for,
    wait_for_library,
    widget_text,
    write_post,
)
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.model.config import Settings
from reader.model.grouping import BOOKMARKS, Grouping
from reader.model.state import state_path
from reader.screens.history import HistoryScreen
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.history_list import HistoryList
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.post_list import PostList

LONG_TITLE = "A long post"


def app_on(folder: Path, **settings: object) -> ReaderApp:
    """The app on ``folder`` with the given settings (the defaults otherwise)."""
    return ReaderApp([folder], settings=Settings(**settings))  # type: ignore[arg-type]


def long_post_folder(tmp_path: Path) -> Path:
    """A folder with a long post (many screens) and a short one."""
    folder = tmp_path / "posts"
    paragraphs = "\n\n".join(f"Paragraph {n}: " + "words to read " * 30 for n in range(80))
    write_post(
        folder,
        "long.md",
        f"---\ntitle: {LONG_TITLE}\ndate: 2024-01-02\n---\n\n{paragraphs}\n\nThe end.\n",
    )
    write_post(folder, "short.md", "---\ntitle: A short post\ndate: 2024-01-01\n---\n\nHi.\n")
    return folder


def row_of(posts: PostList, title: str) -> str:
    """The first row (as shown, marks included) that holds ``title``."""
    return next(row for row in marked_rows(posts) if title in row)


def highlighted_row_marked(posts: PostList) -> str:
    """The highlighted row as shown, marks included."""
    assert posts.highlighted is not None
    return marked_rows(posts)[posts.highlighted]


async def open_highlighted(pilot: Pilot[None], title: str) -> PostScreen:
    """Highlight the row holding ``title``, read it, and return the post screen."""
    await highlight_row_containing(pilot, post_list(pilot.app), title)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, PostScreen) and pilot.app.screen.post.title == title,
    )
    screen = pilot.app.screen
    assert isinstance(screen, PostScreen)
    return screen


# --- read and unread -------------------------------------------------------------------------


async def test_an_opened_post_is_read_after_a_restart() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert is_unread_row(row_of(posts, MISO))
        assert unread_counts(posts)["cooking 3"] == 3
        await open_highlighted(pilot, MISO)
        await pilot.press("escape")
        assert not is_unread_row(row_of(posts, MISO))
        await pilot.press("q")

    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert not is_unread_row(row_of(posts, MISO))
        assert is_unread_row(row_of(posts, LISBON))
        # The miso post is in cooking and 日本語: both counts dropped, no other.
        counts = unread_counts(posts)
        assert counts["cooking 3"] == 2
        assert counts["日本語 4"] == 3
        assert counts["travel 3"] == 3


async def test_m_toggles_read_in_the_library_and_in_the_post() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await highlight_row_containing(pilot, posts, LISBON)
        await pilot.press("m")
        assert not is_unread_row(highlighted_row_marked(posts))
        await pilot.press("m")
        assert is_unread_row(highlighted_row_marked(posts))

        await pilot.press("enter")  # opening marks it read; m in the post marks it unread
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await pilot.press("m", "escape")
        assert is_unread_row(row_of(posts, LISBON))


async def test_shift_u_jumps_to_the_next_unread_post_in_the_library_and_the_post() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        # Mark the first two posts read: U from the top skips them.
        await pilot.press("g", "m", "down", "m", "g")
        first_two = marked_rows(posts)[1:3]
        assert not any(map(is_unread_row, first_two))
        await pilot.press("U")
        assert posts.highlighted == 3
        assert is_unread_row(highlighted_row_marked(posts))

        # In the post view, U opens the next unread post in the library's order.
        await pilot.press("g", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PostScreen)
        opened = screen.post.title
        await pilot.press("U")
        await wait_for(pilot, lambda: screen.post.title != opened)
        assert screen.post.path == posts.post_at(3).path  # type: ignore[union-attr]


async def test_mark_read_at_end_marks_only_once_the_end_was_reached(tmp_path: Path) -> None:
    folder = long_post_folder(tmp_path)
    async with app_on(folder, mark_read="end").run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await open_highlighted(pilot, LONG_TITLE)
        await pilot.press("space", "escape")
        assert is_unread_row(row_of(posts, LONG_TITLE))
        await open_highlighted(pilot, LONG_TITLE)
        await pilot.press("G")
        await wait_for(pilot, lambda: "The end." in screen_text(pilot.app))
        await pilot.press("escape")
        assert not is_unread_row(row_of(posts, LONG_TITLE))
        # A post that fits on the screen shows its end at once.
        await open_highlighted(pilot, "A short post")
        await pilot.press("escape")
        assert not is_unread_row(row_of(posts, "A short post"))


# --- where you stopped -------------------------------------------------------------------------


async def test_a_reopened_post_returns_to_its_place_even_after_a_restart(tmp_path: Path) -> None:
    folder = long_post_folder(tmp_path)
    async with app_on(folder).run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        screen = await open_highlighted(pilot, LONG_TITLE)
        await pilot.press("space", "space", "j")
        place = round(screen.query_one(PostBody).scroll_y)
        assert place > 30
        await pilot.press("escape")
        screen = await open_highlighted(pilot, LONG_TITLE)
        assert round(screen.query_one(PostBody).scroll_y) == place
        await pilot.press("j", "q")

    async with app_on(folder).run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        screen = await open_highlighted(pilot, LONG_TITLE)
        body = screen.query_one(PostBody)
        await wait_for(pilot, lambda: round(body.scroll_y) == place + 1)
        assert "Paragraph 0:" not in widget_text(pilot.app, body)


async def test_grouping_filter_and_selected_post_come_back_after_a_restart() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.press("v", "slash", *"python", "enter")
        await pilot.press("g", "down")
        selected = highlighted_row(posts)
        assert selected
        await pilot.press("q")

    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.grouping is Grouping.DATE
        assert screen.filter_text == "python"
        await wait_for(pilot, lambda: highlighted_row(posts) == selected)
        assert "python" in screen_text(pilot.app)  # the filter box shows it


# --- bookmarks and history ----------------------------------------------------------------


async def test_a_bookmark_makes_a_group_first_in_every_grouping_and_survives_a_restart() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert not any(BOOKMARKS in heading for heading in headings(posts))
        await highlight_row_containing(pilot, posts, LOGGING)
        await pilot.press("asterisk")
        assert headings(posts)[0] == f"{BOOKMARKS} 1"
        assert "★" in row_of(posts, LOGGING)
        await pilot.press("q")

    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        for _ in Grouping:
            assert headings(posts)[0] == f"{BOOKMARKS} 1"
            assert LOGGING in marked_rows(posts)[1]
            await pilot.press("v")
        # The bookmark comes off from the post view too.
        await open_highlighted(pilot, LOGGING)
        await pilot.press("asterisk", "escape")
        assert not any(BOOKMARKS in heading for heading in headings(posts))


async def test_history_lists_posts_newest_first_and_opens_one() -> None:
    app = ReaderApp([SAMPLES])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        for title in (MISO, LISBON, LOGGING):
            await open_highlighted(pilot, title)
            await pilot.press("escape")
        await pilot.press("H")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen.query_one(HistoryList)
        titles = [
            str(history.get_option_at_index(index).prompt) for index in range(history.option_count)
        ]
        assert [LOGGING in titles[0], LISBON in titles[1], MISO in titles[2]] == [True] * 3
        assert len(titles) == 3
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        assert isinstance(app.screen, PostScreen)
        assert app.screen.post.title == LISBON
        await pilot.press("H", "escape")
        assert isinstance(app.screen, PostScreen)


# --- moved posts, a corrupt state ------------------------------------------------------------


async def test_a_moved_post_keeps_its_read_mark(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    async with app_on(folder).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await open_highlighted(pilot, MISO)
        await pilot.press("escape", "q")
    (old,) = folder.glob("*miso*")
    (folder / "moved").mkdir()
    old.rename(folder / "moved" / "renamed-miso.md")

    async with app_on(folder).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert not is_unread_row(row_of(posts, MISO))
        assert is_unread_row(row_of(posts, LISBON))


async def test_a_corrupt_state_file_gives_a_notice_and_a_clean_start() -> None:
    async with ReaderApp([SAMPLES]).run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        await open_highlighted(pilot, MISO)
        await pilot.press("escape", "q")
    state_path().write_bytes(b"this is not a database" * 100)

    app = ReaderApp([SAMPLES])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        posts = await wait_for_library(pilot)
        await wait_for(pilot, lambda: shows(screen_text(app), "was unreadable"))
        assert is_unread_row(row_of(posts, MISO))  # the clean start forgot it
        await open_highlighted(pilot, LISBON)
        await pilot.press("escape")
        assert not is_unread_row(row_of(posts, LISBON))
    assert list(state_path().parent.glob("state.sqlite3.corrupt-*"))


# --- settings --------------------------------------------------------------------------------


async def test_theme_and_sidebar_settings_are_applied() -> None:
    app = app_on(SAMPLES, theme="gruvbox", sidebar=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        assert app.theme == "gruvbox"
        assert not app.screen.query_one(MetadataSidebar).display
        await pilot.press("s")
        assert app.screen.query_one(MetadataSidebar).display
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        # The choice made in the library is remembered for the post (issue 16).
        assert app.screen.query_one(MetadataSidebar).display


async def test_an_unknown_theme_is_a_warning_and_the_default_stays() -> None:
    app = app_on(SAMPLES, theme="no-such-theme")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_library(pilot)
        await wait_for(pilot, lambda: "no-such-theme" in screen_text(app))
        assert app.theme == ReaderApp([SAMPLES]).theme
        assert app.screen.query_one(MetadataSidebar).display


async def test_two_readers_at_once_share_the_state() -> None:
    first, second = ReaderApp([SAMPLES]), ReaderApp([SAMPLES])
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        posts_one, posts_two = await wait_for_library(one), await wait_for_library(two)
        await open_highlighted(one, MISO)
        await one.press("escape")
        # The second reader sees the first one's marks when it comes back to its library.
        await open_highlighted(two, LISBON)
        await two.press("escape")
        assert not is_unread_row(row_of(posts_two, MISO))
        assert not is_unread_row(row_of(posts_two, LISBON))
        # The first sees the second's marks on its next return too.
        await open_highlighted(one, LOGGING)
        await one.press("escape")
        assert not is_unread_row(row_of(posts_one, LISBON))
