"""Which way pictures are drawn: a terminal graphics protocol, half blocks, or not at all.

textual-image asks the terminal what it supports when it is first imported, by writing
a query and reading the answer from the keyboard input. That must happen before Textual
starts reading the input, so ``detect_graphics`` runs before the app; the app then only
reads the answer (``detected_graphics``).

A terminal that answers neither query costs textual-image's wait for Kitty's answer,
0.1 s at start. Inside tmux or screen reader does not ask: they pass neither Kitty's
images nor (usually) Sixel through as textual-image writes them; ``images.mode =
"sixel"`` forces Sixel for a tmux built with it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping

from reader.model.image_settings import ImageMode

_found: dict[ImageMode, ImageMode] = {}
_cell: list[tuple[int, int]] = []  # the terminal's cell in pixels, once measured
TYPICAL_CELL = (10, 20)


def detect_graphics(mode: ImageMode, environment: Mapping[str, str]) -> ImageMode:
    """Resolve ``auto`` to what the terminal has (kitty, sixel or halfblock); once.

    ``environment`` tells whether this is inside tmux or screen. A forced protocol is
    taken as it is (the person knows their terminal).
    """
    if mode not in _found:
        _found[mode] = _ask_terminal(mode, environment)
    return _found[mode]


def _ask_terminal(mode: ImageMode, environment: Mapping[str, str]) -> ImageMode:
    if mode in ("off", "halfblock"):
        return mode
    streams = (sys.__stdin__, sys.__stdout__)  # the answer comes on the keyboard input
    if any(stream is None or not stream.isatty() for stream in streams):
        return "halfblock"
    if mode == "auto" and ("TMUX" in environment or "STY" in environment):
        return "halfblock"
    # Its warnings (a terminal that does not say its cell size) would print over the
    # terminal before the app starts: they are not the reader's business.
    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    logging.getLogger("textual_image").propagate = False
    try:
        import textual_image.renderable as protocols  # asks the terminal when imported
        import textual_image.widget  # noqa: F401 (measures the terminal's cells when imported)
        from textual_image._terminal import get_cell_size  # measured: now only remembered

        measured = get_cell_size()
    except Exception:  # a terminal that says it is 0 × 0 cells makes it divide by zero
        return "halfblock"
    _cell.append((measured.width, measured.height))
    if mode != "auto":
        return mode
    if protocols.Image is protocols.SixelImage:
        return "sixel"
    if protocols.Image is protocols.TGPImage:
        return "kitty"
    return "halfblock"


def detected_graphics(mode: ImageMode) -> ImageMode:
    """What ``detect_graphics`` found for ``mode``, or half blocks if it never ran."""
    if mode in ("off", "halfblock"):
        return mode
    return _found.get(mode, "halfblock")


def cell_pixels() -> tuple[int, int]:
    """The terminal's cell in pixels (across, down), as measured before the app ran.

    Asking later would race Textual for the answer on the keyboard input: a terminal
    never asked is taken to have typical cells.
    """
    return _cell[0] if _cell else TYPICAL_CELL
