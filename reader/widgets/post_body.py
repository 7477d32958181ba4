"""The rendered Markdown body of a post, drawn line by line.

Only the lines on screen are drawn (Textual's line API), and a long post is laid out a
section at a time (reader.render.layout): what is on screen first, the rest in the
background, so a 1 MB post opens as fast as a short one.

In a Kitty terminal, pictures are sent to the terminal once decoded (through the app's
driver, between frames) and drawn as Kitty's placeholders while the body's screen is
the one in front; otherwise, and until sent, as half blocks (render/pictures.py).
In a Sixel terminal, pictures are encoded once decoded, and drawn over their half
blocks after each frame that wrote there, while whole in view and uncovered
(render/sixel.py, app_overlays.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import Worker

from reader.app_overlays import OverlaidApp
from reader.model.image_fetch import image_cache_folder
from reader.model.image_problem import ImageProblem
from reader.model.image_source import ImageSource
from reader.model.text import one_line
from reader.render.half_blocks import centring
from reader.render.kitty_placeholders import colours_survive, delete_sequence, upload_sequence
from reader.render.layout import (
    DocumentLayout,
    Heading,
    Link,
    SectionMatch,
    lines_moved,
    links_in_line,
)
from reader.render.pictures import (
    KittyPicture,
    PictureBook,
    PictureRequest,
    PictureRow,
    kitty_picture,
    load_picture,
    max_picture_rows,
    sixel_picture,
)
from reader.render.sixel import SixelPicture, drawn_at
from reader.render.terminal_graphics import cell_pixels

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from textual._compositor import CompositorUpdate
    from textual.screen import Screen

BACKGROUND_PAUSE_SECONDS = 0.005
FIND_BUDGET_SECONDS = 0.1
MATCH = Style(bgcolor="yellow", color="black")
CURRENT_MATCH = Style(bgcolor="bright_red", color="white", bold=True)
SELECTED_LINK = Style(reverse=True)
NOTICE = Style(color="bright_yellow", italic=True)  # the theme's warning colour, readable


class PostBody(ScrollView, can_focus=True):
    """A scrollable, keyboard-driven view of one post's Markdown."""

    DEFAULT_CSS = """
    PostBody {
        width: 1fr;
        padding: 0 1;
        /* The body is laid out to the width left beside the scrollbar: keep it reserved. */
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False),
        Binding("space,pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("b,pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("d", "scroll_pages(0.5)", "Half page down", show=False),
        Binding("u", "scroll_pages(-0.5)", "Half page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("right_square_bracket", "next_link(1)", "Next link", show=False),
        Binding("left_square_bracket", "next_link(-1)", "Previous link", show=False),
        Binding("enter", "open_link", "Open link or picture", show=False),
        Binding("o", "open_picture_outside", "Picture in the system viewer", show=False),
    ]

    @dataclass
    class LaidOut(Message):
        """The whole body is laid out at a new width; headings carry their lines."""

        body: PostBody
        headings: list[Heading]

    @dataclass
    class LinkActivated(Message):
        """A link was chosen (enter on the selected link, or a click)."""

        href: str

    @dataclass
    class ImageActivated(Message):
        """A picture was chosen (a click on it, or enter on its caption)."""

        source: ImageSource
        words: str
        outside: bool = False
        """Whether it goes to the system's viewer rather than full-screen in reader."""

    def __init__(
        self,
        markdown: str,
        *,
        notice: str = "",
        page: Mapping[str, Any] | None = None,
        id: str | None = None,
        pictures: PictureBook | None = None,
        picture_cache: Path | None = None,
    ) -> None:
        super().__init__(id=id)
        self._markdown = markdown
        self.notice = notice
        """Said in place of the text when there is none: why the post cannot be shown."""
        self._page = page  # the post's front matter, for {{% param %}}
        self.pictures = pictures
        self._picture_cache = picture_cache or image_cache_folder()
        self._picture_queue: deque[PictureRequest] = deque()
        self._picture_worker: Worker[None] | None = None
        self._layout: DocumentLayout | None = None
        self.headings: list[Heading] = []
        self.find_query = ""
        self.find_complete = True
        self.matches: list[SectionMatch] = []
        self.match_index = -1
        self._match_lines: dict[int, list[tuple[int, int, int]]] = {}
        self._match_lines_version = -1
        self.selected_link: Link | None = None
        self._background: Timer | None = None
        self._pending_line: int | None = None
        self._placeholders = False  # whether pictures are drawn as Kitty's placeholders or Sixel
        self._suspended = False  # another program has the terminal: send nothing

    def on_mount(self) -> None:
        """Prepare the layout (it needs the app's console); follow the screens in front."""
        self._layout = DocumentLayout(
            self._markdown, self.app.console, self.pictures, page=self._page
        )
        app = self.app
        if self._draws_sixels and isinstance(app, OverlaidApp):
            app.add_overlay(self._sixel_overlay)
        if self._sends_pictures or self._draws_sixels:
            # At once, not as a message: the frame that shows a dialog over the body
            # must already have half blocks (the dialog's shade would change the
            # placeholders' colours, which name the image).
            app.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
            app.app_suspend_signal.subscribe(self, self._app_suspended, immediate=True)
            app.app_resume_signal.subscribe(self, self._app_resumed)
            self._screen_changed(app.screen)

    @property
    def _sends_pictures(self) -> bool:
        """Whether pictures go to the terminal, drawn as Kitty's placeholders.

        Only where the placeholders' colour reaches the terminal as it is: 24-bit colour,
        no ``NO_COLOR`` filter, no tint or transparency on the body.
        """
        app = self.app
        return (
            self.pictures is not None
            and self.pictures.kitty
            and colours_survive(app.console.color_system, app.no_color)
            and not self.styles.tint.a
            and self.styles.text_opacity == 1
        )

    @property
    def _draws_sixels(self) -> bool:
        """Whether pictures are drawn as Sixel over their half blocks."""
        return self.pictures is not None and self.pictures.sixel

    def _screen_changed(self, screen: object) -> None:
        """Placeholders while the body's screen is in front; half blocks behind others."""
        placeholders = screen is self.screen and self.opacity == 1
        if placeholders != self._placeholders:
            self._placeholders = placeholders
            self.refresh()

    def _app_suspended(self, app: App[object]) -> None:
        """The terminal may drop the pictures while another program has it."""
        self._placeholders, self._suspended = False, True
        if self.pictures is not None:
            for request in self.pictures.forget_placed():
                self.pictures.want(request)
        self.refresh()

    def _app_resumed(self, app: App[object]) -> None:
        """Send the pictures again; placeholders once each is there."""
        self._suspended = False
        self._screen_changed(app.screen)
        self._load_pictures()

    def _sixel_overlay(self, screen: Screen[object], update: CompositorUpdate) -> str:
        """The Sixel pictures to draw over the frame just written, at their cells.

        Each picture standing whole in view, under nothing else, on cells the frame wrote
        (elsewhere the terminal still shows it); a picture cut by the view's edge keeps
        its half blocks.
        """
        layout, pictures = self._layout, self.pictures
        if (
            layout is None
            or pictures is None
            or not self._placeholders
            or self._suspended
            or screen is not self.screen
        ):
            return ""
        view = self.scrollable_content_region
        top, left = round(self.scroll_y), round(self.scroll_x)
        drawn = []
        for index in range(top, min(top + view.height, layout.height)):
            row = layout.line(index)
            if not isinstance(row, PictureRow) or row.row != 0:
                continue
            picture = pictures.sixel_picture(row.request)
            if picture is None:
                continue
            margin = sum(
                segment.cell_length for segment in centring(picture.columns, row.request.box[0])
            )
            place = Region(
                view.x + margin - left, view.y + index - top, picture.columns, picture.rows
            )
            if (
                view.contains_region(place)
                and _writes_over(update, place)
                and not self._covered(screen, place)
            ):
                drawn.append(drawn_at(place.x, place.y, picture))
        return "".join(drawn)

    def _covered(self, screen: Screen[object], place: Region) -> bool:
        """Whether a widget drawn over the body (a notification, say) covers part of ``place``."""
        for widget, (region, clip) in screen._compositor.visible_widgets.items():
            if widget is self:  # the rest are drawn under the body
                return False
            if region.intersection(clip).overlaps(place):
                return True
        return False

    def on_unmount(self) -> None:
        """Let the terminal free the pictures sent to it."""
        app = self.app
        if isinstance(app, OverlaidApp):
            app.remove_overlay(self._sixel_overlay)
        driver = app._driver  # as App.copy_to_clipboard writes its own escapes
        if self.pictures is not None and driver is not None:
            for image_id in self.pictures.image_ids():
                driver.write(delete_sequence(image_id))

    def show_markdown(
        self, markdown: str, page: Mapping[str, Any] | None = None, notice: str = ""
    ) -> None:
        """Replace the body (next post, reload); the caller decides where to scroll.

        ``notice`` is said in place of an empty body (why the post cannot be shown).
        """
        self._markdown, self._page, self.notice = markdown, page, notice
        self._layout = DocumentLayout(markdown, self.app.console, self.pictures, page=page)
        self._picture_queue.clear()
        if self.pictures is not None:
            self.pictures.forget_wanted()
        self.clear_find()
        self.selected_link, self.headings = None, []
        self._start_layout()

    def on_resize(self) -> None:
        """Lay the text out again for the new width."""
        self._start_layout()

    def _fit_pictures(self) -> None:
        """Pictures take at most about half the view's height: redraw them when it changes."""
        pictures, layout = self.pictures, self._layout
        rows = max_picture_rows(self.size.height)
        if pictures is not None and self.size.height and rows != pictures.max_height:
            pictures.max_height = rows
            if layout is not None and layout.width:
                self._follow_moved_lines(layout.redraw_pictures())

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in ``crop``, laid out first if the width is new.

        Textual draws a frame as soon as it knows the sizes, before the resize event:
        laid out here, the text is in the first frame instead of the next one.
        """
        if self._layout is not None and self._layout.width != self.scrollable_content_region.width:
            self._start_layout()
        return super().render_lines(crop)

    def _start_layout(self) -> None:
        layout = self._layout
        width = self.scrollable_content_region.width
        if layout is None or width <= 0:
            return
        self._fit_pictures()
        if width == layout.width:
            self._lay_out_view()
            return
        anchor = layout.anchor(round(self.scroll_y)) if layout.width and self.scroll_y else None
        self.selected_link = None
        layout.set_width(width)
        if self._pending_line is not None:
            self.go_to_line(self._pending_line)
        elif anchor is not None:
            # Keep the same text at the top when the width changes (sidebar, contents).
            top = layout.line_at(anchor)
            self.virtual_size = Size(layout.width, layout.height)
            self.set_scroll(None, top)
        if self.find_query:  # the matches moved with the lines: find them again
            current = self.match_index
            self.find(self.find_query)
            self.match_index = min(current, len(self.matches) - 1)
            if (line := self.current_match_line) is not None:
                self._centre(line)  # the same match, in the middle of the view again
        self._lay_out_view()
        if self._background is not None:
            self._background.stop()
        # The rest waits: the first frame needs only what it shows.
        self._background = self.set_timer(BACKGROUND_PAUSE_SECONDS, self._continue_in_background)

    def _lay_out_view(self) -> None:
        """Make sure what is on screen is laid out, and size the scrollable area."""
        layout = self._layout
        if layout is None or layout.width == 0:
            return
        layout.lay_out_lines(round(self.scroll_y), self.size.height)
        self.virtual_size = Size(layout.width, layout.height)
        self.refresh()
        self._load_pictures()

    def _load_pictures(self, *, in_view: bool = True) -> None:
        """Decode the pictures laid out so far, one at a time, in a worker thread.

        Those just laid out in view go first; those laid out in the background after.
        """
        if self.pictures is None or self._suspended:
            return
        wanted = self.pictures.take_wanted()
        if in_view:
            self._picture_queue.extendleft(reversed(wanted))
        else:
            self._picture_queue.extend(wanted)
        running = self._picture_worker is not None and not self._picture_worker.is_finished
        if self._picture_queue and not running:
            self._picture_worker = self.run_worker(
                self._decode_pictures, thread=True, group="pictures", exit_on_error=False
            )

    def _decode_pictures(self) -> None:
        """In a worker: load each queued picture and hand it to the UI thread.

        For a Kitty or Sixel terminal, a sharper copy is encoded to draw as well.
        """
        pictures = self.pictures
        assert pictures is not None
        sends, sixels = self._sends_pictures, self._draws_sixels
        cell = cell_pixels()
        background = self.background_colors[1].rgb
        while self._picture_queue:
            try:
                request = self._picture_queue.popleft()
            except IndexError:  # emptied by the UI thread (another post)
                break
            result = load_picture(request, self._picture_cache, pictures.remote)
            sharp: KittyPicture | SixelPicture | ImageProblem | None = None
            if sends and not isinstance(result, ImageProblem):
                sharp = kitty_picture(request, result, cell, self._picture_cache, pictures.remote)
            elif sixels and not isinstance(result, ImageProblem):
                sharp = sixel_picture(
                    request, result, cell, self._picture_cache, pictures.remote, background
                )
            self.app.call_from_thread(self._picture_loaded, request, result, sharp)
        self.app.call_from_thread(self._load_pictures)  # anything queued meanwhile

    def _picture_loaded(
        self,
        request: PictureRequest,
        result: PILImage.Image | ImageProblem,
        sharp: KittyPicture | SixelPicture | ImageProblem | None = None,
    ) -> None:
        """Draw a decoded picture where its placeholder was, keeping the text in view.

        A picture for Kitty is sent first, between two frames, so that its placeholders
        are never drawn before the terminal has it.
        """
        layout, pictures = self._layout, self.pictures
        if layout is None or pictures is None or not layout.width:
            return
        pictures.store(request, result)
        if isinstance(sharp, SixelPicture):
            pictures.store_sixel(request, sharp)
        driver = self.app._driver
        if isinstance(sharp, KittyPicture) and self._suspended:
            pictures.want(request)  # sent once the terminal is back
        elif isinstance(sharp, KittyPicture) and driver is not None:
            image_id = pictures.image_id(request)
            driver.write(upload_sequence(image_id, sharp.png, sharp.columns, sharp.rows))
            pictures.placed(request, sharp.columns)
        self._follow_moved_lines(layout.redraw_pictures({request.source.written}))
        self.refresh()

    def _follow_moved_lines(self, changes: list[tuple[int, int]]) -> None:
        """After pictures changed some sections' height, keep the same text in view.

        The selected link stays selected, and a find's matches are found again.
        """
        layout = self._layout
        if layout is None or not changes:
            return
        self.virtual_size = Size(layout.width, layout.height)
        shift = lines_moved(changes, round(self.scroll_y))
        if shift:
            self.set_scroll(None, self.scroll_y + shift)
        link = self.selected_link
        if link is not None:
            self.selected_link = replace(link, line=link.line + lines_moved(changes, link.line))
        if self.find_query:
            current = self.match_index
            self.find(self.find_query)
            self.match_index = min(current, len(self.matches) - 1)

    def _continue_in_background(self) -> None:
        layout = self._layout
        if layout is None:
            return
        self._background = None
        shift = layout.lay_out_next(round(self.scroll_y))
        self._load_pictures(in_view=False)
        if shift is None:
            self.headings = layout.headings()
            if not self.find_complete:
                # The first find skipped sections; this one has them all. The width did
                # not change, so the current match is still in the list, further on.
                current = self.matches[self.match_index] if self.match_index >= 0 else None
                self.find(self.find_query)
                if current in self.matches:
                    self.match_index = self.matches.index(current)
            self.post_message(self.LaidOut(self, self.headings))
            return
        self.virtual_size = Size(layout.width, layout.height)
        if shift:
            self.set_scroll(None, self.scroll_y + shift)
            if self.selected_link is not None:  # it is in view, below the section laid out
                self.selected_link = replace(
                    self.selected_link, line=self.selected_link.line + shift
                )
        self._background = self.set_timer(BACKGROUND_PAUSE_SECONDS, self._continue_in_background)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Lay out what scrolled into view before it is drawn."""
        super().watch_scroll_y(old_value, new_value)
        self._lay_out_view()

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible region, with find matches and the selected link."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if self._layout is None:
            return Strip.blank(width, style)
        if self.notice and not self._layout.height:
            return self._notice_line(index, width, style)
        line = self._layout.line(index)
        pictures = self.pictures
        strip = Strip(
            pictures.drawn_row(line, placeholders=self._placeholders)
            if pictures is not None
            else line
        )
        for start, end, highlight in self._highlights(index):
            strip = Strip.join(
                [
                    strip.crop(0, start),
                    strip.crop(start, end).apply_style(highlight),
                    strip.crop(end),
                ]
            )
        strip = strip.apply_style(style)
        return strip.crop_extend(scroll_x, scroll_x + width, style).apply_offsets(scroll_x, index)

    def _notice_line(self, index: int, width: int, style: Style) -> Strip:
        """Line ``index`` of the notice, wrapped to ``width``, in the warning colour."""
        console = self.app.console
        lines = Text(self.notice, style=NOTICE).wrap(console, max(1, width))
        line = lines[index] if 0 <= index < len(lines) else Text()
        strip = Strip(list(line.render(console))).apply_style(style)
        return strip.crop_extend(0, width, style)

    def _highlights(self, line: int) -> list[tuple[int, int, Style]]:
        marks = [
            (start, end, CURRENT_MATCH if number == self.match_index else MATCH)
            for start, end, number in self._matches_on_lines().get(line, [])
        ]
        link = self.selected_link
        if link is not None and link.line == line:
            marks.append((link.start, link.end, SELECTED_LINK))
        return marks

    def _matches_on_lines(self) -> dict[int, list[tuple[int, int, int]]]:
        """Matches by the line they are on now, rebuilt when lines move."""
        layout = self._layout
        if layout is None or not self.matches:
            return {}
        if self._match_lines_version != layout.version:
            by_line: dict[int, list[tuple[int, int, int]]] = {}
            for number, match in enumerate(self.matches):
                for line, span in layout.span_lines(match):
                    by_line.setdefault(line, []).append((span.start, span.end, number))
            self._match_lines, self._match_lines_version = by_line, layout.version
        return self._match_lines

    @property
    def line_count(self) -> int:
        """How many lines the body has at the current width (estimated until laid out)."""
        return self._layout.height if self._layout else 0

    def line_text(self, index: int) -> str:
        """The plain text of line ``index`` (for tests and search)."""
        if self._layout is None:
            return ""
        return "".join(segment.text for segment in self._layout.line(index))

    def scroll_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view (of the text as laid out now)."""
        layout = self._layout
        if layout is not None and layout.width:
            # The scrollable size may lag behind a layout finished in the background.
            self.virtual_size = Size(layout.width, layout.height)
        self.scroll_to(y=line, animate=False)

    def go_to_heading(self, anchor: str) -> bool:
        """Put the heading with id ``anchor`` at the top; False when the post has none."""
        layout = self._layout
        if layout is None or not layout.width:
            return False
        line = layout.heading_line(anchor)
        if line is None:
            return False
        self.virtual_size = Size(layout.width, layout.height)
        self.scroll_to(y=line, animate=False)
        return True

    def go_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view at once, or once the body has a width.

        For a place kept from an earlier visit, or from before a reload: the lines there
        are laid out first (see DocumentLayout.lay_out_place), so that the view shows the
        same text and is not cut short by a long post's estimated height.
        """
        layout = self._layout
        if layout is None or not layout.width:
            self._pending_line = line
            return
        self._pending_line = None
        layout.lay_out_place(line, max(1, self.size.height))
        self.virtual_size = Size(layout.width, layout.height)
        self.set_scroll(None, line)

    @property
    def at_end(self) -> bool:
        """Whether the last line of the post is in view (False until laid out)."""
        layout = self._layout
        if layout is None or not layout.width:
            return False
        return round(self.scroll_y) + self.size.height >= layout.height

    def action_scroll_lines(self, count: int) -> None:
        """Scroll ``count`` lines down (negative: up)."""
        self.scroll_to(y=self.scroll_y + count, animate=False)

    def action_scroll_pages(self, pages: float) -> None:
        """Scroll by a number of screens (negative: up); 0.5 is half a screen."""
        self.scroll_to(y=self.scroll_y + round(pages * max(1, self.size.height)), animate=False)

    def action_top(self) -> None:
        """Go to the first line."""
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        """Go to the last screen, laying out the end of the post first if needed."""
        layout = self._layout
        if layout is not None and layout.width:
            height = max(1, self.size.height)
            # The end's real height is known only once laid out; two passes settle it.
            for _ in range(2):
                layout.lay_out_lines(max(0, layout.height - height), height)
            self.virtual_size = Size(layout.width, layout.height)
        self.scroll_to(y=max(0, self.line_count - self.size.height), animate=False)

    def find(self, query: str, *, complete: bool = False) -> int:
        """Highlight every match of ``query`` found so far; return how many.

        A long post may not be laid out yet: the find then spends at most
        FIND_BUDGET_SECONDS laying out, and is run again once the background layout
        is done (``find_complete`` says whether the count is final). With ``complete``
        (a problem's passage, whose count must be final) every section that may hold
        ``query`` is laid out first.
        """
        layout = self._layout
        self.find_query = query
        budget = None if complete else FIND_BUDGET_SECONDS
        self.matches, self.find_complete = (
            layout.find(query, budget) if layout and layout.width else ([], True)
        )
        self.match_index = -1
        self._match_lines_version = -1
        if layout:
            self.virtual_size = Size(layout.width, layout.height)
        self.refresh()
        return len(self.matches)

    def select_match(self, step: int) -> bool:
        """Move to the next (1) or previous (-1) match and scroll to it.

        Returns whether it went round: past the last match to the first, or back.
        """
        layout = self._layout
        if not self.matches or layout is None:
            return False
        before = self.match_index
        if self.match_index == -1:
            top = round(self.scroll_y)
            lines = [layout.line_of(match) for match in self.matches]
            following = [number for number, line in enumerate(lines) if line >= top]
            if step > 0:
                self.match_index = following[0] if following else 0
            else:
                self.match_index = len(self.matches) - 1
        else:
            self.match_index = (self.match_index + step) % len(self.matches)
        self._scroll_into_view(layout.line_of(self.matches[self.match_index]))
        self.refresh()
        return before >= 0 and (self.match_index - before) * step < 0

    @property
    def current_match_line(self) -> int | None:
        """The line the selected match starts on, if a match is selected."""
        if self._layout is None or not 0 <= self.match_index < len(self.matches):
            return None
        return self._layout.line_of(self.matches[self.match_index])

    def clear_find(self) -> None:
        """Remove the highlights of the last find."""
        self.matches, self.match_index, self.find_query, self.find_complete = [], -1, "", True
        self.refresh()

    def _scroll_into_view(self, line: int) -> None:
        top = round(self.scroll_y)
        if not top <= line < top + self.size.height:
            self._centre(line)

    def _centre(self, line: int) -> None:
        """Scroll so that ``line`` is in the middle of the view."""
        self.set_scroll(None, max(0, line - self.size.height // 2))

    def _links_from(self, line: int, column: int, step: int) -> Link | None:
        """The first link after (step 1) or before (step -1) a place in the post.

        Sections not laid out yet whose source has no link are skipped unread, so a
        long post without links is not laid out just to find none.
        """
        layout = self._layout
        if layout is None:
            return None
        number = line
        while 0 <= number < layout.height:
            section = layout.section_index(number)
            if not layout.may_hold_links(section):
                start = layout.section_start(section)
                end = (
                    layout.section_start(section + 1)
                    if section + 1 < len(layout.sections)
                    else layout.height
                )
                number = end if step > 0 else start - 1
                continue
            links = links_in_line(layout.line(number), number)
            for link in links if step > 0 else reversed(links):
                after = link.start > column if step > 0 else link.start < column
                if number != line or after:
                    return link
            number += step
        return None

    def action_next_link(self, step: int) -> None:
        """Select the next (1) or previous (-1) link after the selected one or the view's top."""
        current = self.selected_link
        if current is not None:
            line, column = current.line, current.start
        else:
            line = round(self.scroll_y) if step > 0 else round(self.scroll_y) + self.size.height - 1
            column = -1 if step > 0 else 1 << 30
            line = min(line, max(0, self.line_count - 1))
        link = self._links_from(line, column, step)
        if link is None:
            self.notify("No more links this way.", timeout=2)
            return
        self.selected_link = link
        self._scroll_into_view(link.line)
        self.refresh()
        is_picture = self.pictures is not None and self.pictures.drawn_words(link.href) is not None
        title = "Picture (enter shows it)" if is_picture else "Link (enter follows it)"
        self.notify(one_line(link.href, 200), title=title, timeout=3, markup=False)

    def action_open_link(self) -> None:
        """Open the selected link (a picture's caption opens the picture).

        With no link selected, the first picture in view is shown full-screen.
        """
        if self.selected_link is not None:
            self._activate(self.selected_link.href)
            return
        picture = self._picture_in_view()
        if picture is not None:
            self._activate(picture)

    def action_open_picture_outside(self) -> None:
        """Open the selected picture (else the first in view) in the system's viewer."""
        pictures = self.pictures
        link = self.selected_link
        if link is not None and pictures is not None and pictures.drawn_words(link.href):
            picture: str | None = link.href
        else:
            picture = self._picture_in_view()
        words = pictures.drawn_words(picture) if pictures is not None and picture else None
        if pictures is None or picture is None or words is None:
            self.notify("No picture selected or in view.", timeout=2)
            return
        self.post_message(self.ImageActivated(pictures.source(picture), words, outside=True))

    def _picture_in_view(self) -> str | None:
        """The image (as written in the post) of the first picture in view."""
        layout = self._layout
        if layout is None:
            return None
        top = round(self.scroll_y)
        rows = (layout.line(index) for index in range(top, top + self.size.height))
        picture = next((row for row in rows if isinstance(row, PictureRow)), None)
        return picture.request.source.written if picture is not None else None

    def on_click(self, event: Click) -> None:
        """Open a link or a picture that was clicked."""
        line = self._layout.line(round(self.scroll_y) + event.y) if self._layout else []
        href = event.style.meta.get("href") if event.style else None
        if isinstance(line, PictureRow):
            self._activate(line.request.source.written)
        elif isinstance(href, str) and href:
            self._activate(href)

    def _activate(self, href: str) -> None:
        pictures = self.pictures
        words = pictures.drawn_words(href) if pictures is not None else None
        if pictures is not None and words is not None:
            self.post_message(self.ImageActivated(pictures.source(href), words))
        else:
            self.post_message(self.LinkActivated(href))


def _writes_over(update: CompositorUpdate, place: Region) -> bool:
    """Whether ``update`` writes any cell of ``place`` (text there hides a Sixel picture)."""
    if isinstance(update, LayoutUpdate):
        return update.region.overlaps(place)
    if isinstance(update, ChopsUpdate):
        return any(
            place.y <= y < place.bottom and x1 < place.right and x2 >= place.x
            for y, x1, x2 in update.spans
        )
    return True
