"""The post view: the rendered body, its contents and the metadata sidebar."""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input

from reader.app_state import AppState
from reader.model.config import Settings
from reader.model.details import unshown_reason
from reader.model.health.finding import Finding
from reader.model.health.repeats import find_repeats, fold_repeats
from reader.model.image_fetch import image_cache_folder
from reader.model.image_source import image_folders
from reader.model.links import LinkKind, link_target
from reader.model.post import Post
from reader.model.post_loader import load_post, whole_post
from reader.model.reading_time import estimate_minutes
from reader.model.system_viewer import open_image_outside
from reader.model.text import one_line
from reader.model.web_browser import can_open_web_pages
from reader.render.pictures import PictureBook
from reader.render.terminal_graphics import detected_graphics
from reader.screens.picture import PictureScreen
from reader.screens.reader_screen import ReaderScreen
from reader.widgets.delayed_call import DelayedCall
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.post_status import PostStatus
from reader.widgets.table_of_contents import TableOfContents

# While the reader scrolls, the place in the post is saved at most this often.
PLACE_SECONDS = 2.0


class PostScreen(ReaderScreen):
    """One post: contents (t), body, metadata sidebar (s). Narrow terminals hide the sidebar."""

    BINDINGS = [
        Binding("escape", "back", "Library"),
        Binding("slash", "find", "Find"),
        Binding("n", "next_problem(1)", "Next problem"),
        Binding("N", "next_problem(-1)", "Previous problem"),
        Binding("n", "next_match(1)", "Next match"),
        Binding("N", "next_match(-1)", "Previous match"),
        Binding("n", "step(1)", "Next post"),
        Binding("p", "step(-1)", "Prev post"),
        Binding("t", "toggle_contents", "Contents", show=False),
        Binding("s", "toggle_sidebar", "Sidebar", show=False),
        Binding("e", "edit", "Edit", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("exclamation_mark", "next_finding", "Next problem", show=False),
        Binding("z", "toggle_fold", "Fold repeats", show=False),
        Binding("w", "toggle_reading_width", "Reading width", show=False),
    ]

    @dataclass
    class StepRequested(Message):
        """The reader asked for the next (1) or previous (-1) post after ``post``."""

        post: Post
        offset: int

    @dataclass
    class BackRequested(Message):
        """The reader asked to go back to the library with ``post`` selected."""

        post: Post

    @dataclass
    class NextUnreadRequested(Message):
        """The reader asked for the next unread post after ``post``."""

        post: Post

    reading_width: reactive[int] = reactive(0)
    """The widest the body's lines of text are, centred in the pane; 0 for the whole width."""
    finding_index: reactive[int] = reactive(-1, init=False)
    """The problem gone to with ``!`` (an index of the post's problems); -1 when none is."""
    folded: reactive[bool] = reactive(False, init=False)
    """Whether repeated paragraphs are folded away (``z``)."""

    def __init__(self, state: AppState, post: Post, find: str = "") -> None:
        super().__init__(state)
        self.post = post
        self._find_on_open = find
        # Posts left by following a link, with where they were scrolled to: escape
        # goes back through them before going back to the library.
        self._came_from: list[tuple[Post, float]] = []
        # The line at the top of the view, and the last one saved as the post's place.
        self._top_line = 0
        self._saved_line: int | None = None
        self._place_later = DelayedCall(self, PLACE_SECONDS, self._save_place)
        self._end_seen = False
        # The post's text read once (without its repeats), in minutes: worked out when
        # first asked for (None: not yet; 0: nothing repeats).
        self._once_minutes: int | None = None

    def compose(self) -> ComposeResult:
        """Header, the problems' line, body, sidebar, footer."""
        yield Header()
        yield PostStatus(tuple(self.post.problems), id="post-status")
        # The contents and the find box are mounted when first asked for: each widget
        # type on screen adds its styles to parse before the first frame.
        with Horizontal(id="post-panes"):
            yield PostBody(
                self.post.body,
                notice=unshown_reason(self.post),
                page=self.post.metadata,
                id="body",
                pictures=self._picture_book(),
            )
            yield MetadataSidebar(id="sidebar")
        yield Footer()

    def _picture_book(self) -> PictureBook | None:
        """Where the body's pictures come from; None when images are off."""
        images = self.state.settings.images
        if images.mode == "off":
            return None
        book = PictureBook(self.post.path, image_folders(self.post.path), remote=images.remote)
        graphics = detected_graphics(images.mode)
        book.kitty, book.sixel = graphics == "kitty", graphics == "sixel"
        return book

    @on(PostBody.ImageActivated)
    def _show_picture(self, message: PostBody.ImageActivated) -> None:
        """Show the chosen picture full-screen, or in the system's viewer."""
        if message.outside:
            problem = open_image_outside(message.source, image_cache_folder())
            if problem:
                self.notify(f"{message.words}: {problem}", markup=False, timeout=4)
            return
        images = self.state.settings.images
        graphics = detected_graphics(images.mode)
        screen = PictureScreen(message.source, message.words, graphics, remote=images.remote)
        self.app.push_screen(screen)

    def on_mount(self) -> None:
        """Show the post's title and metadata, and put the keyboard on the body."""
        self._show_title()
        self.watch(self.state, "settings", self._settings_changed)
        # The text comes first; the sidebar is filled right after the first frame.
        self.call_after_refresh(self._show_details)
        body = self.query_one(PostBody)
        self.set_focus(body)
        self.watch(body, "scroll_y", self._body_scrolled, init=False)
        self._opened()
        if self._find_on_open:
            self.call_after_refresh(self.find_text, self._find_on_open)
            self._find_on_open = ""  # the next post shown here opens at its place

    def _opened(self) -> None:
        """Put the post in the history, maybe mark it read, and go back to its place."""
        self.reading.opened(self.post)
        self._end_seen = False
        self._saved_line = self.reading.place(self.post)
        # Opened to show a match (from a search): at the match, not at the place kept.
        self._top_line = 0 if self._find_on_open else self._saved_line or 0
        self.query_one(PostBody).go_to_line(self._top_line)
        self._check_end()

    def _body_scrolled(self, scroll_y: float) -> None:
        self._top_line = round(scroll_y)
        self._place_later.soon()
        self._check_end()

    def _save_place(self) -> None:
        """Save the place in the post now, if it moved since it was last saved."""
        self._place_later.cancel()
        if self._top_line != self._saved_line:
            self.reading.save_place(self.post, self._top_line)
            self._saved_line = self._top_line

    def _check_end(self) -> None:
        """Tell the reading state when the end of the post is first on screen."""
        if not self._end_seen and self.query_one(PostBody).at_end:
            self._end_seen = True
            self.reading.reached_end(self.post)

    def on_unmount(self) -> None:
        """Save the place in the post as the screen closes (back, or quitting)."""
        self._save_place()

    async def find_text(self, text: str) -> None:
        """Find ``text`` and show its first match, as if typed after ``/`` and enter."""
        await self.action_find()
        find = self._find_box()
        if find is not None:
            find.value = text  # found as the box changes
        self.set_focus(self.query_one(PostBody))

    def _show_title(self) -> None:
        self.title = one_line(self.post.title, 200)
        self._show_status()

    def _reading_time(self) -> str:
        """The post's reading time, and the text's when the front matter's is far off.

        ``8 min read (the text: about 24)``; with the repeats folded, the text's read
        once instead: ``8 min read (folded: about 18)`` (short: the title shares the line).
        """
        post = self.post
        once = self._read_once_minutes() if self.folded else 0
        note = ""
        if once and once < post.estimated_minutes:
            note = f" (folded: about {once})"
        elif any(finding.kind == "reading-time" for finding in post.problems):
            note = f" (the text: about {post.estimated_minutes})"
        return f"{post.reading_minutes} min read{note}"

    def _read_once_minutes(self) -> int:
        """Minutes the post's text takes read once, without its repeats (0: none repeat)."""
        if self._once_minutes is None:
            repeats = find_repeats(self.post.body)
            speeds = self.state.settings.reading_speeds
            self._once_minutes = estimate_minutes(repeats.text_once, speeds) if repeats else 0
        return self._once_minutes

    def _show_status(self) -> None:
        """The header's subtitle: the problem gone to, a find's count, or the reading time."""
        body = self.query_one(PostBody)
        if 0 <= self.finding_index < len(self.post.problems):
            count = len(self.post.problems)
            self.sub_title = f"problem {self.finding_index + 1} of {count}"
        elif body.find_query.strip():
            if body.matches:
                more = "" if body.find_complete else "+"
                self.sub_title = f"match {body.match_index + 1} of {len(body.matches)}{more}"
            else:
                self.sub_title = "no match"
        else:
            self.sub_title = self._reading_time()

    def _show_details(self) -> None:
        self._show_title()
        self.query_one(MetadataSidebar).show_post(self.post)
        self.query_one(PostStatus).findings = tuple(self.post.problems)

    def show_post(self, post: Post, came_from: list[tuple[Post, float]] | None = None) -> None:
        """Replace the post on screen (next, previous, reload, a followed link).

        ``came_from`` is the way back through followed links; anything else starts anew.
        A find is closed: its matches belonged to the text that was replaced.
        """
        same_post = post.path == self.post.path
        if not same_post:
            self._save_place()
        self.post = post
        self._came_from = came_from or []
        self._once_minutes = None
        self.finding_index, self.folded = -1, False
        self._close_find()
        body = self.query_one(PostBody)
        scroll = body.scroll_y
        if body.pictures is not None:
            body.pictures.show_post(post.path, image_folders(post.path))
        body.show_markdown(post.body, post.metadata, unshown_reason(post))
        if same_post:
            body.go_to_line(round(scroll))
        else:
            self._opened()
        self._show_details()

    @on(PostBody.LaidOut)
    def _body_laid_out(self, event: PostBody.LaidOut) -> None:
        """Refresh the contents (and a find's count) once the body is laid out."""
        for contents in self.query(TableOfContents):
            contents.show_headings(event.headings)
        if event.body.find_query:
            self._show_status()  # a problem stays the problem shown, at any width
        self._check_end()

    @on(TableOfContents.HeadingChosen)
    def _heading_chosen(self, event: TableOfContents.HeadingChosen) -> None:
        """Jump to the chosen heading."""
        body = self.query_one(PostBody)
        body.scroll_to_line(event.line)
        self.set_focus(body)

    @on(PostBody.LinkActivated)
    def _follow_link(self, message: PostBody.LinkActivated) -> None:
        """Follow a link: web pages in the browser, posts in reader, nothing else."""
        target = link_target(message.href, self.post.path, self.post.root)
        if target.kind is LinkKind.WEB and not can_open_web_pages():
            from reader.screens.no_browser import NoBrowserScreen

            self.app.push_screen(NoBrowserScreen(target.href))
        elif target.kind is LinkKind.WEB:
            self.app.open_url(target.href)
        elif target.kind is LinkKind.POST and target.path is not None:
            way_back = [*self._came_from, (self.post, self.query_one(PostBody).scroll_y)]
            speeds = self.state.settings.reading_speeds
            self.show_post(load_post(target.path, self.post.root, speeds), came_from=way_back)
            self._go_to_heading(urlsplit(target.href).fragment)
        elif target.kind is LinkKind.ANCHOR:
            self._go_to_heading(urlsplit(target.href).fragment)
        else:
            self.notify(one_line(f"{target.href} (not opened)"), markup=False, timeout=4)

    def _go_to_heading(self, anchor: str) -> None:
        """Scroll the body to the heading a link's ``#anchor`` names (none: stay)."""
        if anchor and not self.query_one(PostBody).go_to_heading(anchor):
            self.notify(one_line(f"No heading #{anchor} in this post"), markup=False, timeout=4)

    def action_back(self) -> None:
        """Go back: clear a find, else return to the post a link left, else to the library."""
        find = self._find_box()
        going_through = self.finding_index >= 0
        if (
            going_through
            or (find is not None and find.display)
            or self.query_one(PostBody).find_query
        ):
            self.finding_index = -1
            self._close_find()
            self._show_details()
            return
        if self._came_from:
            post, scroll_y = self._came_from[-1]
            self.show_post(post, came_from=self._came_from[:-1])
            self.query_one(PostBody).go_to_line(round(scroll_y))
            return
        self.post_message(self.BackRequested(self.post))

    def _close_find(self) -> None:
        """Hide and empty the find box, drop the highlights, give the keys to the body."""
        find = self._find_box()
        if find is not None:
            find.value = ""
            find.display = False
        body = self.query_one(PostBody)
        body.clear_find()
        self.set_focus(body)
        self.refresh_bindings()

    async def action_find(self) -> None:
        """Show the find box and type into it.

        Focus moves at once (not after a refresh, as ``widget.focus()`` does), so keys
        typed right after ``/`` land in the box.
        """
        self.finding_index = -1  # a find of the reader's own
        find = self._find_box()
        if find is None:
            find = Input(
                placeholder="Find in this post (enter to keep, escape to clear)", id="find"
            )
            await self.mount(find, before=self.query_one(Footer))
        find.display = True
        self.set_focus(find)

    def _find_box(self) -> Input | None:
        boxes = self.query("#find").results(Input)
        return next(boxes, None)

    @on(Input.Changed, "#find")
    def _find_typed(self, event: Input.Changed) -> None:
        """Find as the reader types (a find on a long post spends at most 0.1 s laying out)."""
        body = self.query_one(PostBody)
        if body.find(event.value):
            body.select_match(1)
        self._show_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        """Enter keeps the matches and goes back to reading (n and N move between them)."""
        self.set_focus(self.query_one(PostBody))

    def action_next_match(self, step: int) -> None:
        """Go to the next (1) or previous (-1) match of the find, round at either end."""
        if self.query_one(PostBody).select_match(step):
            where = "the first match, from the end" if step > 0 else "the last match, from the top"
            self.notify(f"Back to {where}", timeout=2)
        self._show_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys n and N go through problems after !, else a find's matches, else posts."""
        bodies = self.query(PostBody)
        matching = bool(bodies) and bool(bodies.first().matches)
        problems = self.finding_index >= 0
        if action == "next_problem":
            return problems
        if action == "next_match":
            return matching and not problems
        if action == "step" and parameters == (1,):
            return not (matching or problems)
        return True

    def action_step(self, offset: int) -> None:
        """Ask for the next or previous post."""
        self.post_message(self.StepRequested(self.post, offset))

    def action_next_unread(self) -> None:
        """Ask for the next unread post."""
        self.post_message(self.NextUnreadRequested(self.post))

    @property
    def current_post(self) -> Post:
        """The post on screen: ``m``, ``*`` act on it."""
        return self.post

    def watch_reading_width(self, width: int) -> None:
        """Narrow the body to the reading width (its padding and scrollbar beside it)."""
        for body in self.query(PostBody):  # none before the screen is composed
            gutter = body.styles.gutter.width + body.styles.scrollbar_size_vertical
            body.styles.max_width = width + gutter if width else None

    def _settings_changed(self, settings: Settings) -> None:
        self.reading_width = settings.reading_width

    def action_toggle_reading_width(self) -> None:
        """Keep lines of text to the reading width, centred, or let them fill the pane."""
        width = self.state.toggle_reading_width()
        what = f"at most {width} columns" if width else "the whole width"
        self.notify(f"Lines of text: {what} (w)", timeout=2)

    async def action_toggle_contents(self) -> None:
        """Show or hide the table of contents, focusing it when shown."""
        body = self.query_one(PostBody)
        found = self.query(TableOfContents)
        if found:
            contents = found.first()
            contents.display = not contents.display
        else:
            contents = TableOfContents(id="contents")
            await self.query_one("#post-panes").mount(contents, before=body)
            contents.show_headings(body.headings)
        self.set_focus(contents if contents.display else body)

    def action_reload(self) -> None:
        """Read the post from disk again, keeping the place."""
        speeds = self.state.settings.reading_speeds
        self.show_post(whole_post(self.post, speeds), came_from=self._came_from)
        self.notify("Reloaded", timeout=2)

    def action_edit(self) -> None:
        """Open the post in $VISUAL or $EDITOR, then reload it."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR to edit posts from reader.", severity="warning", markup=False)
            return
        try:
            command = [*shlex.split(editor), str(self.post.path)]
            with self.app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning")
            return
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            message = one_line(f"Could not run {editor}: {reason}")
            self.notify(message, severity="error", markup=False)
            return
        self.action_reload()

    # --- problems: ! moves between those in the body, z folds repeated paragraphs -------

    def action_next_finding(self) -> None:
        """Go to the next of the post's problems (the first, the first time)."""
        if not self.post.problems:
            self.notify("No problem found in this post.", timeout=2)
            return
        self._go_to_finding(self.finding_index + 1)

    def action_next_problem(self, step: int) -> None:
        """Go to the next (1) or previous (-1) problem, round at either end."""
        self._go_to_finding(self.finding_index + step)

    def _go_to_finding(self, index: int) -> None:
        """Show problem ``index`` (round at either end): its passage highlighted as a find.

        Found as a find is (the same matches at any width, kept through a resize); the
        problems of the front matter, or of the whole body, say where they are.
        """
        findings = self.post.problems
        index %= len(findings)
        if self.folded:
            self._unfold()  # the passages are in the whole text
        self._close_find()
        finding = findings[index]
        body = self.query_one(PostBody)
        shown = False
        if finding.passage:
            count = body.find(finding.passage, complete=True)
            if count:
                # The match before the one wanted, then one step on: select_match scrolls to it.
                occurrence = finding.occurrence(self.post.body)
                body.match_index = (min(occurrence, count - 1) - 1) % count
                body.select_match(1)
                shown = True
        self.finding_index = index
        status = self.query_one(PostStatus)
        status.where = _where(finding, shown)
        self._show_status()
        self.refresh_bindings()

    def watch_finding_index(self, index: int) -> None:
        """The problems' line shows the problem gone to, or their count."""
        self.query_one(PostStatus).current = index
        self.refresh_bindings()
        self._show_status()

    def watch_folded(self) -> None:
        """The reading time says the text's read once while the repeats are folded."""
        self._show_status()

    def action_toggle_fold(self) -> None:
        """Fold each run of repeated paragraphs into one dimmed line, or unfold them."""
        body = self.query_one(PostBody)
        self.finding_index = -1
        if self.folded:
            self._unfold()
            self.notify("Repeats unfolded", timeout=2)
            return
        folded = fold_repeats(self.post.body, self.post.body_line)
        if not folded.paragraphs:
            self.notify("No paragraph of this post repeats another.", timeout=2)
            return
        self.folded = True
        self._close_find()
        body.show_markdown(folded.markdown)
        plural = "" if folded.paragraphs == 1 else "s"
        # What stays: the sentences said again inside paragraphs that are not repeats.
        repeats = find_repeats(self.post.body)
        left = repeats.repeated_characters - folded.characters if repeats else 0
        stays = (
            f"; {left:,} characters of repeated sentences inside other paragraphs stay"
            if left > 0
            else ""
        )
        self.notify(
            f"Folded {folded.paragraphs} repeated paragraph{plural}"
            f" ({folded.characters:,} characters){stays}; z unfolds",
            timeout=6,
        )

    def _unfold(self) -> None:
        """Show the whole text again, repeats and all."""
        self.folded = False
        self.query_one(PostBody).show_markdown(self.post.body)


def _where(finding: Finding, shown: bool) -> str:
    """Where a problem is, for a person reading the post (its passage is highlighted)."""
    if finding.field:
        line = f", line {finding.line}" if finding.line else ""
        return f"in the front matter: {finding.field}{line}"
    if finding.line is None:
        return "in the whole post"
    if finding.passage and not shown:
        return f"line {finding.line} of the file (not found on screen)"
    return f"line {finding.line} of the file"
