"""Why an image is not shown, and the byte cap every image is held to.

No Pillow here: the app starts without it, and imports it with the first picture.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_IMAGE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class ImageProblem:
    """Why an image is not shown; the placeholder says it."""

    reason: str
