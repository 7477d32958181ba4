"""Pilot tests: links to a heading (``#id``, ``other.md#id``) scroll the body to it."""

from __future__ import annotations

from pathlib import Path

from app_helpers import SIZE, wait_for, write_post
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.screens.post import PostScreen
from reader.widgets.post_body import PostBody

FILLER = "\n\n".join(f"Paragraph {number} of the filler text." for number in range(40))


def post_with_links(folder: Path) -> Path:
    """A post whose contents link to its own headings and to one of another post."""
    write_post(
        folder,
        "2024-01-02-other.md",
        f"---\ntitle: Other\n---\n\n{FILLER}\n\n## Deep down {{#deep}}\n\nThe end.\n",
    )
    return write_post(
        folder,
        "2024-01-01-guide.md",
        "---\ntitle: Guide\n---\n\n"
        "- [Second part](#second-part)\n"
        "- [Custom](#custom-id)\n"
        "- [Elsewhere](2024-01-02-other.md#deep)\n"
        "- [Nowhere](#no-such-heading)\n\n"
        f"{FILLER}\n\n## Second part\n\nText.\n\n{FILLER}\n\n"
        "## Third part {#custom-id .wide}\n\nMore.\n",
    )


async def follow(pilot: Pilot[None], text: str) -> PostBody:
    """Select the link whose target holds ``text`` and press enter on it."""
    body = pilot.app.screen.query_one(PostBody)
    for _ in range(20):
        if body.selected_link is not None and text in body.selected_link.href:
            break
        await pilot.press("right_square_bracket")
    await pilot.press("enter")
    await pilot.pause()
    return body


def top_line(body: PostBody) -> str:
    """The line at the top of the view."""
    return body.line_text(round(body.scroll_y))


def on_screen(body: PostBody) -> list[str]:
    """The lines in view, without trailing spaces."""
    top = round(body.scroll_y)
    return [body.line_text(line).rstrip() for line in range(top, top + body.size.height)]


async def test_a_link_to_a_heading_of_the_post_scrolls_to_it(tmp_path: Path) -> None:
    path = post_with_links(tmp_path)
    async with ReaderApp([tmp_path], open_file=path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = await follow(pilot, "#second-part")
        await wait_for(pilot, lambda: top_line(body).startswith("## Second part"))
        await pilot.press("g")
        body = await follow(pilot, "#custom-id")
        # Near the end the view stops at the last screen, the heading on it.
        await wait_for(pilot, lambda: "## Third part" in on_screen(body) and body.at_end)


async def test_a_link_to_a_heading_of_another_post_opens_it_there(tmp_path: Path) -> None:
    path = post_with_links(tmp_path)
    async with ReaderApp([tmp_path], open_file=path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = await follow(pilot, "other.md#deep")
        await wait_for(pilot, lambda: "Other" in str(pilot.app.screen.title))
        await wait_for(pilot, lambda: "## Deep down" in on_screen(body) and body.at_end)


async def test_a_link_to_a_missing_heading_says_so_and_stays(tmp_path: Path) -> None:
    path = post_with_links(tmp_path)
    async with ReaderApp([tmp_path], open_file=path).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        body = await follow(pilot, "#no-such-heading")
        assert round(body.scroll_y) == 0
        messages = [notice.message for notice in pilot.app._notifications]
        assert "No heading #no-such-heading in this post" in messages
