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
# Words are separated by whitespace and punctuation, but not by punctuation inside
# them ("don't", "3.11", "co-op"): ASCII punctuation but ' . -; general punctuation
# (dashes, quotes, ellipsis) but ’; CJK punctuation (「」、。) and "・"; full-width
# punctuation; and whitespace outside ASCII (U+0085, U+00A0, U+1680, U+2000-U+200A, U+205F;
# the others are in the ranges above).
_NON_ASCII_SEPARATORS = re.compile(
    "[\u2010-\u2018\u201a-\u205e\u3000-\u303f\u30fb"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\x85\xa0\u1680\u2000-\u200a\u205f]+"
)
# Each byte of UTF-8 text as 0 (ASCII whitespace or separating punctuation) or 1.
_WORD_BYTES = bytes(
    0
    if code < 0x80
    and (chr(code).isspace() or (chr(code) in string.punctuation and chr(code) not in "'.-"))
    else 1
    for code in range(256)
)
_HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)


def count_words(text: str) -> int:
    """How many words ``text`` has: runs of characters between whitespace and punctuation.

    Counted on bytes in C (no word is made into a string), several times faster than
    splitting the text: each byte becomes a 0 or 1 of one big number, and a word starts
    at each 1 after a 0.
    """
    if not text.isascii():
        text = _NON_ASCII_SEPARATORS.sub(" ", text)
    marks = int.from_bytes(text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES), "little")
    return (marks & ~(marks << 8)).bit_count()


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


def estimate_minutes(body: str) -> int:
    """Estimate whole minutes to read a Markdown body (at least 1).

    CJK characters count at about 500 a minute, other words at about 238 a minute
    (Brysbaert's non-fiction rate), or the speeds set with ``use_reading_speeds``; and
    images as Medium counts them; rounded up.
    """
    if body.isascii():
        cjk_count, other_text = 0, body
    else:
        # One pass: each run of CJK characters becomes one space.
        other_text, runs = _CJK_RUN.subn(" ", body)
        cjk_count = len(body) - len(other_text) + runs
    seconds = (
        cjk_count * 60 / _speeds.cjk_characters_per_minute
        + count_words(other_text) * 60 / _speeds.words_per_minute
        + image_seconds(count_images(body))
    )
    return max(1, math.ceil(seconds / 60))
