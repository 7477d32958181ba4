"""Fetching remote images (only when the settings allow it), with a cache on disk.

Fetching tells a server what is being read, so reader does it only with
``images.remote = true``. Only http and https are spoken (a redirect elsewhere fails),
a fetch gives up after a timeout, and a body over a byte cap is dropped unread.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from reader.model.image_problem import MAX_IMAGE_BYTES, ImageProblem
from reader.model.image_source import ImageSource

if TYPE_CHECKING:
    import urllib.request

FETCH_TIMEOUT_SECONDS = 10.0
CACHE_BYTES = 200 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024


def image_cache_folder() -> Path:
    """Where fetched images are kept: ``$XDG_CACHE_HOME/reader/images`` on Linux."""
    return platformdirs.user_cache_path("reader") / "images"


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http and https only (the default one also reads file: and ftp:)."""
    import urllib.request  # here: the app starts without it, and most never fetch

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def image_file(source: ImageSource, cache_folder: Path) -> Path | None:
    """The file that holds the image: its own, or its fetched copy (None if not fetched)."""
    if source.url is None:
        return source.path
    cached = cached_image_path(source.url, cache_folder)
    return cached if cached.is_file() else None


def cached_image_path(url: str, cache_folder: Path) -> Path:
    """The file that holds (or will hold) the image at ``url``."""
    return cache_folder / hashlib.sha256(url.encode()).hexdigest()


def fetch_image(
    url: str,
    cache_folder: Path,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    max_bytes: int = MAX_IMAGE_BYTES,
) -> Path | ImageProblem:
    """The cached file of the image at ``url``, fetched first if it is not cached.

    ``timeout`` bounds the whole fetch, not only each wait for the server.
    """
    import urllib.error
    import urllib.request

    cached = cached_image_path(url, cache_folder)
    if cached.is_file():
        return cached
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "reader (terminal blog reader)"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return ImageProblem(f"too large to fetch ({int(length)} bytes)")
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(_CHUNK_BYTES):
                received += len(chunk)
                if received > max_bytes:
                    return ImageProblem(f"too large to fetch (over {max_bytes} bytes)")
                if time.monotonic() > deadline:
                    return ImageProblem(f"not fetched in {timeout:g} s")
                chunks.append(chunk)
    except TimeoutError:
        return ImageProblem(f"not fetched in {timeout:g} s")
    except urllib.error.HTTPError as error:
        return ImageProblem(f"not fetched (HTTP {error.code})")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            return ImageProblem(f"not fetched in {timeout:g} s")
        return ImageProblem(f"not fetched ({reason})")
    cache_folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_folder)
    with os.fdopen(handle, "wb") as file:
        file.write(b"".join(chunks))
    Path(temporary).replace(cached)
    prune_cache(cache_folder, keep=cached)
    return cached


def prune_cache(cache_folder: Path, keep: Path, max_bytes: int = CACHE_BYTES) -> None:
    """Delete the least recently fetched images until the cache holds ``max_bytes``."""
    files = sorted(
        (entry.stat().st_mtime, entry.stat().st_size, Path(entry.path))
        for entry in os.scandir(cache_folder)
        if entry.is_file()
    )
    total = sum(size for _, size, _ in files)
    for _, size, path in files:
        if total <= max_bytes:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size
