"""Issue 13: ``reader search WORD LIB --json``, once indexed, against ``grep -rl WORD LIB``.

Generates ``--count`` posts (``make_library.py``) in a temporary folder, or uses
``--dir``; every command runs with a private cache folder (temporary unless ``--cache``).
The index is built by a first ``reader search`` (its time is printed too). Then, for an
English and a Japanese word, the medians of ``--rounds`` runs of each command, one after
the other, and their ratio (aims: at most 1.0 at 10,000 posts, at most 0.25 at 100,000).

The floors, measured in the same run: ``python -c pass``; Python starting and importing
what ``reader search`` imports; Python starting and walking the folder with a stat of
each Markdown file (``os.scandir``), which is what noticing changed posts costs at least.
An aim below a floor cannot be met by ``reader search`` as a Python program.

Python's compiled bytecode is cached (in the temporary folder), as an installed reader
has it, even where ``PYTHONDONTWRITEBYTECODE`` is set.

Last, the search as the app runs it (library in memory, index built): the median time
from a key to the hits, over each prefix of both words typed one key at a time (aim:
under 50 ms at 100,000 posts), against grep's time.

Usage::

    .venv/bin/python benchmarks/search_vs_grep.py [--count N] [--rounds R] [--dir DIR]
        [--cache DIR] [--against CHECKOUT]

``--against`` times another version of reader (a checkout of an older commit, say, made
with ``git worktree add`` or ``git archive``) in the same rounds, each with its own index.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from make_library import make_library

WORDS = ("profiling", "キャッシュ")  # both in the generator's word lists
READER = str(Path(sys.executable).with_name("reader"))
IMPORTS = "import reader.cli, reader.model.search"  # what `reader search` imports, at least
STAT_WALK = """
import os, sys
folders = [sys.argv[1]]
while folders:
    with os.scandir(folders.pop()) as entries:
        for entry in entries:
            if entry.is_dir():
                folders.append(entry.path)
            elif entry.name.endswith(".md"):
                entry.stat()
"""


def timed(command: Sequence[str], environment: dict[str, str]) -> float:
    """Seconds ``command`` takes, its output thrown away."""
    started = time.perf_counter()
    subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def key_times(folder: Path) -> tuple[list[float], list[float]]:
    """Seconds from each key typed to its hits, as the app's search pane searches.

    Twice: until the hits' titles and count show, and until their snippets do too.
    """
    from reader.model.library import load_library
    from reader.model.reading_time import DEFAULT_SPEEDS
    from reader.model.search import search, with_snippets
    from reader.widgets.search_pane import SHOWN_HITS

    library = load_library([folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    by_path = {str(post.path): post for post in library.posts}
    titles, snippets = [], []
    for word in WORDS:
        # From the third key: shorter words cannot use the index (the app waits for a pause).
        for length in range(3, len(word) + 1):
            started = time.perf_counter()
            result = search(library, word[:length], SHOWN_HITS, by_path=by_path, snippets=False)
            titles.append(time.perf_counter() - started)
            with_snippets(result, word[:length], library.speeds)
            snippets.append(time.perf_counter() - started)
    return titles, snippets


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) a library and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path)
    parser.add_argument(
        "--cache", type=Path, help="a cache folder to keep the indexes in between runs (with --dir)"
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="a checkout of another version of reader, timed in the same rounds (before/after)",
    )
    parser.add_argument("--key-times", type=Path, help=argparse.SUPPRESS)  # run by main itself
    args = parser.parse_args(argv)
    if args.key_times:
        print(json.dumps([statistics.median(times) for times in key_times(args.key_times)]))
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-search-bench-") as temporary:
        folder = args.dir or Path(temporary, "library")
        if args.dir is None:
            make_library(folder, count=args.count)
        cache = args.cache or Path(temporary, "cache")
        environment = dict(os.environ)
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(Path(temporary, "bytecode"))
        versions = {"reader": dict(environment, XDG_CACHE_HOME=str(cache / "this"))}
        if args.against:
            versions[f"against {args.against.name}"] = dict(
                environment,
                XDG_CACHE_HOME=str(cache / "against"),
                PYTHONPATH=str(args.against.resolve()),
            )
        timed(["grep", "-rl", "x", str(folder)], environment)  # the page cache, warm
        for name, version in versions.items():
            indexing = timed([READER, "search", WORDS[0], str(folder), "--json"], version)
            print(f"{args.count:,} posts; {name}, first search (indexing): {indexing:.1f} s")
        floors = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python + imports": [sys.executable, "-c", IMPORTS],
            "python + stat walk": [sys.executable, "-c", STAT_WALK, str(folder)],
        }
        floor_times: dict[str, list[float]] = {name: [] for name in floors}
        grep_times = []
        for word in WORDS:
            times: dict[str, list[float]] = {name: [] for name in versions}
            grep = []
            for _ in range(args.rounds):
                for name, version in versions.items():
                    search_command = [READER, "search", word, str(folder), "--json"]
                    times[name].append(timed(search_command, version))
                grep.append(timed(["grep", "-rl", word, str(folder)], environment))
                for floor, command in floors.items():
                    floor_times[floor].append(timed(command, versions["reader"]))
            theirs = statistics.median(grep)
            grep_times.append(theirs)
            ours = ", ".join(
                f"{name} search {statistics.median(each) * 1000:.0f} ms"
                f" (ratio {statistics.median(each) / theirs:.2f})"
                for name, each in times.items()
            )
            print(f"{word}: grep -rl {theirs * 1000:.0f} ms; {ours}")
        grep_median = statistics.median(grep_times)
        for floor, each in floor_times.items():
            median = statistics.median(each)
            print(f"floor, {floor}: {median * 1000:.0f} ms ({median / grep_median:.2f} of grep)")
        for name, version in versions.items():
            measured = subprocess.run(
                [sys.executable, __file__, "--key-times", str(folder)],
                env=version,
                capture_output=True,
                text=True,
                check=False,
            )
            if measured.returncode != 0:  # another version's model may be called otherwise
                reason = measured.stderr.strip().splitlines()[-1:]
                print(f"app ({name}): not measured ({' '.join(reason)})")
                continue
            titles, snippets = json.loads(measured.stdout)
            print(
                f"app ({name}), a key to its hits: titles and count {titles * 1000:.1f} ms"
                f" ({titles / grep_median:.2f} of grep -rl), with snippets {snippets * 1000:.1f} ms"
                f" ({snippets / grep_median:.2f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
