"""Reading-time estimate that counts Japanese, Chinese and Korean text too."""

from __future__ import annotations

import math
import re

CJK_CHARACTERS_PER_MINUTE = 500
WORDS_PER_MINUTE = 238

# Han (with extension A and compatibility ideographs), kana and Hangul; punctuation
# such as 「」。 is read with its sentence and does not count.
_CJK = re.compile(
    r"[\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_IMAGE = re.compile(r"!\[[^\]]*\]\(|<img\b", re.IGNORECASE)


def image_seconds(count: int) -> int:
    """Seconds to look at ``count`` images: 12 s for the first, one less each, at least 3 s."""
    return sum(max(12 - index, 3) for index in range(count))


def estimate_minutes(body: str) -> int:
    """Estimate whole minutes to read a Markdown body (at least 1).

    CJK characters count at about 500 a minute, other words at about 238 a minute
    (Brysbaert's non-fiction rate), and images as Medium counts them; rounded up.
    """
    cjk_count = len(_CJK.findall(body))
    other_text = _CJK.sub(" ", body)
    word_count = len(_WORD.findall(other_text))
    seconds = (
        cjk_count * 60 / CJK_CHARACTERS_PER_MINUTE
        + word_count * 60 / WORDS_PER_MINUTE
        + image_seconds(len(_IMAGE.findall(body)))
    )
    return max(1, math.ceil(seconds / 60))
