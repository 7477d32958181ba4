"""Decoding an image file into a small picture, safely: caps before and while decoding.

A file over a byte cap is not read; one whose header claims more pixels than a cap is
not decoded (a decompression bomb), which also covers Pillow's own ``MAX_IMAGE_PIXELS``
warning. Only the first frame of an animation is kept. The picture is reduced to the
size it is shown at as it is decoded (JPEG ``draft``), so a 50-megapixel photo costs
its display size in memory, not its full size.
"""

from __future__ import annotations

import math
import warnings
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from reader.model.image_problem import MAX_IMAGE_BYTES, ImageProblem

MAX_IMAGE_PIXELS = 40_000_000  # decoded whole, 4 bytes each: 160 MB at most
_SVG_SUFFIXES = (".svg", ".svgz")
_WHITE = (255, 255, 255)
_ORIENTATION = 0x0112  # the EXIF tag
_TURNED = frozenset({5, 6, 7, 8})  # orientations a quarter turn away from upright


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_image_bytes(path: Path, max_bytes: int = MAX_IMAGE_BYTES) -> bytes | ImageProblem:
    """The bytes of the image file at ``path``, unless it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return ImageProblem(f"too large ({_megabytes(size)}, over {_megabytes(max_bytes)})")
        return path.read_bytes()
    except OSError as error:
        return ImageProblem(f"cannot be read ({error.strerror or error})")


def is_svg(name: str, data: bytes) -> bool:
    """Whether the image is SVG (by its name, or by its first bytes)."""
    head = data[:256].lstrip().lower()
    return name.lower().endswith(_SVG_SUFFIXES) or head.startswith((b"<svg", b"<?xml"))


def decode_image(
    data: bytes,
    box: tuple[int, int],
    *,
    name: str = "",
    shrink: tuple[int, int] = (1, 1),
    max_pixels: int = MAX_IMAGE_PIXELS,
    background: tuple[int, int, int] = _WHITE,
) -> Image.Image | ImageProblem:
    """The first frame of the image in ``data``, fitted inside ``box`` pixels, as RGB.

    Never enlarged, and at most its own size divided by ``shrink`` (across, down): a
    picture drawn a pixel a cell keeps about the size a page shows it at. Transparent
    parts are laid on ``background`` (pages are usually white, and most diagrams are
    drawn for them). ``name`` helps recognise SVG.
    """
    box = (max(1, box[0]), max(1, box[1]))
    if is_svg(name, data):
        return ImageProblem("SVG cannot be drawn in the terminal")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    return ImageProblem(f"too many pixels ({width} × {height}), not decoded")
                if image.getexif().get(_ORIENTATION, 1) in _TURNED:
                    box, shrink = (box[1], box[0]), (shrink[1], shrink[0])  # of the upright
                fit = (
                    min(box[0], math.ceil(width / shrink[0])),
                    min(box[1], math.ceil(height / shrink[1])),
                )
                image.draft("RGB", fit)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                    image.mode == "P" and "transparency" in image.info
                )
                mode = "RGBA" if has_alpha else "RGB"
                # Made small first (a full-size copy of a big picture costs ~100 MB), in
                # the mode it is drawn in (a palette resizes badly), then turned upright.
                picture = image if image.mode == mode else image.convert(mode)
                picture.thumbnail(fit, Image.Resampling.LANCZOS)
                picture = ImageOps.exif_transpose(picture)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem("too many pixels, not decoded")
    except UnidentifiedImageError:
        return ImageProblem("not an image format that can be read")
    except Exception as error:  # a malformed file makes Pillow raise many kinds of error
        return ImageProblem(f"cannot be decoded ({error or type(error).__name__})")
    if picture.mode == "RGBA":
        flat = Image.new("RGB", picture.size, background)
        flat.paste(picture, mask=picture.getchannel("A"))
        return flat
    return picture
