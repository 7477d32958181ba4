"""Text hygiene: control characters, line endings, one-line values, CJK line joining."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.text import clean_text, join_cjk_lines, one_line, printable_path


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "a\u241b[2Jb"),  # ESC becomes the visible ␛
        ("\x00\x07\x08", "\u2400\u2407\u2408"),
        ("del\x7f", "del\u2421"),
        ("csi\x9b31m", "csi\ufffd31m"),  # C1 (a one-byte CSI) is replaced
        ("next\x85line", "next\ufffdline"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # tab and newline are kept
        ("crlf\r\nline\rcr", "crlf\nline\ncr"),
        ("vt\x0bff\x0c", "vt\u240bff\u240c"),
        ("caf\udce9", "caf\ufffd"),  # a file name's undecodable byte
        ("日本語 and émoji 🙂", "日本語 and émoji 🙂"),
        ("lines\nof 日本語\u3000and\xa0Latin-1 ©\n", "lines\nof 日本語\u3000and\xa0Latin-1 ©\n"),
        ("lines\nwith C1 © \x9b2J", "lines\nwith C1 © \ufffd2J"),
        ("lines\nwith 日本語\x1b[2J", "lines\nwith 日本語\u241b[2J"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


_PIECES = [
    "a",
    "\n",
    "\t",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\xa0",
    "©",
    "é",
    "字",
    "\ud800",
]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_PIECES), max_size=11).map("".join))
def test_clean_text_of_random_text_replaces_exactly_the_controls(raw: str) -> None:
    clean = clean_text(raw)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", clean)
    kept = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", "", raw.replace("\r", ""))
    assert re.sub(r"[\u2400-\u2421\ufffd]", "", clean).replace("\n", "") == kept.replace("\n", "")


def test_clean_text_keeps_replacement_character() -> None:
    assert clean_text("ハイペリ\ufffd") == "ハイペリ\ufffd"


def test_one_line_collapses_whitespace_and_cleans() -> None:
    assert one_line("  a\n\n b\t c \x1b]2;x\x07 ") == "a b c \u241b]2;x\u2407"


def test_one_line_cuts_with_an_ellipsis() -> None:
    assert one_line("x" * 10, limit=5) == "xxxx…"
    assert one_line("x" * 5, limit=5) == "xxxxx"


def test_join_cjk_lines_joins_only_between_cjk() -> None:
    assert join_cjk_lines("日本語の\n文章です。\nNext line\nand more") == (
        "日本語の文章です。\nNext line\nand more"
    )
    assert join_cjk_lines("「かぎ」\n（括弧）") == "「かぎ」（括弧）"
    assert join_cjk_lines("English\n日本語") == "English\n日本語"


def test_printable_path_replaces_only_undecodable_bytes() -> None:
    path = PurePosixPath("/blog/caf\udce9\x1b.md")
    assert printable_path(path) == "/blog/caf\ufffd\x1b.md"
    printable_path(path).encode("utf-8")  # does not raise
