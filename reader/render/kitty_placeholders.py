"""Kitty's graphics protocol drawn through Unicode placeholders, for a line-based view.

An image is sent to the terminal once (``upload_sequence``), with a *virtual placement*
of so many columns and rows. The body then draws it as ordinary text: each cell is the
placeholder character U+10EEEE followed by two diacritics naming the cell's row and
column, in the colour that names the image (its id, as 24-bit RGB). Kitty draws that
part of the image in the cell. So the picture scrolls, crops and redraws with the text,
and nothing is written beside Textual's own lines. See the protocol's "Unicode
placeholders" section: https://sw.kovidgoyal.net/kitty/graphics-protocol/

Everything here is pure: escape strings and segments, nothing written.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from itertools import count
from random import randint

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

PLACEHOLDER = "\U0010eeee"
START = "\x1b_G"
END = "\x1b\\"
CHUNK = 4096  # base64 characters a message, the protocol's limit

# The protocol's row/column diacritics: the n-th one says "row (or column) n". From the
# list the protocol publishes (rowcolumn-diacritics.txt); 297 of them, so a picture is
# at most that many cells across and down.
# fmt: off
DIACRITICS = (
    0x00305, 0x0030D, 0x0030E, 0x00310, 0x00312, 0x0033D, 0x0033E, 0x0033F, 0x00346, 0x0034A,
    0x0034B, 0x0034C, 0x00350, 0x00351, 0x00352, 0x00357, 0x0035B, 0x00363, 0x00364, 0x00365,
    0x00366, 0x00367, 0x00368, 0x00369, 0x0036A, 0x0036B, 0x0036C, 0x0036D, 0x0036E, 0x0036F,
    0x00483, 0x00484, 0x00485, 0x00486, 0x00487, 0x00592, 0x00593, 0x00594, 0x00595, 0x00597,
    0x00598, 0x00599, 0x0059C, 0x0059D, 0x0059E, 0x0059F, 0x005A0, 0x005A1, 0x005A8, 0x005A9,
    0x005AB, 0x005AC, 0x005AF, 0x005C4, 0x00610, 0x00611, 0x00612, 0x00613, 0x00614, 0x00615,
    0x00616, 0x00617, 0x00657, 0x00658, 0x00659, 0x0065A, 0x0065B, 0x0065D, 0x0065E, 0x006D6,
    0x006D7, 0x006D8, 0x006D9, 0x006DA, 0x006DB, 0x006DC, 0x006DF, 0x006E0, 0x006E1, 0x006E2,
    0x006E4, 0x006E7, 0x006E8, 0x006EB, 0x006EC, 0x00730, 0x00732, 0x00733, 0x00735, 0x00736,
    0x0073A, 0x0073D, 0x0073F, 0x00740, 0x00741, 0x00743, 0x00745, 0x00747, 0x00749, 0x0074A,
    0x007EB, 0x007EC, 0x007ED, 0x007EE, 0x007EF, 0x007F0, 0x007F1, 0x007F3, 0x00816, 0x00817,
    0x00818, 0x00819, 0x0081B, 0x0081C, 0x0081D, 0x0081E, 0x0081F, 0x00820, 0x00821, 0x00822,
    0x00823, 0x00825, 0x00826, 0x00827, 0x00829, 0x0082A, 0x0082B, 0x0082C, 0x0082D, 0x00951,
    0x00953, 0x00954, 0x00F82, 0x00F83, 0x00F86, 0x00F87, 0x0135D, 0x0135E, 0x0135F, 0x017DD,
    0x0193A, 0x01A17, 0x01A75, 0x01A76, 0x01A77, 0x01A78, 0x01A79, 0x01A7A, 0x01A7B, 0x01A7C,
    0x01B6B, 0x01B6D, 0x01B6E, 0x01B6F, 0x01B70, 0x01B71, 0x01B72, 0x01B73, 0x01CD0, 0x01CD1,
    0x01CD2, 0x01CDA, 0x01CDB, 0x01CE0, 0x01DC0, 0x01DC1, 0x01DC3, 0x01DC4, 0x01DC5, 0x01DC6,
    0x01DC7, 0x01DC8, 0x01DC9, 0x01DCB, 0x01DCC, 0x01DD1, 0x01DD2, 0x01DD3, 0x01DD4, 0x01DD5,
    0x01DD6, 0x01DD7, 0x01DD8, 0x01DD9, 0x01DDA, 0x01DDB, 0x01DDC, 0x01DDD, 0x01DDE, 0x01DDF,
    0x01DE0, 0x01DE1, 0x01DE2, 0x01DE3, 0x01DE4, 0x01DE5, 0x01DE6, 0x01DFE, 0x020D0, 0x020D1,
    0x020D4, 0x020D5, 0x020D6, 0x020D7, 0x020DB, 0x020DC, 0x020E1, 0x020E7, 0x020E9, 0x020F0,
    0x02CEF, 0x02CF0, 0x02CF1, 0x02DE0, 0x02DE1, 0x02DE2, 0x02DE3, 0x02DE4, 0x02DE5, 0x02DE6,
    0x02DE7, 0x02DE8, 0x02DE9, 0x02DEA, 0x02DEB, 0x02DEC, 0x02DED, 0x02DEE, 0x02DEF, 0x02DF0,
    0x02DF1, 0x02DF2, 0x02DF3, 0x02DF4, 0x02DF5, 0x02DF6, 0x02DF7, 0x02DF8, 0x02DF9, 0x02DFA,
    0x02DFB, 0x02DFC, 0x02DFD, 0x02DFE, 0x02DFF, 0x0A66F, 0x0A67C, 0x0A67D, 0x0A6F0, 0x0A6F1,
    0x0A8E0, 0x0A8E1, 0x0A8E2, 0x0A8E3, 0x0A8E4, 0x0A8E5, 0x0A8E6, 0x0A8E7, 0x0A8E8, 0x0A8E9,
    0x0A8EA, 0x0A8EB, 0x0A8EC, 0x0A8ED, 0x0A8EE, 0x0A8EF, 0x0A8F0, 0x0A8F1, 0x0AAB0, 0x0AAB2,
    0x0AAB3, 0x0AAB7, 0x0AAB8, 0x0AABE, 0x0AABF, 0x0AAC1, 0x0FE20, 0x0FE21, 0x0FE22, 0x0FE23,
    0x0FE24, 0x0FE25, 0x0FE26, 0x10A0F, 0x10A38, 0x1D185, 0x1D186, 0x1D187, 0x1D188, 0x1D189,
    0x1D1AA, 0x1D1AB, 0x1D1AC, 0x1D1AD, 0x1D242, 0x1D243, 0x1D244,
)
# fmt: on
MAX_CELLS = len(DIACRITICS)
LARGEST_ID = 0xFFFFFF  # ids fit the 24 bits of a colour: no third diacritic needed

# Ids start at a random point, as textual-image's do: another program's images in the
# same terminal (another reader, say) are unlikely to share one.
_ids = count(randint(1, LARGEST_ID // 2))


def new_image_id() -> int:
    """An image id not used before by this process (1 to 2²⁴ - 1)."""
    return next(_ids) % LARGEST_ID + 1


def colours_survive(color_system: str | None, no_color: bool) -> bool:
    """Whether the placeholders' colour reaches the terminal as it is written.

    It needs 24-bit colour (Rich rounds others to a palette) and no ``NO_COLOR``
    (Textual then drops colours).
    """
    return color_system == "truecolor" and not no_color


def placeholder_style(image_id: int) -> Style:
    """The style of an image's cells: the id as the colour, nothing that would change it.

    ``dim``, ``reverse`` and the like are set off explicitly: Textual turns a dim colour
    into another colour, and a reversed one into the background.
    """
    colour = Color.from_rgb((image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255)
    return Style(color=colour, dim=False, reverse=False, blink=False, conceal=False)


def placeholder_row(image_id: int, row: int, columns: int) -> Segment:
    """Row ``row`` of an image ``columns`` cells wide, as one segment of placeholders."""
    row_mark = chr(DIACRITICS[row])
    cells = "".join(
        f"{PLACEHOLDER}{row_mark}{chr(DIACRITICS[column])}" for column in range(columns)
    )
    return Segment(cells, placeholder_style(image_id))


@dataclass(frozen=True)
class PlaceholderPicture:
    """An image the terminal has, as a Rich renderable: its rows of placeholders."""

    image_id: int
    columns: int
    rows: int

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as its placement (so that a container can centre it)."""
        return Measurement(self.columns, self.columns)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each row of placeholders, then a line break."""
        for row in range(self.rows):
            yield placeholder_row(self.image_id, row, self.columns)
            yield Segment.line()


def _message(keys: str, payload: str = "") -> str:
    return f"{START}{keys};{payload}{END}" if payload else f"{START}{keys}{END}"


def upload_sequence(image_id: int, png: bytes, columns: int, rows: int) -> str:
    """The escapes that send a PNG as image ``image_id`` and place it virtually.

    The placement is ``columns`` × ``rows`` cells: Kitty fits the image inside them,
    keeping its shape. ``q=2`` keeps the terminal from answering (Textual reads the
    input; an answer would arrive as keys). Sending an id again replaces its image.
    """
    if not 0 < columns <= MAX_CELLS or not 0 < rows <= MAX_CELLS:
        raise ValueError(f"a placement is 1 to {MAX_CELLS} cells across and down")
    data = base64.standard_b64encode(png).decode("ascii")
    chunks = [data[start : start + CHUNK] for start in range(0, len(data), CHUNK)] or [""]
    messages = []
    for number, chunk in enumerate(chunks):
        more = int(number < len(chunks) - 1)
        # The first chunk says what the image is; the others only whether more follow.
        keys = f"a=t,f=100,t=d,i={image_id},q=2,m={more}" if number == 0 else f"m={more},q=2"
        messages.append(_message(keys, chunk))
    messages.append(_message(f"a=p,U=1,i={image_id},c={columns},r={rows},q=2"))
    return "".join(messages)


def delete_sequence(image_id: int) -> str:
    """The escape that deletes image ``image_id`` and frees its data in the terminal."""
    return _message(f"a=d,d=I,i={image_id},q=2")
