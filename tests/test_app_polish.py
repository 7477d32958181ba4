"""What a new user meets first: an empty folder, the help, the palette, settings that stick."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (
    DRAFT,
    SAMPLES,
    parse_row,
    rows,
    screen_cells,
    screen_lines,
    screen_text,
    wait_for,
    wait_for_library,
    wait_for_post,
    widget_lines,
    widget_text,
    write_post,
)
from textual.containers import VerticalScroll
from textual.widgets import Input

from reader.app import ReaderApp
from reader.model.config import DEFAULT_READING_WIDTH, Settings, load_settings
from reader.model.filters import SortOrder
from reader.model.grouping import Grouping
from reader.screens.help import HelpScreen
from reader.screens.library import LibraryScreen
from reader.screens.no_browser import NoBrowserScreen
from reader.screens.open_folder import OpenFolderScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.search_results import SearchResults


@pytest.mark.parametrize("files", [[], ["a.txt"]], ids=["empty", "only-a-txt"])
async def test_a_folder_without_posts_says_where_it_looked_and_what_to_do(
    tmp_path: Path, files: list[str]
) -> None:
    for name in files:
        (tmp_path / name).write_text("not a post")
    app = ReaderApp([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Looked in" in screen_text(app))
        text = screen_text(app)
        assert "loading" not in text
        assert f"Looked in {str(tmp_path)[:40]}" in text  # a long path is cut at the edge
        assert ".md, .mkd, .mkdn, .mdown and .markdown" in text
        assert "ctrl+o  open another folder" in text
        assert "q       quit" in text
        assert ("Other files found: a.txt" in text) == bool(files)
        footer = screen_lines(app)[-1]
        assert "^o Open another folder" in footer
        assert "Filter" not in footer  # nothing to filter


async def test_ctrl_o_opens_another_folder(tmp_path: Path) -> None:
    app = ReaderApp([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "No posts here." in screen_text(app))
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenFolderScreen)
        await pilot.press(*"nowhere", "enter")
        assert "No such folder: nowhere" in screen_text(app)
        app.screen.query_one(Input).value = str(SAMPLES)
        await pilot.press("enter")
        await wait_for_library(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "sample_posts · 14 posts" in screen_text(app)
        assert app.paths == [SAMPLES]


async def test_the_palette_has_one_help_and_names_the_post(tmp_path: Path) -> None:
    title = "C# [Tips] and [/path] [b]"
    post = write_post(tmp_path, "tips.md", f"---\ntitle: '{title}'\n---\nText.\n")
    app = ReaderApp([tmp_path], open_file=post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_post(pilot)
        await pilot.press("ctrl+p", *"keys")
        await pilot.pause(0.5)
        assert "Show help for the focused widget" not in screen_text(app)
        await pilot.press("ctrl+u", *"mark read")
        await wait_for(pilot, lambda: f"{title} (m)" in screen_text(app))
        assert "under the cursor" not in screen_text(app)
        await pilot.press("escape", "ctrl+p", *"help", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("q")
        assert isinstance(app.screen, PostScreen)


async def test_help_fits_at_80x24_scrolls_with_j_k_and_groups_the_keys() -> None:
    post = SAMPLES / "2023-06-18-structured-logging-in-python.md"
    app = ReaderApp([SAMPLES], open_file=post)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        dialog = app.screen.query_one("#help-dialog", VerticalScroll)
        assert app.screen.region.contains_region(dialog.region)
        text = screen_text(app)
        for heading in ("Everywhere", "This post"):
            assert heading in text
        assert "Next match (while a find is active)" in text
        assert "Next post (when no find is active, nor !)" in text
        assert "Next problem (after !)" in text
        assert dialog.max_scroll_y > 0  # more keys than lines: it scrolls
        await pilot.press("j", "j")
        assert dialog.scroll_y == 2
        await pilot.press("k")
        assert dialog.scroll_y == 1
        await pilot.press("G")
        assert dialog.scroll_y == dialog.max_scroll_y
        assert "The sidebar (tab to it)" in screen_text(app)  # the last group
        await pilot.press("q")
        assert isinstance(app.screen, PostScreen)


LOGGING_POST = SAMPLES / "2023-06-18-structured-logging-in-python.md"


async def test_a_wide_terminal_keeps_lines_to_the_reading_width_and_w_lifts_it() -> None:
    app = ReaderApp([SAMPLES], open_file=LOGGING_POST)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_post(pilot)
        body = app.screen.query_one(PostBody)
        assert body.scrollable_content_region.width == DEFAULT_READING_WIDTH
        assert 70 <= _longest_line(app, body) <= DEFAULT_READING_WIDTH
        assert body.region.x > 10  # centred: space on its left
        await pilot.press("w")
        await pilot.pause()
        assert _longest_line(app, body) > 100
        assert app.settings.reading_width == 0
        await pilot.press("w")
        await pilot.pause()
        assert _longest_line(app, body) <= DEFAULT_READING_WIDTH


def _longest_line(app: ReaderApp, body: PostBody) -> int:
    """The widest line of text the body shows (its scrollbar left out)."""
    region = body.scrollable_content_region
    cells = screen_cells(app)
    return max(
        len("".join(cells[y][region.x : region.right]).rstrip())
        for y in range(region.y, region.bottom)
    )


async def test_the_reading_width_comes_from_the_settings() -> None:
    app = ReaderApp([SAMPLES], open_file=LOGGING_POST, settings=Settings(reading_width=50))
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_post(pilot)
        body = app.screen.query_one(PostBody)
        assert 40 <= _longest_line(app, body) <= 50


async def test_choices_made_in_the_app_are_saved_only_when_asked(private_home: Path) -> None:
    config = private_home / "config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("# mine\nwords_per_minute = 200  # slow\n")
    app = ReaderApp([SAMPLES], settings=load_settings())
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        app.theme = "textual-light"  # as the palette's theme picker sets it
        await pilot.press("s", "v", "o")
        await pilot.pause()
        assert config.read_text() == "# mine\nwords_per_minute = 200  # slow\n"
        await pilot.press("ctrl+p", *"save settings")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "theme" in config.read_text())
        assert any("Settings saved to" in str(notice.message) for notice in app._notifications)
    assert config.read_text() == (
        "# mine\nwords_per_minute = 200  # slow\n"
        'theme = "textual-light"\nsidebar = false\ngrouping = "date"\norder = "title"\n'
    )
    settings = load_settings()
    restarted = ReaderApp([SAMPLES], settings=settings)
    async with restarted.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        assert restarted.theme == "textual-light"
        screen = restarted.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.grouping is Grouping.DATE
        assert screen.post_order is SortOrder.TITLE
        assert not screen.query_one(MetadataSidebar).display


async def test_the_sidebar_breaks_a_file_name_only_after_a_separator(tmp_path: Path) -> None:
    name = "2019-1-7-python-pathlib-and-the-art-of-listing-folders.md"
    post = write_post(tmp_path / "notes", name, "---\ntitle: Paths\n---\nText.\n")
    app = ReaderApp([tmp_path], open_file=post)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_post(pilot)
        lines = [line.strip() for line in widget_lines(app, app.screen.query_one(MetadataSidebar))]
        start = lines.index("File") + 1
        end = next(index for index in range(start, len(lines)) if lines[index].endswith(".md"))
        pieces = lines[start : end + 1]
        assert len(pieces) > 1, "the sidebar is wide enough for the name: the test shows nothing"
        assert "".join(pieces).endswith(name)
        assert all(piece[-1] in "/-_." for piece in pieces[:-1])


@pytest.mark.parametrize("drafts", [True, False])
async def test_the_drafts_setting_decides_the_list_and_the_search(drafts: bool) -> None:
    app = ReaderApp([SAMPLES], settings=Settings(drafts=drafts))
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        assert any(DRAFT in row for row in rows(posts)) == drafts
        await pilot.press("slash", *"is:draft")
        await wait_for(pilot, lambda: [parse_row(row).title for row in rows(posts)][1:] == [DRAFT])
        await pilot.press("escape", "escape", "ctrl+f", *"keyboard layouts")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "keyboard layouts" in widget_text(app, results).casefold())
        await pilot.pause(0.5)
        assert (DRAFT in widget_text(app, results)) == drafts


async def test_posts_sharing_a_title_show_where_they_are(tmp_path: Path) -> None:
    for folder in ("blog", "blog-copy"):
        write_post(tmp_path / folder, "welcome.md", "---\ntitle: Welcome\n---\nHello.\n")
    write_post(tmp_path / "blog", "2020-hello.md", "---\ntitle: Hello\n---\nHi.\n")
    write_post(tmp_path / "blog", "2021-hello.md", "---\ntitle: Hello\n---\nHi again.\n")
    write_post(tmp_path / "blog", "alone.md", "---\ntitle: Alone\n---\nHi.\n")
    app = ReaderApp([tmp_path])
    async with app.run_test(size=(100, 30)) as pilot:
        posts = await wait_for_library(pilot)
        await wait_for(pilot, lambda: any("blog-copy/" in row for row in rows(posts)))
        titles = sorted(parse_row(row).title for row in rows(posts) if "Welcome" in row)
        assert titles == ["Welcome blog-copy/", "Welcome blog/"]
        hellos = sorted(parse_row(row).title for row in rows(posts) if "Hello" in row)
        assert hellos == ["Hello 2020-hello.md", "Hello 2021-hello.md"]
        assert [parse_row(row).title for row in rows(posts) if "Alone" in row] == ["Alone"]
        await pilot.press("ctrl+f", *"welcome")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "blog-copy/" in widget_text(app, results))
        assert "Welcome blog/" in widget_text(app, results)


async def test_a_bookmark_leaves_the_cursor_where_it_was() -> None:
    app = ReaderApp([SAMPLES])
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.press("j", "j", "j")
        before = posts.highlighted
        assert before is not None
        here = posts.highlighted_post
        following = posts.post_at(before + 1) or posts.post_at(before + 2)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: "★ Bookmarks" in rows(posts)[0])
        assert posts.highlighted_post is here
        assert posts.highlighted == before + 2  # the same row, below the new group
        await pilot.press("j")
        assert posts.highlighted_post is following


@pytest.mark.parametrize("browser", [False, True], ids=["no-browser", "browser"])
async def test_a_web_link_with_no_browser_says_so_and_copies_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: bool
) -> None:
    url = "https://example.com/a?b=c"
    post = write_post(tmp_path, "link.md", f"---\ntitle: Link\n---\nSee [the page](<{url}>).\n")
    monkeypatch.setattr("reader.screens.post.can_open_web_pages", lambda: browser)
    app = ReaderApp([tmp_path], open_file=post)
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_post(pilot)
        await pilot.press("right_square_bracket", "enter")
        await pilot.pause()
        if browser:
            assert opened == [url]
            assert isinstance(app.screen, PostScreen)
            return
        assert opened == []
        assert isinstance(app.screen, NoBrowserScreen)
        text = screen_text(app)
        assert "No web browser here" in text
        dialog = app.screen.query_one("#no-browser-dialog")
        assert "without a desktop)." in widget_text(app, dialog)  # wrapped, not cut
        assert url in text
        await pilot.press("c")
        assert copied == [url]
        assert isinstance(app.screen, PostScreen)
        assert any("Link copied" in str(notice.message) for notice in app._notifications)
        await pilot.press("enter", "escape")  # escape closes it too, copying nothing
        assert isinstance(app.screen, PostScreen)
        assert copied == [url]


async def test_a_binary_post_says_why_in_its_body(tmp_path: Path) -> None:
    post = tmp_path / "2024-01-02-photo.md"
    post.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    app = ReaderApp([tmp_path], open_file=post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        body = app.screen.query_one(PostBody)
        await wait_for(pilot, lambda: "cannot be shown" in widget_text(app, body))
        assert "binary file (it contains NUL bytes)" in widget_text(app, body)
