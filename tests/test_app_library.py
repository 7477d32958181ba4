"""Pilot tests of the library screen: groups, marks, grouping, filter, sidebar, palette, quit."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from app_helpers import (
    CLOSING,
    DRAFT,
    LISBON,
    MISO,
    SIZE,
    Row,
    groups,
    headings,
    highlight_row_containing,
    highlighted_row,
    library_screen,
    parse_row,
    post_rows,
    rows,
    sample_app,
    screen_lines,
    screen_text,
    shows,
    wait_for,
    wait_for_library,
    widget_text,
    write_post,
)
from textual.widgets import Input

import reader.screens.library as library_module
from reader.app import ReaderApp
from reader.screens.help import HelpScreen
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_list import PostList


async def test_library_groups_posts_by_category_with_counts() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert headings(posts) == [
            "cooking 3",
            "notes 5",
            "programming 6",
            "travel 3",
            "日本語 4",
            "Uncategorized 1",
        ]
        by_group = groups(posts)
        for heading, group_rows in by_group.items():
            count = int(heading.rsplit(" ", 1)[1])
            assert len(group_rows) == count, heading
        # The header says which library is open and how many posts it has.
        assert "sample_posts · 14 posts" in screen_lines(pilot.app)[0]
        # Each row shows date, title and reading time.
        assert Row("2023-04-02", 4, False, False, MISO) in map(parse_row, by_group["cooking 3"])


async def test_newest_post_comes_first_in_every_group() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        for heading, group_rows in groups(posts).items():
            dates = [parse_row(row).date for row in group_rows]
            assert all(dates), f"a row without a date in {heading}: {group_rows}"
            assert dates == sorted(dates, reverse=True), heading
        assert groups(posts)["cooking 3"][0].startswith("2025-05-03")


async def test_post_in_two_categories_shows_under_both_and_uncategorized_group() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        by_group = groups(posts)
        assert any(LISBON in row for row in by_group["cooking 3"])
        assert any(LISBON in row for row in by_group["travel 3"])
        assert sum(LISBON in row for row in rows(posts)) == 2
        assert [CLOSING in row for row in by_group["Uncategorized 1"]] == [True]
        # The list on screen shows it too (not only the widget's options).
        text = screen_text(pilot.app)
        assert text.count(LISBON) >= 2  # two rows (and maybe the sidebar)
        assert "Uncategorized" in text


async def test_draft_and_problem_marks(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    write_post(folder, "2024-01-01-fine.md", "---\ntitle: A fine post\n---\n\nHello.\n")
    write_post(
        folder,
        "2024-01-02-draft.md",
        "---\ntitle: An unfinished post\ndraft: true\n---\n\nSoon.\n",
    )
    write_post(
        folder,
        "2024-01-03-bad-date.md",
        "---\ntitle: A post with a bad date\ndate: not a date at all\n---\n\nHmm.\n",
    )
    async with ReaderApp([folder]).run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        by_title = {row.title: row for row in post_rows(posts)}
        assert set(by_title) == {"A fine post", "An unfinished post", "A post with a bad date"}
        fine, draft, bad = (
            by_title[title]
            for title in ("A fine post", "An unfinished post", "A post with a bad date")
        )
        assert (fine.draft, fine.problem) == (False, False)
        assert (draft.draft, draft.problem) == (True, False)
        assert (bad.draft, bad.problem) == (False, True)
        # The marks are on screen, not only in the list's options.
        text = screen_text(pilot.app)
        assert "⚠" in text and "draft" in text.replace("draft.md", "")
        # The sidebar of the broken post says what is wrong.
        await highlight_row_containing(pilot, posts, "A post with a bad date")
        sidebar = widget_text(pilot.app, pilot.app.screen.query_one(MetadataSidebar))
        assert "Problem" in sidebar
        assert "date" in sidebar.split("Problem", 1)[1]


async def test_sample_draft_is_marked() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert [row.title for row in post_rows(posts) if row.draft] == [DRAFT]
        assert not any(row.problem for row in post_rows(posts))


async def test_v_cycles_grouping_category_date_tag_all() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        assert "cooking 3" in headings(posts)
        assert "by category" in screen_lines(pilot.app)[0]

        await pilot.press("v")
        by_date = headings(posts)
        assert by_date[0] == "2025 · May 1"
        assert "2023 · April 1" in by_date
        assert all(re.match(r"^\d{4} · [A-Z][a-z]+ \d+$", name) for name in by_date)
        assert sum(int(name.rsplit(" ", 1)[1]) for name in by_date) == 14
        assert "by date" in screen_lines(pilot.app)[0]

        await pilot.press("v")
        by_tag = headings(posts)
        assert "python 2" in by_tag
        assert "味噌汁 1" in by_tag
        assert "cooking 3" not in by_tag
        assert "by tag" in screen_lines(pilot.app)[0]

        await pilot.press("v")
        assert headings(posts) == ["All posts 14"]
        assert len(rows(posts)) == 15
        assert "all posts" in screen_lines(pilot.app)[0]

        await pilot.press("v")
        assert headings(posts)[0] == "cooking 3"


async def test_filter_as_you_type_english_and_japanese_and_escape_clears() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        every_row = rows(posts)
        filter_box = pilot.app.screen.query_one("#filter", Input)
        assert not filter_box.display

        await pilot.press("slash")
        assert filter_box.display and filter_box.has_focus
        await pilot.press(*"lisbon")
        assert filter_box.value == "lisbon"
        post_rows = [row for row in rows(posts) if row not in headings(posts)]
        assert post_rows and all(LISBON in row for row in post_rows)
        assert "1 of 14" in screen_lines(pilot.app)[0]
        assert "lisbon" in screen_text(pilot.app)

        # Clear the box and filter in Japanese (title and tag 味噌汁).
        await pilot.press("ctrl+u", "味", "噌")
        assert filter_box.value == "味噌"
        post_rows = [row for row in rows(posts) if row not in headings(posts)]
        assert post_rows and all(MISO in row for row in post_rows)
        assert headings(posts) == ["cooking 1", "日本語 1"]

        await pilot.press("escape")
        assert filter_box.value == ""
        assert not filter_box.display
        assert rows(posts) == every_row
        assert "14 posts" in screen_lines(pilot.app)[0]


async def test_a_filter_that_matches_nothing_leaves_the_sidebar_empty() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        sidebar = app.screen.query_one(MetadataSidebar)
        await pilot.press("slash", *"zqxjzqxj")
        await wait_for(pilot, lambda: "No post selected" in widget_text(app, sidebar))


async def test_a_list_slow_to_redo_is_filtered_once_typing_pauses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(library_module, "QUICK_REFRESH_SECONDS", 0.0)  # as 100,000 posts
    monkeypatch.setattr(library_module, "FILTER_PAUSE_SECONDS", 1.0)
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("slash", *"lisbon")
        assert screen.query_one("#filter", Input).value == "lisbon"  # every key is there
        assert screen.filter_text == ""  # the list waits for the pause
        await wait_for(pilot, lambda: screen.filter_text == "lisbon")
        post_rows = [row for row in rows(posts) if row not in headings(posts)]
        assert post_rows and all(LISBON in row for row in post_rows)
        await pilot.press("backspace", "enter")  # enter filters at once
        assert screen.filter_text == "lisbo"


async def test_filter_matches_author_tag_and_category() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)

        await pilot.press("slash")
        filter_box = pilot.app.screen.query_one("#filter", Input)

        async def filtered(query: str) -> set[str]:
            filter_box.value = query  # as if typed: the list follows Input.Changed
            await pilot.pause()
            return {row.title for row in post_rows(posts)}

        assert await filtered("tomás") == {
            "Closing out 2023",
            "Tokyo to Sapporo by train in one day",
            DRAFT,
            "Notes on [brackets] in titles",
        }
        assert await filtered("hokkaido") == {"Tokyo to Sapporo by train in one day"}
        assert len(await filtered("日本語")) == 4
        assert await filtered("no such post anywhere") == set()


async def test_sidebar_previews_highlighted_post() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        assert LISBON in highlighted_row(posts)
        assert LISBON in widget_text(pilot.app, sidebar)

        await pilot.press("down")
        assert MISO in highlighted_row(posts)
        text = widget_text(pilot.app, sidebar)
        assert LISBON not in text
        for expected in (
            MISO,
            "中村 葵",
            "cooking, 日本語",
            "味噌汁, 和食, 朝ごはん",
            "4 min (front matter)",
            "(estimated)",
            "2023-04-02-miso-soup-every-morning.md",
        ):
            assert shows(text, expected), expected
        # The date is readable, with the time zone it was written in.
        assert "Sun 2 Apr 2023, 09:15 UTC+09:00" in text


async def test_enter_opens_the_highlighted_post() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await highlight_row_containing(pilot, posts, MISO)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        assert MISO in screen_lines(pilot.app)[0]
        assert "在宅勤務になってから" in screen_text(pilot.app)


async def test_s_toggles_the_library_sidebar() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        assert sidebar.region.width > 0
        assert "Mara Lindqvist" in screen_text(pilot.app)
        await pilot.press("s")
        assert sidebar.region.width == 0
        assert "Mara Lindqvist" not in screen_text(pilot.app)  # the author: sidebar only
        await pilot.press("s")
        assert sidebar.region.width > 0


async def test_library_sidebar_hides_itself_in_narrow_terminal() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        sidebar = pilot.app.screen.query_one(MetadataSidebar)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert sidebar.region.width == 0
        await pilot.press("s")
        assert sidebar.region.width > 0
        assert "Title" in widget_text(pilot.app, sidebar)


async def test_help_lists_library_keys_and_escape_closes_it() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot.app)
        for description in ("Filter", "Group", "Sidebar", "Quit"):
            assert description in text, description
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert pilot.app.is_running


async def test_q_quits() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, timeout=5)
    assert app.return_code == 0


async def test_command_palette_opens_a_post_by_title() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"sourd")
        await wait_for(pilot, lambda: "Open this post" in screen_text(pilot.app), timeout=5)
        text = screen_text(pilot.app)
        assert "A sourdough starter log, week one" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen), timeout=5)
        assert "A sourdough starter log, week one" in screen_lines(pilot.app)[0]


async def test_command_palette_switches_grouping() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"group")
        await wait_for(pilot, lambda: "By category, date" in screen_text(pilot.app), timeout=5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen), timeout=5)
        assert headings(posts)[0] == "2025 · May 1"
        assert library_screen(pilot.app) is pilot.app.screen


async def test_paging_up_at_the_top_stays_on_a_post() -> None:
    async with sample_app().run_test(size=(120, 12)) as pilot:
        await wait_for_library(pilot)
        post_list = pilot.app.screen.query_one(PostList)
        for key in ("G", "b", "b", "b", "b", "space", "space", "space", "space", "b"):
            await pilot.press(key)
            assert post_list.highlighted_post is not None, key


async def test_clicking_a_post_twice_opens_it() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        row = next(index for index, text in enumerate(rows(posts)) if MISO in text)
        await pilot.click(PostList, offset=(5, row))
        assert MISO in highlighted_row(posts)
        assert isinstance(pilot.app.screen, LibraryScreen)  # the first click only highlights
        await pilot.click(PostList, offset=(5, row))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        assert MISO in screen_lines(pilot.app)[0]


async def test_regrouping_keeps_the_highlighted_post() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        posts = await wait_for_library(pilot)
        await highlight_row_containing(pilot, posts, CLOSING)
        await pilot.press("v")
        assert headings(posts)[0] == "2025 · May 1"
        assert CLOSING in highlighted_row(posts)
        await pilot.press("v", "v")
        assert headings(posts) == ["All posts 14"]
        assert CLOSING in highlighted_row(posts)


async def test_a_library_equal_to_the_one_listed_is_not_listed_again_and_a_changed_one_is() -> None:
    async with sample_app().run_test(size=SIZE) as pilot:
        await wait_for_library(pilot)
        assert isinstance(pilot.app, ReaderApp)
        state = pilot.app.state
        listing = state.listing
        library = state.library
        copies = [replace(post) for post in library.posts]  # equal, but other objects
        state.library = replace(library, posts=copies)
        assert state.listing is listing
        retitled = [replace(copies[0], title="Retitled"), *copies[1:]]
        state.library = replace(library, posts=retitled)
        assert state.listing is not listing
        assert "Retitled" in [post.title for post in state.listing.order]
