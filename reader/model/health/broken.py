"""Broken text (lost characters, mojibake) and titles or excerpts that look cut."""

from __future__ import annotations

import re
from typing import Any

from reader.model.health.finding import Finding, Severity
from reader.model.health.place import PostText
from reader.model.text import is_cjk

REPLACEMENT = "\ufffd"
# What cp1252 shows for the bytes 0x80-0x9F, which continue UTF-8 sequences.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = f"[\u0080-\u00bf{_CP1252_HIGH}{REPLACEMENT}]"
# UTF-8 read as Latin-1 or cp1252: a lead byte shown as a letter, then its continuation
# bytes. Two-byte leads only as Â and Ã (Latin-1 letters and signs: "Ã©" for é); a
# three-byte lead (â to ï: "â€™" for ’, "ã‚¹" for ス) with both continuations, so that
# French "ç’" or "à «" stay text.
_MOJIBAKE = re.compile(f"[ÂÃ]{_CONTINUATION}|[â-ï]{_CONTINUATION}{{2}}")
# The leads that start nearly all mojibake: Latin-1 signs and letters, punctuation
# ("â€™"), kana and the commonest Han ("ã", "ä", "å", "æ", "ç", "è", "é"). Each is looked
# for in C; the pattern runs only on text holding one.
_MOJIBAKE_LEADS = ("Ã", "Â", "â€", "ã", "ä", "å", "æ", "ç", "è", "é")
_C1 = re.compile("[\u0080-\u009f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Brackets and quotes that a cut title leaves open.
_PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》", "“": "”", "[": "]"}
_STRAIGHT_QUOTE = '"'
_PUNCTUATION = frozenset("。、！？「」『』（）【】《》〈〉・：；，．…‥ー〜")
# A CJK title this long that stops where the body's first sentence goes on was cut by
# length; shorter ones may well be the first words of the body on purpose.
_MIN_CUT_CJK_TITLE = 20
_MIN_CUT_TITLE = 8
_BODY_START = 200  # characters where the body's first line is looked for


def broken_text(post_text: PostText, raw: str) -> list[Finding]:
    """Lost characters (U+FFFD, C1 controls, lone surrogates) and mojibake.

    One finding per front-matter key and one for the body, at the first place; ``raw``
    is the text as decoded, before control characters were made visible.
    """
    text = post_text.text
    findings: list[Finding] = []
    if REPLACEMENT in text:
        findings += _grouped(post_text, _lost_characters(text, raw), "broken-text")
    if not text.isascii() and any(lead in text for lead in _MOJIBAKE_LEADS):
        findings += _grouped(post_text, _mojibake(text), "mojibake")
    return findings


def _lost_characters(text: str, raw: str) -> list[tuple[int, str]]:
    """Each U+FFFD of ``text`` with what it was in the file (same offsets without CR)."""
    same_offsets = "\r" not in raw and len(raw) == len(text)
    places: list[tuple[int, str]] = []
    position = text.find(REPLACEMENT)
    while position != -1:
        was = raw[position] if same_offsets else REPLACEMENT
        if _C1.match(was):
            what = f"a C1 control character (U+{ord(was):04X})"
        elif _SURROGATE.match(was):
            what = "an undecodable byte (a lone surrogate)"
        else:
            what = "a replacement character (U+FFFD): text was lost"
        places.append((position, what))
        position = text.find(REPLACEMENT, position + 1)
    return places


def _mojibake(text: str) -> list[tuple[int, str]]:
    return [
        (match.start(), f"mojibake ({match.group()!r}): UTF-8 text decoded as Latin-1 or cp1252")
        for match in _MOJIBAKE.finditer(text)
    ]


def _grouped(post_text: PostText, places: list[tuple[int, str]], kind: str) -> list[Finding]:
    """One finding per front-matter key and for the body, at the first of its places."""
    groups: dict[str | None, list[tuple[int, str]]] = {}
    for offset, what in places:
        groups.setdefault(post_text.field_at(offset), []).append((offset, what))
    findings = []
    for field, group in groups.items():
        offset, what = group[0]
        line, column = post_text.place(offset)
        where = f"in {field}" if field else "in the body"
        more = f" (and {len(group) - 1} more)" if len(group) > 1 else ""
        message = f"broken text {where}: {what}{more}"
        if field is not None:
            findings.append(Finding(kind, Severity.ERROR, message, line, column, field))
            continue
        in_body = offset - post_text.body_offset
        passage = post_text.body[in_body : in_body + 1]
        findings.append(
            Finding(kind, Severity.ERROR, message, line, column, None, passage, in_body)
        )
    return findings


_OPENINGS = re.compile(f"[{re.escape(''.join(_PAIRS))}{_STRAIGHT_QUOTE}]")


def unclosed(text: str) -> str | None:
    """The first bracket or quote ``text`` opens and never closes (None if all close)."""
    if not _OPENINGS.search(text):
        return None
    for opening, closing in _PAIRS.items():
        if text.count(opening) > text.count(closing):
            return opening
    if text.count(_STRAIGHT_QUOTE) % 2:
        return _STRAIGHT_QUOTE
    return None


def _first_sentence_line(body: str) -> str:
    """The body's first line of text, without a heading's marks."""
    first = body.lstrip().split("\n", 1)[0]
    return " ".join(first.strip().lstrip("#").split())


def _cut_from_body(value: str, body: str) -> bool:
    """Whether ``value`` is the start of the body's first line, stopped inside a word."""
    if not 0 <= body.find(value[:_MIN_CUT_TITLE], 0, _BODY_START) < _BODY_START:
        return False  # the quick test of every post: the body does not start with it
    start = _first_sentence_line(body)
    value = " ".join(value.split())
    if len(start) <= len(value) or not start.startswith(value) or not value:
        return False
    last, following = value[-1], start[len(value)]
    if is_cjk(last) or is_cjk(following):
        return (
            len(value) >= _MIN_CUT_CJK_TITLE
            and last not in _PUNCTUATION
            and following not in _PUNCTUATION
        )
    return len(value) >= _MIN_CUT_TITLE and last.isalnum() and following.isalnum()


def cut_fields(
    post_text: PostText, metadata: dict[str, Any], keys: tuple[str, ...]
) -> list[Finding]:
    """Front-matter values among ``keys`` (a title, an excerpt) that look cut short."""
    findings = []
    for key in keys:
        value = metadata.get(key)
        if not isinstance(value, str):
            continue
        value = value.strip()
        if not value:
            continue
        reasons = []
        if value.endswith(REPLACEMENT):
            reasons.append("it ends in a broken character (U+FFFD)")
        opening = unclosed(value.rstrip(REPLACEMENT))
        if opening:
            reasons.append(f"its {opening} is never closed")
        if not reasons and _cut_from_body(value, post_text.body):
            reasons.append("it stops inside the body's first sentence")
        if reasons:
            findings.append(
                Finding(
                    f"cut-{'title' if key == 'title' else 'excerpt'}",
                    Severity.WARNING,
                    f"{key} looks cut: {' and '.join(reasons)}",
                    line=post_text.field_line(key),
                    field=key,
                )
            )
    return findings
