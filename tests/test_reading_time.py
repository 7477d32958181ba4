"""Reading time: our estimate (words, CJK characters, images) and the front matter's value."""

from __future__ import annotations

import pytest
from conftest import PostFiles
from growth import assert_linear
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import reading_time
from reader.model.post_loader import load_post
from reader.model.reading_time import (
    ReadingSpeeds,
    count_images,
    count_words,
    estimate_minutes,
    image_seconds,
)

WORD = "word "
KANJI = "漢"


@pytest.mark.parametrize(
    ("body", "minutes"),
    [
        ("", 1),
        (WORD, 1),
        (WORD * 238, 1),  # 238 words a minute
        (WORD * 239, 2),  # rounded up
        (WORD * 476, 2),
        (WORD * 477, 3),
        (KANJI * 500, 1),  # 500 CJK characters a minute
        (KANJI * 501, 2),
        (KANJI * 1000, 2),
        ("ひらがな" * 250 + "カタカナ" * 250, 4),  # kana count like kanji: 2,000 characters
        ("한국어" * 500, 3),  # Hangul too: 1,500 characters
        (KANJI * 250 + " " + WORD * 119, 1),  # 30 s + 30 s
        (KANJI * 250 + " " + WORD * 120, 2),  # just over a minute
        ("。、「」" * 1000, 1),  # CJK punctuation is read with its sentence, not counted
    ],
)
def test_estimate_minutes(body: str, minutes: int) -> None:
    assert estimate_minutes(body) == minutes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("  \n\t ", 0),
        ("one two  three\nfour\tfive", 5),
        ("don't 3.11 co-op it’s", 4),  # joined inside words
        ("a,b;c:d!e?f/g(h)i[j]k{l}m<n>o|p", 16),  # separated by ASCII punctuation
        ("a—b…c“d”e", 5),  # general punctuation
        ("a\u00a0b\u2003c\u3000d\u205fe\u0085f", 6),  # whitespace outside ASCII
        ("café naïve résumé", 3),
        ("ｗｏｒｄ！ｗｏｒｄ（ｗｏｒｄ）", 3),  # full-width punctuation
        ("「ok」、「yes」。", 2),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


# The rule in its plainest form: punctuation (but ' . - ’) becomes space, then split.
_SEPARATING_PUNCTUATION = {
    code: " "
    for first, last in [
        (0x21, 0x2F),
        (0x3A, 0x40),
        (0x5B, 0x60),
        (0x7B, 0x7E),
        (0x2010, 0x205E),
        (0x3000, 0x303F),
        (0x30FB, 0x30FB),
        (0xFF01, 0xFF0F),
        (0xFF1A, 0xFF20),
        (0xFF3B, 0xFF40),
        (0xFF5B, 0xFF65),
    ]
    for code in range(first, last + 1)
    if chr(code) not in "'’.-"
}


_EVERY_SPACE_OUTSIDE_ASCII = "".join(
    chr(code) for code in range(0x80, 0x3001) if chr(code).isspace()
)


@settings(max_examples=1000)
@given(
    st.text(
        "ab é字 ’'.-,\n\t、。「」！ｗ\u2019\u201c—\x1f" + _EVERY_SPACE_OUTSIDE_ASCII, max_size=30
    )
)
def test_count_words_agrees_with_splitting_on_any_text(text: str) -> None:
    assert count_words(text) == len(text.translate(_SEPARATING_PUNCTUATION).split())


# Han (with extension A and compatibility ideographs), kana and Hangul.
_CJK_RANGES = [
    (0x3005, 0x3007),
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
]
_CJK_SPACES = {code: " " for first, last in _CJK_RANGES for code in range(first, last + 1)}


_CJK_EDGES = "".join(
    chr(code + step) for range_ in _CJK_RANGES for code in range_ for step in (-1, 0, 1)
)


@settings(max_examples=1000)
@given(
    st.text(
        "ab é字 ’'.-,\n\t、。「」！ｗ・\u0085\u00a0\u2019—\U0001f600\U00020000" + _CJK_EDGES,
        max_size=40,
    )
)
def test_cjk_characters_and_words_agree_with_the_plain_rule_on_any_text(text: str) -> None:
    cjk = sum(1 for character in text if ord(character) in _CJK_SPACES)
    words = len(text.translate(_CJK_SPACES).translate(_SEPARATING_PUNCTUATION).split())
    assert reading_time._cjk_characters_and_words(text) == (cjk, words)


def test_cjk_text_is_not_one_word() -> None:
    # mdit-py-plugins' wordcount counts this as 0 or 1 word; we count 3,000 characters.
    assert estimate_minutes("日本語の文章です。" * 375) == 6


def test_words_between_cjk_characters_are_counted() -> None:
    body = "日本語" * 500 + " " + "Python and TOML and YAML " * 100  # 1,500 chars + 500 words
    assert estimate_minutes(body) == 6  # 180 s + 126 s = 306 s


@pytest.mark.parametrize(
    ("count", "seconds"),
    [(0, 0), (1, 12), (2, 23), (9, 12 + 11 + 10 + 9 + 8 + 7 + 6 + 5 + 4), (10, 75), (12, 81)],
)
def test_image_seconds(count: int, seconds: int) -> None:
    assert image_seconds(count) == seconds


@pytest.mark.parametrize(
    ("body", "images"),
    [
        ("no images [link](x) and ! [", 0),
        ("![a](a.png) ![](b.png)\n![multi\nline alt](c.png)", 3),
        ("![not](", 1),
        ("![no paren] ![yes](y.png)", 1),  # the first "]" ends the alt text
        ('<img src="a.png"> <IMG SRC=b> <image> <imgx>', 2),
    ],
)
def test_count_images(body: str, images: int) -> None:
    assert count_images(body) == images


def test_counting_images_in_hostile_text_takes_linear_time() -> None:
    # A pattern tried at each "![" read the rest of the text each time: hours for 10 MB.
    assert count_images("![" * 2_000_000) == 0
    # Both sizes inside the processor's caches: between 1 MB and 4 MB a scan's time grew
    # by up to 13x on a busy machine for the memory, not the algorithm.
    assert_linear(lambda size: "![" * size, count_images, 50_000)


def test_images_add_time() -> None:
    images = "![a](a.png)\n" * 6 + '<img src="b.png">\n' * 6  # 12 images: 81 s
    assert estimate_minutes(images) == 2
    assert estimate_minutes(WORD * 200 + "\n![x](x.png)") == 2  # 50 s + 12 s
    assert estimate_minutes(WORD * 200) == 1


@pytest.mark.parametrize(
    ("front_matter", "stated"),
    [
        ("reading_time: 8", 8),
        ("readingTime: 12", 12),
        ("read_time: 3", 3),
        ('reading_time: "8"', 8),
        ("reading_time: 2.6", 3),
        ("reading_time: 0", None),
        ("reading_time: -4", None),
        ("reading_time: true", None),
        ("reading_time: eight", None),
        ("reading_time: [8]", None),
        ("reading_time: .inf", None),  # round() would raise
        ("reading_time: .nan", None),
        ('reading_time: "²"', None),  # isdigit() but not a number int() takes
        ('reading_time: "' + "1" * 5000 + '"', None),  # over int()'s digit limit
        ('reading_time: " 5 "', 5),
        ("title: none given", None),
    ],
)
def test_stated_reading_time(posts: PostFiles, front_matter: str, stated: int | None) -> None:
    post = posts.load(f"---\n{front_matter}\n---\n" + WORD * 500)
    assert post.stated_minutes == stated
    assert post.estimated_minutes == 3
    # the value the sidebar and --json show: the front matter's when it gives one
    assert post.reading_minutes == (stated or 3)


def test_toml_reading_time(posts: PostFiles) -> None:
    post = posts.load("+++\nreadingTime = 7\n+++\n" + KANJI * 2600)
    assert (post.stated_minutes, post.estimated_minutes, post.reading_minutes) == (7, 6, 7)


def test_the_estimate_ignores_front_matter(posts: PostFiles) -> None:
    front_matter = "---\ntags: [" + ", ".join(["tag"] * 600) + "]\n---\n"
    assert posts.load(front_matter + "Short.\n").estimated_minutes == 1


def test_the_readers_own_speeds_change_the_estimate(posts: PostFiles) -> None:
    text = "---\ntitle: Words\n---\n" + "word " * 2380 + "\n" + "日本語の文章" * 500 + "\n"
    assert posts.load(text).estimated_minutes == 10 + 6  # 2,380 words, 3,000 CJK characters
    path = posts.write(text)
    slow = ReadingSpeeds(cjk_characters_per_minute=1000, words_per_minute=119)
    assert load_post(path, speeds=slow).estimated_minutes == 20 + 3
    assert load_post(path).estimated_minutes == 16  # nothing kept from one call to the next
