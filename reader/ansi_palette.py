"""ANSI colours drawn in the current theme's colours, each readable on its background.

Posts are rendered with Rich's ANSI colour names (``bright_magenta`` for a first-level
heading, ``bright_blue`` for links, ``bright_black`` for dimmed text...), and Textual
draws those through an ANSI theme, the same one for every dark theme and one for every
light one: light orange inline code on white, say. Here the bright colours are taken
from the theme itself (its accent, primary, warning...) and moved towards its text
colour until they reach WCAG AA on its background and surface: 4.5:1 for text, 3:1 for
the dimmed ``bright_black``. The eight normal colours stay Textual's.
"""

from __future__ import annotations

from rich.terminal_theme import TerminalTheme
from textual.color import Color

TEXT_CONTRAST = 4.5
DIMMED_CONTRAST = 3.0
_MARGIN = 0.1  # above the limits, so rounding to whole RGB values never falls below
# Bright ANSI colours after bright_black, and the theme colour each is drawn in.
_BRIGHT_FROM = ("error", "success", "warning", "primary", "accent", "secondary", "foreground")


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG's contrast ratio of two opaque colours, from 1 to 21."""

    def luminance(color: Color) -> float:
        def linear(value: int) -> float:
            channel = value / 255
            return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(color: Color, backgrounds: list[Color], toward: Color, ratio: float) -> Color:
    """``color``, blended towards ``toward`` just enough to reach ``ratio`` on each background."""
    for step in range(21):
        candidate = color.blend(toward, step / 20)
        if all(contrast_ratio(candidate, back) >= ratio + _MARGIN for back in backgrounds):
            return candidate
    return toward


def readable_ansi_theme(variables: dict[str, str], default: TerminalTheme) -> TerminalTheme:
    """An ANSI theme whose bright colours come from a Textual theme's ``variables``.

    ``default`` gives the normal colours (and the terminal's own background and text).
    """
    background = Color.parse(variables["background"])
    backgrounds = [background, background + Color.parse(variables["surface"])]
    foreground = Color.parse(variables["foreground"])
    # Towards black or white when the theme's own text is not contrasted enough.
    extreme = Color(0, 0, 0) if background.brightness > 0.5 else Color(255, 255, 255)
    strong = readable(foreground, backgrounds, extreme, TEXT_CONTRAST)
    dimmed = readable(foreground.blend(background, 0.5), backgrounds, strong, DIMMED_CONTRAST)
    bright = [
        readable(background + Color.parse(variables[name]), backgrounds, strong, TEXT_CONTRAST)
        for name in _BRIGHT_FROM
    ]
    normal = [default.ansi_colors[index] for index in range(8)]
    return TerminalTheme(
        default.background_color,
        default.foreground_color,
        [(color.red, color.green, color.blue) for color in normal],
        [color.rgb for color in (dimmed, *bright)],
    )
