"""Full-text search and the live library in the app."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from app_helpers import (
    copy_samples,
    rows,
    sample_app,
    screen_text,
    wait_for,
    wait_for_library,
    widget_text,
    write_post,
)

import reader.app
import reader.model.search
from reader.app import ReaderApp
from reader.model.library import Library, load_library
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.search import ProgressCallback
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.search_pane import SearchPane
from reader.widgets.search_results import SearchResults


async def test_search_finds_japanese_text_and_opens_the_post_at_the_match() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        await pilot.press("ctrl+f")
        results = app.screen.query_one(SearchResults)
        assert app.screen.query_one(SearchPane).display
        await pilot.press(*"味噌汁を")
        await wait_for(pilot, lambda: "毎朝の味噌汁について" in widget_text(app, results))
        text = widget_text(app, results)
        assert "朝ごはんに味噌汁を作るようになった" in text  # the snippet
        assert "Lisbon" not in text
        await pilot.press("enter", "enter")  # to the results, then open the hit
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        await wait_for(pilot, lambda: "match 1 of" in screen_text(app))
        assert app.screen.query_one(PostBody).find_query == "味噌汁を"
        await pilot.press("escape", "escape")  # clear the find, back to the library
        await pilot.press("escape")  # leave the search
        assert not app.screen.query_one(SearchPane).display


async def test_search_says_when_nothing_is_found_and_short_words_still_work() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        await pilot.press("ctrl+f", *"zebra crossing")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "No post holds 'zebra crossing'" in widget_text(app, results))
        await pilot.press(*["backspace"] * 14, *"味噌")  # two letters: read from the files
        await wait_for(pilot, lambda: "毎朝の味噌汁について" in widget_text(app, results))


async def test_posts_added_edited_and_removed_on_disk_show_up(tmp_path: Path) -> None:
    library = copy_samples(tmp_path)
    app = ReaderApp([library])
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        posts = await wait_for_library(pilot)
        await pilot.pause(0.5)  # the watcher starts once the library is on screen
        added = write_post(
            library, "2026-01-02-fresh.md", "---\ntitle: Fresh off the editor\n---\nHi.\n"
        )
        await wait_for(pilot, lambda: any("Fresh off the editor" in row for row in rows(posts)))
        await pilot.press("enter")  # the highlighted post stays where the reader was
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        screen = app.screen
        assert isinstance(screen, PostScreen)
        opened = screen.post.path
        opened.write_text(
            opened.read_text(encoding="utf-8").replace("\n---\n", "\n---\nEDITED NOW\n\n", 1),
            encoding="utf-8",
        )
        await wait_for(pilot, lambda: "EDITED NOW" in screen_text(app))
        opened.unlink()
        await wait_for(pilot, lambda: "removed or renamed on disk" in screen_text(app))
        assert "EDITED NOW" in screen_text(app)  # still there to finish reading
        added.unlink()
        await pilot.press("escape")
        await wait_for(pilot, lambda: not any("Fresh off the editor" in row for row in rows(posts)))


async def test_a_second_start_shows_the_cache_then_what_changed_meanwhile(tmp_path: Path) -> None:
    library = copy_samples(tmp_path)
    async with ReaderApp([library]).run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        assert "cooking 3" in rows(posts)
        await pilot.press("q")
    write_post(library, "2026-02-03-while-away.md", "---\ntitle: Written while away\n---\nHi.\n")
    gone = next(library.glob("*lisbon*"))
    gone.unlink()
    app = ReaderApp([library])
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        await wait_for(pilot, lambda: app.library_loaded)
        await pilot.pause()
        shown = rows(posts)
        assert any("Written while away" in row for row in shown)
        assert not any("Lisbon" in row for row in shown)
        assert "cooking 2" in shown  # the group's count follows


def hold_loading(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Start apps with the 3 newest cached posts, the rest held back until the event is set."""
    checking = threading.Event()

    def load_when_let(*args: Any, **kwargs: Any) -> Library:
        checking.wait(timeout=30)
        return load_library(*args, **kwargs)

    monkeypatch.setattr(reader.app, "FIRST_POSTS", 3)
    monkeypatch.setattr(reader.app, "load_library", load_when_let)
    return checking


async def test_a_big_cache_shows_its_newest_posts_first_then_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = copy_samples(tmp_path)
    first = ReaderApp([library])
    async with first.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        await wait_for(pilot, lambda: first.library_loaded)  # the cache is filled
    every = load_library([library], speeds=DEFAULT_SPEEDS).posts
    newest = [post.title for post in every[:3]]
    checking = hold_loading(monkeypatch)
    app = ReaderApp([library])
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot, loaded=False)
        shown = [post.title for post in app.library.posts]
        assert shown == newest
        assert f"3 of {len(every)} posts" in screen_text(app)
        await pilot.press("slash", *newest[0].split()[0])  # a word of the newest title
        await wait_for(pilot, lambda: "of 3 loaded posts" in screen_text(app))
        await pilot.press("escape")
        checking.set()
        await wait_for(pilot, lambda: app.library_loaded)
        await pilot.pause()
        assert len(app.library.posts) == len(every)
        assert f"· {len(every)} posts" in screen_text(app)
        assert all(any(title in row for row in rows(posts)) for title in newest)


async def test_the_cursor_moved_while_the_library_loads_stays_put(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = copy_samples(tmp_path)
    newest = load_library([library], speeds=DEFAULT_SPEEDS).posts[:3]
    first = ReaderApp([library])
    async with first.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        await wait_for(pilot, lambda: first.library_loaded)
        screen = first.screen
        assert isinstance(screen, LibraryScreen)
        screen.select_path(newest[1].path)
        await pilot.press("q")  # the view is saved, this post selected
    checking = hold_loading(monkeypatch)
    app = ReaderApp([library])
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot, loaded=False)
        await wait_for(pilot, lambda: posts.highlighted_post is not None)
        assert posts.highlighted_post is not None
        assert posts.highlighted_post.path == newest[1].path  # where the reader left off
        await pilot.press("j")
        moved = posts.highlighted_post
        assert moved is not None and moved.path != newest[1].path
        checking.set()
        await wait_for(pilot, lambda: app.library_loaded)
        await pilot.pause()
        assert posts.highlighted_post is not None
        assert posts.highlighted_post.path == moved.path


async def test_the_first_search_says_how_far_indexing_is_and_reads_the_files_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = copy_samples(tmp_path)
    indexing = threading.Event()
    build_fulltext = reader.model.search.build_fulltext

    def build_when_let(
        library: Library, on_progress: ProgressCallback, stop: threading.Event
    ) -> list[str]:
        on_progress(1, 3)
        indexing.wait(timeout=30)
        return build_fulltext(library, on_progress, stop)

    monkeypatch.setattr(reader.model.search, "build_fulltext", build_when_let)
    app = ReaderApp([library])
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for_library(pilot)
        await pilot.press("ctrl+f")
        results = app.screen.query_one(SearchResults)
        progress = "Indexing the text of the posts: 1 of 3…"
        await wait_for(pilot, lambda: progress in widget_text(app, results))
        await pilot.press(*"味噌汁を")
        await wait_for(pilot, lambda: "毎朝の味噌汁について" in widget_text(app, results))
        text = widget_text(app, results)
        assert progress in text and "1 post" in text  # found by reading the files
        assert "朝ごはんに味噌汁を作るようになった" in text
        assert not app.searchable
        indexing.set()
        await wait_for(pilot, lambda: app.searchable)
        await wait_for(pilot, lambda: "Indexing" not in widget_text(app, results))
        assert "毎朝の味噌汁について" in widget_text(app, results)  # searched again, indexed


async def test_leaving_the_search_shows_the_list_post_in_the_sidebar() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        listed = posts.highlighted_post
        assert listed is not None
        await pilot.press("ctrl+f", *"味噌汁を")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: results.highlighted_post is not None)
        sidebar = app.screen.query_one(MetadataSidebar)
        await wait_for(pilot, lambda: "毎朝の味噌汁について" in widget_text(app, sidebar))
        await pilot.press("escape")
        await wait_for(pilot, lambda: listed.title in widget_text(app, sidebar))
        assert "毎朝の味噌汁について" not in widget_text(app, sidebar)


async def test_keys_in_the_search_results_act_on_the_hit_under_the_cursor() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 35)) as pilot:
        posts = await wait_for_library(pilot)
        listed = posts.highlighted_post
        await pilot.press("ctrl+f", *"味噌汁を", "enter")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: results.highlighted_post is not None)
        hit = results.highlighted_post
        assert hit is not None and listed is not None and hit.path != listed.path
        await pilot.press("asterisk")
        assert app.reading.is_bookmarked(hit)
        assert not app.reading.is_bookmarked(listed)
        await pilot.press("slash")  # the filter is for the list: the search is left
        assert not app.screen.query_one(SearchPane).display and posts.display


async def test_a_hit_opens_at_its_match_even_in_a_post_with_a_saved_place() -> None:
    app = sample_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_library(pilot)
        (logging,) = [post for post in app.library.posts if "structured" in post.title]
        app.reading.save_place(logging, 400)  # read down past every match, earlier
        await pilot.press("ctrl+f", *"dictConfig")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "structured logging" in widget_text(app, results))
        assert "1 post" in widget_text(app, results)  # the count of hits
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        body = app.screen.query_one(PostBody)
        await wait_for(pilot, lambda: str(app.screen.sub_title).startswith("match 1 of"))
        line = body.current_match_line
        assert line is not None and round(body.scroll_y) <= line < body.scroll_y + body.size.height
        assert round(body.scroll_y) < 400
        assert "dictconfig" in body.line_text(line).lower()


async def test_words_split_by_markup_are_found_as_a_reader_sees_them(tmp_path: Path) -> None:
    write_post(
        tmp_path, "2024-01-01-bold.md", "---\ntitle: 太字\n---\nスレッドを**ワー**カーと呼ぶ。\n"
    )
    write_post(
        tmp_path, "2024-01-02-link.md", "---\ntitle: リンク\n---\n[ワー](/w)カーを増やす。\n"
    )
    app = ReaderApp([tmp_path])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_library(pilot)
        await wait_for(pilot, lambda: app.searchable)  # the index is built
        await pilot.press("ctrl+f", *"ワーカー")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "2 posts" in widget_text(app, results))
        text = widget_text(app, results)
        assert "スレッドをワーカーと呼ぶ。" in text and "ワーカーを増やす。" in text
        assert "**" not in text and "](/w)" not in text


async def test_at_80_columns_a_snippet_shows_the_whole_match(tmp_path: Path) -> None:
    before = "ターミナルで使う道具をいくつか紹介する。" * 8
    write_post(
        tmp_path,
        "2024-01-01-tools.md",
        f"---\ntitle: 道具\n---\n{before}そしてエディタのプラグインを一つ入れた。\n",
    )
    app = ReaderApp([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_library(pilot)
        await pilot.press("ctrl+f", *"プラグイン")
        results = app.screen.query_one(SearchResults)
        await wait_for(pilot, lambda: "1 post" in widget_text(app, results))
        assert "エディタのプラグインを" in widget_text(app, results).replace("\n", "")
