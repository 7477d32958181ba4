"""Benchmark: what the library screen computes for one key, at 100,000 posts.

The library screen works out the posts it shows from the whole library on each change:
the filter, the order, the grouping, and (for ``n``, ``p`` and ``U`` in a post) the
reading order of the groups. This times that work, in one process, on ``--count``
made-up posts (``post_list.make_posts``: 10 categories, some posts in two), against a
baseline measured in the same run: one sort of the library by date.

* ``v`` regrouping: category, date, tag, all posts (each; aim: at most 100 ms, the
  time within which a key's answer feels instant);
* ``/`` filtering: a word and a field (``python tag:x``), then grouping (aim: the same);
* ``n`` / ``p``: the posts in the order the list shows them, grouped by category
  (aim, issue 15: at most 50 ms at 100,000 posts).

Usage::

    .venv/bin/python benchmarks/library_keys.py [--count N] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from post_list import make_posts

from reader.model.filters import PostFilter, SortOrder, sort_posts
from reader.model.grouping import Grouping, group_posts, reading_order
from reader.model.post import PostSummary

STEP_AIM_MS = 50.0
# A key answered within 0.1 s feels instant: the aim of a regrouping or a filter.
KEY_AIM_MS = 100.0


def median_ms(action: Callable[[], object], rounds: int) -> float:
    """The median time of ``action`` over ``rounds`` runs, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def shown(
    posts: list[PostSummary], query: str, grouping: Grouping
) -> list[tuple[str, list[PostSummary]]]:
    """What the library screen computes to show: filtered, ordered, grouped."""
    chosen = PostFilter.parse(query).apply(posts)
    return group_posts(sort_posts(chosen, SortOrder.DATE), grouping)


def main(argv: list[str] | None = None) -> int:
    """Command line; prints the figures, exit status 0 (a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=100_000, help="posts in the library")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (median shown)")
    args = parser.parse_args(argv)
    posts = sorted(make_posts(args.count), key=lambda post: post.sort_key)
    baseline = median_ms(lambda: sorted(posts, key=lambda post: post.sort_key), args.rounds)
    print(f"{args.count:,} posts, medians of {args.rounds} rounds")
    print(f"one sort of the library by date: {baseline:.1f} ms (the baseline)")
    for grouping in Grouping:
        figure = median_ms(lambda: shown(posts, "", grouping), args.rounds)  # noqa: B023
        print(
            f"v, {grouping.label}: {figure:.1f} ms = {figure / baseline:.1f}x"
            f" (aim <= {KEY_AIM_MS:g} ms)"
        )
    figure = median_ms(lambda: shown(posts, "python tag:x", Grouping.CATEGORY), args.rounds)
    print(
        f"/ filter 'python tag:x': {figure:.1f} ms = {figure / baseline:.1f}x"
        f" (aim <= {KEY_AIM_MS:g} ms)"
    )
    figure = median_ms(lambda: reading_order(shown(posts, "", Grouping.CATEGORY)), args.rounds)
    print(
        f"n / p, the reading order by category: {figure:.1f} ms = {figure / baseline:.1f}x"
        f" (aim <= {STEP_AIM_MS:g} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
