"""The library's list of posts, grouped, one row per post, drawn line by line.

A library can hold 100,000 posts, so the list keeps one flat list of references (a
heading or a post per row) and draws only the rows on screen (Textual's line API).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from textual import work
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.content import Content
from textual.events import Click, Leave, MouseMove, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from reader.ansi_palette import DIMMED_CONTRAST, TEXT_CONTRAST, contrast_ratio, readable
from reader.model.details import shared_title_places, short_date, short_minutes
from reader.model.health.finding import has_problems
from reader.model.post import PostSummary
from reader.model.text import one_line

# Rows kept drawn: a few screens, so scrolling back and forth redraws little.
STRIP_CACHE_ROWS = 1024


@dataclass
class _Heading:
    """A group's heading row: its name and the posts below it."""

    name: str
    posts: list[PostSummary]


@lru_cache(1024)
def _readable_style(
    style: RichStyle, row_background: Color, row_text: Color, theme: TerminalTheme
) -> RichStyle:
    """``style`` with a colour readable on its background (dim drawn as a blend).

    The colour moves towards the row's text colour, or black or white if that is too faint.
    """
    behind = Color.from_rich_color(style.bgcolor, theme) if style.bgcolor else row_background
    if style.color is None:
        return style
    # Plain RGB: an ANSI colour would be drawn from the terminal's palette again.
    color = Color(*Color.from_rich_color(style.color, theme).rgb)
    ratio = DIMMED_CONTRAST if style.dim else TEXT_CONTRAST
    # Towards the row's text if that is readable, else black or white, whichever stands
    # out more (a theme's text on its cursor can be 3.9:1), the same for every piece.
    ends = (row_text, Color(0, 0, 0), Color(255, 255, 255))
    readable_ends = [end for end in ends if contrast_ratio(end, behind) >= TEXT_CONTRAST]
    extreme = (readable_ends or [max(ends, key=lambda end: contrast_ratio(end, behind))])[0]
    if style.dim:
        color = behind.blend(color, DIM_FACTOR)
    readable_color = readable(color, [behind], extreme, ratio)
    return style + RichStyle(color=readable_color.rich_color, dim=False)


class PostList(ScrollView, can_focus=True):
    """Posts grouped under headings with counts, newest first inside each group.

    The cursor moves over posts only; headings are skipped. With ``set_marks`` the rows
    show which posts are unread (``●``) and bookmarked (``★``).
    """

    DEFAULT_CSS = """
    /* Looks like Textual's OptionList, which it was: one line per post, a long
       title ends in "..." instead of wrapping. */
    PostList {
        width: 1fr;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: none;
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        text-wrap: nowrap;
        text-overflow: ellipsis;

        & > .post-list--heading {
            color: $text-disabled;
        }
        & > .post-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .post-list--hover {
            background: $block-hover-background;
        }
        & > .post-list--unread {
            color: $accent;
            text-style: bold;
        }
        & > .post-list--bookmark {
            color: $warning;
        }
        & > .post-list--problem {
            color: $warning;
            text-style: bold;
        }
        &:focus {
            background-tint: $foreground 5%;

            & > .post-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("enter", "choose", "Read the post", show=False),
    ]

    COMPONENT_CLASSES = {
        "post-list--row",
        "post-list--heading",
        "post-list--highlighted",
        "post-list--hover",
        "post-list--unread",
        "post-list--bookmark",
        "post-list--problem",
    }

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a post."""

        post: PostSummary

    @dataclass
    class Chosen(Message):
        """A post was picked to read (enter or click)."""

        post: PostSummary

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[PostSummary | _Heading | str] = []
        self._first_rows: dict[Path, int] | None = None
        self._cursor: int | None = None
        # Whether the cursor is where the reader (or the screen) put it, not just on the
        # first post: the first post is what a list filling in while loading should keep.
        self._placed = False
        self._hover: int | None = None
        self._read: frozenset[Path] | None = None
        self._bookmarked: frozenset[Path] = frozenset()
        self._unread_counts: dict[int, int] = {}
        self._strips: LRUCache[tuple[int, Style, int], Strip] = LRUCache(STRIP_CACHE_ROWS)
        # Where each post whose title another post has too is: shown dimmed after it.
        self._places: dict[Path, str] = {}
        # The theme's surface and text colours, asked of the app once per style update:
        # its CSS variables take about half a millisecond, too long to ask for each row.
        self._theme_colours: tuple[Color, Color] | None = None

    def show_groups(self, groups: list[tuple[str, list[PostSummary]]], empty: str) -> None:
        """Fill the list with named groups of posts, keeping the highlighted post.

        ``empty`` is what the list says when there is no group (a line a row).
        """
        current = self.highlighted_post if self._placed else None
        group = self._group_at(self._cursor) if current is not None else None
        rows: list[PostSummary | _Heading | str] = [] if groups else list(empty.splitlines())
        for name, posts in groups:
            rows.append(_Heading(name, posts))
            rows.extend(posts)
        self._rows = rows
        self._places = {}
        # Titles are compared in a thread once the list is drawn: that takes longer than
        # the first frame of 100,000 posts.
        self.call_after_refresh(self._find_shared_titles, rows)
        # Hashing 100,000 new paths costs more than the rest: build the index on demand.
        self._first_rows = None
        self._cursor = self._hover = None
        self._forget_drawn()
        self.virtual_size = Size(0, len(rows))
        self.refresh(layout=True)
        same = self._row_of(current, group) if current is not None else None
        if same is not None:
            self._move_to(same, announce=True)
        else:
            self.highlight_post(current)

    def _group_at(self, row: int | None) -> str | None:
        """The name of the group row ``row`` is in (None above the first heading)."""
        for index in range(row if row is not None else -1, -1, -1):
            item = self._rows[index]
            if isinstance(item, _Heading):
                return item.name
        return None

    def _row_of(self, post: PostSummary, group: str | None) -> int | None:
        """The row of ``post`` in the group named ``group``, else its first row.

        A post listed twice (under two categories, or under "★ Bookmarks" too) keeps
        the cursor in the group it was in.
        """
        first: int | None = None
        heading: str | None = None
        for index, row in enumerate(self._rows):
            if isinstance(row, _Heading):
                heading = row.name
            elif row is post:
                if heading == group:
                    return index
                first = index if first is None else first
        return first

    def set_marks(self, read: Collection[Path] | None, bookmarked: Collection[Path]) -> None:
        """Mark unread and bookmarked posts.

        With ``read`` None (nothing known about reading) no post is marked unread;
        otherwise every post not in ``read`` is, and headings count their unread posts.
        """
        self._read = None if read is None else frozenset(read)
        self._bookmarked = frozenset(bookmarked)
        self._forget_drawn()
        self.refresh()

    @property
    def highlighted(self) -> int | None:
        """The row under the cursor (always a post's row), if any."""
        return self._cursor

    @property
    def highlighted_post(self) -> PostSummary | None:
        """The post under the cursor, if any."""
        return None if self._cursor is None else self.post_at(self._cursor)

    @property
    def row_count(self) -> int:
        """How many rows the list has, headings included."""
        return len(self._rows)

    def post_at(self, row: int) -> PostSummary | None:
        """The post that row ``row`` shows (None for a heading or the empty text)."""
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, PostSummary) else None

    def row_text(self, row: int) -> str:
        """The plain text of row ``row``, uncut (for tests and search)."""
        return self._content(row).plain

    def row_texts(self) -> list[str]:
        """The plain text of every row, headings included (builds them all: tests only)."""
        return [self.row_text(row) for row in range(len(self._rows))]

    def highlight_post(self, post: PostSummary | None) -> None:
        """Move the cursor to ``post`` (its first row), or to the first post."""
        row = self._first_post_row(0, 1) if post is None else None
        if post is not None:
            # The very object first: hashing 100,000 paths costs more than this scan.
            row = next((index for index, item in enumerate(self._rows) if item is post), None)
        if post is not None and row is None:
            if self._first_rows is None:
                self._first_rows = self._index_paths()
            row = self._first_rows.get(post.path, self._first_post_row(0, 1))
        self._move_to(row, announce=True)
        self._placed = post is not None

    def next_unread(self) -> bool:
        """Move the cursor to the next unread post after it, wrapping to the top.

        Return False (and leave the cursor) when no other post is unread.
        """
        read, rows = self._read, self._rows
        if read is None or not rows:
            return False
        start = -1 if self._cursor is None else self._cursor
        current = self.highlighted_post
        count = len(rows)
        for step in range(1, count + 1):
            item = rows[(start + step) % count]
            if isinstance(item, PostSummary) and item.path not in read:
                if current is not None and item.path == current.path:
                    continue
                self._move_to((start + step) % count)
                return True
        return False

    # A description of its own: by default Textual's is the repr of every row.
    @work(thread=True, exclusive=True, group="shared-titles", description="shared titles")
    def _find_shared_titles(self, rows: list[PostSummary | _Heading | str]) -> None:
        """Tell apart the posts that share a title: each gets its place, shown after it."""
        places = shared_title_places(row for row in rows if isinstance(row, PostSummary))
        if places:
            self.app.call_from_thread(self._show_places, rows, places)

    def _show_places(
        self, rows: list[PostSummary | _Heading | str], places: dict[Path, str]
    ) -> None:
        if rows is self._rows:  # else the list changed meanwhile, and is compared again
            self._places = places
            self._forget_drawn()
            self.refresh()

    def _index_paths(self) -> dict[Path, int]:
        first: dict[Path, int] = {}
        for index, row in enumerate(self._rows):
            if isinstance(row, PostSummary):
                first.setdefault(row.path, index)
        return first

    def _first_post_row(self, start: int, step: int) -> int | None:
        """The first post's row from ``start`` on (``step`` 1) or back (-1), if any."""
        rows = self._rows
        index = start
        while 0 <= index < len(rows):
            if isinstance(rows[index], PostSummary):
                return index
            index += step
        return None

    def _move_to(self, row: int | None, *, scroll_by: int = 0, announce: bool = False) -> None:
        """Put the cursor on ``row`` and keep it in view.

        The view first moves by ``scroll_by`` rows (a page), then as little as needed.
        Highlighted is posted when the post changes, or always when ``announce``.
        """
        old = self._cursor
        self._cursor = row
        self._placed = True
        if old is not None:
            self.refresh_line(old)
        if row is None:
            return
        self.refresh_line(row)
        self._scroll_to_cursor(scroll_by)
        post = self.post_at(row)
        if post is not None and (announce or row != old):
            self.post_message(self.Highlighted(post))

    def _scroll_to_cursor(self, scroll_by: int = 0) -> None:
        row, height = self._cursor, self.scrollable_content_region.height
        if row is None or height <= 0:
            return
        top = self.scroll_offset.y + scroll_by
        # A row of context above and below the cursor, when the view is tall enough.
        context = 1 if height >= 3 else 0
        if row - context < top:
            top = row - context
        elif row + context >= top + height:
            top = row + context - height + 1
        top = max(0, min(top, len(self._rows) - height))
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        """Move to the next (1) or previous (-1) post, wrapping around the ends."""
        rows = self._rows
        if self._cursor is None:
            self._move_to(self._first_post_row(0 if step > 0 else len(rows) - 1, step))
            return
        count = len(rows)
        for offset in range(1, count + 1):
            index = (self._cursor + step * offset) % count
            if isinstance(rows[index], PostSummary):
                self._move_to(index)
                return

    def action_page(self, pages: int) -> None:
        """Move a page down (1) or up (-1), staying on a post at either end."""
        if self._cursor is None:
            self.action_first() if pages < 0 else self.action_last()
            return
        height = max(1, self.scrollable_content_region.height)
        last = len(self._rows) - 1
        target = max(0, min(last, self._cursor + pages * height))
        row = self._first_post_row(target, pages)
        if row is None:
            row = self._first_post_row(target, -pages)
        if row is not None:
            self._move_to(row, scroll_by=row - self._cursor)

    def action_first(self) -> None:
        """Move to the first post."""
        self._move_to(self._first_post_row(0, 1))

    def action_last(self) -> None:
        """Move to the last post."""
        self._move_to(self._first_post_row(len(self._rows) - 1, -1))

    def action_choose(self) -> None:
        """Read the post under the cursor."""
        post = self.highlighted_post
        if post is not None:
            self.post_message(self.Chosen(post))

    def _row_under_mouse(self, event: Click | MouseMove) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        row = self.scroll_offset.y + offset.y
        return row if 0 <= row < len(self._rows) else None

    def on_click(self, event: Click) -> None:
        """A click highlights a post; another click on it (or a double click) reads it."""
        row = self._row_under_mouse(event)
        if row is None or self.post_at(row) is None:
            return
        if row == self._cursor:
            self.action_choose()
        else:
            self._move_to(row)

    def on_mouse_move(self, event: MouseMove) -> None:
        """Show which row the mouse is over."""
        row = self._row_under_mouse(event)
        self._set_hover(row if row is not None and self.post_at(row) is not None else None)

    def on_leave(self, event: Leave) -> None:
        """The mouse left: no row is under it."""
        self._set_hover(None)

    def _set_hover(self, row: int | None) -> None:
        if row == self._hover:
            return
        for changed in (self._hover, row):
            if changed is not None:
                self.refresh_line(changed)
        self._hover = row

    def on_resize(self, event: Resize) -> None:
        """Drop rows drawn at the old width and keep the cursor in view."""
        self._forget_drawn()
        self._scroll_to_cursor()

    def on_show(self) -> None:
        """Bring the cursor into view (the list may have been filled while hidden)."""
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        """Redraw with the new styles (theme, focus)."""
        self._forget_drawn()
        super().notify_style_update()

    def _forget_drawn(self) -> None:
        self._strips.clear()
        self._unread_counts.clear()
        self._theme_colours = None

    def _unread_in(self, row: int, heading: _Heading) -> int:
        """How many posts under the heading at ``row`` are unread (counted once, on demand)."""
        count = self._unread_counts.get(row)
        if count is None:
            read = self._read or frozenset()
            count = self._unread_counts[row] = sum(post.path not in read for post in heading.posts)
        return count

    def _content(self, row: int) -> Content:
        """Row ``row`` as styled text; post text is data, never read as markup."""
        item = self._rows[row]
        if isinstance(item, str):
            return Content.assemble((item, "italic"))
        if isinstance(item, _Heading):
            unread = "" if self._read is None else f" · {self._unread_in(row, item)} unread"
            return Content.assemble(
                (one_line(item.name, 80), "bold"), (f"  {len(item.posts)}{unread}", "dim")
            )
        post = item
        parts: list[tuple[str, str]] = []
        if self._read is not None:
            is_unread = post.path not in self._read
            parts.append(("● ", ".post-list--unread") if is_unread else ("  ", ""))
        minutes = short_minutes(post.reading_minutes)
        parts.append((short_date(post.date), "dim"))
        if self._bookmarked:
            starred = post.path in self._bookmarked
            parts.append((minutes, "dim"))
            parts.append((" ★", ".post-list--bookmark") if starred else ("  ", ""))
            parts.append(("  ", "dim"))
        else:
            parts.append((minutes + "  ", "dim"))
        # The title comes last, so a long one is cut (reader.tcss: text-overflow). Rich's
        # "bright_yellow" is the theme's warning colour made readable (reader.ansi_palette).
        parts += [
            ("draft " if post.draft else "", "italic ansi_bright_yellow"),
            ("⚠ " if has_problems(post.problems) else "", ".post-list--problem"),
            (one_line(post.title, 300), ""),
        ]
        place = self._places.get(post.path) if self._places else None
        if place:
            parts.append((f"  {one_line(place, 200)}", "dim"))
        return Content.assemble(*parts)

    def _component(self, row: int) -> str:
        if self.post_at(row) is None:
            return "post-list--heading"
        if row == self._cursor:
            return "post-list--highlighted"
        if row == self._hover:
            return "post-list--hover"
        return "post-list--row"

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the view: the row scrolled there."""
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, self.get_visual_style("post-list--row").rich_style)
        style = self.get_visual_style(self._component(row))
        key = (row, style, width)
        strip = self._strips.get(key)
        if strip is None:
            content = self._content(row)
            first = Visual.to_strips(self, content, width, 1, style)[0]
            first = first.extend_cell_length(width, style.rich_style)
            strip = self._strips[key] = self._readable(first, style)
        return strip

    def _readable(self, strip: Strip, row_style: Style) -> Strip:
        """``strip`` with every colour readable on what is behind it, in any theme.

        A theme's accent, warning or dimmed text can nearly vanish on its cursor colour
        (or on a light background): each piece of text is moved towards the row's text
        colour until it reaches WCAG AA: 3:1 for dimmed text, 4.5:1 for the rest.
        """
        theme = self.app.ansi_theme
        if self._theme_colours is None:
            variables = self.app.get_css_variables()
            self._theme_colours = (
                Color.parse(variables["surface"]),
                Color.parse(variables["foreground"]),
            )
        surface, foreground = self._theme_colours
        row_background = row_style.background or surface
        row_text = row_background + (row_style.foreground or foreground)
        return Strip(
            [
                Segment(text, _readable_style(style, row_background, row_text, theme), control)
                if style is not None and text.strip()
                else Segment(text, style, control)
                for text, style, control in strip
            ],
            strip.cell_length,
        )
