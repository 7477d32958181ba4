"""Pictures in posts: where they come from, what is refused, and how they decode."""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from conftest import rendered
from hypothesis import given, settings
from hypothesis import strategies as st
from image_files import (
    BLUE,
    CORRUPT,
    RED,
    SVG,
    ImageServer,
    animated_gif_bytes,
    huge_png_bytes,
    jpeg_bytes,
    png_bytes,
    write_png,
)
from PIL import Image
from rich.color import Color
from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.cli import main
from reader.model.cleanup import clean_markdown
from reader.model.config import ConfigError, load_settings
from reader.model.image_decode import decode_image, read_image_bytes
from reader.model.image_fetch import cached_image_path, fetch_image, prune_cache
from reader.model.image_problem import ImageProblem
from reader.model.image_settings import ImageSettings
from reader.model.image_source import ImageFolders, image_folders, resolve_image_source
from reader.model.system_viewer import viewer_command
from reader.render.half_blocks import half_block_lines
from reader.render.image_block import ImageBlock
from reader.render.markdown import markdown_blocks
from reader.render.pictures import PictureBook, PictureRow, load_picture
from reader.render.terminal_graphics import (
    TYPICAL_CELL,
    cell_pixels,
    detect_graphics,
    detected_graphics,
)
from reader.samples import sample_posts_folder

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jekyll_site(root: Path) -> Path:
    """A Jekyll site with one post; returns the post's path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("title: x\n")
    post = root / "_posts" / "2024-01-01-post.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: x\n---\n")
    return post


# Resolution


def test_relative_image_beside_the_post_and_in_a_page_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "content" / "posts" / "trip"
    picture = write_png(bundle / "photo.png")
    post = bundle / "index.md"
    post.write_text("x")
    for written in ("photo.png", "./photo.png", "photo%2Epng"):
        assert resolve_image_source(written, post, None).path == picture.resolve()


def test_jekyll_serves_site_absolute_paths_from_the_root(tmp_path: Path) -> None:
    post = jekyll_site(tmp_path)
    picture = write_png(tmp_path / "assets" / "img" / "a.png")
    folders = image_folders(post)
    assert folders == ImageFolders(tmp_path.resolve(), (tmp_path.resolve(),))
    assert resolve_image_source("/assets/img/a.png", post, folders).path == picture.resolve()
    assert resolve_image_source("../assets/img/a.png", post, folders).path == picture.resolve()


def test_hugo_serves_static_then_assets(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text("title = 'x'\n")
    post = tmp_path / "content" / "posts" / "a.md"
    post.parent.mkdir(parents=True)
    post.write_text("x")
    in_static = write_png(tmp_path / "static" / "images" / "s.png")
    in_assets = write_png(tmp_path / "assets" / "images" / "a.png")
    folders = image_folders(post)
    assert resolve_image_source("/images/s.png", post, folders).path == in_static.resolve()
    assert resolve_image_source("/images/a.png", post, folders).path == in_assets.resolve()


def test_zola_serves_static_and_the_page_folder(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("base_url = 'https://x'\n")
    page = tmp_path / "content" / "blog" / "trip"
    post = page / "index.md"
    page.mkdir(parents=True)
    post.write_text("x")
    in_static = write_png(tmp_path / "static" / "s.png")
    beside = write_png(page / "b.png")
    folders = image_folders(post)
    assert resolve_image_source("/s.png", post, folders).path == in_static.resolve()
    assert resolve_image_source("b.png", post, folders).path == beside.resolve()


def test_remote_addresses_are_urls_and_other_schemes_are_refused(tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    assert resolve_image_source("https://x.org/a.png", post, None).url == "https://x.org/a.png"
    assert resolve_image_source("//cdn.x.org/a.png", post, None).url == "https://cdn.x.org/a.png"
    refused = resolve_image_source("file:///etc/hostname", post, None)
    assert refused.path is None and refused.refusal == "file: addresses are never followed"
    assert resolve_image_source("data:image/png;base64,AA", post, None).refusal is not None
    assert resolve_image_source("nothere.png", post, None).refusal == "not found"


def test_paths_escaping_the_site_are_not_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    post = jekyll_site(site)
    write_png(tmp_path / "secret.png")
    folders = image_folders(post)
    for written in ("../../secret.png", "/../secret.png", "/assets/../../secret.png"):
        refused = resolve_image_source(written, post, folders)
        assert refused.path is None
        assert refused.refusal == "outside the site's folder, not read"


def test_a_symbolic_link_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    post = jekyll_site(site)
    outside = write_png(tmp_path / "elsewhere" / "private.png")
    (site / "assets").mkdir()
    (site / "assets" / "link.png").symlink_to(outside)
    refused = resolve_image_source("/assets/link.png", post, image_folders(post))
    assert refused.path is None and refused.refusal == "outside the site's folder, not read"


def test_a_plain_folder_allows_only_the_post_folder(tmp_path: Path) -> None:
    post = tmp_path / "notes" / "a.md"
    post.parent.mkdir()
    post.write_text("x")
    write_png(tmp_path / "up.png")
    assert image_folders(post) is None or image_folders(post) != ImageFolders(tmp_path)
    assert resolve_image_source("../up.png", post, None).path is None


# Decoding


def test_png_is_fitted_to_the_box_never_enlarged() -> None:
    picture = decode_image(png_bytes((400, 200)), (80, 24))
    assert isinstance(picture, Image.Image)
    assert picture.size == (48, 24) and picture.mode == "RGB"
    small = decode_image(png_bytes((10, 6)), (80, 24))
    assert isinstance(small, Image.Image) and small.size == (10, 6)


def test_a_small_image_keeps_about_the_size_a_page_shows_it_at() -> None:
    badge = decode_image(png_bytes((88, 20)), (80, 24), shrink=(8, 8))
    assert isinstance(badge, Image.Image) and badge.size == (11, 3)
    photo = decode_image(png_bytes((1600, 800)), (80, 24), shrink=(8, 8))
    assert isinstance(photo, Image.Image) and photo.size == (48, 24)


def test_jpeg_decodes_at_display_size() -> None:
    picture = decode_image(jpeg_bytes((4000, 3000)), (80, 60))
    assert isinstance(picture, Image.Image) and picture.size == (80, 60)
    red, green, blue = picture.getpixel((40, 30))  # type: ignore[misc]
    assert blue > 180 and red < 60 and green < 60


def test_an_animated_gif_shows_its_first_frame() -> None:
    picture = decode_image(animated_gif_bytes(), (20, 20))
    assert isinstance(picture, Image.Image)
    assert picture.getpixel((10, 10)) == RED != BLUE


def test_transparent_parts_are_laid_on_white() -> None:
    buffer = BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(buffer, "PNG")
    picture = decode_image(buffer.getvalue(), (4, 4))
    assert isinstance(picture, Image.Image) and picture.getpixel((1, 1)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (CORRUPT, "broken.png", "cannot be decoded ("),
        (b"plain words, no picture", "notes.png", "not an image format that can be read"),
        (SVG, "diagram.svg", "SVG cannot be drawn in the terminal"),
        (SVG, "no-suffix", "SVG cannot be drawn in the terminal"),
        (huge_png_bytes(8000, 8000), "bomb.png", "too many pixels (8000 × 8000), not decoded"),
    ],
)
def test_what_cannot_be_shown_says_why(data: bytes, name: str, reason: str) -> None:
    problem = decode_image(data, (80, 24), name=name)
    assert isinstance(problem, ImageProblem) and problem.reason.startswith(reason)


def test_pillows_own_bomb_limit_is_kept_too() -> None:
    problem = decode_image(huge_png_bytes(), (80, 24), max_pixels=10**12)
    assert problem == ImageProblem("too many pixels, not decoded")


def test_a_file_over_the_byte_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(png_bytes((300, 300)))
    assert isinstance(read_image_bytes(path), bytes)
    problem = read_image_bytes(path, max_bytes=100)
    assert isinstance(problem, ImageProblem) and problem.reason.startswith("too large")


# Settings


def test_images_settings_from_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[images]\nmode = "halfblock"\nremote = true\n')
    assert load_settings(config).images == ImageSettings(mode="halfblock", remote=True)
    assert load_settings(tmp_path / "none.toml").images == ImageSettings("auto", False)
    config.write_text('[images]\nmode = "colour"\n')
    with pytest.raises(ConfigError, match="mode must be one of auto, kitty, sixel"):
        load_settings(config)


# Remote fetching, from a server on the loopback address


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with ImageServer() as serving:
        yield serving


def test_a_remote_image_is_fetched_once_then_cached(server: ImageServer, tmp_path: Path) -> None:
    url = f"{server.url}/ok.png"
    fetched = fetch_image(url, tmp_path / "cache")
    assert fetched == cached_image_path(url, tmp_path / "cache")
    assert isinstance(fetched, Path) and fetched.read_bytes() == png_bytes()
    assert fetch_image(url, tmp_path / "cache") == fetched
    assert server.requests == ["/ok.png"]


def test_the_cache_lets_go_of_the_oldest_images(server: ImageServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for age, name in enumerate(("old", "newer")):
        (cache / name).write_bytes(b"x" * 1000)
        os.utime(cache / name, (1000 + age, 1000 + age))
    fetched = fetch_image(f"{server.url}/ok.png", cache)
    assert isinstance(fetched, Path)
    prune_cache(cache, keep=fetched, max_bytes=1000 + fetched.stat().st_size)
    assert sorted(path.name for path in cache.iterdir()) == sorted(["newer", fetched.name])


def test_a_slow_server_times_out(server: ImageServer, tmp_path: Path) -> None:
    problem = fetch_image(f"{server.url}/slow.png", tmp_path / "cache", timeout=0.3)
    assert problem == ImageProblem("not fetched in 0.3 s")
    assert not (tmp_path / "cache").exists()


def test_a_body_over_the_size_cap_is_dropped(server: ImageServer, tmp_path: Path) -> None:
    problem = fetch_image(f"{server.url}/big.png", tmp_path / "cache", max_bytes=100_000)
    assert problem == ImageProblem("too large to fetch (over 100000 bytes)")
    assert not (tmp_path / "cache").exists()


def test_a_redirect_to_a_file_is_not_followed(server: ImageServer, tmp_path: Path) -> None:
    problem = fetch_image(f"{server.url}/elsewhere.png", tmp_path / "cache")
    assert isinstance(problem, ImageProblem) and problem.reason.startswith("not fetched")
    assert not (tmp_path / "cache").exists()


def test_nothing_listening_leaves_the_placeholder(tmp_path: Path) -> None:
    problem = fetch_image("http://127.0.0.1:9/a.png", tmp_path / "cache", timeout=2)
    assert isinstance(problem, ImageProblem) and problem.reason.startswith("not fetched")


# Where images are named: figures, includes, shortcodes, references, HTML


@pytest.mark.parametrize(
    ("markdown", "source", "words"),
    [
        ('![A cat](cat.png "On the wall")', "cat.png", "On the wall"),
        ("![A cat][cat]\n\n[cat]: /img/cat.png", "/img/cat.png", "A cat"),
        ('<img src="cat.png" alt="A cat">', "cat.png", "A cat"),
        (
            '<figure>\n<img src="/a.png" alt="x">\n<figcaption>Seen <b>here</b></figcaption>\n'
            "</figure>",
            "/a.png",
            "Seen here",
        ),
        ('{{< figure src="/img/a.png" caption="Hugo caption" >}}', "/img/a.png", "Hugo caption"),
        ('{{ image(src="b.jpg", alt="Zola alt") }}', "b.jpg", "Zola alt"),
        (
            '{% include figure.html image="/assets/c.png" caption="Jekyll caption" %}',
            "/assets/c.png",
            "Jekyll caption",
        ),
        ("![](/photos/dawn.jpg)", "/photos/dawn.jpg", "dawn.jpg"),
        ("[![A cat](cat.png)](big-cat.png)", "cat.png", "A cat"),
    ],
)
def test_images_standing_alone_become_pictures(markdown: str, source: str, words: str) -> None:
    blocks = [block.renderable for block in markdown_blocks(clean_markdown(markdown))]
    pictures = [block for block in blocks if isinstance(block, ImageBlock)]
    assert [(picture.source, picture.words) for picture in pictures] == [(source, words)]


@pytest.mark.parametrize(
    "markdown",
    [
        "![Dawn](dawn.jpg)\n![Dusk](dusk.jpg)",
        "[![Dawn](dawn.jpg)](big-dawn.jpg)\n[![Dusk](dusk.jpg)](big-dusk.jpg)",
        '<figure class="half">\n<img src="dawn.jpg" alt="Dawn">\n<img src="dusk.jpg">\n'
        "<figcaption>Dusk</figcaption>\n</figure>",
    ],
)
def test_images_each_on_its_line_become_pictures_one_under_the_other(markdown: str) -> None:
    blocks = [block.renderable for block in markdown_blocks(clean_markdown(markdown))]
    pictures = [block for block in blocks if isinstance(block, ImageBlock)]
    assert len(pictures) == len(blocks)
    assert [(picture.source, picture.words) for picture in pictures] == [
        ("dawn.jpg", "Dawn"),
        ("dusk.jpg", "Dusk"),
    ]


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("Text with ![an icon](icon.png) inside.", "[image: an icon → icon.png]"),
        ("x {% include img.html src=page.image %}", "include img.html src=page.image"),
        ("![one](a.png) ![two](b.png)", "[image: one → a.png] [image: two → b.png]"),
        ("**Look:** ![a cat](cat.png)", "Look: [image: a cat → cat.png]"),
    ],
)
def test_images_inside_text_stay_placeholders(markdown: str, shown: str) -> None:
    blocks = [block.renderable for block in markdown_blocks(clean_markdown(markdown))]
    assert not any(isinstance(block, ImageBlock) for block in blocks)
    assert shown in " ".join(rendered(markdown))


# reader show --images


def picture_post(folder: Path) -> Path:
    post = jekyll_site(folder)
    write_png(folder / "assets" / "red.png", (320, 160))
    post.write_text("---\ntitle: x\n---\nBefore.\n\n![Red](/assets/red.png)\n\nAfter.\n")
    return post


def test_show_images_to_a_pipe_prints_the_placeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "--images", str(picture_post(tmp_path)), "--width", "60"]) == 0
    out = capsys.readouterr().out
    assert "[image: Red → /assets/red.png]" in out and "▀" not in out


def test_show_images_to_a_terminal_draws_half_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLORTERM", "truecolor")
    post = picture_post(tmp_path)
    assert main(["show", str(post), "--width", "60"]) == 0
    assert "▀" not in capsys.readouterr().out  # without --images: the placeholder
    assert main(["show", "--images", str(post), "--width", "60"]) == 0
    out = capsys.readouterr().out
    lines = [ANSI.sub("", line) for line in out.splitlines()]
    rows = [line for line in lines if "▀" in line]
    assert len(rows) == 10 and all(line.strip() == "▀" * 40 for line in rows)
    last = max(number for number, line in enumerate(lines) if "▀" in line)
    assert lines[last + 1].strip() == "Red"
    assert "38;2;220;20;20;48;2;220;20;20m▀" in out  # the picture's red, above and below


def test_the_sample_posts_pictures_are_shipped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user's first post (README's first command) shows its picture, not a gap."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLORTERM", "truecolor")
    posts = {post: post.read_text(encoding="utf-8") for post in sample_posts_folder().glob("*.md")}
    assert any("![" in text for text in posts.values())  # the samples show pictures off
    for post, text in sorted(posts.items()):
        assert main(["show", "--images", str(post), "--width", "80"]) == 0
        out = ANSI.sub("", capsys.readouterr().out)
        assert "(not found)" not in out, post.name
        assert ("▀" * 20 in out) == ("![" in text), post.name


# Drawing: the terminal's graphics, the system viewer


def test_graphics_are_half_blocks_off_a_terminal_and_as_forced() -> None:
    assert detect_graphics("auto", {}) == "halfblock"  # pytest's output is no terminal
    assert detect_graphics("off", {}) == "off"
    assert detect_graphics("halfblock", {"TMUX": "x"}) == "halfblock"
    assert detected_graphics("sixel") in ("sixel", "halfblock")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_textual_image_cannot_measure_gets_half_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # textual-image divides by zero on a terminal that says it is 0 × 0 cells (a bare pty)
    monkeypatch.setattr(sys, "__stdin__", _Terminal())
    monkeypatch.setattr(sys, "__stdout__", _Terminal())
    monkeypatch.setitem(sys.modules, "textual_image.renderable", None)  # import fails
    monkeypatch.setattr("reader.render.terminal_graphics._found", {})
    assert detect_graphics("kitty", {}) == "halfblock"
    assert cell_pixels() == TYPICAL_CELL


@pytest.mark.parametrize(
    ("platform", "opener", "command"),
    [
        ("linux", "/usr/bin/xdg-open", ["/usr/bin/xdg-open", "/a/b.png"]),
        ("darwin", "/usr/bin/open", ["/usr/bin/open", "/a/b.png"]),
        ("linux", None, None),
    ],
)
def test_the_system_viewer_command(
    monkeypatch: pytest.MonkeyPatch, platform: str, opener: str | None, command: list[str] | None
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: opener)
    assert viewer_command(Path("/a/b.png"), platform) == command


def test_a_picture_row_is_coloured_when_drawn(tmp_path: Path) -> None:
    post = jekyll_site(tmp_path)
    write_png(tmp_path / "assets" / "two.png", (32, 16))
    book = PictureBook(post, image_folders(post), max_height=4)
    block = ImageBlock("/assets/two.png", "Two", "", Text("[image]"))
    console = Console(width=10)
    assert book.lines(block, console, 10)[0][0].text.startswith("[image]")
    (request,) = book.take_wanted()
    book.store(request, load_picture(request, tmp_path / "cache", remote=False))
    row, caption = book.lines(block, console, 10)
    assert isinstance(row, PictureRow) and "".join(s.text for s in row) == "   ▀▀▀▀"
    drawn = book.drawn_row(row)
    assert drawn[-1].style == Style.from_color(Color.from_rgb(*RED), Color.from_rgb(*RED))
    assert "".join(segment.text for segment in caption).strip() == "Two"


def test_without_pictures_a_figure_keeps_its_caption_under_the_placeholder() -> None:
    figure = (
        '<figure>\n<a href="big.jpg"><img src="small.jpg"></a>\n'
        "<figcaption>Fog.</figcaption>\n</figure>"
    )
    assert rendered(figure) == ["[image: no description → small.jpg]", "Fog."]


def test_no_written_path_reads_outside_the_site(tmp_path: Path) -> None:
    """Every path of up to four steps among .., ., folders, files and links."""
    site = tmp_path / "site"
    post = jekyll_site(site)
    write_png(site / "assets" / "in.png")
    write_png(tmp_path / "secret.png")
    (site / "assets" / "out").symlink_to(tmp_path)
    folders = image_folders(post)
    allowed = (site.resolve(), post.parent.resolve())
    steps = ["..", ".", "assets", "_posts", "out", "in.png", "secret.png"]
    resolved = 0
    for length in range(1, 5):
        for path in itertools.product(steps, repeat=length):
            for lead in ("", "/"):
                found = resolve_image_source(lead + "/".join(path), post, folders).path
                if found is not None:
                    resolved += 1
                    assert found.is_relative_to(allowed[0]) or found.is_relative_to(allowed[1])
    assert resolved > 0  # in.png was found by some paths


def test_a_picture_on_its_way_is_asked_for_once_and_again_when_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.render.pictures.KEPT_PICTURE_BYTES", 100)
    post = jekyll_site(tmp_path)
    write_png(tmp_path / "assets" / "a.png", (64, 32))
    write_png(tmp_path / "assets" / "b.png", (64, 32), BLUE)
    book = PictureBook(post, image_folders(post), max_height=4)
    console = Console(width=10)
    first, second = (ImageBlock(f"/assets/{name}.png", name, "", Text("[image]")) for name in "ab")
    book.lines(first, console, 10)
    (request,) = book.take_wanted()
    book.lines(first, console, 10)  # laid out again while it is decoded
    assert book.take_wanted() == []
    book.store(request, load_picture(request, tmp_path / "cache", remote=False))
    row = book.lines(first, console, 10)[0]
    book.lines(second, console, 10)
    (other,) = book.take_wanted()
    book.store(other, load_picture(other, tmp_path / "cache", remote=False))  # over 100 bytes
    assert book.drawn_row(row) is row  # the first was let go: drawn uncoloured for now
    assert book.take_wanted() == [request]


def test_a_half_block_shows_the_upper_pixel_above_the_lower_one() -> None:
    picture = Image.new("RGB", (3, 3), RED)
    for x in range(3):
        picture.putpixel((x, 1), BLUE)
    rows = half_block_lines(picture, 5)
    assert ["".join(segment.text for segment in row) for row in rows] == [" ▀▀▀", " ▀▀▀"]
    upper, lower = rows[0][1].style, rows[1][1].style
    assert upper is not None and lower is not None
    assert (upper.color, upper.bgcolor) == (Color.from_rgb(*RED), Color.from_rgb(*BLUE))
    assert (lower.color, lower.bgcolor) == (Color.from_rgb(*RED), None)  # an odd last row


def test_a_photo_taken_sideways_is_turned_upright_and_fitted_upright() -> None:
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned a quarter: the file is 40 × 20, the photo 20 × 40
    Image.new("RGB", (40, 20), RED).save(buffer, "JPEG", exif=exif.tobytes())
    upright = decode_image(buffer.getvalue(), (100, 100))
    assert isinstance(upright, Image.Image) and upright.size == (20, 40)
    narrow = decode_image(buffer.getvalue(), (10, 100))
    assert isinstance(narrow, Image.Image) and narrow.size == (10, 20)


@functools.cache
def _undamaged_images() -> dict[str, bytes]:
    return {
        "png": png_bytes((40, 30)),
        "jpeg": jpeg_bytes((64, 48)),
        "gif": animated_gif_bytes(),
        "svg": SVG,
    }


@settings(max_examples=240, deadline=None)
@given(
    kind=st.sampled_from(["png", "jpeg", "gif", "svg"]),
    kept=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
)
def test_damaged_images_never_raise(kind: str, kept: float, flips: list[tuple[float, int]]) -> None:
    """Each kind of file cut short or with bytes flipped: a picture or a reason, never an error."""
    original = _undamaged_images()[kind]
    damaged = bytearray(original[: max(1, round(kept * len(original)))])
    for where, byte in flips:
        damaged[int(where * len(damaged))] = byte
    result = decode_image(bytes(damaged), (30, 20), shrink=(2, 2))
    assert isinstance(result, Image.Image | ImageProblem)


@pytest.mark.parametrize(
    "written",
    ["a\x00b.png", "\\\\server\\share.png", "%00.png", "/" * 300, "a" * 5000, "::", "?x", "#"],
)
def test_odd_image_names_are_resolved_or_refused(tmp_path: Path, written: str) -> None:
    post = jekyll_site(tmp_path)
    source = resolve_image_source(written, post, image_folders(post))
    assert source.path is None and source.refusal is not None
