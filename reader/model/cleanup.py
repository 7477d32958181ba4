"""Template tags in a post body, translated into plain Markdown before parsing.

Jekyll (Liquid), Hugo and Zola (Tera) posts carry template tags that change the
structure a Markdown parser sees (a ``{% highlight %}`` block holds code, a tag alone on
a line is a block of its own), so they are read here, before the one parser
(:mod:`reader.model.markdown_parser`). The site syntax that does not change it (kramdown
attribute lists, escaped shortcodes, Hugo's ``param``, Markdown inside HTML) is read by
the parser's rules (:mod:`reader.model.site_rules`, :mod:`reader.model.markdown_in_html`).
:func:`clean_markdown` rewrites the tags into what the generator would have made of them,
as far as that can be known without the site:

- code becomes code: ``{% highlight %}``, ``{{< highlight >}}``, ``{{< code >}}`` and
  mermaid diagrams become fenced blocks; ``{% raw %}`` markers vanish and keep their
  text literal;
- what needs the site (includes, variables, other shortcodes) becomes a placeholder element
  ``<x-placeholder>short description</x-placeholder>`` that the renderer shows dimmed, or,
  inside a link target, the link as far as it can be resolved.

Nothing inside fenced or indented code blocks, or inline code, is changed except
``{% raw %}`` markers (Jekyll reads them there too). What is code is not decided here:
markdown-it's block rules parse the post first (with two more block rules for the
template blocks that hold code), then the tags in each other block are read, in the
order of the post, by one regex-driven pass; every search is bounded or remembered, so
the time is linear in the size of the post. Imports nothing from the UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from reader.model.site_rules import MAX_TAG, page_parameter, unescaped_at

__all__ = ["PLACEHOLDER_TAG", "clean_markdown"]

PLACEHOLDER_TAG: Final = "x-placeholder"
_OPEN: Final = f"<{PLACEHOLDER_TAG}>"
_CLOSE: Final = f"</{PLACEHOLDER_TAG}>"
_DESCRIPTION_LIMIT: Final = 60
_LOOKBACK: Final = 240  # characters looked at to tell a link target or an HTML attribute


# --- lines -----------------------------------------------------------------------------
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_BACKTICK_RUN_AT_START = re.compile(r"[ \t>]*(`+)")
_BACKTICK_RUN = re.compile(r"`+")

# Blocks whose content is code (or a comment): opened at the start of a line.
_LIQUID_HIGHLIGHT = re.compile(r"\{%-?[ \t]*highlight\b[ \t]*([^\s%}]*)[^%}\n]*%\}")
_LIQUID_COMMENT = re.compile(r"\{%-?[ \t]*comment[ \t]*-?%\}")
_LIQUID_MERMAID = re.compile(r"\{%-?[ \t]*mermaid\b([^%}\n]*)%\}")
_HUGO_BLOCK = re.compile(r"\{\{([<%])[ \t]*(highlight|code|mermaid)(?=[\s>%])([^\n]*?)[>%]\}\}")
_END_HIGHLIGHT = re.compile(r"\{%-?[ \t]*endhighlight[ \t]*-?%\}")
_END_COMMENT = re.compile(r"\{%-?[ \t]*endcomment[ \t]*-?%\}")
_END_MERMAID = re.compile(r"\{%-?[ \t]*endmermaid[ \t]*-?%\}")
_END_TERA = re.compile(r"\{%-?[ \t]*end[ \t]*-?%\}")
_LANGUAGE = re.compile(r"[\w#+.-]+")
_CONTINUATION = re.compile(r"[^>\s]")  # a list item's marker, as the lines after it indent
# The blocks whose lines are written on their own: code, template blocks, and the others.
_LEAVES = frozenset(
    {"fence", "code_block", "template_region", "template_raw", "paragraph_open",
     "heading_open", "html_block", "hr"}
)  # fmt: skip
_LONE_RAW = re.compile(r"\{%-?[ \t]*raw[ \t]*-?%\}[ \t]*$")
_LONE_ENDRAW = re.compile(r"\{%-?[ \t]*endraw[ \t]*-?%\}$")
_RAW_BLOCK_LINES = 500  # how far a raw code block is looked for

# --- inside a paragraph ------------------------------------------------------------------
_TAG_START = re.compile(r"\{[{%]")
_RAW_MARK = re.compile(r"\{%-?[ \t]*(end)?raw[ \t]*-?%\}")
_TERA_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$", re.DOTALL)
_QUOTED = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)"""
_TERA_ARG = re.compile(rf"""(\w+)\s*=\s*({_QUOTED}|[^,)\s]+)""", re.DOTALL)
_HUGO_ARG = re.compile(rf"""(?:([\w-]+)\s*=\s*)?({_QUOTED}|[^\s"'`]+)""", re.DOTALL)
_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_FIRST_WORD = re.compile(r"[^\s(]+")
_STRING_LITERAL = re.compile(r"""\s*("[^"]*"|'[^']*')\s*(?:\|.*)?$""", re.DOTALL)
_ALONE = re.compile(rf"([ \t>]*)(?:{_OPEN}[^<\n]*{_CLOSE}[ \t]*)+$")
_WHITESPACE = re.compile(r"\s+")
_PLAIN = re.compile(r"[\w.\-/]{1,60}")  # a description that needs no work: site.url, toc
_NEEDS_ESCAPE = re.compile(r"[&<>\\`*\[\]|~_]")
_DELIMITERS = re.compile(r"\{[{%]|[%}]\}")
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ALT_SPECIAL = re.compile(r"[\\\[\]]")
_URL_UNSAFE = re.compile(r"[^\w./#?=&%+:-]+")
_IN_LINK_TARGET = re.compile(r"\]\(<?[^\s()<>]*$")
_IN_REFERENCE = re.compile(r"[ ]{0,3}\[[^\]]*\]:[ \t]*<?[^\s<>]*$")
_IN_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*$")
_IN_TAG = re.compile(r"<[A-Za-z][^<>]*$")
_IN_URL_ATTRIBUTE = re.compile(
    r"""\b(?:href|src|srcset|poster|action|cite|data)\s*=\s*["']?[^"'\s<>]*$""", re.IGNORECASE
)

_TEXT, _URL, _ATTRIBUTE = 0, 1, 2
# Liquid/Tera tags that print nothing.
_SILENT = frozenset(
    {"assign", "capture", "set", "set_global", "import", "extends", "block", "macro", "break",
     "continue", "layout", "liquid"}
)  # fmt: skip
_SITE_ROOT = frozenset(
    {"site.url", "site.baseurl", "site.base_url", "config.base_url", "base_url", ".Site.BaseURL"}
)
_IMAGE_SHORTCODES = frozenset({"figure", "img", "image", "picture"})
_IMAGE_NAMES = ("figure", "image", "img", "picture", "photo")  # in a Jekyll include's name
_INCLUDE_SOURCES = ("image", "url", "file", "path")
_INCLUDE_CAPTIONS = ("caption", "title", "description")
_TEXT_ARGUMENTS = ("text", "body", "content")


def clean_markdown(markdown: str, page: Mapping[str, Any] | None = None) -> str:
    """Translate site-generator syntax in a post body into plain Markdown.

    ``page`` is the post's front matter: Hugo's ``{{% param name %}}`` shows its value
    from there (in code too, as Hugo does). Never raises: on any unexpected failure the
    body is returned unchanged.
    """
    if not isinstance(markdown, str):
        return ""
    try:
        if not _has_syntax(markdown):
            return markdown
        text = markdown.replace("\r\n", "\n").replace("\r", "\n")
        return _Cleaner(text, page or {}).run()
    except Exception:  # never raise on a post, whatever it holds
        return markdown


def _has_syntax(text: str) -> bool:
    """Whether there is anything to clean (substring tests first: they are much faster)."""
    return "{{" in text or "{%" in text


class _Finder:
    """The next occurrence of a string or pattern at or after a position, remembered.

    Searches move forward through one text, so remembering where each needle was found
    (or that it was not found after some position) keeps repeated searches linear.
    """

    __slots__ = ("_cache", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[object, tuple[int, int]] = {}

    def find(self, needle: str, position: int) -> int:
        cached = self._cache.get(needle)
        if cached is not None and _still_valid(cached, position):
            return cached[1]
        found = self._text.find(needle, position)
        self._cache[needle] = (position, found)
        return found

    def search(self, pattern: re.Pattern[str], position: int) -> int:
        cached = self._cache.get(pattern)
        if cached is not None and _still_valid(cached, position):
            return cached[1]
        match = pattern.search(self._text, position)
        found = match.start() if match else -1
        self._cache[pattern] = (position, found)
        return found


def _still_valid(cached: tuple[int, int], position: int) -> bool:
    """A search made from ``cached[0]`` answers one from ``position`` too."""
    searched_from, found = cached
    return searched_from <= position and (found >= position or found < 0)


@dataclass(frozen=True)
class _Region:
    """A block of verbatim lines between a template opener and its closer."""

    language: str | None  # None: a comment, dropped
    opener_start: int
    opener_end: int  # where the text after the opener starts
    closer: int  # where the closer starts
    closer_end: int


@cache
def _block_parser() -> MarkdownIt:
    """CommonMark's blocks, and the template blocks that hold code (``env["finder"]``).

    Only the blocks are parsed: they tell which lines are code, so that the tags in the
    other lines are read and those in code are not.
    """
    # Tables, setext headings and link definitions are read as paragraphs: that changes
    # nothing here, and they cost a third of the time.
    parser = MarkdownIt("commonmark", {"html": True}).disable(["lheading", "reference"])
    interrupts = ["paragraph", "reference", "blockquote", "list"]
    parser.block.ruler.before("code", "template_raw", _raw_block, {"alt": interrupts})
    parser.block.ruler.before("code", "template_region", _region_block, {"alt": interrupts})
    return parser


def _region_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``{% highlight %}…{% endhighlight %}`` and the like: lines of code, up to the closer."""
    if state.is_code_block(start):
        return False
    position = state.bMarks[start] + state.tShift[start]
    src = state.src
    if not src.startswith("{", position):
        return False
    opener = _region_opener(src, position, state.eMarks[start])
    if opener is None:
        return False
    language, close, opener_end = opener
    closer = state.env["finder"].search(close, opener_end)
    if closer < 0:
        return False  # an opener never closed: not a block
    last = start
    while last < end and state.eMarks[last] < closer:
        last += 1
    if last >= end:
        return False  # closed outside its list item or quote: not a block
    if not silent:
        token = state.push("template_region", "", 0)
        token.map = [start, last + 1]
        closer_end = close.match(src, closer)
        assert closer_end is not None
        token.meta["region"] = _Region(language, position, opener_end, closer, closer_end.end())
    state.line = last + 1
    return True


def _region_opener(
    src: str, position: int, line_end: int
) -> tuple[str | None, re.Pattern[str], int] | None:
    """The language (None: a comment), the closer and the end of the opener at ``position``."""
    content = src[position:line_end]
    language: str | None
    if content.startswith("{%"):
        if match := _LIQUID_HIGHLIGHT.match(content):
            language, close = match.group(1), _END_HIGHLIGHT
        elif match := _LIQUID_COMMENT.match(content):
            language, close = None, _END_COMMENT
        elif match := _LIQUID_MERMAID.match(content):
            language = "mermaid"
            close = _END_TERA if match.group(1).lstrip().startswith("(") else _END_MERMAID
        else:
            return None
    elif match := _HUGO_BLOCK.match(content):
        name, arguments = match.group(2), _hugo_arguments(match.group(3))
        if name == "code":
            language = arguments.get("lang") or arguments.get("language") or ""
        else:
            # highlight's first argument is the language, unless it is an option
            # ("linenos=table") and no language was given.
            first = arguments.get("0", "")
            language = ("" if "=" in first else first) if name == "highlight" else "mermaid"
        close = re.compile(r"\{\{[<%][ \t]*/[ \t]*" + name + r"[ \t]*[>%]\}\}")
    else:
        return None
    if language is not None:
        language = (_LANGUAGE.search(language) or _EMPTY_MATCH).group()
    return language, close, position + match.end()


def _raw_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A ``{% raw %}`` line, template lines only, an ``{% endraw %}`` line: a code block.

    Only at the start of a line of the post (not in a list or quote). When this is not
    one, the raw text is read in its paragraphs, each tag shown as inline code.
    """
    src = state.src
    position = state.bMarks[start]
    if state.tShift[start] or (position and src[position - 1] != "\n") or state.blkIndent:
        return False
    if not src.startswith("{%", position):
        return False
    if not _LONE_RAW.match(src, position, state.eMarks[start]):
        return False
    close = None
    for later in range(start + 1, min(end, start + _RAW_BLOCK_LINES)):
        content = src[state.bMarks[later] : state.eMarks[later]].strip()
        if _LONE_ENDRAW.match(content):
            close = later
            break
        if (content and not content.startswith(("{%", "{{", "<"))) or "raw" in content:
            return False  # Markdown, a fence, or raw markers within: not a code block
    if close is None or close == start + 1:
        return False
    body = src[state.eMarks[start] : state.bMarks[close]]
    if "{{" not in body and "{%" not in body:
        return False
    if not silent:
        state.push("template_raw", "", 0).map = [start, close + 1]
    state.line = close + 1
    return True


class _Cleaner:
    """Code blocks, verbatim template blocks and paragraphs, in the order of the post."""

    def __init__(self, text: str, page: Mapping[str, Any]) -> None:
        self.text = text
        self.page = page
        self.ahead = _Finder(text)
        self.out: list[str] = []
        self.raw = False  # inside {% raw %}: Liquid is literal
        # Jekyll refuses a {% raw %} never closed, so one after the last {% endraw %} is text.
        self.last_endraw = -1
        if "endraw" in text:
            for mark in _RAW_MARK.finditer(text):
                if mark.group(1):
                    self.last_endraw = mark.start()
        self.chunk_offset = 0  # where the paragraph being read starts

    def run(self) -> str:
        parser = _block_parser()
        tokens: list[Token] = []
        parser.block.parse(self.text, parser, {"finder": self.ahead}, tokens)
        lines = self.text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        done = 0  # the lines before this one are written
        for token in tokens:
            if token.type not in _LEAVES or not token.map or token.map[0] < done:
                continue
            start, end = token.map
            self._loose_lines(lines, offsets, done, start)
            kind = token.type
            if kind in ("fence", "code_block"):
                self.out += [self._code(lines[line], offsets[line]) for line in range(start, end)]
            elif kind == "template_region" and not self.raw:
                self._region(token.meta["region"], offsets[start])
            elif kind == "template_raw" and not self.raw:
                body = lines[start + 1 : end - 1]
                self.out += [_fence_for(body) + "liquid", *body, _fence_for(body)]
            else:  # a paragraph, heading, table or HTML; or literal text inside {% raw %}
                self._chunk(lines[start:end], offsets[start])
            done = end
        self._loose_lines(lines, offsets, done, len(lines))
        return "\n".join(self.out)

    def _loose_lines(self, lines: list[str], offsets: list[int], start: int, end: int) -> None:
        """Lines in no block: blank lines, and link reference definitions (read as text)."""
        run = start
        for index in range(start, end + 1):
            if index == end or not lines[index].strip(" \t>"):
                if run < index:
                    self._chunk(lines[run:index], offsets[run])
                if index < end:
                    self.out.append(lines[index])
                run = index + 1

    def _region(self, region: _Region, offset: int) -> None:
        """A verbatim template block as a fenced code block (a comment: nothing)."""
        text = self.text
        pieces = text[region.opener_end : region.closer].split("\n")
        line_end = text.find("\n", region.closer_end)
        after = text[region.closer_end : line_end if line_end >= 0 else len(text)]
        if region.language is None:
            self.out.append("")
        else:
            body = [piece for piece in pieces[:1] if piece.strip()] + pieces[1:-1]
            if len(pieces) > 1 and pieces[-1].strip():
                body.append(pieces[-1])
            while body and not body[0].strip():
                body.pop(0)
            while body and not body[-1].strip():
                body.pop()
            prefix = text[offset : region.opener_start]  # the list item's or quote's marks
            fence = _fence_for(body)
            self.out.append(prefix + fence + region.language)
            self.out.extend(self._code(item, offset) for item in body)
            self.out.append(_CONTINUATION.sub(" ", prefix) + fence)
        if after.strip():
            self._chunk([after], region.closer_end)

    # --- code ------------------------------------------------------------------------------
    def _code(self, text: str, position: int) -> str:
        """Code keeps every character, except Jekyll's ``{% raw %}`` markers.

        ``position`` is where the code stands in the post.
        """
        if "{" not in text:
            return text
        if "raw" in text:
            pieces: list[str] = []
            cut = 0
            for match in _RAW_MARK.finditer(text):
                ending = bool(match.group(1))
                if ending == self.raw and (ending or self.raw_closes(position + match.start())):
                    self.raw = not ending  # {% raw %} outside raw, {% endraw %} inside it
                    pieces.append(text[cut : match.start()])
                    cut = match.end()
            if pieces:
                pieces.append(text[cut:])
                text = "".join(pieces)
        return text

    def raw_closes(self, position: int) -> bool:
        """Whether a {% raw %} at ``position`` (or on its line) is closed later."""
        return self.last_endraw >= position

    # --- paragraphs ----------------------------------------------------------------------
    def _chunk(self, lines: list[str], offset: int) -> None:
        """One block's lines (``offset``: where it starts), its template tags read."""
        self.chunk_offset = offset
        text = "\n".join(lines)
        if _TAG_START.search(text):
            text = _Paragraph(self, text).transform()
        self.out.append(text)


class _Paragraph:
    """Template tags in one paragraph (or run of HTML lines), outside its inline code."""

    def __init__(self, cleaner: _Cleaner, text: str) -> None:
        self.cleaner = cleaner
        self.text = text
        self.finder = _Finder(text)
        self.out: list[str] = []

    def transform(self) -> str:
        text = self.text
        spans = _code_spans(text)
        out = self.out
        position = 0
        span_index = 0
        while True:
            tag = self.finder.search(_TAG_START, position)
            while span_index < len(spans) and spans[span_index][0] < position:
                span_index += 1
            span = spans[span_index] if span_index < len(spans) else None
            if tag < 0 and span is None:
                out.append(text[position:])
                break
            if span is not None and (tag < 0 or span[0] <= tag):
                out.append(text[position : span[0]])
                out.append(self.cleaner._code(text[span[0] : span[1]], self.cleaner.chunk_offset))
                position = span[1]
                span_index += 1
                continue
            out.append(text[position:tag])
            position = self._tag(tag)
        result = "".join(out)
        return _isolate_placeholders(result) if _OPEN in result else result

    def _tag(self, start: int) -> int:
        """Translate the tag starting at ``start``; return where the text goes on."""
        text = self.text
        out = self.out
        opener = text[start : start + 5]
        escaped = unescaped_at(text, start) if "/*" in opener else None
        if escaped is not None:
            end, printed = escaped
            # In text the parser's site rules show it as code; elsewhere it is printed.
            in_text = not self.cleaner.raw and self._context() == _TEXT
            out.append(text[start:end] if in_text else printed)
            return end
        if opener.startswith(("{{<", "{{%")):
            closer, kind = (">}}" if opener[2] == "<" else "%}}"), "hugo"
        elif opener.startswith("{{"):
            closer, kind = "}}", "output"
        else:
            closer, kind = "%}", "statement"
        inner_start = start + (3 if kind == "hugo" else 2)
        end = self._closer(closer, inner_start)
        if end < 0:
            out.append("{")
            return start + 1
        after = end + len(closer)
        inner = text[inner_start:end]
        if self.cleaner.raw:
            mark = _RAW_MARK.match(text, start)
            if mark and mark.group(1):
                self.cleaner.raw = False
            else:
                literal = text[start:after]
                out.append(_inline_code(literal) if self._context() == _TEXT else literal)
            return after
        if kind == "hugo":
            shown = self._shortcode(inner)
            out.append(text[start:after] if shown is None else shown)
        elif kind == "output":
            out.append(self._output(inner))
        else:
            return self._statement(inner, after)
        return after

    def _closer(self, closer: str, position: int) -> int:
        found = self.finder.find(closer, position)
        return found if 0 <= found - position <= MAX_TAG else -1

    def _context(self) -> int:
        """Whether the text so far ends inside a link target, an HTML tag, or neither."""
        tail = ""
        for piece in reversed(self.out[-16:]):
            tail = piece[-_LOOKBACK:] + tail
            if len(tail) >= _LOOKBACK:
                break
        if "(" not in tail and "]:" not in tail and "<" not in tail:
            return _TEXT
        line = tail[tail.rfind("\n") + 1 :]
        if _IN_LINK_TARGET.search(line) or _IN_REFERENCE.match(line) or _IN_AUTOLINK.search(line):
            return _URL
        tag = _IN_TAG.search(tail)
        if tag:
            return _URL if _IN_URL_ATTRIBUTE.search(tag.group()) else _ATTRIBUTE
        return _TEXT

    def _render(self, description: str, url: str | None = None) -> str:
        """A placeholder, or what stands in for it in a link target or an HTML attribute."""
        context = self._context()
        if context == _URL:
            return url if url is not None else _URL_UNSAFE.sub("", _collapse(description))
        if context == _ATTRIBUTE:
            return _attribute_text(description)
        return _placeholder(description)

    def _shortcode(self, inner: str) -> str | None:
        """Hugo {{< name args >}} and {{% name args %}}; None: left as written."""
        inner = inner.strip()
        if inner.endswith("/"):
            inner = inner[:-1].rstrip()
        if not inner or inner.startswith("/"):
            return ""  # the closing tag of a paired shortcode
        name = (_FIRST_WORD.match(inner) or _EMPTY_MATCH).group()
        arguments = _hugo_arguments(inner[len(name) :])
        lowered = name.lower()
        if lowered in _IMAGE_SHORTCODES or "image" in lowered:
            source = _source(arguments)
            if source and self._context() == _TEXT:
                caption = (
                    arguments.get("caption")
                    or arguments.get("title")
                    or arguments.get("alt")
                    or _alt(arguments)
                )
                return _image(caption, source)
        if lowered == "param":
            value = page_parameter(self.cleaner.page, arguments.get("0", ""))
            if value:  # in text the parser's site rules show it
                context = self._context()
                return self._render(value, value) if context != _TEXT else None
        url = None
        if lowered in ("ref", "relref"):
            target = arguments.get("0") or arguments.get("path")
            url = f"ref:{target}" if target else None
        return self._render(inner, url)

    def _output(self, inner: str) -> str:
        """Liquid and Tera {{ expression }}, Go template {{ action }}, Tera {{ call() }}."""
        inner = inner.strip().strip("-").strip()
        if not inner:
            return ""
        call = _TERA_CALL.match(inner)
        if call:
            return self._tera_call(inner, call.group(1), call.group(2))
        word = (_FIRST_WORD.match(inner) or _EMPTY_MATCH).group()
        if word in ("end", "else") or word.startswith("/*"):
            return ""  # Go template: the end of a block, or a comment
        url: str | None = None
        literal = _STRING_LITERAL.match(inner)
        if literal:
            url = literal.group(1)[1:-1]
        elif inner.split("|")[0].strip() in _SITE_ROOT:
            url = ""
        return self._render(inner, url)

    def _tera_call(self, inner: str, name: str, argument_text: str) -> str:
        arguments = {m.group(1): _unquote(m.group(2)) for m in _TERA_ARG.finditer(argument_text)}
        context = self._context()
        if context == _TEXT:
            lowered = name.lower()
            source = _source(arguments)
            if source and ("image" in lowered or lowered in _IMAGE_SHORTCODES):
                return _image(_alt(arguments) or arguments.get("caption", ""), source)
            body = next((arguments[key] for key in _TEXT_ARGUMENTS if key in arguments), None)
            if body is not None:
                rest = ", ".join(
                    f"{key}={_quote(value)}"
                    for key, value in arguments.items()
                    if key not in _TEXT_ARGUMENTS
                )
                return f"{_placeholder(f'{name}({rest})')} {_WHITESPACE.sub(' ', body).strip()}"
        url = arguments.get("path") if name == "get_url" else None
        return self._render(inner, url)

    def _statement(self, inner: str, after: int) -> int:
        """Liquid and Tera {% tag %}; return where the text goes on."""
        inner = inner.strip().strip("-").strip()
        word = (_FIRST_WORD.match(inner) or _EMPTY_MATCH).group()
        if word == "raw":
            if self.cleaner.raw_closes(self.cleaner.chunk_offset):
                self.cleaner.raw = True
                return after
            self.out.append(self._render(inner))
            return after
        if word == "comment":
            closing = self.finder.search(_END_COMMENT, after)
            if closing >= 0:
                match = _END_COMMENT.match(self.text, closing)
                assert match is not None
                return match.end()
            return after
        if word.startswith("end") or word in _SILENT:
            return after
        if _TERA_CALL.match(inner):
            self.out.append(self._render(inner))
            return after
        url: str | None = None
        argument = inner[len(word) :].strip()
        picture = self._included_image(argument) if word == "include" else None
        if picture is not None:
            self.out.append(picture)
            return after
        if word in ("post_url", "link") and argument:
            url = f"{word}:{argument.split()[0]}"  # resolved to a post by model.links
        self.out.append(self._render(inner, url))
        return after

    def _included_image(self, argument: str) -> str | None:
        """``{% include figure.html image="x.png" caption="y" %}`` as a Markdown image."""
        name = argument.split()[0] if argument else ""
        if self._context() != _TEXT or not any(part in name.lower() for part in _IMAGE_NAMES):
            return None
        arguments = _hugo_arguments(argument[len(name) :])
        source = _source(arguments) or next(
            (arguments[key] for key in _INCLUDE_SOURCES if arguments.get(key)), ""
        )
        quoted = any(f"{quote}{source}{quote}" in argument for quote in "\"'")
        if not source or "{{" in source or not quoted:  # unquoted: a Liquid variable
            return None
        caption = next((arguments[key] for key in _INCLUDE_CAPTIONS if arguments.get(key)), "")
        return _image(caption or _alt(arguments), source)


class _EmptyMatch:
    """Stands in for a failed match: its group is the empty string."""

    @staticmethod
    def group() -> str:
        return ""


_EMPTY_MATCH: Final = _EmptyMatch()


def _columns(whitespace: str) -> int:
    """The width of leading whitespace, tabs to the next multiple of 4."""
    if "\t" not in whitespace:
        return len(whitespace)
    column = 0
    for char in whitespace:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def _fence_for(lines: list[str]) -> str:
    """A backtick fence longer than any fence-like run at the start of ``lines``."""
    longest = 2
    for item in lines:
        run = _BACKTICK_RUN_AT_START.match(item)
        if run:
            longest = max(longest, len(run.group(1)))
    return "`" * (longest + 1)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """CommonMark inline code spans, in order, found in linear time."""
    runs = [(match.start(), match.end()) for match in _BACKTICK_RUN.finditer(text)]
    if len(runs) < 2:
        return []
    opener_lengths: list[int] = []
    for start, end in runs:
        escaped = 0
        index = start - 1
        while index >= 0 and text[index] == "\\" and escaped < 64:
            escaped += 1
            index -= 1
        opener_lengths.append(end - start - (escaped % 2))
    following: list[int] = [-1] * len(runs)
    last_seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        following[index] = last_seen.get(opener_lengths[index], -1)
        start, end = runs[index]
        last_seen[end - start] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        partner = following[index]
        if opener_lengths[index] > 0 and partner >= 0:
            start, end = runs[index]
            spans.append((end - opener_lengths[index], runs[partner][1]))
            index = partner + 1
        else:
            index += 1
    return spans


def _inline_code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = text.replace("\n", " ")
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", _DELIMITERS.sub("", text.replace("\\|", "|"))).strip()


def _shorten(text: str) -> str:
    text = _collapse(text)
    if len(text) > _DESCRIPTION_LIMIT:
        text = text[: _DESCRIPTION_LIMIT - 1].rstrip() + "…"
    return text


def _escaped(text: str) -> str:
    """``text`` written so that Markdown shows it as it is."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


def _placeholder(description: str) -> str:
    """The placeholder element; its text is escaped so Markdown shows it as it is."""
    text = description if _PLAIN.fullmatch(description) else _shorten(description)
    if _NEEDS_ESCAPE.search(text):
        text = _escaped(text)
    return f"{_OPEN}{text or '…'}{_CLOSE}"


def _attribute_text(description: str) -> str:
    text = _shorten(description).replace('"', "").replace("'", "")
    return text.replace("&", "&amp;").replace("<", "").replace(">", "")


def _isolate_placeholders(text: str) -> str:
    """A placeholder alone on its line gets a paragraph of its own."""
    lines = text.split("\n")
    result: list[str] = []
    pending: str | None = None
    for line in lines:
        alone = _ALONE.match(line) if line.lstrip(" \t>").startswith(_OPEN) else None
        if alone:
            prefix = alone.group(1)
            quote = _QUOTE.match(prefix)
            quote_text = quote.group() if quote else ""
            if _columns(prefix[len(quote_text) :]) < 4:
                blank = quote_text.rstrip()
                if result and result[-1].strip(" \t>"):
                    result.append(blank)
                result.append(line)
                pending = blank
                continue
        if pending is not None and line.strip(" \t>"):
            result.append(pending)
        pending = None
        result.append(line)
    return "\n".join(result)


def _hugo_arguments(text: str) -> dict[str, str]:
    """Named arguments by name, positional ones by their index ("0", "1", ...)."""
    arguments: dict[str, str] = {}
    index = 0
    for match in _HUGO_ARG.finditer(text):
        name, value = match.groups()
        if name:
            arguments[name] = _unquote(value)
        else:
            arguments[str(index)] = _unquote(value)
            index += 1
    return arguments


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return _BACKSLASH_ESCAPE.sub(r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "`":
        return value[1:-1]
    return value


def _quote(value: str) -> str:
    return '"' + value.replace('"', "'") + '"'


def _source(arguments: dict[str, str]) -> str:
    if arguments.get("src"):
        return arguments["src"]
    return next((v for k, v in arguments.items() if k.endswith("src") and v), "")


def _alt(arguments: dict[str, str]) -> str:
    if arguments.get("alt"):
        return arguments["alt"]
    return next((v for k, v in arguments.items() if k.endswith("alt") and v), "")


def _image(caption: str, source: str) -> str:
    """A Markdown image; the renderer shows it as a placeholder line with its caption."""
    alt = _WHITESPACE.sub(" ", caption).strip()
    alt = _ALT_SPECIAL.sub(lambda match: "\\" + match.group(), alt)
    source = source.replace("<", "").replace(">", "").replace("\n", "")
    if any(char in source for char in " ()"):
        source = f"<{source}>"
    return f"![{alt}]({source})"
