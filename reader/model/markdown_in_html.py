"""Markdown inside HTML blocks, as the generators read it: a core rule of the one parser.

CommonMark keeps an HTML block (``<details>`` up to the next blank line) as raw HTML, so
the Markdown written inside ``<details>`` and in kramdown's ``markdown="1"`` elements
would show as source. GitHub, Hugo and kramdown render it, so here:

- ``<details>`` tags vanish and ``<summary>Title</summary>`` becomes a bold line;
- an element with ``markdown="1"`` (or ``block``, ``span``) vanishes, tags and all, down
  to its own closing tag, and what it held is Markdown.

The HTML blocks holding such tags are written again without them and parsed again into
the same token stream; lines indented by four spaces or more inside them stay HTML, not
code. Everything else is left as the parser made it. Imports no UI.
"""

from __future__ import annotations

import re
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["markdown_in_html_plugin"]

_HINT: Final = re.compile(r"</?(?:details|summary)\b|\bmarkdown\s*=", re.IGNORECASE)
_TAG: Final = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?P<attrs>[^<>]{0,500})>"
)
_SUMMARY_END: Final = re.compile(r"</summary\s*>", re.IGNORECASE)
_ANY_TAG: Final = re.compile(r"<[^<>]*>")
_MARKDOWN_ATTRIBUTE: Final = re.compile(
    r"""\bmarkdown\s*=\s*["']?(?:1|block|span)\b""", re.IGNORECASE
)
_WHITESPACE: Final = re.compile(r"\s+")
_SUMMARY_LIMIT: Final = 2000  # characters a summary's title is looked for in


def markdown_in_html_plugin(md: MarkdownIt) -> None:
    """Parse the Markdown inside ``<details>`` and ``markdown="1"`` elements."""
    md.core.ruler.after("block", "markdown_in_html", _markdown_in_html)


class _Unwrapper:
    """Rewrites HTML blocks in document order; remembers the open ``markdown="1"`` elements."""

    def __init__(self) -> None:
        self.open: list[tuple[str, int]] = []  # (name, depth of nested same-name elements)

    def rewrite(self, html: str) -> str | None:
        """``html`` without the tags that wrap Markdown, or None when it holds none."""
        if not self.open and not _HINT.search(html):
            return None
        lines: list[str] = []
        changed = dedent = False
        for line in html.split("\n"):
            if dedent and len(line) - len(line.lstrip(" ")) >= 4:
                line = line.lstrip(" ")  # HTML indentation, not an indented code block
            produced = self._line(line)
            if produced is None:
                lines.append(line)
                continue
            changed = dedent = True
            pieces = produced.split("\n")
            lines += [pieces[0] if pieces[0].strip() else ""]
            lines += [piece.lstrip(" \t") for piece in pieces[1:]]
        return "\n".join(lines) if changed else None

    def _line(self, line: str) -> str | None:
        """One line with its wrapping tags replaced by blank lines, or None: no such tag."""
        pieces: list[str] = []
        position = ticks = counted = 0
        lowered = line.lower()
        for match in _TAG.finditer(line):
            if match.start() < position:
                continue  # inside a summary already handled
            ticks += line.count("`", counted, match.start())
            counted = match.start()
            if ticks % 2:
                continue  # inside inline code
            replacement, end = self._tag(line, lowered, match)
            if replacement is not None:
                pieces += [line[position : match.start()], replacement]
                position = end
        if not pieces:
            return None
        pieces.append(line[position:])
        return "".join(pieces)

    def _tag(self, line: str, lowered: str, match: re.Match[str]) -> tuple[str | None, int]:
        """What stands for one tag, and where the line goes on after it.

        ``lowered`` is the line in lower case, made once for all its tags.
        """
        end = match.end()
        name = match.group("name").lower()
        closing = bool(match.group("close"))
        attributes = match.group("attrs")
        self_closing = attributes.rstrip().endswith("/")
        if name == "summary" and not closing:
            close = lowered.find("</summary", end, end + _SUMMARY_LIMIT)
            summary_end = _SUMMARY_END.match(line, close) if close >= 0 else None
            if summary_end is None:
                return "\n\n", end
            title = _WHITESPACE.sub(" ", _ANY_TAG.sub("", line[end:close])).strip()
            return (f"\n\n**{title}**\n\n" if title else "\n\n"), summary_end.end()
        if name in ("details", "summary"):
            return "\n\n", end
        if not closing and _MARKDOWN_ATTRIBUTE.search(attributes):
            if not self_closing:
                self.open.append((name, 0))
            return "\n\n", end
        if self.open and name == self.open[-1][0]:
            depth = self.open[-1][1]
            if closing and depth == 0:
                self.open.pop()
                return "\n\n", end
            if closing:
                self.open[-1] = (name, depth - 1)
            elif not self_closing:
                self.open[-1] = (name, depth + 1)
        return None, end


def _markdown_in_html(state: StateCore) -> None:
    tokens = state.tokens
    if not any(token.type == "html_block" and _HINT.search(token.content) for token in tokens):
        return
    unwrapper = _Unwrapper()
    result: list[Token] = []
    for token in tokens:
        text = unwrapper.rewrite(token.content) if token.type == "html_block" else None
        if text is None:
            result.append(token)
            continue
        parsed: list[Token] = []
        state.md.block.parse(text, state.md, state.env, parsed)
        for item in parsed:
            item.level += token.level
            # Its lines are no longer the source's: each block stands where the HTML did.
            item.map = list(token.map) if token.map and item.map else None
        result += parsed
    state.tokens = result
