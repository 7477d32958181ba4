"""Pilot tests of PostList on its own: keys, mouse, marks, next_unread, a huge list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app_helpers import marked_rows, rows, screen_cells, screen_text, widget_lines
from textual.app import App, ComposeResult
from textual.color import Color
from textual.events import MouseScrollDown
from textual.widgets import Input

import reader
from reader.model.post import PostSummary
from reader.widgets.post_list import PostList

START = datetime(2025, 1, 1, tzinfo=UTC)


def make_post(number: int, title: str = "") -> PostSummary:
    """A made-up post, a day older for each number."""
    return PostSummary(
        path=Path(f"/blog/{number:06d}.md"),
        title=title or f"Post number {number}",
        date=START - timedelta(days=number),
        estimated_minutes=1 + number % 9,
    )


def make_groups(*sizes: int) -> list[tuple[str, list[PostSummary]]]:
    """Groups ``A``, ``B``... of ``sizes`` posts, numbered on across the groups."""
    groups, number = [], 0
    for index, size in enumerate(sizes):
        groups.append((chr(ord("A") + index), [make_post(number + i) for i in range(size)]))
        number += size
    return groups


class ListApp(App[None]):
    """A filter box and a PostList styled by reader.tcss; keeps the list's messages."""

    CSS_PATH = str(Path(reader.__file__).parent / "reader.tcss")

    def __init__(self, groups: list[tuple[str, list[PostSummary]]]) -> None:
        super().__init__()
        self.groups = groups
        self.highlighted: list[PostSummary] = []
        self.chosen: list[PostSummary] = []

    def compose(self) -> ComposeResult:
        """The box (to move the focus to) and the list."""
        yield Input(id="filter")
        yield PostList(id="posts")

    def on_mount(self) -> None:
        """Fill the list and give it the keyboard."""
        posts = self.query_one(PostList)
        posts.show_groups(self.groups, "Nothing here.")
        posts.focus()

    def on_post_list_highlighted(self, message: PostList.Highlighted) -> None:
        """Keep the post."""
        self.highlighted.append(message.post)

    def on_post_list_chosen(self, message: PostList.Chosen) -> None:
        """Keep the post."""
        self.chosen.append(message.post)


def visible(posts: PostList, row: int) -> bool:
    """Whether ``row`` is inside the list's view."""
    top = posts.scroll_offset.y
    return top <= row < top + posts.scrollable_content_region.height


async def test_keys_move_over_posts_and_skip_headings() -> None:
    app = ListApp(make_groups(2, 2))
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        assert rows(posts)[0] == "A 2"
        assert posts.highlighted == 1
        assert app.highlighted[-1].title == "Post number 0"
        await pilot.press("j")
        assert posts.highlighted == 2
        await pilot.press("down")  # row 3 is heading B
        assert posts.highlighted == 4
        assert posts.highlighted_post is not None
        assert posts.highlighted_post.title == "Post number 2"
        assert app.highlighted[-1].title == "Post number 2"
        await pilot.press("k", "up")
        assert posts.highlighted == 1
        # Like the OptionList it replaced, the cursor wraps around the ends.
        await pilot.press("up")
        assert posts.highlighted == 5


async def test_page_keys_move_a_page_and_stay_on_posts() -> None:
    app = ListApp(make_groups(30, 30, 30))
    async with app.run_test(size=(80, 14)) as pilot:
        posts = app.query_one(PostList)
        height = posts.scrollable_content_region.height
        assert 3 < height < 20
        await pilot.press("space")
        assert posts.highlighted == 1 + height
        assert visible(posts, 1 + height)
        await pilot.press("pagedown")
        assert posts.highlighted is not None
        assert posts.highlighted >= 1 + 2 * height
        assert posts.post_at(posts.highlighted) is not None
        assert visible(posts, posts.highlighted)
        await pilot.press("b", "pageup")
        assert posts.highlighted == 1
        await pilot.press("b")  # at the top: still on the first post, not a heading
        assert posts.highlighted == 1
        for _ in range(10):
            await pilot.press("space")
        assert posts.highlighted == posts.row_count - 1
        assert visible(posts, posts.row_count - 1)


async def test_top_and_bottom_keys_go_to_the_first_and_last_post() -> None:
    app = ListApp(make_groups(30, 30))
    async with app.run_test(size=(80, 14)) as pilot:
        posts = app.query_one(PostList)
        await pilot.press("G")
        assert posts.highlighted == 61
        assert "Post number 59" in screen_text(app)
        await pilot.press("g")
        assert posts.highlighted == 1
        lines = widget_lines(app, posts)
        # The heading above the first post stays in view: a row of context.
        assert lines[0] == "A  30"
        assert "Post number 0" in lines[1]
        await pilot.press("end")
        assert posts.highlighted == 61
        await pilot.press("home")
        assert posts.highlighted == 1


async def test_cursor_keeps_a_row_of_context_when_scrolling() -> None:
    app = ListApp(make_groups(40))
    async with app.run_test(size=(80, 14)) as pilot:
        posts = app.query_one(PostList)
        height = posts.scrollable_content_region.height
        for _ in range(height):
            await pilot.press("j")
        assert posts.highlighted == 1 + height
        # The row after the cursor is in view too.
        assert posts.scroll_offset.y + height - 1 == posts.highlighted + 1


async def test_enter_chooses_the_highlighted_post() -> None:
    app = ListApp(make_groups(3))
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("j", "enter")
        assert [post.title for post in app.chosen] == ["Post number 1"]


async def test_click_highlights_and_a_second_click_chooses() -> None:
    app = ListApp(make_groups(3))
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        row = 3  # "Post number 2"
        await pilot.click(PostList, offset=(5, row))
        assert posts.highlighted == row
        assert app.chosen == []
        await pilot.click(PostList, offset=(5, row))
        assert [post.title for post in app.chosen] == ["Post number 2"]
        await pilot.click(PostList, offset=(5, 0))  # a heading: nothing happens
        assert posts.highlighted == row
        await pilot.double_click(PostList, offset=(5, 1))
        assert [post.title for post in app.chosen] == ["Post number 2", "Post number 0"]


async def test_highlight_looks_different_with_and_without_focus() -> None:
    app = ListApp(make_groups(3))
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        focused = posts.get_visual_style("post-list--highlighted")
        plain = posts.get_visual_style("post-list--row")
        assert focused.background != plain.background
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = posts.get_visual_style("post-list--highlighted")
        assert blurred.background not in (focused.background, plain.background)


async def test_marks_unread_dot_heading_count_and_star() -> None:
    groups = make_groups(2, 3)
    first, second = groups[0][1]
    app = ListApp(groups)
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        before = marked_rows(posts)
        assert "●" not in screen_text(app) and "★" not in screen_text(app)
        assert not any("unread" in row for row in before)

        read = {first.path} | {post.path for post in groups[1][1]}
        posts.set_marks(read, bookmarked=[second.path])
        await pilot.pause()
        marked = marked_rows(posts)
        assert marked[0] == "A 2 · 1 unread"
        assert marked[3] == "B 3 · 0 unread"
        assert not marked[1].startswith("●")  # read
        assert marked[2].startswith("● ")  # unread
        assert "★" in marked[2] and "★" not in marked[1]
        # The title keeps its place on every row, starred or not.
        lines = widget_lines(app, posts)
        assert lines[1].index("Post number") == lines[2].index("Post number")
        assert "●" in lines[2] and "★" in lines[2]

        posts.set_marks(None, [])  # no reading state: no marks at all
        await pilot.pause()
        assert marked_rows(posts) == before


async def test_next_unread_moves_on_and_wraps() -> None:
    groups = make_groups(3, 3)
    every = [post for _, group in groups for post in group]
    app = ListApp(groups)
    async with app.run_test(size=(80, 20)):
        posts = app.query_one(PostList)
        assert not posts.next_unread()  # nothing known about reading
        unread = {every[1].path, every[4].path}
        posts.set_marks({post.path for post in every} - unread, [])
        assert posts.next_unread()
        assert posts.highlighted_post is every[1]
        assert posts.next_unread()
        assert posts.highlighted_post is every[4]
        assert posts.next_unread()  # wraps to the top
        assert posts.highlighted_post is every[1]
        posts.set_marks([post.path for post in every], [])
        assert not posts.next_unread()
        assert posts.highlighted_post is every[1]


async def test_a_list_filling_in_keeps_to_its_first_post_until_the_reader_moves() -> None:
    old, older = make_post(50), make_post(60)
    app = ListApp([("A", [old, older])])  # what was read first, while loading
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        assert posts.highlighted_post is old
        newer = make_post(1)
        posts.show_groups([("A", [newer, old, older])], "Nothing here.")
        assert posts.highlighted_post is newer  # the top, as the reader left it
        await pilot.press("j")
        posts.show_groups([("A", [make_post(0), newer, old, older])], "Nothing here.")
        assert posts.highlighted_post is old  # where the reader put it


async def test_show_groups_keeps_the_highlighted_post() -> None:
    groups = make_groups(3, 3)
    app = ListApp(groups)
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        await pilot.press("G")
        target = posts.highlighted_post
        assert target is not None and target.title == "Post number 5"
        # Regrouped: the post comes first now, under a new heading.
        everything = [post for _, group in groups for post in group]
        posts.show_groups([("All", everything[::-1])], "Nothing here.")
        assert posts.highlighted_post is target
        assert posts.highlighted == 1
        # The same post read again (a reload) is found by its path.
        again = make_post(5)
        posts.show_groups([("Z", [make_post(9), again])], "Nothing here.")
        assert posts.highlighted_post is again
        # Gone: the first post is highlighted.
        posts.show_groups([("Y", [make_post(7), make_post(8)])], "Nothing here.")
        assert posts.highlighted_post is not None
        assert posts.highlighted_post.title == "Post number 7"
        posts.show_groups([], "Nothing here.")
        assert posts.highlighted_post is None
        assert rows(posts) == ["Nothing here."]


async def test_a_list_of_100000_posts_shows_its_first_and_last_rows() -> None:
    posts_100k = [make_post(number) for number in range(100_000)]
    groups = [(f"Group {index}", posts_100k[index::10]) for index in range(10)]
    app = ListApp([])
    async with app.run_test(size=(120, 40)) as pilot:
        posts = app.query_one(PostList)
        # How fast is benchmarks/post_list.py's question (the OptionList this replaced took
        # about 8 s); this test checks what 100,000 posts look like.
        posts.show_groups(groups, "Nothing here.")
        await pilot.pause()
        assert posts.row_count == 100_010
        lines = widget_lines(app, posts)
        assert lines[0] == "Group 0  10000"
        assert "Post number 0" in lines[1] and "Post number 10" in lines[2]
        await pilot.press("G")
        assert "Post number 99999" in screen_text(app)


async def test_unread_dot_takes_the_accent_of_the_current_theme() -> None:
    """The theme's accent where it is readable (textual-dark's); else a darker one."""
    groups = make_groups(2)
    app = ListApp(groups)
    async with app.run_test(size=(80, 20)) as pilot:
        posts = app.query_one(PostList)
        posts.set_marks([], [])
        drawn: dict[str, tuple[int, int, int]] = {}
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            y = posts.region.y + 2
            x = screen_cells(app)[y].index("●")
            style = app.screen.get_style_at(x, y)
            assert style.bold and style.color is not None and style.color.triplet
            drawn[theme] = style.color.triplet
        accent = Color.parse(app.available_themes["textual-dark"].accent or "").rich_color.triplet
        # Close, not equal: the focused list is tinted a little (background-tint).
        assert accent
        assert all(abs(a - b) <= 8 for a, b in zip(drawn["textual-dark"], accent, strict=True))
        # textual-light's orange accent is 1.9:1 on white: darkened to be seen.
        light = Color(*drawn["textual-light"])
        assert (
            light.brightness
            < Color.parse(app.available_themes["textual-light"].accent or "").brightness
        )


async def test_wheel_scrolls_and_hover_marks_the_row() -> None:
    app = ListApp(make_groups(60))
    async with app.run_test(size=(80, 14)) as pilot:
        posts = app.query_one(PostList)
        x, y = posts.region.x + 5, posts.region.y + 3
        posts.post_message(MouseScrollDown(posts, 5, 3, 0, 1, 0, False, False, False, x, y))
        await pilot.pause()
        assert posts.scroll_offset.y > 0
        assert posts.highlighted == 1  # the wheel moves the view, not the cursor
        top = posts.scroll_offset.y
        await pilot.hover(PostList, offset=(5, 2))
        await pilot.pause()
        hover = posts.get_visual_style("post-list--hover").background
        plain = posts.get_visual_style("post-list--row").background
        assert hover is not None and hover != plain
        hovered, other = (app.screen.get_style_at(2, posts.region.y + y) for y in (2, 4))
        assert hovered.bgcolor is not None and other.bgcolor is not None
        assert hovered.bgcolor != other.bgcolor, f"row {top + 2} is not drawn hovered"
