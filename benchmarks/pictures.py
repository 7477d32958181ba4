"""Issue 17: pictures never delay the text, and 50 large photos stay under 300 MB.

Writes a Jekyll site in a temporary folder whose post has 50 large JPEG photos
(3000 × 2000, a paragraph between each). In a real terminal (tmux), interleaved in one
run: the time until the post's first paragraph is on screen with images ``off``,
``halfblock``, ``auto`` (the default; inside tmux it does not ask the terminal),
``kitty`` (forced: it asks the terminal, and every photo is encoded and sent as a Kitty
image, which tmux ignores) and ``sixel`` (forced: every photo is encoded as Sixel and
drawn over its half blocks once whole in view), each as a ratio to ``off`` (aim: at
most 1.1); 24-bit colour throughout. Then headless, each in a process of its own, its
frames rendered and written as in a terminal (to a driver that drops them): the time
until every photo is drawn (and, for Kitty, sent; for Sixel, encoded) and the post
paged through to its end, the time of a page down among the drawn photos and what it
writes, and the peak memory by then, against the same post paged through with images
off (aim: under 300 MB). Before Sixel pictures were drawn in the body, ``sixel`` drew
half blocks there: the ``halfblock`` figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter
from terminal_timing import have_tmux, time_until_visible

PHOTOS = 50
FIRST_LINE = "Benchmark opening paragraph"


def write_site(root: Path, photo_size: tuple[int, int]) -> Path:
    """A Jekyll site with one post of PHOTOS photos; returns the post."""
    (root / "_posts").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "_config.yml").write_text("title: bench\n")
    noise = Image.effect_noise(photo_size, 60).filter(ImageFilter.GaussianBlur(2))
    photo = Image.merge(
        "RGB",
        (noise, noise.rotate(90, expand=False), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)),
    )
    photo.save(root / "assets" / "photo-1.jpg", quality=90)
    data = (root / "assets" / "photo-1.jpg").read_bytes()
    paragraphs = [f"{FIRST_LINE}, before any picture."]
    words = ["the", "quiet", "road", "went", "on", "past", "the", "fields", "and", "the", "river"]
    rng = random.Random(0)
    for number in range(1, PHOTOS + 1):
        if number > 1:
            (root / "assets" / f"photo-{number}.jpg").write_bytes(data)
        paragraphs.append(" ".join(rng.choice(words) for _ in range(60)))
        paragraphs.append(f'![photo {number}](/assets/photo-{number}.jpg "Caption {number} drawn")')
    post = root / "_posts" / "2024-01-01-photos.md"
    post.write_text("---\ntitle: Fifty photos\n---\n" + "\n\n".join(paragraphs) + "\n")
    return post


def configure(home: Path, mode: str) -> None:
    """Point reader at a config with ``[images] mode = MODE`` (state kept apart too)."""
    folder = home / mode
    (folder / "config" / "reader").mkdir(parents=True, exist_ok=True)
    (folder / "config" / "reader" / "config.toml").write_text(f'[images]\nmode = "{mode}"\n')
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"XDG_{kind}_HOME"] = str(folder / kind.lower())
    os.environ["COLORTERM"] = "truecolor"  # Kitty's placeholders need it


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photo", type=int, nargs=2, default=(3000, 2000))
    args = parser.parse_args()
    if not have_tmux():
        print("tmux is not installed: nothing measured", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        post = write_site(Path(folder) / "site", tuple(args.photo))
        home = Path(folder) / "home"
        command = [sys.executable, "-m", "reader", "open", str(post)]
        modes = ("off", "halfblock", "auto", "kitty", "sixel")
        first: dict[str, list[float]] = {mode: [] for mode in modes}
        for mode in modes:  # warm the file cache and the bytecode
            configure(home, mode)
            time_until_visible(command, FIRST_LINE)
        for _ in range(args.runs):
            for mode in modes:
                configure(home, mode)
                first[mode].append(time_until_visible(command, FIRST_LINE).first)
        drawn = ("halfblock", "kitty", "sixel")
        whole = {mode: _read_through(post, home, mode) for mode in ("off", *drawn)}
    medians = {mode: statistics.median(times) for mode, times in first.items()}
    width, height = args.photo
    print(f"post: {PHOTOS} JPEG photos of {width} × {height}, {args.runs} runs, tmux 120 × 40")
    for mode in modes:
        ratio = medians[mode] / medians["off"]
        print(f"first paragraph, images {mode:<9}: median {medians[mode]:.3f} s, {ratio:.2f}x off")
    print("aim: at most 1.1x off")
    off = whole["off"]
    for mode in drawn:
        on = whole[mode]
        print(
            f"read through every page (headless, 120 × 40), {mode}: images off "
            f"{off['seconds']:.2f} s, every photo drawn {on['seconds']:.2f} s "
            f"({on['seconds'] / off['seconds']:.2f}x)"
        )
        print(
            f"a page down (space) once drawn, {mode}: images off {off['page_ms']:.1f} ms, "
            f"pictures {on['page_ms']:.1f} ms ({on['page_ms'] / off['page_ms']:.2f}x), "
            f"writing {on['page_kb']:.0f} KB (images off {off['page_kb']:.0f} KB)"
        )
        print(
            f"peak memory, {mode}: images off {off['peak_mb']:.0f} MB, every photo drawn "
            f"{on['peak_mb']:.0f} MB ({on['peak_mb'] / off['peak_mb']:.2f}x); aim: under 300 MB"
        )
    return 0


def _read_through(post: Path, home: Path, mode: str) -> dict[str, float]:
    """Run ``read_through`` in a process of its own (its peak memory is its own)."""
    configure(home, mode)
    command = [sys.executable, __file__, "--read-through", str(post), mode]
    return dict(json.loads(subprocess.run(command, check=True, capture_output=True).stdout))


async def read_through(post: Path, mode: str) -> dict[str, float]:
    """Open ``post`` headless, wait until every picture is drawn, page to the end.

    Gives the time that took, the time a page down took, and the peak memory of the
    process (with images off: only the paging). For ``kitty`` and ``sixel`` the terminal
    is taken to have them (headless, nothing asks it), so every picture is also encoded
    (and, for Kitty, sent). Frames are rendered and written as in a terminal, to a
    driver that drops them: Sixel pictures are written with the frames.
    """
    import reader.app
    from reader.app import ReaderApp
    from reader.model.config import load_settings
    from reader.render import terminal_graphics
    from reader.screens.post import PostScreen
    from reader.widgets.post_body import PostBody

    class TerminalApp(ReaderApp):
        """The app writing its frames as in a terminal (headless, the driver drops them)."""

        CSS_PATH = str(Path(reader.app.__file__).with_name("reader.tcss"))

        @property
        def is_headless(self) -> bool:
            return False

    if mode == "kitty":
        terminal_graphics._found["kitty"] = "kitty"  # what asking a Kitty terminal finds
    elif mode == "sixel":
        terminal_graphics._found["sixel"] = "sixel"
    settings = load_settings()
    app = TerminalApp([post.parent], open_file=post, settings=settings)
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, PostScreen):
            await pilot.pause(0.01)
        body = app.screen.query_one(PostBody)
        pictures = body.pictures
        sources = [f"/assets/photo-{number}.jpg" for number in range(1, PHOTOS + 1)]
        while pictures is not None and any(pictures.drawn_words(src) is None for src in sources):
            await pilot.pause(0.01)
        while pictures is not None and pictures.kitty and len(pictures.image_ids()) < PHOTOS:
            await pilot.pause(0.01)
        while pictures is not None and pictures.sixel and pictures.sixel_count() < PHOTOS:
            await pilot.pause(0.01)
        written = [0]
        driver = app._driver
        assert driver is not None
        write = driver.write

        def counted(data: str) -> None:
            written[0] += len(data)
            write(data)

        driver.write = counted  # type: ignore[method-assign]
        paging = time.perf_counter()
        pages = 0
        while not body.at_end:
            await pilot.press("space")
            pages += 1
        now = time.perf_counter()
        seconds, page_seconds = now - start, (now - paging) / max(1, pages)
        page_kb = written[0] / 1024 / max(1, pages)
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    peak_mb = int(peak.split()[1]) / 1024
    return {
        "seconds": seconds,
        "page_ms": page_seconds * 1000,
        "page_kb": page_kb,
        "peak_mb": peak_mb,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--read-through"]:
        print(json.dumps(asyncio.run(read_through(Path(sys.argv[2]), sys.argv[3]))))
        raise SystemExit(0)
    raise SystemExit(main())
