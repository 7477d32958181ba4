"""Benchmark: does the plain-YAML shortcut (``yaml_front_matter``) pay on real shapes?

Builds ``--count`` posts with ``make_library.make_post`` in memory, twice: with the
``key: value`` front matter of the generated library, and with front matter shaped like
real themes' posts (``realistic``: nested mappings, quoted values, ``- item`` lists,
comments, folded scalars). For each, medians of ``--rounds``:

* YAML only: PyYAML's safe loader (libyaml) against ``load_yaml`` (the shortcut first);
* whole post: ``post_from_text`` with the shortcut against the same with it turned off,
  which is what a user waits for when a library loads.

The ratios are shortcut / PyYAML: under 1 means the shortcut saves time. It is kept only
if it saves a fair share of the whole post's time on the realistic shapes.

Usage::

    .venv/bin/python benchmarks/front_matter.py [--count N] [--rounds R]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from make_library import make_post, median_seconds

from reader.model import yaml_front_matter
from reader.model.post_loader import post_from_text

AIM = 0.9  # the shortcut must save at least 10% of a whole post's time to pay for itself


def front_matter_of(text: str) -> str:
    """The YAML between the first two ``---`` lines of a post."""
    return text[4 : text.index("\n---\n", 4) + 1]


def measure(shapes: str, count: int, rounds: int) -> dict[str, float]:
    """Per-post microseconds with and without the shortcut, for one kind of front matter."""
    rng = random.Random(0)
    texts = [make_post(rng, shapes)[2] for _ in range(count)]
    blocks = [front_matter_of(text) for text in texts]
    plain = sum(yaml_front_matter._plain_yaml(block) is not None for block in blocks)
    loader = yaml_front_matter._LOADER
    path = Path("post.md")

    def pyyaml_only() -> None:
        for block in blocks:
            yaml_front_matter._handler.load(block, Loader=loader)

    def shortcut_yaml() -> None:
        for block in blocks:
            yaml_front_matter.load_yaml(block)

    def whole_posts() -> None:
        for text in texts:
            post_from_text(text, path)

    whole_posts()  # warm caches and imports
    figures = {
        "plain share": plain / count,
        "yaml pyyaml": median_seconds(pyyaml_only, rounds),
        "yaml shortcut": median_seconds(shortcut_yaml, rounds),
        "post shortcut": median_seconds(whole_posts, rounds),
    }
    real_plain_yaml = yaml_front_matter._plain_yaml
    yaml_front_matter._plain_yaml = lambda text: None
    try:
        whole_posts()
        figures["post pyyaml"] = median_seconds(whole_posts, rounds)
    finally:
        yaml_front_matter._plain_yaml = real_plain_yaml
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command line; prints the figures, exit status 0 (a measure, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=3000, help="posts of each kind")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (median shown)")
    args = parser.parse_args(argv)
    print(f"{args.count:,} posts of each kind, medians of {args.rounds} rounds, µs a post")
    for shapes in ("generated", "realistic"):
        figures = measure(shapes, args.count, args.rounds)
        micro = {key: value / args.count * 1e6 for key, value in figures.items()}
        print(f"{shapes} front matter ({figures['plain share']:.0%} plain enough for it):")
        yaml_ratio = figures["yaml shortcut"] / figures["yaml pyyaml"]
        post_ratio = figures["post shortcut"] / figures["post pyyaml"]
        print(
            f"  YAML only:  PyYAML {micro['yaml pyyaml']:6.1f}, "
            f"shortcut {micro['yaml shortcut']:6.1f}  ratio {yaml_ratio:.2f}"
        )
        print(
            f"  whole post: PyYAML {micro['post pyyaml']:6.1f}, "
            f"shortcut {micro['post shortcut']:6.1f}  ratio {post_ratio:.2f} (aim <= {AIM})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
