"""The text of a post as a reader sees it: no Markdown marks, no template syntax.

One reading for every use of a post's words: the excerpt (its first paragraph), the
text that search indexes and shows in snippets, and the text find looks through. Site
syntax is translated first (:func:`reader.model.cleanup.clean_markdown`), then the
Markdown is parsed by the one parser (:mod:`reader.model.markdown_parser`) and the
words are read from its tokens. Imports no UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it.token import Token

from reader.model.cleanup import PLACEHOLDER_TAG, clean_markdown
from reader.model.markdown_parser import parse
from reader.model.text import join_cjk_lines

__all__ = ["TextBlock", "inline_text", "plain_text", "text_blocks"]

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


def inline_text(token: Token) -> str:
    """The words of an inline token; what stands for site syntax is left out.

    Line breaks stay line breaks (between CJK characters they are joined later). A
    reference link whose definition was not parsed with it shows its text only.
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
    return "".join(words)


def blocks_of(tokens: Sequence[Token]) -> list[TextBlock]:
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
            row.append(" ".join(inline_text(token).split()))
        elif kind == "inline" and context in ("heading", "paragraph"):
            text = join_cjk_lines(inline_text(token))
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
            text = _BLANK_LINES.sub("\n", _HTML_TAG.sub("", _HTML_HIDDEN.sub("", token.content)))
            if text.strip():
                blocks.append(TextBlock("html", text.strip()))
    return blocks


def text_blocks(markdown: str, page: Mapping[str, Any] | None = None) -> list[TextBlock]:
    """The blocks of a post body as a reader sees their words.

    ``page`` is the post's front matter (for Hugo's ``param``). Alert titles, which the
    reader sees as a label, are not part of the text.
    """
    return blocks_of(parse(clean_markdown(markdown, page)))


def plain_text(markdown: str, page: Mapping[str, Any] | None = None, *, code: bool = True) -> str:
    """All the words of a post body a reader sees, a blank line between blocks.

    With ``code`` False, code blocks are left out (an excerpt is read, not run).
    """
    return "\n\n".join(
        block.text for block in text_blocks(markdown, page) if code or block.kind != "code"
    )
