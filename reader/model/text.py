"""Text hygiene: what comes from a post is data, never terminal control."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TypeVar

PathT = TypeVar("PathT", bound=PurePath)

# C0 controls except tab and newline, DEL, and C1 controls; and lone surrogates, which
# is what undecodable bytes in a file name become (they cannot be written as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# Every byte but the C0 controls other than tab and newline, and DEL.
_NOT_CONTROL_BYTES = bytes(code for code in range(256) if code in (9, 10) or 0x20 <= code != 0x7F)


def _has_control(text: str) -> bool:
    """Whether ``text`` holds a character ``clean_text`` replaces (in C, unlike a pattern)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    # C1 controls are "\xc2\x80" to "\xc2\x9f" in UTF-8; "\xc2" starts other Latin-1 too.
    return bool(data.translate(None, _NOT_CONTROL_BYTES)) or (
        b"\xc2" in data and _CONTROL.search(text) is not None
    )


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛, ␀, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean_text(text: str) -> str:
    """Return ``text`` with line endings normalised and control characters made visible.

    CRLF and lone CR become LF. Every other C0 control except tab and newline, DEL and
    every C1 control is replaced by a visible stand-in (``␛`` for ESC), so that nothing
    from a post can reach the terminal as an escape sequence. Lone surrogates become U+FFFD.
    """
    if text.isprintable() or not _has_control(text):
        return text  # the common case, checked in C
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_picture, text)


def printable_path(path: PurePath) -> str:
    """``path`` as text that can be written as UTF-8: undecodable name bytes become U+FFFD.

    Control characters are kept (JSON escapes them); use ``clean_text`` for a terminal.
    """
    text = str(path)
    return text if text.isprintable() else _SURROGATE.sub("\ufffd", text)


def one_line(text: str, limit: int = 200) -> str:
    """Return ``text`` cleaned, on one line, and cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(clean_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# Text written without spaces between words: CJK radicals and punctuation, kana, Han,
# compatibility ideographs and forms, full-width forms. Not Hangul: Korean puts spaces
# between words, so it breaks and joins lines like Latin text. One list for line
# breaking and for joining lines; reading time counts its own set (no punctuation).
CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
CJK_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES)


def is_cjk(character: str) -> bool:
    """Whether ``character`` (one, or the empty string) is wide East Asian text.

    Compared by code point: a regular expression with these ranges costs milliseconds
    to compile, at every start.
    """
    if not character:
        return False
    code = ord(character)
    return any(first <= code <= last for first, last in CJK_RANGES)


def join_cjk_lines(text: str) -> str:
    """Remove line breaks between two CJK characters, which join without a space."""
    if "\n" not in text or text.isascii():
        return text
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        before = joined[-1][-1:]
        joined.append(line if is_cjk(before) and is_cjk(line[:1]) else "\n" + line)
    return "".join(joined)


def child_path(folder: PathT, name: str) -> PathT:
    """``folder / name`` for a ``name`` that is one plain file name, made cheaply.

    Joining parses the name again, which costs most of the time of listing a library
    of 100,000 posts; pathlib's own shortcut for names from a directory listing (what
    its ``iterdir`` uses) does not. It is not public: without it, the join is used.
    """
    make_child = getattr(folder, "_make_child_relpath", None)
    child: PathT = make_child(name) if make_child is not None else folder / name
    return child


@lru_cache(maxsize=4096)
def _folder(text: str) -> Path:
    return Path(text)


def path_from_text(text: str) -> Path:
    """The Path whose ``str()`` is ``text``, made cheaply for many files of a few folders.

    Each folder's Path is made once (and kept); each file's is ``child_path`` of it.
    Parsing every path whole took most of the time of reading a big library's cache.
    """
    folder, separator, name = text.rpartition(os.sep)
    if not separator or not name:
        return Path(text)
    # With its separator: "/" and "//" are other folders than "", and "D:\\" than "D:".
    return child_path(_folder(text[: len(folder) + 1]), name)
