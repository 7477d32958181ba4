"""Helpers for the app tests: wait for the library, read what the screen shows."""

from __future__ import annotations

import html
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from reader.app import ReaderApp
from reader.model.post import PostSummary
from reader.samples import sample_posts_folder
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_list import PostList

SIZE = (120, 35)
SAMPLES = sample_posts_folder()
# ../shared beside the repository: the corpus and the seed (absent on most machines).
SHARED = Path(__file__).resolve().parents[2] / "shared"

LISBON = "Three days in Lisbon, mostly eating"
MISO = "毎朝の味噌汁について"
LOGGING = "A practical guide to structured logging in Python"
CLOSING = "Closing out 2023"
DRAFT = "Half-formed thoughts on keyboard layouts"

# Control characters that must never reach the terminal from a post.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# What the reading state adds to rows: a heading's unread count, the unread and bookmark marks.
_UNREAD_COUNT = re.compile(r" · (\d+) unread$")
_READING_MARKS = re.compile(r"^● |(?<= min) ★(?= )")


def sample(stem_part: str) -> Path:
    """The one sample post whose file name contains ``stem_part``."""
    (match,) = [path for path in SAMPLES.glob("*.md") if stem_part in path.name]
    return match


def copy_samples(destination: Path) -> Path:
    """A writable copy of the sample posts in ``destination``/sample_posts."""
    target = destination / "sample_posts"
    shutil.copytree(SAMPLES, target)
    return target


def library_order(app: App[None]) -> list[PostSummary]:
    """The posts in the order ``n`` and ``p`` step through them."""
    assert isinstance(app, ReaderApp)
    return app.library_posts()


def library_screen(app: App[None]) -> LibraryScreen:
    """The library screen, wherever it is in the stack."""
    return next(screen for screen in app.screen_stack if isinstance(screen, LibraryScreen))


def post_list(app: App[None]) -> PostList:
    """The library's list of posts."""
    return library_screen(app).query_one(PostList)


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], object], timeout: float = 10.0
) -> None:
    """Pause until ``condition()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_for_post(pilot: Pilot[None]) -> None:
    """Wait until a post is on screen with its details in the sidebar (they follow the text)."""

    def shown() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, PostScreen):
            return False
        return "Title" in widget_text(pilot.app, screen.query_one(MetadataSidebar))

    await wait_for(pilot, shown)


async def wait_for_library(pilot: Pilot[None], loaded: bool = True) -> PostList:
    """Wait until the library list shows posts, every post once ``loaded``; return it.

    The first posts loaded are listed at once, the others as they come.
    """
    app = pilot.app
    await wait_for(
        pilot,
        lambda: (
            any(isinstance(screen, LibraryScreen) for screen in app.screen_stack)
            and post_list(app).row_count > 0
            and (not loaded or not isinstance(app, ReaderApp) or app.library_loaded)
        ),
    )
    return post_list(app)


def row_text(posts: PostList, row: int) -> str:
    """One row of the list as a single line of plain text (runs of spaces joined)."""
    return " ".join(posts.row_text(row).split())


def rows(posts: PostList) -> list[str]:
    """Every row of the list as text, group headings included, without reading marks.

    ``marked_rows`` keeps the unread and bookmark marks and the unread counts.
    """
    return [_UNREAD_COUNT.sub("", _READING_MARKS.sub("", text)) for text in marked_rows(posts)]


def marked_rows(posts: PostList) -> list[str]:
    """Every row of the list as text, as shown (reading marks included)."""
    return [" ".join(text.split()) for text in posts.row_texts()]


def groups(posts: PostList) -> dict[str, list[str]]:
    """Heading text (``name count``) to the rows below it, without the reading marks."""
    result: dict[str, list[str]] = {}
    current: list[str] = []
    for row in range(posts.row_count):
        text = row_text(posts, row)
        if posts.post_at(row) is None:
            current = result.setdefault(_UNREAD_COUNT.sub("", text), [])
        else:
            current.append(_READING_MARKS.sub("", text))
    return result


def headings(posts: PostList) -> list[str]:
    """The group headings of the list, in order (``name count``)."""
    return list(groups(posts))


def unread_counts(posts: PostList) -> dict[str, int]:
    """Each group's name (``name count``) and how many of its posts are unread."""
    counts: dict[str, int] = {}
    for row in range(posts.row_count):
        if posts.post_at(row) is None:
            text = row_text(posts, row)
            match = _UNREAD_COUNT.search(text)
            counts[_UNREAD_COUNT.sub("", text)] = int(match.group(1)) if match else 0
    return counts


def is_unread_row(row: str) -> bool:
    """Whether a post row carries the unread mark."""
    return row.startswith("● ")


@dataclass
class Row:
    """What one post row of the library shows, whatever order its parts come in."""

    date: str
    minutes: int | None
    draft: bool
    problem: bool
    title: str


_ROW_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})?\s*")
_ROW_MINUTES = re.compile(r"(?:^|\s)(\d+) min(?=\s|$)")
_MARKS = ("draft", "⚠")


def parse_row(row: str) -> Row:
    """Split a post row into date, minutes, marks and title (the rest).

    The reading marks (unread ``●``, bookmark ``★``) are left out.
    """
    row = _READING_MARKS.sub("", row)
    date_match = _ROW_DATE.match(row)
    date = date_match.group(1) or "" if date_match else ""
    rest = row[date_match.end() if date_match else 0 :]
    minutes_match = _ROW_MINUTES.search(rest)
    minutes = int(minutes_match.group(1)) if minutes_match else None
    if minutes_match:
        rest = rest[: minutes_match.start()] + " " + rest[minutes_match.end() :]
    words = rest.split()
    marks: set[str] = set()
    while words and words[0] in _MARKS:  # marks before the title...
        marks.add(words.pop(0))
    while words and words[-1] in _MARKS:  # ...or after it
        marks.add(words.pop())
    return Row(date, minutes, "draft" in marks, "⚠" in marks, " ".join(words))


def post_rows(posts: PostList) -> list[Row]:
    """Every post row of the list (not the headings), parsed."""
    return [
        parse_row(row_text(posts, row))
        for row in range(posts.row_count)
        if posts.post_at(row) is not None
    ]


def highlighted_row(posts: PostList) -> str:
    """The text of the highlighted row ("" when none)."""
    return "" if posts.highlighted is None else row_text(posts, posts.highlighted)


async def highlight_row_containing(pilot: Pilot[None], posts: PostList, text: str) -> None:
    """Move the cursor down (with the keyboard) to the first row containing ``text``."""
    await pilot.press("g")
    for _ in range(posts.row_count):
        if text in highlighted_row(posts):
            return
        await pilot.press("down")
    raise AssertionError(f"no row contains {text!r}: {rows(posts)}")


# Rich's SVG export (what ``App.export_screenshot`` returns): one <text> element per run of
# text, at x = column * cell width, clipped to its line; spaces written as "&#160;".
_SVG_LINE_WIDTH = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect [^>]*width="([\d.]+)"')
_SVG_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?-line-(\d+)\)">(.*?)</text>', re.DOTALL)


def screen_cells(app: App[None]) -> list[list[str]]:
    """The current screen, cell by cell (a wide character's second cell is ``""``).

    Read from ``App.export_screenshot`` (the public API snapshot tests use), so that the
    tests do not depend on Textual's private compositor.
    """
    width, height = app.size
    svg = app.export_screenshot()
    width_match = _SVG_LINE_WIDTH.search(svg)
    assert width_match is not None, "no line in the screenshot"
    cell_width = float(width_match.group(1)) / width
    cells = [[" "] * width for _ in range(height)]
    for x, y, escaped in _SVG_TEXT.findall(svg):
        line = cells[int(y)]
        column = round(float(x) / cell_width)
        for character in html.unescape(escaped.replace("&#160;", " ")):
            if column >= width:
                break
            line[column] = character
            if cell_len(character) == 2 and column + 1 < width:
                line[column + 1] = ""
                column += 1
            column += 1
    return cells


_SVG_FILL = re.compile(r"\.(terminal-[\w-]*?r\d+) \{ fill: (#[0-9a-f]{6})")
_SVG_CLASSED_TEXT = re.compile(r'<text class="([^"]+)"[^>]*>(.*?)</text>', re.DOTALL)


def screen_colours(app: App[None], character: str) -> set[str]:
    """The colours (``#rrggbb``) the current screen draws ``character`` in.

    Read from ``App.export_screenshot``, like ``screen_cells``: each run of text has a
    class whose fill is its colour.
    """
    svg = app.export_screenshot()
    fills = dict(_SVG_FILL.findall(svg))
    return {
        fills[name]
        for name, escaped in _SVG_CLASSED_TEXT.findall(svg)
        if character in html.unescape(escaped) and name in fills
    }


def screen_lines(app: App[None]) -> list[str]:
    """The text of every line of the current screen, as the user sees it."""
    return ["".join(line) for line in screen_cells(app)]


def screen_text(app: App[None]) -> str:
    """The whole current screen as one string, lines joined with newlines."""
    return "\n".join(screen_lines(app))


def widget_lines(app: App[None], widget: Widget) -> list[str]:
    """The lines of the screen inside ``widget``'s content region, right-stripped."""
    region = widget.content_region
    cells = screen_cells(app)
    return [
        "".join(cells[y][region.x : region.right]).rstrip()
        for y in range(region.y, min(region.bottom, len(cells)))
    ]


def widget_text(app: App[None], widget: Widget) -> str:
    """What ``widget`` shows, its lines joined with spaces and runs of spaces collapsed."""
    return " ".join(" ".join(widget_lines(app, widget)).split())


def squash(text: str) -> str:
    """``text`` without any whitespace, to compare wrapped text with the original."""
    return "".join(text.split())


def shows(text: str, expected: str) -> bool:
    """Whether ``expected`` is in ``text``, ignoring where lines were wrapped."""
    return squash(expected) in squash(text)


def write_post(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name`` (UTF-8, creating the folder) and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def sample_app(open_file: Path | None = None) -> ReaderApp:
    """The app on the bundled sample posts (optionally started on one of them)."""
    return ReaderApp([SAMPLES], open_file=open_file)
