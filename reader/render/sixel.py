"""Sixel pictures for a line-based view: encoded once, drawn over their cells after a frame.

A Sixel picture is pixels written at the cursor, over the cells it covers, not text: it
cannot be a row of a line the way Kitty's placeholders are. The body keeps the picture's
half blocks as its text; each picture is encoded once, at its display size, padded to
the whole cells it covers (no half block shows at its edges); after a frame that wrote
over a picture standing whole and uncovered in view, the app writes the picture there
(app_overlays.py), in the same synchronized update as the frame. A picture partly
scrolled out keeps its half blocks: nothing is cropped or encoded again.

The encoder is textual-image's (``textual_image._sixel``: its renderables import the
module that asks the terminal, which only render/terminal_graphics.py may do).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.control import Control

if TYPE_CHECKING:
    from PIL import Image

SAVE_CURSOR = "\x1b7"
RESTORE_CURSOR = "\x1b8"


@dataclass(frozen=True)
class SixelPicture:
    """A picture encoded as Sixel, and the cells it covers."""

    sixel: str
    columns: int
    rows: int


def sixel_encoded(
    picture: Image.Image,
    columns: int,
    rows: int,
    cell: tuple[int, int],
    background: tuple[int, int, int],
) -> SixelPicture:
    """``picture`` centred on ``columns`` × ``rows`` cells of ``background``, as Sixel."""
    from PIL import Image
    from textual_image._sixel import image_to_sixels

    canvas = Image.new("RGB", (columns * cell[0], rows * cell[1]), background)
    left = (canvas.width - picture.width) // 2
    top = (canvas.height - picture.height) // 2
    canvas.paste(picture.convert("RGB"), (max(0, left), max(0, top)))
    return SixelPicture(image_to_sixels(canvas), columns, rows)


def drawn_at(x: int, y: int, picture: SixelPicture) -> str:
    """The escapes that draw ``picture`` with its top left corner on cell ``x``, ``y``."""
    return Control.move_to(x, y).segment.text + picture.sixel


def overlay(drawn: str) -> str:
    """Pictures drawn over a frame, the cursor put back where the frame left it."""
    return f"{SAVE_CURSOR}{drawn}{RESTORE_CURSOR}" if drawn else ""
