"""Images made for the tests: real files of each kind, a corrupt one, a bomb, an SVG."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from PIL import Image

RED = (220, 20, 20)
BLUE = (20, 20, 220)


def png_bytes(size: tuple[int, int] = (64, 32), colour: tuple[int, int, int] = RED) -> bytes:
    """A plain PNG of one colour."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def write_png(
    path: Path, size: tuple[int, int] = (64, 32), colour: tuple[int, int, int] = RED
) -> Path:
    """``png_bytes`` written at ``path`` (folders made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(size, colour))
    return path


def jpeg_bytes(size: tuple[int, int] = (400, 300)) -> bytes:
    """A JPEG photo-sized picture of one colour."""
    buffer = BytesIO()
    Image.new("RGB", size, BLUE).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def animated_gif_bytes() -> bytes:
    """A two-frame GIF: red first, then blue."""
    buffer = BytesIO()
    frames = [Image.new("RGB", (20, 20), RED), Image.new("RGB", (20, 20), BLUE)]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def huge_png_bytes(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(png_bytes((1, 1)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


CORRUPT = b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
)
