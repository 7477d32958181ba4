"""Issue 3: time from ``reader open FILE`` until the post's text is on screen.

Compared in one run, interleaved, with a bare Textual app that shows the same file in a
``Static`` (benchmarks/bare_static_app.py). Prints the medians and the ratio (aim: at
most 1.5). Uses the seed post when ../shared is beside the repository, else the longest
bundled sample post, or ``--file``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from terminal_timing import have_tmux, time_until_visible

from reader.model.post_loader import load_post
from reader.samples import sample_posts_folder

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_4c666f3c986a32c2.txt"


def default_post() -> Path:
    """The seed when available, else the longest sample post."""
    if SEED.is_file():
        return SEED
    return max(sample_posts_folder().glob("*.md"), key=lambda path: path.stat().st_size)


def marker_for(post_path: Path) -> str:
    """The start of a paragraph of the body that the title does not hold, short enough
    to stay on one screen line.

    The header shows the title: a marker it also holds could be seen before the body is.
    """
    post = load_post(post_path)
    for line in post.body.splitlines():
        piece = line.strip()[:8]
        if piece and piece[0].isalnum() and piece not in post.title:
            return piece
    raise SystemExit(f"first_paint: no paragraph in the body of {post_path} to wait for")


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=None, help="the post to open")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not have_tmux():
        print("tmux is not installed: nothing measured", file=sys.stderr)
        return 1
    post = args.file or default_post()
    marker = marker_for(post)
    reader = [sys.executable, "-m", "reader", "open", str(post)]
    bare = [sys.executable, str(Path(__file__).with_name("bare_static_app.py")), str(post)]
    reader_times: list[float] = []
    bare_times: list[float] = []
    time_until_visible(reader, marker)  # warm the file cache and the bytecode
    time_until_visible(bare, marker)
    for _ in range(args.runs):
        reader_times.append(time_until_visible(reader, marker).first)
        bare_times.append(time_until_visible(bare, marker).first)
    reader_median = statistics.median(reader_times)
    bare_median = statistics.median(bare_times)
    size_kb = post.stat().st_size / 1024
    print(f"post: {post.name} ({size_kb:.1f} KB), marker {marker!r}, {args.runs} runs")
    print(f"bare Textual app (Static): median {bare_median:.3f} s")
    print(f"reader open:               median {reader_median:.3f} s")
    print(f"ratio: {reader_median / bare_median:.2f}x (aim <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
