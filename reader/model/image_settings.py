"""The ``[images]`` settings: how pictures are drawn, and whether remote ones are fetched."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

ImageMode = Literal["auto", "kitty", "sixel", "halfblock", "off"]
IMAGE_MODES: tuple[ImageMode, ...] = ("auto", "kitty", "sixel", "halfblock", "off")


@dataclass(frozen=True)
class ImageSettings:
    """``[images]`` in ``config.toml``; every field has a default."""

    mode: ImageMode = "auto"
    """``auto`` picks the best the terminal has; the others force one, or ``off``."""
    remote: bool = False
    """Whether ``http(s)`` images are fetched (it tells the server what you read)."""


def checked_image_settings(value: Any) -> ImageSettings:
    """The ``[images]`` table as settings; raises ValueError saying what is wanted."""
    if not isinstance(value, dict):
        raise ValueError("must be a table ([images] with mode and remote)")
    known = [field.name for field in fields(ImageSettings)]
    for key, setting in value.items():
        if key not in known:
            raise ValueError(f"has no setting {key!r} (settings: {', '.join(known)})")
        if key == "mode" and setting not in IMAGE_MODES:
            raise ValueError(f"mode must be one of {', '.join(IMAGE_MODES)}")
        if key == "remote" and not isinstance(setting, bool):
            raise ValueError("remote must be true or false")
    return ImageSettings(**value)
