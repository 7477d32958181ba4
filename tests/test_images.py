"""Pictures in posts: where they come from, what is refused, and how they decode."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from image_files import (
    BLUE,
    CORRUPT,
    RED,
    SVG,
    animated_gif_bytes,
    huge_png_bytes,
    jpeg_bytes,
    png_bytes,
    write_png,
)
from PIL import Image

from reader.model.config import ConfigError, load_settings
from reader.model.image_decode import ImageProblem, decode_image, read_image_bytes
from reader.model.image_fetch import cached_image_path, fetch_image
from reader.model.image_settings import ImageSettings
from reader.model.image_source import ImageFolders, image_folders, resolve_image_source


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
    from io import BytesIO

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


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        if self.path == "/slow.png":
            time.sleep(1.5)
        body = png_bytes() if self.path != "/big.png" else b"x" * 300_000
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        if self.path != "/big.png":  # the cap must hold without a Content-Length too
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_remote_image_is_fetched_once_then_cached(server: str, tmp_path: Path) -> None:
    url = f"{server}/ok.png"
    fetched = fetch_image(url, tmp_path / "cache")
    assert fetched == cached_image_path(url, tmp_path / "cache")
    assert isinstance(fetched, Path) and fetched.read_bytes() == png_bytes()
    assert fetch_image(url, tmp_path / "cache") == fetched
    assert _Handler.requests == ["/ok.png"]


def test_a_slow_server_times_out(server: str, tmp_path: Path) -> None:
    problem = fetch_image(f"{server}/slow.png", tmp_path / "cache", timeout=0.3)
    assert problem == ImageProblem("not fetched in 0.3 s")
    assert not (tmp_path / "cache").exists()


def test_a_body_over_the_size_cap_is_dropped(server: str, tmp_path: Path) -> None:
    problem = fetch_image(f"{server}/big.png", tmp_path / "cache", max_bytes=100_000)
    assert problem == ImageProblem("too large to fetch (over 100000 bytes)")
    assert not (tmp_path / "cache").exists()


def test_nothing_listening_leaves_the_placeholder(tmp_path: Path) -> None:
    problem = fetch_image("http://127.0.0.1:9/a.png", tmp_path / "cache", timeout=2)
    assert isinstance(problem, ImageProblem) and problem.reason.startswith("not fetched")
