"""Following a link to another post of a site in the app, as a reader does: ``]`` then enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import SIZE, wait_for
from conftest import PostFiles

from reader.app import ReaderApp
from reader.screens.post import PostScreen
from reader.widgets.post_body import PostBody


async def _follow_first_link(path: Path, expected_title: str) -> None:
    async with ReaderApp([path.parent], open_file=path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        screen = pilot.app.screen
        body = screen.query_one(PostBody)
        await wait_for(pilot, lambda: body.line_count > 0)
        await pilot.press("right_square_bracket")
        assert body.selected_link is not None
        await pilot.press("enter")
        await wait_for(pilot, lambda: expected_title in str(screen.title))


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("{% post_url 2021-02-03-news %}", "ja/news/_posts/2021-02-03-news.md"),
        ("{% link ja/news/_posts/2021-02-03-news.md %}", "ja/news/_posts/2021-02-03-news.md"),
        ("/ja/news/2021/02/03/news.html", "ja/news/_posts/2021-02-03-news.md"),
    ],
)
async def test_a_jekyll_link_opens_the_post_it_names(
    posts: PostFiles, link: str, target: str
) -> None:
    posts.write("title: A site\n", "_config.yml")
    source = posts.write(
        f"---\ntitle: Source\n---\nRead [the news]({link}).\n", "_posts/2020-01-01-s.md"
    )
    posts.write("---\ntitle: Big news\n---\nNews.\n", target)
    await _follow_first_link(source, "Big news")


async def test_a_zola_link_opens_the_post_it_names(posts: PostFiles) -> None:
    posts.write('base_url = "https://example.org"\n', "config.toml")
    source = posts.write(
        '+++\ntitle = "Source"\n+++\nSee [the timeline](@/timeline.md).\n', "content/source.md"
    )
    posts.write(
        '+++\ntitle = "Timeline"\npath = "2014/12/12/t"\n+++\nText.\n', "content/timeline.md"
    )
    await _follow_first_link(source, "Timeline")
