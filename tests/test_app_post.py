"""Pilot tests of the post view: scrolling, next/previous, contents, sidebar, open, reload, edit.

The corpus tests at the end open every post of ``../shared/corpus`` and the seed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_helpers import (
    DRAFT,
    LISBON,
    LOGGING,
    MISO,
    SHARED,
    SIZE,
    copy_samples,
    groups,
    highlight_row_containing,
    highlighted_row,
    library_order,
    library_screen,
    parse_row,
    sample,
    sample_app,
    screen_lines,
    screen_text,
    shows,
    squash,
    wait_for,
    wait_for_library,
    wait_for_post,
    widget_lines,
    widget_text,
)
from rich.cells import cell_len
from textual.app import App
from textual.widgets import Input

from reader.app import ReaderApp
from reader.model.post import Post
from reader.model.post_loader import load_post
from reader.screens.help import HelpScreen
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.table_of_contents import TableOfContents


def open_app(path: Path) -> ReaderApp:
    """The app as ``reader open PATH`` starts it."""
    return ReaderApp([path.parent], open_file=path)


def body_text(body: PostBody) -> str:
    """Every laid-out line of the body, joined with newlines."""
    return "\n".join(body.line_text(index) for index in range(body.line_count))


def title_row(app: App[None]) -> str:
    """The header line of the current screen."""
    return screen_lines(app)[0]


def post_titles_in_list_order(rows_by_group: dict[str, list[str]]) -> list[str]:
    """Each post row once, in the order the library shows them, as plain title text."""
    seen: dict[str, None] = {}
    for group_rows in rows_by_group.values():
        for row in group_rows:
            seen.setdefault(parse_row(row).title, None)
    return list(seen)


# --- scrolling ---------------------------------------------------------------------------


async def test_scroll_keys_move_the_body() -> None:
    async with open_app(sample("structured-logging")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        assert body.has_focus
        page = body.scrollable_content_region.height
        assert body.max_scroll_y > 3 * page, "the post must be several pages long"

        async def after(key: str) -> int:
            await pilot.press(key)
            return round(body.scroll_y)

        assert await after("j") == 1
        assert await after("down") == 2
        assert await after("k") == 1
        assert await after("up") == 0
        assert await after("space") == page
        assert await after("pagedown") == 2 * page
        assert await after("b") == page
        assert await after("pageup") == 0
        assert await after("d") == page // 2
        assert await after("d") == 2 * (page // 2)
        assert await after("u") == page // 2
        assert await after("G") == body.max_scroll_y
        # The end of the post is on screen.
        last = (
            body.line_text(body.line_count - 1).strip()
            or body.line_text(body.line_count - 2).strip()
        )
        assert last and last in screen_text(pilot.app)
        assert await after("g") == 0
        assert await after("end") == body.max_scroll_y
        assert await after("home") == 0
        first = body.line_text(0).strip()
        assert first and first in screen_text(pilot.app)


async def test_a_long_post_scrolls_to_its_end_and_its_last_heading(tmp_path: Path) -> None:
    sections = [
        f"## Section {number}\n\n"
        + "\n\n".join(
            f"Paragraph {number}.{paragraph}: " + "words to read and wrap " * 20
            for paragraph in range(8)
        )
        for number in range(1, 121)
    ]
    text = "---\ntitle: A long post\n---\n\nThe first paragraph.\n\n" + "\n\n".join(sections)
    path = tmp_path / "long.md"
    path.write_text(text + "\n\nThe very last paragraph.\n", encoding="utf-8")
    assert path.stat().st_size > 300_000
    async with open_app(path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "The first paragraph." in screen_text(pilot.app))
        body = pilot.app.screen.query_one(PostBody)
        await pilot.press("G")
        # The body is laid out in the background, a section at a time (slow on a busy
        # machine): the end it scrolled to is the end once the text is there.
        await wait_for(
            pilot,
            lambda: (
                "The very last paragraph." in screen_text(pilot.app)
                and round(body.scroll_y) == body.max_scroll_y
            ),
            timeout=60,
        )
        await pilot.press("g")
        await wait_for(
            pilot,
            lambda: body.scroll_y == 0 and "The first paragraph." in screen_text(pilot.app),
            timeout=60,
        )

        await pilot.press("t")
        contents = pilot.app.screen.query_one(TableOfContents)
        # The contents narrow the body: it is laid out again at its new width, a section
        # at a time in the background (slow on a busy machine), and only then do the
        # contents show the headings' new lines.
        await wait_for(
            pilot,
            lambda: (
                body.virtual_size.width == body.scrollable_content_region.width
                and contents.option_count == 120
                and body.headings
                and getattr(contents.get_option_at_index(119), "heading", None) == body.headings[-1]
            ),
            timeout=60,
        )
        await pilot.press("end", "enter")
        # The jump scrolls the body on its next refresh (late on a busy machine).
        await wait_for(
            pilot,
            lambda: (
                "Section 120" in widget_lines(pilot.app, body)[0]
                and "Paragraph 120.0" in widget_text(pilot.app, body)
            ),
        )


# --- next and previous ---------------------------------------------------------------------


async def test_n_and_p_follow_the_library_order() -> None:
    async with sample_app().run_test(size=SIZE, notifications=True) as pilot:
        posts = await wait_for_library(pilot)
        order = post_titles_in_list_order(groups(posts))
        assert order[:3] == [LISBON, MISO, "A sourdough starter log, week one"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        screen = pilot.app.screen
        assert LISBON in title_row(pilot.app)

        for expected in order[1:5]:
            await pilot.press("n")
            assert pilot.app.screen is screen
            assert expected in title_row(pilot.app)
        await pilot.press("p")
        assert order[3] in title_row(pilot.app)

        # The body follows and starts at the top.
        body = screen.query_one(PostBody)
        assert body.scroll_y == 0
        assert "去年の暮れに" in screen_text(pilot.app)  # ゆっくり読むということ

        # Before the first post there is nothing: the post stays, a note says so.
        for _ in range(4):
            await pilot.press("p")
        assert LISBON in title_row(pilot.app)
        await pilot.press("p")
        assert LISBON in title_row(pilot.app)
        assert pilot.app.is_running
        await wait_for(pilot, lambda: "No more posts" in screen_text(pilot.app), timeout=3)


async def test_n_follows_the_grouping_and_filter_of_the_library() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.press("v", "v", "v")  # all posts, newest first
        assert list(groups(posts)) == ["All posts 14"]
        order = post_titles_in_list_order(groups(posts))
        assert order[:2] == [LISBON, "ゆっくり読むということ"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await pilot.press("n")
        assert "ゆっくり読むということ" in title_row(pilot.app)


# --- contents, sidebar, panes --------------------------------------------------------------


async def test_t_shows_contents_and_choosing_a_heading_scrolls_to_it() -> None:
    async with open_app(sample("structured-logging")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        assert not pilot.app.screen.query(TableOfContents)  # mounted when first asked for

        await pilot.press("t")
        contents = pilot.app.screen.query_one(TableOfContents)
        assert contents.region.width > 0 and contents.has_focus
        shown = widget_text(pilot.app, contents)
        for heading in ('What "structured" actually means', "Step 1: a baseline", "Wrapping up"):
            # A heading longer than the pane ends in "…" (reader.tcss) instead of wrapping.
            assert shows(shown, heading[:24]), heading

        await pilot.press("down", "down", "enter")  # the third heading
        chosen = body.headings[2]
        assert chosen.text == "Step 2: a JSON formatter"
        assert round(body.scroll_y) == min(chosen.line, body.max_scroll_y)
        assert body.has_focus
        top_of_body = widget_lines(pilot.app, body)[0]
        assert "Step 2: a JSON formatter" in top_of_body

        await pilot.press("t")
        assert contents.region.width == 0
        assert body.has_focus


async def test_tab_moves_between_panes() -> None:
    async with open_app(sample("structured-logging")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await pilot.press("t")
        contents = pilot.app.screen.query_one(TableOfContents)
        body = pilot.app.screen.query_one(PostBody)
        assert contents.has_focus
        await pilot.press("tab")
        assert body.has_focus
        await pilot.press("shift+tab")
        assert contents.has_focus


async def test_s_toggles_the_post_sidebar() -> None:
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for_post(pilot)
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        body = pilot.app.screen.query_one(PostBody)
        wide = body.region.width
        text = widget_text(pilot.app, sidebar)
        for expected in (
            "Title",
            MISO,
            "Author",
            "中村 葵",
            "Reading time",
            "4 min (front matter)",
        ):
            assert shows(text, expected), expected
        await pilot.press("s")
        assert sidebar.region.width == 0
        assert body.region.width > wide
        assert "中村 葵" not in screen_text(pilot.app)
        await pilot.press("s")
        assert sidebar.region.width > 0
        assert body.region.width == wide


async def test_post_sidebar_hides_itself_under_100_columns_and_s_shows_it() -> None:
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        body = pilot.app.screen.query_one(PostBody)
        assert sidebar.region.width > 0
        await pilot.resize_terminal(99, 30)
        await pilot.pause()
        assert sidebar.region.width == 0
        assert body.scrollable_content_region.width == 80  # the reading width, centred
        await pilot.press("s")
        assert sidebar.region.width > 0
        assert shows(widget_text(pilot.app, sidebar), MISO)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert pilot.app.is_running


async def test_the_sidebar_choice_survives_resizing() -> None:
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        await pilot.press("s")  # hidden by choice...
        assert sidebar.region.width == 0
        await pilot.resize_terminal(90, 30)  # ...stays hidden when narrow...
        await pilot.pause()
        assert sidebar.region.width == 0
        await pilot.resize_terminal(*SIZE)  # ...and when wide again
        await pilot.pause()
        assert sidebar.region.width == 0
        await pilot.press("s")  # shown by choice stays shown when narrow
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert sidebar.region.width > 0


async def test_find_in_the_post_then_n_and_shift_n_move_between_matches() -> None:
    async with open_app(sample("structured-logging")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await wait_for(pilot, lambda: len(library_order(pilot.app)) == 14)
        body = pilot.app.screen.query_one(PostBody)
        assert not pilot.app.screen.query("#find")  # mounted when first asked for

        await pilot.press("slash", *"dictconfig")
        find = pilot.app.screen.query_one("#find", Input)
        assert find.display and find.value == "dictconfig"
        count = sum(body.line_text(i).lower().count("dictconfig") for i in range(body.line_count))
        assert count >= 3
        await wait_for(pilot, lambda: f"match 1 of {count}" in title_row(pilot.app), timeout=3)
        assert "dictconfig" in widget_text(pilot.app, body).lower()  # scrolled to it

        await pilot.press("enter")  # keep the matches, back to reading
        assert body.has_focus
        first = body.scroll_y
        await pilot.press("n")
        assert f"match 2 of {count}" in title_row(pilot.app)
        assert LOGGING in str(pilot.app.screen.title)  # n moved in the post, not to the next post
        await pilot.press("N", "N")
        assert f"match {count} of {count}" in title_row(pilot.app)
        assert body.scroll_y >= first

        await pilot.press("escape")  # clears the find, stays on the post
        assert isinstance(pilot.app.screen, PostScreen)
        assert not find.display
        assert "match" not in title_row(pilot.app)
        await pilot.press("n")  # n is the next post again
        assert LOGGING not in title_row(pilot.app)

        await pilot.press("slash", *"zqxj")
        await wait_for(pilot, lambda: "no match" in title_row(pilot.app), timeout=3)


async def test_post_footer_shows_help_and_quit_at_120_columns() -> None:
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        footer = screen_lines(pilot.app)[-1]
        for key in ("esc Library", "n Next post", "q Quit", "? Keys"):
            assert key in footer, key


# --- back, open, help, quit ----------------------------------------------------------------


async def test_escape_goes_back_to_library_with_the_post_highlighted() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        library = pilot.app.screen
        await highlight_row_containing(pilot, posts, MISO)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await pilot.press("escape")
        assert pilot.app.screen is library
        assert MISO in highlighted_row(posts)
        assert shows(widget_text(pilot.app, library.query_one(MetadataSidebar)), MISO)

        # After moving on with n, escape highlights the post being read.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await pilot.press("n", "n")
        assert "ゆっくり読むということ" in title_row(pilot.app)
        await pilot.press("escape")
        assert pilot.app.screen is library
        assert "ゆっくり読むということ" in highlighted_row(posts)


async def test_reader_open_starts_on_the_post_and_escape_selects_it_in_the_library() -> None:
    path = sample("go-worker-pool")
    async with open_app(path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        assert "Go で小さなワーカープールを書く" in title_row(pilot.app)
        assert "仕事で、数千件の画像をリサイズする" in screen_text(pilot.app)
        await pilot.press("escape")  # at once: the library may still be loading
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        posts = await wait_for_library(pilot)
        assert "Go で小さなワーカープールを書く" in highlighted_row(posts)
        assert "14 posts" in title_row(pilot.app)
        assert shows(
            widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar)),
            "Go で小さなワーカープールを書く",
        )


async def test_reader_open_n_moves_in_library_order() -> None:
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        # Wait until the library of the folder is read, then step.
        await wait_for(pilot, lambda: len(library_order(pilot.app)) == 14)
        await pilot.press("n")
        assert "A sourdough starter log, week one" in title_row(pilot.app)
        await pilot.press("p", "p")
        assert LISBON in title_row(pilot.app)


async def test_help_lists_post_keys_and_escape_closes_it() -> None:
    # Taller than SIZE: the post view's keys (issue 14 added ! and z) fill more than 30 rows.
    async with open_app(sample("miso")).run_test(size=(SIZE[0], 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        post_screen = pilot.app.screen
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        # Every row of the dialog, also those below its fold (it scrolls).
        text = " ".join(row for _, rows in pilot.app.screen.groups for _, row in rows)
        for description in (
            "Next post",
            "Prev post",
            "Contents",
            "Sidebar",
            "Edit",
            "Reload",
            "Library",
            "Quit",
            "Half page down",
            "Top",
            "Bottom",
        ):
            assert description in text, description
        await pilot.press("escape")
        assert pilot.app.screen is post_screen
        assert pilot.app.is_running


async def test_q_quits_from_the_post_view() -> None:
    app = open_app(sample("miso"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, timeout=5)
    assert app.return_code == 0


# --- reload and edit -----------------------------------------------------------------------


async def test_r_reloads_a_post_edited_on_disk(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    path = folder / sample("structured-logging").name
    async with open_app(path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        await pilot.press("d")
        place = body.scroll_y
        assert place > 0
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"title: {LOGGING}", "title: Logging, revised")
        text = text.replace(
            "Most Python projects start with", "Edited on disk: most projects start with"
        )
        path.write_text(text, encoding="utf-8")
        assert "Edited on disk" not in body_text(body)

        await pilot.press("r")
        assert "Edited on disk: most projects start with" in body_text(body)
        assert "Logging, revised" in title_row(pilot.app)
        assert body.scroll_y == place  # the place is kept
        assert shows(
            widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar)),
            "Logging, revised",
        )


@contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_e_runs_the_editor_on_the_post_and_reloads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_samples(tmp_path)
    path = folder / sample("miso").name
    script = 'printf "\\n\\nAdded by the editor.\\n" >> "$1"'
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"sh -c {shlex.quote(script)} editor")
    app = open_app(path)
    # Headless tests cannot suspend a terminal; the editor still runs.
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        body = app.screen.query_one(PostBody)
        assert "Added by the editor." not in body_text(body)
        await pilot.press("e")
        await pilot.pause()
        assert path.read_text(encoding="utf-8").endswith("Added by the editor.\n")
        assert "Added by the editor." in body_text(body)
        assert app.is_running
        assert isinstance(app.screen, PostScreen)


async def test_e_with_a_harmless_editor_returns_to_the_post(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "true")
    app = open_app(sample("miso"))
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        screen = app.screen
        await pilot.press("e")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert MISO in title_row(app)


async def test_e_without_an_editor_says_how_to_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = open_app(sample("miso"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: "$EDITOR" in screen_text(app), timeout=3)
        assert app.is_running


# --- what the body shows -------------------------------------------------------------------


async def test_body_renders_markdown_constructs(tmp_path: Path) -> None:
    path = tmp_path / "constructs.md"
    path.write_text(
        "---\ntitle: Constructs\n---\n\n"
        "# Top heading\n\n## Second heading\n\n"
        "Some **bold words** and *slanted words* and `inline code`.\n\n"
        "- first item\n- second item\n\n"
        "1. one\n2. two\n\n"
        "> a quoted line\n\n"
        "```python\nprint('in a code block')\n```\n\n"
        "| Name | Value |\n|------|-------|\n| alpha | 42 |\n\n"
        "A [link text](https://example.com/) here.\n",
        encoding="utf-8",
    )
    async with open_app(path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        text = body_text(body)
        assert "Top heading" in text and "Second heading" in text
        assert "bold words" in text and "**" not in text
        assert "slanted words" in text and "*slanted" not in text
        assert "inline code" in text and "`" not in text
        assert re.search(r"^\s*\S\s+first item", text, re.MULTILINE)
        assert "second item" in text
        assert re.search(r"^\s*1\.\s+one", text, re.MULTILINE)
        assert "a quoted line" in text and "> a quoted" not in text
        assert "print('in a code block')" in text and "```" not in text
        assert re.search(r"alpha\s*\S?\s*42", text)
        assert "|------|" not in text
        assert "link text" in text and "](https" not in text
        # Headings keep their level apart: the two lines differ beyond their words.
        top = next(line for line in text.splitlines() if "Top heading" in line)
        second = next(line for line in text.splitlines() if "Second heading" in line)
        assert top.replace("Top heading", "") != second.replace("Second heading", "")
        # Everything is on screen, with the title in the header.
        assert "Constructs" in title_row(pilot.app)
        assert "bold words" in screen_text(pilot.app)


@pytest.mark.parametrize(
    "size", [(120, 35), (80, 30), (61, 20), (50, 20)], ids=lambda size: "x".join(map(str, size))
)
async def test_japanese_wraps_without_losing_characters(size: tuple[int, int]) -> None:
    path = sample("miso")
    async with open_app(path).run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        width = body.scrollable_content_region.width
        lines = [body.line_text(index) for index in range(body.line_count)]
        assert all(cell_len(line.rstrip()) <= width for line in lines)
        joined = squash("".join(lines))
        paragraphs = [
            block
            for block in load_post(path).body.split("\n\n")
            if block and not re.search(r"[#|*`>]|^\d\.", block)
        ]
        assert len(paragraphs) >= 5
        for paragraph in paragraphs:
            assert squash(paragraph) in joined, paragraph[:20]
        # Japanese line breaking (kinsoku): no line starts with closing punctuation or
        # ends with an opening bracket.
        for line in lines:
            text = line.strip()
            assert not text or text[0] not in "。、」』）！？", line
            assert not text or text[-1] not in "「『（", line
        # What is on screen lines up: no wide character sticks out of the body.
        for line in widget_lines(pilot.app, body):
            assert cell_len(line) <= body.content_region.width


async def test_draft_post_says_so_in_the_sidebar() -> None:
    async with open_app(sample("keyboard-layouts-draft")).run_test(size=SIZE) as pilot:
        await wait_for_post(pilot)
        assert DRAFT in title_row(pilot.app)
        text = widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar))
        assert shows(text, "Draft yes")


# --- the corpus and the seed ---------------------------------------------------------------

CORPUS = SHARED / "corpus"
SEED = SHARED / "seed"
needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir() or not SEED.is_dir(),
    reason=f"the shared corpus and seed are not here ({SHARED})",
)
CHUNK = 50


def corpus_files() -> list[Path]:
    """Every post of the corpus (not its SOURCES.md)."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix.lower() in {".md", ".markdown"} and path.parent != CORPUS
    )


def seed_files() -> list[Path]:
    """The seed post(s)."""
    return sorted(path for path in SEED.iterdir() if path.is_file()) if SEED.is_dir() else []


def _chunks() -> list[int]:
    count = len(corpus_files()) + len(seed_files())
    return list(range(0, max(count, 1), CHUNK))


async def _open_each(files: list[Path]) -> None:
    """Open each file in one app session; fail with the file's name on any error."""
    app = open_app(files[0])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        screen = app.screen
        assert isinstance(screen, PostScreen)
        for path in files:
            post: Post = load_post(path)
            app.open_post(post)
            await pilot.pause(0)  # handle the messages and draw, without waiting for idle
            assert app.screen is screen, path
            body = screen.query_one(PostBody)
            assert body.line_count > 0 or not post.body.strip(), path
            assert app.is_running, path
            # The header shows the title; the sidebar is filled.
            assert screen.title, path
            assert "Title" in widget_text(app, screen.query_one(MetadataSidebar)), path
        await pilot.press("j", "G", "g")
        assert app.is_running


@needs_shared
@pytest.mark.parametrize("start", _chunks())
async def test_corpus_posts_open_in_the_post_view(start: int) -> None:
    files = (corpus_files() + seed_files())[start : start + CHUNK]
    assert files
    await _open_each(files)


@needs_shared
async def test_the_seed_text_is_in_the_body() -> None:
    (seed,) = seed_files()
    post = load_post(seed)
    async with open_app(seed).run_test(size=SIZE) as pilot:
        await wait_for_post(pilot)
        body = pilot.app.screen.query_one(PostBody)
        joined = squash("".join(body.line_text(index) for index in range(body.line_count)))
        plain = [
            block
            for block in post.body.split("\n\n")
            if len(block) > 40 and not re.search(r"[#|*_`>\[\]<]|^\s*[-\d]", block)
        ]
        assert len(plain) >= 5
        for paragraph in plain:
            assert squash(paragraph) in joined, paragraph[:30]
        assert shows(screen_text(pilot.app), post.body.strip().splitlines()[0][:20])
        assert "ALLFORCES" in widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar))


async def test_library_screen_is_available_after_open() -> None:
    """After ``reader open`` and escape, the library is a normal library (v, /, enter)."""
    async with open_app(sample("miso")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await wait_for(pilot, lambda: len(library_order(pilot.app)) == 14)
        await pilot.press("escape")
        posts = await wait_for_library(pilot)
        assert library_screen(pilot.app) is pilot.app.screen
        assert MISO in highlighted_row(posts)
        await pilot.press("v")
        assert "2023 · April 1" in groups(posts)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        assert MISO in title_row(pilot.app)


async def test_a_link_to_another_post_opens_it_and_escape_comes_back() -> None:
    async with open_app(sample("tokyo-to-sapporo")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PostScreen)
        body = screen.query_one(PostBody)
        while body.selected_link is None or not body.selected_link.href.endswith(".md"):
            await pilot.press("right_square_bracket")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "京都" in str(screen.title))
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Sapporo" in str(screen.title))
        assert isinstance(pilot.app.screen, PostScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))


async def test_a_find_survives_the_sidebar_and_contents_changing_the_width() -> None:
    async with open_app(sample("structured-logging")).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = pilot.app.screen.query_one(PostBody)
        await pilot.press("slash", *"log", "enter")
        await wait_for(pilot, lambda: bool(body.matches))
        count = len(body.matches)
        await pilot.press("s")  # the body gets wider
        await pilot.pause()
        assert len(body.matches) == count
        await pilot.press("t")  # and narrower
        await pilot.pause()
        assert len(body.matches) == count
        await pilot.press("escape")  # leaves the contents' focus to the screen: clears the find
        title = str(pilot.app.screen.title)
        await pilot.press("n")  # no find any more: n is the next post
        await wait_for(pilot, lambda: str(pilot.app.screen.title) != title)
