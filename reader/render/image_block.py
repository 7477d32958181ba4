"""An image that stands alone in a post, before it is a picture.

Drawn by Rich alone (``reader show`` to a pipe, images off) it is a placeholder line
naming the image, with its caption under it; the post view draws the picture instead
(render/pictures.py). This module stays light (no Pillow): every post is parsed into
these, pictures or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text

from reader.render.wrap import WrappedText

CAPTION_STYLE = Style(dim=True, italic=True)
REASON_STYLE = Style(dim=True)


@dataclass
class ImageBlock:
    """An image that stands alone as a block: where it is, its words, and its placeholder."""

    source: str
    alt: str
    caption: str
    placeholder: Text

    @property
    def words(self) -> str:
        """The text under the picture: the caption, else the alt text, else the file name."""
        return self.caption or self.alt or Path(self.source).name or self.source

    def fallback(self, reason: str = "") -> Text:
        """The placeholder, the reason it stays if there is one, and the caption under it."""
        text = self.placeholder.copy()
        if reason:
            text.append(f" ({reason})", REASON_STYLE)
        if self.caption and self.caption != self.alt:
            text.append("\n")
            text.append(self.caption, CAPTION_STYLE)
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Without pictures, the placeholder (and the caption)."""
        yield WrappedText(self.fallback())
