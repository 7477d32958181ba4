"""Benchmark: fill the library's list with 100,000 posts, against 100 posts.

Builds made-up ``PostSummary`` objects (titles, dates, one or two of 10 categories, so some posts
are listed twice, as in a real library), groups them by category, and mounts a
``PostList`` with reader's styles in ``App.run_test(size=(120, 40))``. Each measure is
the time from ``show_groups`` until the next frame is drawn with the list's rows on it,
in a fresh app; ``--rounds`` rounds (5) alternate the sizes and the medians are printed
with the ratio 100k / 100 (the machines are noisy: only the ratio is comparable between
runs). The aim is well under 100 ms for 100k posts.

Then, in one more app, tracemalloc measures the peak memory ``show_groups`` and the
first frame of the 100k list allocate, above the posts themselves (made before).

Usage::

    .venv/bin/python benchmarks/post_list.py [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App, ComposeResult
from textual.strip import Strip

import reader
from reader.model.grouping import Grouping, group_posts
from reader.model.post import PostSummary
from reader.widgets.post_list import PostList

SMALL, LARGE = 100, 100_000
CATEGORIES = [f"category {number}" for number in range(10)]
WORDS = [
    "slow",
    "reading",
    "notes",
    "on",
    "trains",
    "soup",
    "terminals",
    "logging",
    "gardens",
    "winter",
    "maps",
]


def make_posts(count: int) -> list[PostSummary]:
    """``count`` posts with varied titles, dates a day apart, and categories."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    posts = []
    for number in range(count):
        title = " ".join(WORDS[(number * step) % len(WORDS)] for step in (1, 3, 7, 11))
        categories = [CATEGORIES[number % 10]]
        if number % 7 == 0:  # listed twice, like a post in two categories
            categories.append(CATEGORIES[(number + 3) % 10])
        posts.append(
            PostSummary(
                path=Path(f"/library/_posts/{number:06d}-post.md"),
                title=f"{title.capitalize()} #{number}",
                date=start - timedelta(days=number),
                categories=categories,
                estimated_minutes=1 + number % 15,
                draft=number % 101 == 0,
            )
        )
    return posts


class ListApp(App[None]):
    """A bare app with one PostList, styled by reader.tcss."""

    CSS_PATH = str(Path(reader.__file__).parent / "reader.tcss")

    def compose(self) -> ComposeResult:
        """Only the list."""
        yield CountingPostList(id="posts")


class CountingPostList(PostList):
    """A PostList that counts the rows it draws (to be sure a frame showed them)."""

    drawn = 0

    def render_line(self, y: int) -> Strip:
        """Count, then draw as usual."""
        self.drawn += 1
        return super().render_line(y)


async def first_frame(
    groups: list[tuple[str, list[PostSummary]]], measure_memory: bool = False
) -> float:
    """Seconds (or bytes of peak memory) from ``show_groups`` to the next frame."""
    app = ListApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        posts = app.query_one(CountingPostList)
        drawn = asyncio.Event()
        gc.collect()
        if measure_memory:
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        posts.drawn = 0
        posts.show_groups(groups, "No posts.")
        app.call_after_refresh(drawn.set)
        await drawn.wait()
        elapsed = time.perf_counter() - started
        if measure_memory:
            peak = tracemalloc.get_traced_memory()[1] - before
            tracemalloc.stop()
        assert posts.drawn > 0, "no row was drawn"
        assert posts.highlighted_post is not None
        return float(peak) if measure_memory else elapsed


async def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()

    all_groups = {
        count: group_posts(make_posts(count), Grouping.CATEGORY) for count in (SMALL, LARGE)
    }
    for count, groups in all_groups.items():
        rows = sum(len(posts) + 1 for _, posts in groups)
        print(f"{count:,} posts: {len(groups)} groups, {rows:,} rows")

    times: dict[int, list[float]] = {SMALL: [], LARGE: []}
    for _ in range(arguments.rounds):
        for count, groups in all_groups.items():
            times[count].append(await first_frame(groups))
    small, large = (statistics.median(times[count]) for count in (SMALL, LARGE))
    print(f"show_groups to first frame, median of {arguments.rounds}:")
    print(f"  {SMALL:>7,} posts: {small * 1000:7.1f} ms (the baseline)")
    print(f"  {LARGE:>7,} posts: {large * 1000:7.1f} ms (aim: well under 100 ms)")
    print(f"  ratio 100k / 100: {large / small:.2f}")

    peak = await first_frame(all_groups[LARGE], measure_memory=True)
    print(f"peak memory of the 100k list above its posts (tracemalloc): {peak / 2**20:.1f} MB")


if __name__ == "__main__":
    asyncio.run(main())
