"""Images made for the tests: real files of each kind, a corrupt one, a bomb, an SVG."""

from __future__ import annotations

import contextlib
import http.server
import struct
import threading
import time
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


class ImageServer:
    """A web server on 127.0.0.1 for remote images.

    ``/slow.png`` answers late, ``/big.png`` sends 300 KB with no length said,
    ``/elsewhere.png`` redirects to a ``file:`` address, anything else is a small PNG.
    """

    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path == "/elsewhere.png":
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/hostname")
                    self.end_headers()
                    return
                if self.path == "/slow.png":
                    time.sleep(1.5)
                body = png_bytes() if self.path != "/big.png" else b"x" * 300_000
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                if self.path != "/big.png":  # the cap must hold without a length too
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> ImageServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
