"""Site syntax that markdown-it reads itself, as rules of the one parser.

- kramdown attribute lists ``{: .class}``, ``{:#id}``, ``{:toc}`` (also one wrapped onto
  the next line) and extensions ``{::comment}…{:/comment}``, ``{::options … /}`` vanish;
  one after a heading gives the heading its id; a list
  ending with ``{:toc}`` (kramdown's ``* TOC`` above ``{:toc}``) vanishes with it;
- Hugo's escaped shortcodes ``{{</* x */>}}``, ``{{%/* x */%}}`` and Zola's
  ``{{/* x() */}}``, ``{%/* x() */%}`` show as the generator prints them, as code;
- Hugo's ``{{% param name %}}`` / ``{{< param name >}}`` show the value from the page's
  front matter (``env["page"]``), in code too, as Hugo does.

Inline rules only see text outside code spans, so code needs no care here; in code the
generators' own escapes and ``param`` are read by a core rule. Imports no UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = [
    "ESCAPES",
    "MAX_TAG",
    "page_parameter",
    "site_rules_plugin",
    "unescape_shortcodes",
    "unescaped_at",
]

MAX_TAG: Final = 4000  # a "tag" longer than this is stray braces, not a tag
# Openers of escaped shortcodes, their closers, and what the generator prints instead.
ESCAPES: Final = {
    "{{</*": ("*/>}}", "{{<", ">}}"),
    "{{%/*": ("*/%}}", "{{%", "%}}"),
    "{{/*": ("*/}}", "{{", "}}"),
    "{%/*": ("*/%}", "{%", "%}"),
}
ATTRIBUTES_TOKEN: Final = "kramdown_attributes"

_ESCAPE_OPEN = re.compile(r"\{\{[<%]/\*|\{\{/\*|\{%/\*")
_TERA_CALL = re.compile(r"\s*[A-Za-z_]\w*\s*\(.*\)\s*$|\s*end\s*$", re.DOTALL)
_PARAM = re.compile(r"""\{\{([<%])[ \t]*param[ \t]+("[^"]*"|'[^']*'|[^\s>%]+)[ \t]*([>%])\}\}""")
_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# A kramdown attribute list or extension; not a format spec such as "{:.2f}" or "{:>8}".
_ATTRIBUTES_START = re.compile(r"\{:[ \t]*(?:[.#:/A-Za-z_-]|\})")
_ATTRIBUTES_NUMERIC = re.compile(r"\{:[ \t]*\.?\d")
_ATTRIBUTES_IN_HTML = re.compile(r"\{:[ \t]*(?:[.#/A-Za-z_-][^{}\n]*)?\}")
_TOC = re.compile(r"\{:[ \t]*toc[ \t]*\}")
_CODE_TOKENS = frozenset({"fence", "code_block", "code_inline"})


def site_rules_plugin(md: MarkdownIt) -> None:
    """Add the site-syntax rules to ``md`` (their order matters: see the module)."""
    # A line holding only an attribute list ends the paragraph, list item or table above.
    md.block.ruler.before(
        "table",
        "kramdown_attributes",
        _attributes_line,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.after("text", "site_syntax", _site_syntax)
    md.core.ruler.after("inline", "site_code", _site_code)
    # After heading_attributes, which reads the lists following a heading.
    md.core.ruler.push("site_attributes", _drop_attributes)


def page_parameter(page: Mapping[str, Any], name: str) -> str:
    """Hugo's ``param``: a front matter value by name (dotted for nested maps), or "".

    Keys are matched ignoring case, as Hugo lower-cases them; ``params.name`` is read too.
    """
    for path in (name, f"params.{name}"):
        value: Any = page
        for key in path.split("."):
            if not isinstance(value, Mapping):
                value = None
                break
            value = next((item for k, item in value.items() if str(k).lower() == key.lower()), None)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        if value is not None and not isinstance(value, Mapping) and str(value).strip():
            return " ".join(str(value).split())
    return ""


def unescape_shortcodes(text: str) -> str:
    """``text`` with every escaped shortcode as its generator prints it."""
    pieces: list[str] = []
    position = 0
    while (match := _ESCAPE_OPEN.search(text, position)) is not None:
        printed = unescaped_at(text, match.start())
        if printed is None:
            pieces.append(text[position : match.end()])
            position = match.end()
            continue
        end, shown = printed
        pieces += [text[position : match.start()], shown]
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def unescaped_at(text: str, start: int) -> tuple[int, str] | None:
    """The escaped shortcode at ``start``: where it ends and what the generator prints."""
    for escape, (closer, printed_open, printed_close) in ESCAPES.items():
        if text.startswith(escape, start):
            inner_start = start + len(escape)
            end = text.find(closer, inner_start, inner_start + MAX_TAG + len(closer))
            if end < 0:
                return None
            inner = text[inner_start:end]
            if escape in ("{{/*", "{%/*") and not _TERA_CALL.match(inner):
                return None  # a Go template comment or stray text, not a Zola shortcode
            return end + len(closer), printed_open + inner + printed_close
    return None


def _parameter(page: Mapping[str, Any], match: re.Match[str]) -> str | None:
    """The value a ``param`` shortcode shows, or None (unknown, or mismatched marks)."""
    if (match.group(1) == "<") != (match.group(3) == ">"):
        return None
    return page_parameter(page, _unquote(match.group(2))) or None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return _BACKSLASH_ESCAPE.sub(r"\1", value[1:-1])
    return value


def _page(env: Any) -> Mapping[str, Any]:
    page = env.get("page") if isinstance(env, Mapping) else None
    return page if isinstance(page, Mapping) else {}


def _site_syntax(state: StateInline, silent: bool) -> bool:
    """At a ``{``: an attribute list, an escaped shortcode, or Hugo's ``param``."""
    src, pos = state.src, state.pos
    if src[pos] != "{" or pos + 1 >= state.posMax:
        return False
    following = src[pos + 1]
    if following == ":":
        end = _attributes_end(src, pos, state.posMax)
        if end is None:
            return False
        if not silent:
            token = state.push(ATTRIBUTES_TOKEN, "", 0)
            token.content = src[pos:end]
        state.pos = end
        return True
    if following not in "{%":
        return False
    printed = unescaped_at(src[: state.posMax], pos)
    if printed is not None:
        if not silent:
            token = state.push("code_inline", "code", 0)
            token.markup = "`"
            token.content = printed[1]
        state.pos = printed[0]
        return True
    match = _PARAM.match(src, pos, state.posMax)
    value = _parameter(_page(state.env), match) if match else None
    if match is None or value is None:
        return False
    if not silent:
        state.push("text", "", 0).content = value
    state.pos = match.end()
    return True


def _attributes_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line holding only kramdown attribute lists or extensions: a hidden token."""
    if state.is_code_block(start):
        return False
    position = state.bMarks[start] + state.tShift[start]
    line_end = state.eMarks[start]
    src = state.src
    if not src.startswith("{:", position):
        return False
    while position < line_end:
        stop = _attributes_end(src, position, line_end)
        if stop is None:
            return False
        position = stop
        while position < line_end and src[position] in " \t":
            position += 1
        if position < line_end and not src.startswith("{:", position):
            return False
    if not silent:
        token = state.push(ATTRIBUTES_TOKEN, "", 0)
        token.content = src[state.bMarks[start] + state.tShift[start] : line_end]
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def _attributes_end(src: str, start: int, limit: int) -> int | None:
    """Where the kramdown list or extension at ``start`` ends, or None when it is not one.

    A list may wrap onto the next line (``{: .icon`` then ``width="70"}``), not further.
    """
    if _ATTRIBUTES_NUMERIC.match(src, start) or not _ATTRIBUTES_START.match(src, start):
        return None
    end = src.find("}", start, min(limit, start + MAX_TAG))
    if end < 0 or src.count("\n", start, end) > 2:
        return None
    if src.startswith("{::comment", start) and src[end - 1] != "/":
        closing = src.find("{:/comment", end, min(limit, end + MAX_TAG))
        stop = src.find("}", closing, limit) if closing >= 0 else -1
        if stop >= 0:
            return stop + 1
    return end + 1


def _site_code(state: StateCore) -> None:
    """In code, what Hugo and Zola print there too: unescaped shortcodes and ``param``."""
    page = _page(state.env)
    for token in state.tokens:
        for code in [token, *(token.children or [])]:
            if code.type in _CODE_TOKENS and "{" in code.content:
                code.content = _code_text(code.content, page)


def _code_text(text: str, page: Mapping[str, Any]) -> str:
    if "param" in text and page:
        text = _PARAM.sub(lambda match: _parameter(page, match) or match.group(), text)
    return unescape_shortcodes(text) if "/*" in text else text


def _drop_attributes(state: StateCore) -> None:
    """Attribute lists vanish: so do a paragraph holding nothing else and a ``{:toc}`` list."""
    tokens = state.tokens
    if not any(
        token.type == ATTRIBUTES_TOKEN
        or (token.type == "html_block" and "{:" in token.content)
        or any(child.type == ATTRIBUTES_TOKEN for child in token.children or ())
        for token in tokens
    ):
        return
    kept: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            end = _toc_list_end(tokens, index)
            if end is not None:
                index = end + 1
                continue
        if token.type == ATTRIBUTES_TOKEN:
            index += 1
            continue
        if token.type == "html_block" and "{:" in token.content:
            token.content = _ATTRIBUTES_IN_HTML.sub("", token.content)
        if token.type == "paragraph_open" and index + 2 < len(tokens):
            inline = tokens[index + 1]
            if inline.children and _only_attributes(inline.children):
                index += 3  # the paragraph's open, inline and close tokens
                continue
        if token.children:
            token.children = _without_attributes(token.children)
        kept.append(token)
        index += 1
    state.tokens = kept


def _only_attributes(children: list[Token]) -> bool:
    return any(child.type == ATTRIBUTES_TOKEN for child in children) and all(
        child.type in (ATTRIBUTES_TOKEN, "softbreak")
        or (child.type == "text" and not child.content.strip())
        for child in children
    )


def _without_attributes(children: list[Token]) -> list[Token]:
    """The children but attribute lists.

    A list ending a line takes the spaces before it along, and a line holding nothing
    else leaves no line.
    """
    if not any(child.type == ATTRIBUTES_TOKEN for child in children):
        return children
    kept: list[Token] = []
    for index, child in enumerate(children):
        if child.type != ATTRIBUTES_TOKEN:
            if child.type == "softbreak" and (not kept or kept[-1].type == "softbreak"):
                continue  # the line held only attribute lists
            kept.append(child)
            continue
        following = children[index + 1].type if index + 1 < len(children) else "softbreak"
        if following == "softbreak" and kept and kept[-1].type == "text":
            kept[-1].content = kept[-1].content.rstrip(" \t")
    while kept and kept[-1].type == "softbreak":
        kept.pop()
    return kept


def _toc_list_end(tokens: list[Token], start: int) -> int | None:
    """Where a list of one item ending with ``{:toc}`` ends (its ``{:toc}`` included)."""
    close = tokens[start].type.replace("_open", "_close")
    level = tokens[start].level
    for index in range(start + 1, min(len(tokens), start + 9)):
        token = tokens[index]
        if token.type == "list_item_open" and index > start + 1:
            return None  # a second item: a real list
        if token.type != close or token.level != level:
            continue
        if index + 1 < len(tokens) and _is_toc(tokens[index + 1]):
            return index + 1
        inside = tokens[start:index]
        if any(_is_toc(item) or _is_toc((item.children or [item])[-1]) for item in inside):
            return index
        return None
    return None


def _is_toc(token: Token) -> bool:
    return token.type == ATTRIBUTES_TOKEN and bool(_TOC.fullmatch(token.content))
