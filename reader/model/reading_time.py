"""Reading-time estimate that counts Japanese, Chinese and Korean text too."""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass

CJK_CHARACTERS_PER_MINUTE = 500
WORDS_PER_MINUTE = 238


@dataclass(frozen=True)
class ReadingSpeeds:
    """How fast the reader reads: CJK characters and other words a minute."""

    cjk_characters_per_minute: int = CJK_CHARACTERS_PER_MINUTE
    words_per_minute: int = WORDS_PER_MINUTE


DEFAULT_SPEEDS = ReadingSpeeds()


# Han (with extension A and compatibility ideographs), kana and Hangul; punctuation
# such as 「」。 is read with its sentence and does not count.
_CJK = (
    *((0x3005, 0x3007), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF)),
    *((0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F)),
)
# Words are separated by whitespace and punctuation, but not by punctuation inside
# them ("don't", "3.11", "co-op"): ASCII punctuation but ' . -; general punctuation
# (dashes, quotes, ellipsis) but ’; CJK punctuation (「」、。) and "・"; full-width
# punctuation; and whitespace (U+0085, U+00A0, U+1680, U+2000-U+200A, U+205F outside
# ASCII; the others are in the ranges above).
_ASCII_SEPARATORS = tuple(
    (code, code)
    for code in range(0x80)
    if chr(code).isspace() or (chr(code) in string.punctuation and chr(code) not in "'.-")
)
_SEPARATORS = (
    *_ASCII_SEPARATORS,
    *((0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2010, 0x2018)),
    *((0x201A, 0x205F), (0x3000, 0x303F), (0x30FB, 0x30FB), (0xFF01, 0xFF0F)),
    *((0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65)),
)
# Each byte of ASCII text as 0 (a separator) or 1 (a letter of a word).
_WORD_BYTES = bytes(0 if (code, code) in _ASCII_SEPARATORS else 1 for code in range(256))
_HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
_EVERY = 0x80  # the bit of a high byte whose every low byte is in the set


def _unit_tables(ranges: tuple[tuple[int, int], ...]) -> tuple[bytes, bytes]:
    """Tables for the high and low bytes of UTF-16 code units, to tell those in ``ranges``.

    Translated, a unit's two bytes share a set bit exactly when its character is in
    ``ranges``. A high byte names a block of 256 characters: all in (bit 0x80), none in
    (0), or some, each such block with a bit of its own, set in the low bytes of those
    in. Surrogates (characters outside the Basic Multilingual Plane) are in no set.
    """
    blocks = [0] * 256  # for each high byte, its low bytes in ``ranges``, as bits
    for first, last in ranges:
        for high in range(first >> 8, (last >> 8) + 1):
            start, end = max(first, high << 8) & 0xFF, min(last, high << 8 | 0xFF) & 0xFF
            blocks[high] |= (1 << (end + 1)) - (1 << start)
    high_table, low_table = bytearray(256), bytearray([_EVERY] * 256)
    bits: dict[int, int] = {}  # each mix of low bytes: its bit
    for high, lows in enumerate(blocks):
        if lows == (1 << 256) - 1:
            high_table[high] = _EVERY
        elif lows:
            high_table[high] = bits.setdefault(lows, 1 << len(bits))
            for low in range(256):
                low_table[low] |= high_table[high] if lows >> low & 1 else 0
    if len(bits) > 7:
        raise ValueError("more blocks partly in the set than bits in a byte")
    return bytes(high_table), bytes(low_table)


_CJK_UNITS = _unit_tables(_CJK)
_SEPARATOR_UNITS = _unit_tables(_SEPARATORS)
_CJK_OR_SEPARATOR_UNITS = _unit_tables(_CJK + _SEPARATORS)
_ZERO_TO_ONE = bytes([1] + [0] * 255)


def _code_units(text: str) -> tuple[bytes, bytes]:
    """The high bytes and the low bytes of the UTF-16 code units of ``text``."""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[1::2], units[0::2]


def _outside(units: tuple[bytes, bytes], tables: tuple[bytes, bytes]) -> bytes:
    """For each code unit of ``_code_units``: 1 when its character is outside a set, else 0.

    The set is the one ``tables`` tell (see ``_unit_tables``). In C, with no string made
    per character.
    """
    high, low = units[0].translate(tables[0]), units[1].translate(tables[1])
    shared = int.from_bytes(high, "little") & int.from_bytes(low, "little")
    return shared.to_bytes(len(high), "little").translate(_ZERO_TO_ONE)


def _runs_of_ones(marks: bytes) -> int:
    """How many runs of 1s ``marks`` (bytes of 0 and 1) has: each 1 after a 0 starts one."""
    number = int.from_bytes(marks, "little")
    return (number & ~(number << 8)).bit_count()


def count_words(text: str) -> int:
    """How many words ``text`` has: runs of characters between whitespace and punctuation.

    Counted on bytes in C (no word is made into a string), several times faster than
    splitting the text.
    """
    if text.isascii():
        return _runs_of_ones(text.encode("ascii").translate(_WORD_BYTES))
    return _runs_of_ones(_outside(_code_units(text), _SEPARATOR_UNITS))


def count_images(body: str) -> int:
    """How many images a Markdown body shows: ``![alt](`` and ``<img`` tags."""
    count = len(_HTML_IMAGE.findall(body)) if "<" in body else 0
    # An image's alt text ends at the first "]": found with str.find, each part of the
    # text is looked at once (a pattern tried at each "![" takes quadratic time).
    start = body.find("![")
    while start != -1:
        close = body.find("]", start + 2)
        if close == -1:
            break
        count += body.startswith("(", close + 1)
        start = body.find("![", close + 1)
    return count


def image_seconds(count: int) -> int:
    """Seconds to look at ``count`` images: 12 s for the first, one less each, at least 3 s."""
    return sum(max(12 - index, 3) for index in range(count))


def _cjk_characters_and_words(text: str) -> tuple[int, int]:
    """How many CJK characters ``text`` has, and how many other words.

    A CJK character separates the words around it, as a space does.
    """
    if text.isascii():
        return 0, count_words(text)
    units = _code_units(text)
    return (
        _outside(units, _CJK_UNITS).count(0),
        _runs_of_ones(_outside(units, _CJK_OR_SEPARATOR_UNITS)),
    )


def estimate_minutes(body: str, speeds: ReadingSpeeds = DEFAULT_SPEEDS) -> int:
    """Estimate whole minutes to read a Markdown body (at least 1) at ``speeds``.

    CJK characters count at about 500 a minute, other words at about 238 a minute
    (Brysbaert's non-fiction rate) unless ``speeds`` says otherwise; and images as
    Medium counts them; rounded up.
    """
    cjk_count, words = _cjk_characters_and_words(body)
    seconds = (
        cjk_count * 60 / speeds.cjk_characters_per_minute
        + words * 60 / speeds.words_per_minute
        + image_seconds(count_images(body))
    )
    return max(1, math.ceil(seconds / 60))
