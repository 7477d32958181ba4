"""The text of a post as a reader sees it: no Markdown marks, no template syntax.

One reading for every use of a post's words: the excerpt (its first paragraph), the
text that search indexes and shows in snippets (:func:`snippet_text`), and the text find
looks through. The body's tokens come from the one parser
(:func:`reader.model.markdown_parser.body_tokens`, site syntax included) and the words
are read from them. Imports no UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any, Literal

from markdown_it.token import Token

from reader.model.cleanup import PLACEHOLDER_TAG
from reader.model.markdown_parser import body_tokens
from reader.model.text import join_cjk_lines

__all__ = ["TextBlock", "inline_text", "plain_text", "snippet_text", "text_blocks"]

BlockKind = Literal["heading", "paragraph", "table", "code", "html"]

# A reference link whose definition is not in the text read ("[text][ref]"): its text.
_UNRESOLVED_REFERENCE = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_HTML_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_PLACEHOLDER_OPEN = f"<{PLACEHOLDER_TAG}"
_PLACEHOLDER_CLOSE = f"</{PLACEHOLDER_TAG}"


@dataclass(frozen=True)
class TextBlock:
    """The words of one block of a post: a heading, a paragraph, a table, code or HTML."""

    kind: BlockKind
    text: str


def inline_text(token: Token, *, images: bool = False) -> str:
    """The words of an inline token; what stands for site syntax is left out.

    Line breaks stay line breaks (between CJK characters they are joined later). A
    reference link whose definition was not parsed with it shows its text only. With
    ``images``, an image gives its description (as the body shows it).
    """
    words: list[str] = []
    in_placeholder = False
    for child in token.children or []:
        kind = child.type
        if kind == "html_inline":
            tag = child.content.lower()
            if tag.startswith(_PLACEHOLDER_OPEN):
                in_placeholder = True
            elif tag.startswith(_PLACEHOLDER_CLOSE):
                in_placeholder = False
        elif in_placeholder:
            continue
        elif kind == "text":
            words.append(_UNRESOLVED_REFERENCE.sub(r"\1", child.content))
        elif kind == "code_inline":
            words.append(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            words.append("\n")
        elif kind == "image" and images:
            words.append(child.content)
    return "".join(words)


def blocks_of(tokens: Sequence[Token], *, images: bool = False) -> list[TextBlock]:
    """The text blocks of parsed tokens, in order (see :func:`text_blocks`)."""
    blocks: list[TextBlock] = []
    row: list[str] = []
    rows: list[str] = []
    # What the next inline token is: a block's text, a table cell, or a label to skip.
    context = "label"
    for token in tokens:
        kind = token.type
        if kind in {"heading_open", "paragraph_open"}:
            context = "heading" if kind == "heading_open" else "paragraph"
        elif kind in {"th_open", "td_open"}:
            context = "cell"
        elif kind == "alert_title_open":
            context = "label"
        elif kind == "table_open":
            rows = []
        elif kind == "inline" and context == "cell":
            row.append(" ".join(inline_text(token, images=images).split()))
        elif kind == "inline" and context in ("heading", "paragraph"):
            text = join_cjk_lines(inline_text(token, images=images))
            if text.strip():
                blocks.append(TextBlock("heading" if context == "heading" else "paragraph", text))
        elif kind == "tr_close":
            rows.append(" ".join(cell for cell in row if cell))
            row = []
        elif kind == "table_close":
            text = "\n".join(line for line in rows if line)
            if text:
                blocks.append(TextBlock("table", text))
        elif kind in {"fence", "code_block"} and token.content.strip():
            blocks.append(TextBlock("code", token.content.rstrip("\n")))
        elif kind == "html_block":
            text = _HTML_TAG.sub("", _HTML_HIDDEN.sub("", token.content))
            text = unescape(_BLANK_LINES.sub("\n", text))
            if text.strip():
                blocks.append(TextBlock("html", text.strip()))
    return blocks


def text_blocks(markdown: str, page: Mapping[str, Any] | None = None) -> list[TextBlock]:
    """The blocks of a post body as a reader sees their words.

    ``page`` is the post's front matter (for Hugo's ``param``). Alert titles, which the
    reader sees as a label, are not part of the text.
    """
    return blocks_of(body_tokens(markdown, page=page))


def plain_text(markdown: str, page: Mapping[str, Any] | None = None, *, code: bool = True) -> str:
    """All the words of a post body a reader sees, a blank line between blocks.

    With ``code`` False, code blocks are left out (an excerpt is read, not run).
    """
    return "\n\n".join(
        block.text for block in text_blocks(markdown, page) if code or block.kind != "code"
    )


def snippet_text(markdown: str, page: Mapping[str, Any] | None = None) -> str:
    """The words of some Markdown for a search snippet: one line per block.

    The blocks of :func:`text_blocks`, images giving their description; a line break
    within a paragraph or heading reads as a space (none between CJK characters). Table
    rows and code lines stay lines of their own.
    """
    lines: list[str] = []
    for block in blocks_of(body_tokens(markdown, page=page), images=True):
        if block.kind in ("paragraph", "heading"):
            lines.append(block.text.replace("\n", " "))  # CJK lines are joined
        else:
            lines.extend(line for line in block.text.split("\n") if line.strip())
    return "\n".join(lines)
