"""The one Markdown parser of reader, and the site syntax it knows beyond CommonMark.

Every reader of a post's Markdown (the body, the excerpt, the plain text for find and
search) takes its tokens from :func:`parse`, so what is code, what is a paragraph and
what a heading's anchor is are decided here once:

- GitHub tables, strikethrough, footnotes, task lists, and alerts (``> [!NOTE]``, with
  markdown-it-py's own ``alerts`` option);
- heading attributes ``## Title {#id .class}`` (kramdown, Hugo, Pandoc), hidden from the
  title and giving the heading its id;
- an id on every heading: the explicit one, else the site generator's slug of its text;
- the site syntax of :mod:`reader.model.site_rules` (kramdown attribute lists, escaped
  shortcodes, Hugo's ``param``);
- Markdown inside ``<details>`` and ``markdown="1"`` elements
  (:mod:`reader.model.markdown_in_html`).

A post body's template tags are read first (:func:`reader.model.cleanup.clean_markdown`):
:func:`body_tokens` does both. The generator and the page's front matter are passed in
``env`` (``{"generator": "zola", "page": {...}}``); GitHub's slug rule is the default
(Hugo's Goldmark and Jekyll's kramdown GFM parser follow it). Imports no UI.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, MutableMapping
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import unique_slug
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from reader.model.cleanup import clean_markdown
from reader.model.markdown_in_html import markdown_in_html_plugin
from reader.model.site_rules import ATTRIBUTES_TOKEN, site_rules_plugin

__all__ = [
    "body_tokens",
    "heading_slug",
    "loose_anchor",
    "markdown_parser",
    "parse",
    "without_heading_attributes",
]

# "{#id .class key=value}" at the end of a heading; kramdown writes "{:#id}" too.
_TRAILING_ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*([#.][^{}\n]*|[A-Za-z][\w-]*=[^{}\n]*)\}$")
_NOT_GITHUB_SLUG = re.compile(r"[^\w\- ]")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


@cache
def markdown_parser() -> MarkdownIt:
    """The parser (building it costs more than parsing a short post, so it is made once)."""
    parser = (
        MarkdownIt("commonmark", {"html": True, "alerts": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(tasklists_plugin)
        .use(site_rules_plugin)
        .use(markdown_in_html_plugin)
    )
    parser.core.ruler.after("inline", "heading_attributes", _heading_attributes)
    parser.core.ruler.push("heading_ids", _heading_ids)
    return parser


def parse(markdown: str, generator: str = "", page: Mapping[str, Any] | None = None) -> list[Token]:
    """The tokens of ``markdown``; headings get ids by ``generator``'s slug rule.

    ``page`` is the post's front matter (Hugo's ``param`` reads it).
    """
    env: MutableMapping[str, Any] = {"generator": generator, "page": page or {}}
    return markdown_parser().parse(markdown, env)


def body_tokens(
    markdown: str, generator: str = "", page: Mapping[str, Any] | None = None
) -> list[Token]:
    """The tokens of a post body: its site syntax read (``page`` is its front matter)."""
    return parse(clean_markdown(markdown, page), generator, page)


def heading_slug(text: str, generator: str = "") -> str:
    """The id a generator gives a heading with this text (no id given).

    GitHub, Hugo (Goldmark) and Jekyll (kramdown's GFM parser): lower case, every
    character but letters, digits, ``_``, ``-`` and spaces dropped, spaces to ``-``.
    Zola: the text in ASCII, lower case, every run of other characters one ``-``.
    """
    if generator == "zola":
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _NOT_ALPHANUMERIC.sub("-", ascii_text.lower()).strip("-")
    return _NOT_GITHUB_SLUG.sub("", text.lower()).replace(" ", "-")


def loose_anchor(anchor: str) -> str:
    """An anchor compared loosely (case, punctuation and separators ignored).

    A link written for one generator's slugs still finds its heading under another's.
    """
    return _NOT_ALPHANUMERIC.sub("", anchor.casefold())


def without_heading_attributes(title: str) -> str:
    """A heading's text without a trailing ``{#id .class}`` (as a reader sees the title)."""
    if not title.endswith("}"):
        return title
    # From the last "{" only: a search over the whole title can backtrack quadratically.
    start = title.rfind("{")
    found = _TRAILING_ATTRIBUTES.search(title, max(0, start - 64))
    return title[: found.start()] if found else title


def _heading_attributes(state: StateCore) -> None:
    """``## Title {#id .class}``: the list leaves the title and sets the heading's id.

    A kramdown list on the line below a heading (``{: #id}``) is the heading's too.
    """
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        listed = _trailing_list(tokens[index + 1])
        below = tokens[index + 3] if index + 3 < len(tokens) else None
        if listed is None and below is not None and below.type == ATTRIBUTES_TOKEN:
            listed = below.content[2:-1]
        if listed is None:
            continue
        try:
            _, attributes = parse_attributes("{" + listed + "}")
        except ParseError:
            continue
        for name in ("id", "class"):
            if attributes.get(name):
                token.attrSet(name, str(attributes[name]))


def _trailing_list(inline: Token) -> str | None:
    """The attribute list ending a heading's text, taken out of it; None: there is none."""
    children = inline.children
    if not children or not inline.content.endswith("}"):
        return None
    last = children[-1]
    if last.type == ATTRIBUTES_TOKEN:  # kramdown's "{: #id}", read by the site rules
        children.pop()
        listed = last.content[2:-1]
        if children and children[-1].type == "text":
            children[-1].content = children[-1].content.rstrip(" \t")
    elif last.type == "text":
        bare = without_heading_attributes(last.content)
        found = (
            _TRAILING_ATTRIBUTES.search(last.content, len(bare)) if bare != last.content else None
        )
        if found is None:
            return None
        listed = found.group(1)
        last.content = last.content[: found.start()]
        if not last.content:
            children.pop()
    else:
        return None
    inline.content = without_heading_attributes(inline.content)
    return listed


def _heading_ids(state: StateCore) -> None:
    """Give each heading without an explicit id its slug, unique in the post."""
    generator = str(state.env.get("generator", "")) if isinstance(state.env, dict) else ""
    tokens = state.tokens
    taken = {
        str(token.attrGet("id"))
        for token in tokens
        if token.type == "heading_open" and token.attrGet("id")
    }
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.attrGet("id"):
            continue
        children = tokens[index + 1].children or []
        title = "".join(child.content for child in children if child.type in _SLUG_CHILDREN)
        slug = heading_slug(title.strip(), generator) or "section"
        slug = unique_slug(slug, taken)
        taken.add(slug)
        token.attrSet("id", slug)


_SLUG_CHILDREN = frozenset({"text", "code_inline"})
