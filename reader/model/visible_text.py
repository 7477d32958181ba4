"""The plain text a reader sees in a post's Markdown: for search snippets and checks.

The one home of this until the shared "plain text of a post" function lands (issue 12):
callers use ``visible_text`` and nothing else, so switching is one change here.
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.model.cleanup import PLACEHOLDER_TAG, clean_markdown
from reader.model.text import is_cjk

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def visible_text(markdown: str) -> str:
    """The words of ``markdown`` as shown: no marks, link targets, comments or tags.

    Blocks are separated by newlines; a line break inside Japanese or Chinese text joins
    without a space, elsewhere with one; images give their description; site syntax
    that reader cannot show (includes, shortcodes) is left out.
    """
    blocks: list[str] = []
    for token in _parser().parse(clean_markdown(markdown)):
        if token.type == "inline":
            blocks.append(_inline(token))
        elif token.type in {"fence", "code_block"}:
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_html(token.content))
    return "\n".join(block for block in blocks if block.strip())


def _html(html: str) -> str:
    return unescape(_HTML_TAG.sub("", _HTML_COMMENT.sub("", html))).strip()


def _inline(token: Token) -> str:
    """The words of an inline token, as they read."""
    text: list[str] = []
    hidden = False
    children = token.children or []
    for index, child in enumerate(children):
        kind = child.type
        if kind == "html_inline":
            tag = child.content.lower()
            if tag.startswith(f"<{PLACEHOLDER_TAG}"):
                hidden = True
            elif tag.startswith(f"</{PLACEHOLDER_TAG}"):
                hidden = False
        elif hidden:
            continue
        elif kind in {"text", "code_inline"} or kind == "image":
            text.append(child.content)
        elif kind == "softbreak":
            before = text[-1][-1:] if text else ""
            after = children[index + 1].content[:1] if index + 1 < len(children) else ""
            text.append("" if is_cjk(before) and is_cjk(after) else " ")
        elif kind == "hardbreak":
            text.append("\n")
    return "".join(text)
