"""Opening a file in the system's own viewer (an image, from the full-screen view)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from reader.model.image_fetch import image_file
from reader.model.image_source import ImageSource


def viewer_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that opens ``path`` in the system viewer; None if there is none."""
    if platform == "darwin":
        opener = shutil.which("open")
    elif platform.startswith("linux") or "bsd" in platform:
        opener = shutil.which("xdg-open")
    else:
        return None
    return [opener, os.fspath(path)] if opener else None


def open_in_system_viewer(path: Path) -> str | None:
    """Open ``path`` in the system viewer, detached; the problem, if it cannot be."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined,unused-ignore]
        return None
    command = viewer_command(path)
    if command is None:
        return "no system viewer found (xdg-open or open)"
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"the system viewer did not start ({error.strerror or error})"
    return None


def open_image_outside(source: ImageSource, cache_folder: Path) -> str | None:
    """Open the image of ``source`` in the system viewer; the problem, if it cannot be."""
    path = image_file(source, cache_folder)
    if path is None:
        return "no file to open (not fetched)"
    return open_in_system_viewer(path)
