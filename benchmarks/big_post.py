"""Issue 4: a 1 MB post opens, jumps and finds as fast as a short one.

In one run, on posts generated here (benchmarks/make_library.py's writer, about 20%
Japanese): the time from ``reader open`` until text shows for a 1 MB post against a
post of the seed's size (38 KB; aim: at most 1.5 times); then on the 1 MB post the time
for ``G`` to show the end, ``g`` to show the top again, and ``/`` to report a match
(aims: 0.2 s each); and the peak memory of both (aim: under 300 MB for 1 MB).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from make_library import make_post
from terminal_timing import Step, have_tmux, time_until_visible

START = "BIGPOST-START"
END = "BIGPOST-END"


def write_post(path: Path, size: int, seed: int = 0) -> None:
    """A post of about ``size`` bytes whose first and last paragraphs hold the markers."""
    rng = random.Random(seed)
    bodies: list[str] = []
    total = 0
    while total < size:
        _, _, text = make_post(rng)
        body = text.split("\n---\n", 1)[1]
        bodies.append(body)
        total += len(body.encode())
    front = (
        f'---\ntitle: "Generated {size // 1024} KB post"\ndate: 2025-11-08 16:36:57 +0000\n---\n\n'
    )
    opening = f"{START} opens this generated post.\n\n"
    closing = f"\n\n{END} closes it.\n"
    path.write_text(front + opening + "\n\n".join(bodies) + closing, encoding="utf-8")


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not have_tmux():
        print("tmux is not installed: nothing measured", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder, "small", "post.md"), Path(folder, "big", "post.md")
        small.parent.mkdir()
        big.parent.mkdir()
        write_post(small, 38 * 1024)
        write_post(big, 1024 * 1024)

        def reader(post: Path) -> list[str]:
            return [sys.executable, "-m", "reader", "open", str(post)]

        big_steps = [
            Step(END, keys=["G"]),
            Step(START, keys=["g"]),
            Step("Find in this post", keys=["/"]),
            Step("match 1 of 1", paste=END),  # the query arrives at once, as if pasted
        ]
        time_until_visible(reader(small), START)  # warm caches and bytecode
        small_runs, big_runs = [], []
        for _ in range(args.runs):
            small_runs.append(time_until_visible(reader(small), START))
            big_runs.append(time_until_visible(reader(big), START, steps=big_steps))
    small_first = statistics.median(run.first for run in small_runs)
    big_first = statistics.median(run.first for run in big_runs)
    end, top, _, find = (
        statistics.median(run.steps[index] for run in big_runs) for index in range(4)
    )
    small_mb = statistics.median(run.peak_rss_mb for run in small_runs)
    big_mb = statistics.median(run.peak_rss_mb for run in big_runs)
    print(f"{args.runs} runs each, medians; 38 KB and 1 MB generated posts")
    print(f"first screen: 38 KB {small_first:.3f} s, 1 MB {big_first:.3f} s")
    print(f"  ratio 1 MB / 38 KB: {big_first / small_first:.2f}x (aim <= 1.5x)")
    print(f"G to the end: {end:.3f} s, g back to the top: {top:.3f} s (aim <= 0.2 s each)")
    print(f"/ find to 'match 1 of 1': {find:.3f} s (aim <= 0.2 s)")
    print(f"peak memory: 38 KB {small_mb:.0f} MB, 1 MB {big_mb:.0f} MB")
    print(f"  ratio 1 MB / 38 KB: {big_mb / small_mb:.2f}x (aim: 1 MB under 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
