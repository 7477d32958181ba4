"""Text from posts is data: never markup, never an action, never a terminal escape sequence."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (
    FORBIDDEN,
    SIZE,
    groups,
    highlight_row_containing,
    rows,
    screen_lines,
    screen_text,
    shows,
    wait_for,
    wait_for_library,
    wait_for_post,
    widget_text,
    write_post,
)
from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from reader.app import ReaderApp
from reader.screens.help import HelpScreen
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.table_of_contents import TableOfContents

CLICK = "[@click=app.quit]q[/]"
TITLE_SHOWN = f"T [bold]x[/] [/ {CLICK}"
# In YAML double quotes, \e is ESC, \a is BEL and \x9b the C1 CSI.
EVIL_POST = (
    "---\n"
    f'title: "{TITLE_SHOWN} \\e]2;pwned\\a \\e]52;c;SGVsbG8=\\a \\e[2J \\x9b31m end"\n'
    "date: 2024-05-05\n"
    'categories: ["[red]cat[/]", "[/"]\n'
    f'tags: ["[bold]tag[/]", "{CLICK}", "\\e[2J"]\n'
    'author: "[@click=app.quit]Mallory[/] \\e]2;pwned\\a"\n'
    'excerpt: "Ex [bold]cerpt[/] [/ \\e]52;c;SGVsbG8=\\a"\n'
    'extra_key: "[link=file:///etc/passwd]x[/link] \\e[2J"\n'
    "---\n\n"
    f"Body [bold]x[/] and [/ and {CLICK} here.\n\n"
    "Raw escapes: \x1b]2;pwned\x07 and \x1b]52;c;SGVsbG8=\x07 and \x1b[2J and \x9b31m done.\n\n"
    "## Heading [bold]h[/] \x1b[2J\n\n"
    "A [@click=app.quit](https://example.com) link and `[/ code]`.\n"
)
EVIL_NAME = "2024-05-05-evil-[bold]x[-]-\x1b]2;pwned\x07-\x9b31m.md"
SEQUENCES = ("\x1b]2;", "\x1b]52;", "\x1b[2J", "\x9b", "\x07")


@pytest.fixture
def evil_library(tmp_path: Path) -> Path:
    """A folder with a hostile post, a post with brackets and a post with broken YAML."""
    folder = tmp_path / "evil"
    write_post(folder, EVIL_NAME, EVIL_POST)
    write_post(
        folder,
        "2024-05-07-brackets.md",
        "---\ntitle: C# [Tips] and [/path] [00]\n---\n\nFine [/body] text.\n",
    )
    write_post(
        folder,
        "2024-05-06-broken.md",
        "---\ntitle: [unclosed\ndate: 2024-05-06\n---\n\nBroken body.\n",
    )
    return folder


def no_browser(app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the URLs ``app`` would hand to the browser instead of opening them.

    A browser is found, whether this machine has one or not.
    """
    opened: list[str] = []

    def open_url(url: str, *, new_tab: bool = True) -> None:
        opened.append(url)

    monkeypatch.setattr(app, "open_url", open_url)
    monkeypatch.setattr("reader.screens.post.can_open_web_pages", lambda: True)
    return opened


def assert_clean(app: App[None]) -> None:
    """Nothing on screen is an escape sequence or an action made from post text."""
    lines = screen_lines(app)
    for y, line in enumerate(lines):
        assert not FORBIDDEN.search(line), (y, line)
        for sequence in SEQUENCES:
            assert sequence not in line, (y, sequence)
        for x in range(app.size.width):
            meta = app.screen.get_style_at(x, y).meta
            assert "@click" not in meta, (y, line, meta)


async def click_on(pilot: Pilot[None], text: str) -> bool:
    """Click the first place on screen showing ``text`` (its last character); False if none."""
    for y, line in enumerate(screen_lines(pilot.app)):
        index = line.find(text)
        if index >= 0:
            x = cell_len(line[: index + len(text) - 1])
            await pilot.click(offset=(x, y))
            await pilot.pause()
            return True
    return False


async def test_library_shows_markup_literally(evil_library: Path) -> None:
    async with ReaderApp([evil_library]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        names = list(groups(posts))
        assert "[/ 1" in names
        assert "[red]cat[/] 1" in names
        evil_rows = [row for row in rows(posts) if row.startswith("2024-05-05")]
        assert len(evil_rows) == 2  # in both categories
        assert all(TITLE_SHOWN in row for row in evil_rows)
        assert any("C# [Tips] and [/path] [00]" in row for row in rows(posts))
        text = screen_text(pilot.app)
        assert TITLE_SHOWN in text
        assert "C# [Tips] and [/path] [00]" in text
        assert "␛]2;pwned␇" in text  # the escape made visible, not sent
        assert_clean(pilot.app)

        await highlight_row_containing(pilot, posts, TITLE_SHOWN)
        sidebar_widget = pilot.app.screen.query_one(MetadataSidebar)
        # The library knows no other front-matter keys; the file is read once the cursor rests.
        await wait_for(pilot, lambda: "extra_key" in widget_text(pilot.app, sidebar_widget))
        sidebar = widget_text(pilot.app, sidebar_widget)
        for shown in (
            TITLE_SHOWN,
            "[@click=app.quit]Mallory[/]",
            "[red]cat[/], [/",
            "[bold]tag[/]",
            CLICK,
            "Ex [bold]cerpt[/] [/",
            "extra_key",
            "[link=file:///etc/passwd]x[/link]",
            "evil-[bold]x[-]-␛]2;pwned␇-",
        ):
            assert shows(sidebar, shown), shown
        assert_clean(pilot.app)


async def test_post_view_shows_markup_literally(evil_library: Path) -> None:
    path = evil_library / EVIL_NAME
    async with ReaderApp([evil_library], open_file=path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        assert TITLE_SHOWN in screen_lines(pilot.app)[0]
        body = pilot.app.screen.query_one(PostBody)
        lines = [body.line_text(index) for index in range(body.line_count)]
        assert lines
        for line in lines:
            assert not FORBIDDEN.search(line), line
        text = "\n".join(lines)
        assert f"Body [bold]x[/] and [/ and {CLICK} here." in text
        assert "␛]2;pwned␇" in text and "␛]52;c;SGVsbG8=␇" in text and "␛[2J" in text
        assert "Heading [bold]h[/]" in text
        assert "[/ code]" in text
        assert f"Body [bold]x[/] and [/ and {CLICK} here." in screen_text(pilot.app)
        sidebar = widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar))
        assert shows(sidebar, "[@click=app.quit]Mallory[/]")
        assert_clean(pilot.app)

        await pilot.press("t")
        contents = pilot.app.screen.query_one(TableOfContents)
        assert "Heading [bold]h[/]" in widget_text(pilot.app, contents)
        assert_clean(pilot.app)

        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        assert_clean(pilot.app)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PostScreen)


async def test_clicking_post_text_runs_no_action(
    evil_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ReaderApp([evil_library])
    opened = no_browser(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await highlight_row_containing(pilot, posts, "C# [Tips]")
        # The sidebar (not the list: a click there opens the post) of the brackets post...
        await highlight_row_containing(pilot, posts, TITLE_SHOWN)
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        assert shows(widget_text(app, sidebar), "[@click=app.quit]Mallory[/]")
        assert await click_on(pilot, "[@click=app.quit]Mallory")
        assert app.is_running and isinstance(app.screen, LibraryScreen)

        # A click on the row's "q" only opens the post, as any click on a row does.
        assert await click_on(pilot, "[@click=app.quit]q")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        assert app.is_running
        for text in ("[@click=app.quit]q", "[@click=app.quit]Mallory", "A @click=app.quit"):
            assert await click_on(pilot, text), text
            assert app.is_running and isinstance(app.screen, PostScreen), text
        # The link's text is only text; the link itself goes where its URL says.
        assert opened == ["https://example.com"]
        assert_clean(app)
    assert app.return_code is None or app.return_code == 0


async def test_filter_and_palette_take_brackets_as_text(evil_library: Path) -> None:
    app = ReaderApp([evil_library])
    async with app.run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.press("slash", "left_square_bracket", "slash")
        assert app.screen.query_one("#filter", Input).value == "[/"
        titles = [row for row in rows(posts) if row[:4].isdigit()]
        assert titles and all("[/" in row for row in titles)
        assert "[/" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p", *"unclo")
        await pilot.press("ctrl+u", *"bold")
        await wait_for(pilot, lambda: TITLE_SHOWN in screen_text(app), timeout=5)
        assert_clean(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen), timeout=5)
        assert TITLE_SHOWN in screen_lines(app)[0]
        assert app.is_running


async def test_broken_front_matter_is_listed_with_its_problem(evil_library: Path) -> None:
    app = ReaderApp([evil_library])
    async with app.run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        (broken,) = [row for row in rows(posts) if row.startswith("2024-05-06")]
        assert "⚠" in broken
        assert "Broken" in broken
        assert not any("⚠" in row for row in rows(posts) if row.startswith("2024-05-07"))
        await highlight_row_containing(pilot, posts, "2024-05-06")
        sidebar = widget_text(app, app.screen.query_one(MetadataSidebar))
        assert shows(sidebar, "Problem")
        assert shows(sidebar, "invalid YAML")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        assert "Broken body." in screen_text(app)
        assert shows(widget_text(app, app.screen.query_one(MetadataSidebar)), "invalid YAML")


async def test_huge_and_nested_front_matter_never_hangs(tmp_path: Path) -> None:
    laughs = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        laughs.append(f"lol{level}: &a{level} [{', '.join([previous] * 9)}]")
    long_title = "A very long title " * 30
    path = write_post(
        tmp_path / "blog",
        "2024-02-02-laughs.md",
        f"---\ntitle: {long_title}\n" + "\n".join(laughs) + "\n---\n\nStill readable.\n",
    )
    app = ReaderApp([path.parent], open_file=path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_post(pilot)
        assert "Still readable." in screen_text(app)
        # Said under the header; the sidebar's Problems follow its long title.
        assert "⚠ 1 problem" in screen_text(app)
        sidebar = app.screen.query_one(MetadataSidebar)
        sidebar.scroll_end(animate=False)
        await pilot.pause()
        shown = widget_text(app, sidebar)
        assert shows(shown, "Problem")
        assert shows(shown, "too large to show")
        assert shows(shown, "lol0")  # the small values are listed, cut to a line
        await pilot.press("escape")
        await wait_for_library(pilot)
        assert app.is_running  # wait_for_post and wait_for_library fail after 10 s of a hang


async def test_only_web_links_reach_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "links"
    write_post(folder, "other.md", "---\ntitle: The other post\n---\n\nOther body.\n")
    links = [
        "[web](https://example.com/a)",
        "[mail](mailto:someone@example.com)",
        "[script](javascript:alert(1))",
        "[local file](file:///etc/passwd)",
        "[an app](vscode://file/etc/passwd)",
        "[data](data:text/html,hi)",
        "[missing](no-such-post.md)",
        "[anchor](#top)",
        "[sibling](other.md)",
    ]
    path = write_post(folder, "links.md", "---\ntitle: Links\n---\n\n" + "\n\n".join(links) + "\n")
    app = ReaderApp([folder], open_file=path)
    opened = no_browser(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        # Step through the links with ] and open each with enter; the last one, a post
        # beside this one, opens in reader.
        for _ in links:
            await pilot.press("right_square_bracket", "enter")
            assert app.is_running
            if "The other post" in screen_lines(app)[0]:
                break
        assert "The other post" in screen_lines(app)[0]
        assert "Other body." in screen_text(app)
        assert opened == ["https://example.com/a", "mailto:someone@example.com"]
