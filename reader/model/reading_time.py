"""Reading-time estimate that counts Japanese, Chinese and Korean text too."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

CJK_CHARACTERS_PER_MINUTE = 500
WORDS_PER_MINUTE = 238


@dataclass(frozen=True)
class ReadingSpeeds:
    """How fast the reader reads: CJK characters and other words a minute."""

    cjk_characters_per_minute: int = CJK_CHARACTERS_PER_MINUTE
    words_per_minute: int = WORDS_PER_MINUTE


_speeds = ReadingSpeeds()


def use_reading_speeds(speeds: ReadingSpeeds) -> None:
    """Estimate with ``speeds`` from now on, in this process (the reader's settings)."""
    global _speeds
    _speeds = speeds


def reading_speeds() -> ReadingSpeeds:
    """The speeds estimates use in this process."""
    return _speeds


# Han (with extension A and compatibility ideographs), kana and Hangul; punctuation
# such as 「」。 is read with its sentence and does not count.
_CJK_RUN = re.compile(
    r"[\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]+"
)
_PUNCTUATION_RANGES = (
    # ASCII
    (0x21, 0x2F),
    (0x3A, 0x40),
    (0x5B, 0x60),
    (0x7B, 0x7E),
    # General punctuation (dashes, quotes, ellipsis), CJK punctuation (「」、。), "・"
    (0x2010, 0x205E),
    (0x3000, 0x303F),
    (0x30FB, 0x30FB),
    # Full-width punctuation
    (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
)
# Punctuation becomes space, except inside words ("don't", "3.11", "co-op").
_PUNCTUATION_TO_SPACE = {
    code: " "
    for first, last in _PUNCTUATION_RANGES
    for code in range(first, last + 1)
    if chr(code) not in "'’.-"
}
_IMAGE = re.compile(r"!\[[^\]]*\]\(|<img\b", re.IGNORECASE)


def image_seconds(count: int) -> int:
    """Seconds to look at ``count`` images: 12 s for the first, one less each, at least 3 s."""
    return sum(max(12 - index, 3) for index in range(count))


def estimate_minutes(body: str) -> int:
    """Estimate whole minutes to read a Markdown body (at least 1).

    CJK characters count at about 500 a minute, other words at about 238 a minute
    (Brysbaert's non-fiction rate), or the speeds set with ``use_reading_speeds``; and
    images as Medium counts them; rounded up.
    """
    if body.isascii():
        cjk_count, other_text = 0, body
    else:
        others = _CJK_RUN.split(body)  # one pass: what is left between CJK runs
        cjk_count = len(body) - sum(map(len, others))
        other_text = " ".join(others)
    # Translating and splitting runs in C, several times faster than a word pattern.
    word_count = len(other_text.translate(_PUNCTUATION_TO_SPACE).split())
    seconds = (
        cjk_count * 60 / _speeds.cjk_characters_per_minute
        + word_count * 60 / _speeds.words_per_minute
        + image_seconds(len(_IMAGE.findall(body)) if "![" in body or "<" in body else 0)
    )
    return max(1, math.ceil(seconds / 60))
