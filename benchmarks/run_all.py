"""Run every benchmark and print a table of its figures against their aims.

Each script of this folder prints its figures as lines; the lines that name an aim
(``aim ...``) or a baseline (``the baseline``, ``baseline``) are gathered here into one
table: the benchmark, the figure, the aim. The scripts that need tmux are left out,
saying so, when it is not installed. ``--quick`` runs smaller libraries (a few minutes in
all, instead of an hour); without it, what users feel is timed at 100,000 posts: the
keys of the library (``library_keys.py``), its list's first frame (``post_list.py``) and
the app's first frame on a library cold and warm (``big_library.py --count 100000``).

Usage::

    .venv/bin/python benchmarks/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from terminal_timing import have_tmux

HERE = Path(__file__).resolve().parent
# (script, its arguments, its quick arguments, whether it needs tmux)
BENCHMARKS: list[tuple[str, list[str], list[str], bool]] = [
    ("load_posts.py", [], ["--count", "3000", "--rounds", "1"], False),
    ("front_matter.py", [], ["--count", "1000", "--rounds", "3"], False),
    ("health.py", [], ["--count", "3000", "--rounds", "1"], False),
    ("collector.py", [], ["--count", "5000", "--alive", "30000", "--rounds", "1"], False),
    ("library_keys.py", [], ["--rounds", "3"], False),
    ("post_list.py", [], ["--rounds", "3"], False),
    ("body_layout.py", [], ["--rounds", "3"], False),
    ("big_post.py", [], ["--runs", "3"], True),
    ("first_paint.py", [], ["--runs", "3"], True),
    ("big_library.py", ["--app"], ["--app", "--count", "3000", "--rounds", "1"], True),
    (
        "big_library.py",
        ["--app", "--no-search", "--count", "100000", "--rounds", "1"],
        [],
        True,
    ),
]
_AIM = re.compile(r"\s*\(?\s*(aims?\b[^)]*|(?:the )?baseline)\)?\s*$")


def figures(output: str) -> list[tuple[str, str]]:
    """The lines of ``output`` that name an aim: ``(figure, aim)`` each."""
    found = []
    for line in output.splitlines():
        match = _AIM.search(line)
        if match:
            found.append((line[: match.start()].strip(), match.group(1).strip()))
    return found


def main(argv: list[str] | None = None) -> int:
    """Run them all; print each one's output as it ends, then the table. Status 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller libraries, fewer rounds")
    args = parser.parse_args(argv)
    tmux = have_tmux()
    table: list[tuple[str, str, str]] = []
    for script, full, quick, needs_tmux in BENCHMARKS:
        if args.quick and not quick and full:
            continue  # only for the full run (100,000 posts)
        if needs_tmux and not tmux:
            table.append((script, "not run: tmux is not installed", ""))
            continue
        command = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        print(f"=== {' '.join([script, *command[2:]])}", flush=True)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        print(result.stdout + result.stderr, flush=True)
        if result.returncode != 0:
            table.append((script, f"failed with status {result.returncode}", ""))
        table += [(script, figure, aim) for figure, aim in figures(result.stdout)]
    widths = [max(len(row[column]) for row in table) for column in range(2)]
    print(f"{'benchmark':<{widths[0]}}  {'figure':<{widths[1]}}  aim")
    for script, figure, aim in table:
        print(f"{script:<{widths[0]}}  {figure:<{widths[1]}}  {aim}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
