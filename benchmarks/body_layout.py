"""Body layout against a bare markdown-it parse of the same post (issue 12).

reader reads a body once: site syntax, the parse with its plugins, then the layout into
terminal lines. In one run, on posts generated here (``make_library.py``'s writer): a
38 KB post and a 1 MB post, each plain and with site syntax sprinkled through it
(kramdown attribute lists, Liquid tags, Hugo shortcodes, ``<details>``, a ``{% highlight %}``
block). Each is timed as:

- ``bare``: ``MarkdownIt("commonmark").enable("table").parse`` (the baseline);
- ``parse``: reader's tokens of the body (site syntax and every plugin);
- ``layout``: a ``DocumentLayout`` at 80 columns with every section laid out.

Each is timed in processor time (the work is on one thread, and processor time does not
count the waits of a busy shared machine), the three in turn in each of ``--rounds``
rounds; the medians are printed as ratios to ``bare`` (aims: parse at most 2.5x bare,
the whole layout at most 25x bare; only the ratios compare across runs).

Usage::

    .venv/bin/python benchmarks/body_layout.py [--rounds R]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from make_library import make_post
from markdown_it import MarkdownIt
from rich.console import Console

from reader.model.markdown_parser import body_tokens
from reader.render.layout import DocumentLayout

PAGE = {"title": "Generated", "params": {"version": "1.2"}}
SITE_SYNTAX = [
    "{: .note}",
    "Read {% post_url 2020-01-01-first %} and {% include note.html %} first.",
    'A {{< param title >}} value and {{< figure src="/x.png" caption="A figure" >}}.',
    "<details><summary>More</summary>\n\nHidden *words* inside.\n\n</details>",
    "{% highlight ruby %}\nputs 1\n{% endhighlight %}",
    "Escaped `{{</* gist user 1 */>}}` shortcode and {{% param version %}}.",
]


def body(size: int, site: bool, seed: int = 0) -> str:
    """A generated body of about ``size`` bytes; with ``site``, site syntax in between."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        _, _, text = make_post(rng)
        paragraphs = text.split("\n---\n", 1)[1].split("\n\n")
        for index, paragraph in enumerate(paragraphs):
            parts.append(paragraph)
            if site and index % 3 == 1:
                parts.append(rng.choice(SITE_SYNTAX))
        total = sum(len(part) + 2 for part in parts)
    return "\n\n".join(parts) + "\n"


def lay_out(markdown: str) -> None:
    """Lay out every section of ``markdown`` at 80 columns."""
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=80), page=PAGE)
    layout.set_width(80)
    for index in range(len(layout.sections)):
        layout.lay_out_section(index)


def processor_medians(measures: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median processor time of each measure, the measures taken in turn each round."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, action in measures.items():
            started = time.process_time()
            action()
            times[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bare_parser = MarkdownIt("commonmark").enable("table")
    print(f"processor time, medians of {args.rounds} rounds; ratios to a bare markdown-it parse")
    for size in (38 * 1024, 1024 * 1024):
        for site in (False, True):
            markdown = body(size, site)
            rounds = args.rounds if size < 100_000 else max(1, args.rounds // 2)
            measures: dict[str, Callable[[], object]] = {
                "bare": partial(bare_parser.parse, markdown),
                "parse": partial(body_tokens, markdown, page=PAGE),
                "layout": partial(lay_out, markdown),
            }
            times = processor_medians(measures, rounds)
            label = f"{size // 1024} KB {'site syntax' if site else 'plain'}"
            print(
                f"{label}: bare {times['bare']:.3f} s, parse {times['parse']:.3f} s, "
                f"layout {times['layout']:.3f} s"
            )
            print(f"  {label} parse / bare: {times['parse'] / times['bare']:.2f}x (aim <= 2.5x)")
            print(f"  {label} layout / bare: {times['layout'] / times['bare']:.2f}x (aim <= 25x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
