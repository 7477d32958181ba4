"""Markdown to Rich renderables: one block per top-level element, headings remembered.

Every piece of post text goes into ``rich.text.Text`` objects as plain strings, never
through Rich markup, so nothing in a post is read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import Any

from markdown_it.tree import SyntaxTreeNode
from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.model.cleanup import PLACEHOLDER_TAG
from reader.model.markdown_parser import parse
from reader.model.text import is_cjk
from reader.render.code_block import CodeBlock
from reader.render.image_block import ImageBlock
from reader.render.prefixed import Prefixed
from reader.render.table import FittedTable
from reader.render.wrap import NO_LINE_START, WrappedText

SECTION_BREAK = "---END---"

HEADING_STYLES = {
    1: Style(bold=True, underline=True, color="bright_magenta"),
    2: Style(bold=True, color="bright_cyan"),
    3: Style(bold=True, color="bright_green"),
    4: Style(bold=True, italic=True),
    5: Style(italic=True, underline=True),
    6: Style(italic=True),
}
LINK_STYLE = Style(underline=True, color="bright_blue")
CODE_STYLE = Style(color="bright_yellow", bold=True)
# Dimmed text is a colour, not the dim attribute: the app draws bright colours in the
# theme's own, readable on its background (reader.ansi_palette); dim only halves a colour.
DIM = Style(color="bright_black")
PLACEHOLDER_STYLE = DIM + Style(italic=True)
# reader.model.cleanup writes what it cannot show (Liquid includes, shortcodes) this way.
PLACEHOLDER_OPEN = f"<{PLACEHOLDER_TAG}"
PLACEHOLDER_CLOSE = f"</{PLACEHOLDER_TAG}"
BULLETS = ("•", "◦", "▪", "‣")
# GitHub's alert kinds and the colour of their bar and title (no icons: most symbols
# are of ambiguous width, one cell in some terminals and two in others).
ALERTS: dict[str, Style] = {
    "NOTE": Style(color="bright_blue"),
    "TIP": Style(color="bright_green"),
    "IMPORTANT": Style(color="bright_magenta"),
    "WARNING": Style(color="bright_yellow"),
    "CAUTION": Style(color="bright_red"),
}
# Superscript and subscript characters that Unicode has; others are written ^x and _x.
_SUPERSCRIPTS = str.maketrans(
    "0123456789+-=()niabcdefghjklmoprstuvwxyz",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
)
_SUBSCRIPTS = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_ALIGNMENTS: dict[str, JustifyMethod] = {
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_HTML_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_SCRIPT_SOURCE = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']+)""", re.IGNORECASE)
_LANGUAGE = re.compile(r"[\w#+.-]+")
_IMAGE_MARK = "\x00"  # stands for an image while tags are stripped (posts have no NUL)
_CHECKBOX = re.compile(r"<input\b[^>]*type=\"?checkbox", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_FIGURE_CAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.DOTALL | re.IGNORECASE)

# Embedded media a terminal cannot play: named, with their source, and their inner
# fallback text dropped (it only says the browser cannot play it either).
_HTML_MEDIA_OR_IMAGE = re.compile(
    r"<(video|audio|iframe|object|embed)\b([^>]*)>(?:(.*?)</\1\s*>)?|<img\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_MEDIA_SOURCE = re.compile(r"""<source\b[^>]*\bsrc\s*=\s*["']([^"']+)""", re.IGNORECASE)
_HTML_SCRIPT = re.compile(r"<(/?)(sup|sub)\s*>(.*?)</\2\s*>", re.IGNORECASE | re.DOTALL)
_MEDIA_OPEN = re.compile(r"<(video|audio|iframe|object)\b[^>]*>$", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"<(/?)(sup|sub)\s*>", re.IGNORECASE)


@dataclass
class Block:
    """One top-level piece of a rendered post, with its heading if it is one."""

    renderable: RenderableType
    heading_level: int = 0
    heading_text: str = ""
    first_line: int | None = None
    """The line of the Markdown it starts on (None for the footnotes, gathered at the end)."""
    heading_id: str = ""
    """The heading's anchor: its ``{#id}``, else the generator's slug of its text."""


def _image_placeholder(alt: str, src: str) -> Text:
    """``[image: alt → target]``, a link to the target (terminals cannot show the image)."""
    link = Style.from_meta({"href": src}) if src else Style()
    return Text.assemble(
        ("[image: ", DIM + link),
        (alt or "no description", Style(italic=True) + link),
        (f" → {src}]" if src else "]", DIM + link),
    )


def _media_placeholder(kind: str, src: str) -> Text:
    """``[video: source]``, a link to the source, for media a terminal cannot play."""
    link = Style.from_meta({"href": src}) if src else Style()
    return Text.assemble(
        (f"[{kind}: ", DIM + link),
        (src or "no source", Style(italic=True) + link),
        ("]", DIM + link),
    )


def _media_source(tag: str, inner: str) -> str:
    """Where an embedded video, audio, frame or object comes from."""
    attributes = _attributes(tag)
    found = _MEDIA_SOURCE.search(inner)
    return attributes.get("src") or attributes.get("data") or (found.group(1) if found else "")


def _attributes(tag: str) -> dict[str, str]:
    """The quoted attributes of an HTML tag, by lower-case name."""
    return {
        found.group(1).lower(): found.group(2) or found.group(3) or ""
        for found in _HTML_ATTRIBUTE.finditer(tag)
    }


def _html_images(html: str) -> list[ImageBlock]:
    """An HTML block of only images (a figure, a centred paragraph) as images.

    A figure's caption goes under its last image.
    """
    tags = _HTML_IMAGE.findall(html)
    caption_match = _FIGURE_CAPTION.search(html)
    caption = _html_text(caption_match.group(1)).plain.strip() if caption_match else ""
    rest = _HTML_TAG.sub("", _HTML_IMAGE.sub("", _FIGURE_CAPTION.sub("", html)))
    if not tags or _HTML_COMMENT.sub("", rest).strip():
        return []
    pictures: list[ImageBlock] = []
    for tag in tags:
        attributes = _attributes(tag)
        source, alt = attributes.get("src", ""), attributes.get("alt", "")
        if not source:
            return []
        title = attributes.get("title", "")
        pictures.append(ImageBlock(source, alt, title, _image_placeholder(alt, source)))
    pictures[-1].caption = caption or pictures[-1].caption
    return pictures


def _lone_image(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """``node`` if it is an image, or the image that is all of a link."""
    if node.type == "link":
        inside = [
            child
            for child in node.children
            if child.type != "softbreak" and (child.type != "text" or child.content.strip())
        ]
        node = inside[0] if len(inside) == 1 else node
    return node if node.type == "image" else None


def _images_alone(inline: SyntaxTreeNode) -> list[ImageBlock]:
    """A paragraph of images, each alone on its line (or alone in a link), as images.

    Images side by side on a line (a row of badges) stay in the text.
    """
    pictures: list[ImageBlock] = []
    line_taken = False
    for node in inline.children:
        if node.type in ("softbreak", "hardbreak"):
            line_taken = False
            continue
        if node.type == "text" and not node.content.strip():
            continue
        image = _lone_image(node)
        if image is None or line_taken:
            return []
        line_taken = True
        source = str(image.attrs.get("src", ""))
        alt = "".join(grand.content for grand in image.children if grand.type == "text")
        title = str(image.attrs.get("title", "") or "")
        pictures.append(ImageBlock(source, alt, title, _image_placeholder(alt, source)))
    return pictures


def _as_block(pictures: list[ImageBlock]) -> RenderableType | None:
    """One image as itself, several as a group (markdown_blocks makes each a block)."""
    if len(pictures) > 1:
        return Group(*pictures)
    return pictures[0] if pictures else None


def scripted(text: str, tag: str) -> str:
    """Text of a ``<sup>`` or ``<sub>``: Unicode's small characters, else ``^x`` / ``_x``."""
    table = _SUPERSCRIPTS if tag.lower() == "sup" else _SUBSCRIPTS
    converted = text.translate(table)
    if all(ord(char) in table or char.isspace() for char in text):
        return converted
    mark = "^" if tag.lower() == "sup" else "_"
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _embedded(match: re.Match[str]) -> str:
    """A script that loads something (a gist, a video) is named; other code vanishes."""
    source = _SCRIPT_SOURCE.search(match.group())
    return f"[embedded: {source.group(1)}]" if source else ""


def _html_text(html: str, block: bool = False) -> Text:
    """Text content of an HTML fragment, as a browser would show its words.

    Comments, scripts and styles go; breaks and images stay visible. A block also loses
    its indentation and blank lines.
    """
    html = _HTML_HIDDEN.sub(_embedded, _HTML_COMMENT.sub("", html))
    html = _HTML_BREAK.sub("\n", html)
    html = _HTML_SCRIPT.sub(lambda match: scripted(match.group(3), match.group(2)), html)
    images: list[Text] = []

    def keep_embedded(match: re.Match[str]) -> str:
        if match.group(1):
            source = _media_source(match.group(2), match.group(3) or "")
            images.append(_media_placeholder(match.group(1).lower(), source))
        else:
            attributes = _attributes(match.group())
            alt, src = attributes.get("alt", ""), attributes.get("src", "")
            images.append(_image_placeholder(alt, src))
        return _IMAGE_MARK

    plain = _HTML_TAG.sub("", _HTML_MEDIA_OR_IMAGE.sub(keep_embedded, html))
    if block:
        plain = "\n".join(line.strip() for line in plain.splitlines() if line.strip())
    text = Text()
    pieces = plain.split(_IMAGE_MARK)
    for index, piece in enumerate(pieces):
        text.append(html_unescape(piece))
        if index < len(images):
            text.append_text(images[index])
    return text


class _Converter:
    """Walks markdown-it's syntax tree and builds Rich renderables."""

    def inline(self, node: SyntaxTreeNode, base: Style | None = None) -> Text:
        text = Text(style=base or "")
        self._inline_children(node, text, [])
        return text

    def _inline_children(self, node: SyntaxTreeNode, text: Text, outer: list[Style]) -> None:
        styles = list(outer)  # a placeholder tag opens and closes a style among siblings
        script = ""  # inside <sup> or <sub>
        media_end: re.Pattern[str] | None = None  # inside <video>…</video>: gathered
        gathered: list[str] = []
        for index, child in enumerate(node.children):
            kind = child.type
            if media_end is not None:
                gathered.append(child.content)
                if kind == "html_inline" and media_end.match(child.content):
                    text.append_text(_html_text("".join(gathered)))
                    media_end, gathered = None, []
                continue
            style = Style.combine(styles) if styles else None
            if kind == "text":
                text.append(scripted(child.content, script) if script else child.content, style)
            elif kind == "softbreak":
                following = (
                    node.children[index + 1].content[:1] if index + 1 < len(node.children) else ""
                )
                # A line break inside Japanese or Chinese text joins without a space,
                # and closing punctuation (，。」) joins what comes before it.
                joins_cjk = is_cjk(following) and (
                    is_cjk(text.plain[-1:]) or following in NO_LINE_START
                )
                text.append("" if joins_cjk else " ", style)
            elif kind == "hardbreak":
                text.append("\n")
            elif kind == "code_inline":
                text.append(child.content, CODE_STYLE)
            elif kind == "html_inline":
                tag = child.content.lower()
                if tag.startswith(PLACEHOLDER_OPEN):
                    styles.append(PLACEHOLDER_STYLE)
                elif tag.startswith(PLACEHOLDER_CLOSE) and PLACEHOLDER_STYLE in styles:
                    styles.remove(PLACEHOLDER_STYLE)
                elif media := _MEDIA_OPEN.match(tag):  # an inline tag is one token
                    media_end = re.compile(rf"</{media.group(1)}\s*>", re.IGNORECASE)
                    gathered = [child.content]
                elif script_tag := _SCRIPT_TAG.fullmatch(tag):
                    script = "" if script_tag.group(1) else script_tag.group(2)
                elif _CHECKBOX.match(tag):
                    text.append("☑" if "checked" in tag else "☐", style)
                else:
                    text.append_text(_html_text(child.content))
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                alt = "".join(grand.content for grand in child.children if grand.type == "text")
                text.append_text(_image_placeholder(alt, src))
            elif kind == "footnote_ref":
                text.append(f"[{child.meta.get('label', child.meta.get('id', '?'))}]", DIM)
            elif kind in {"strong", "em", "s", "link"}:
                extra = {
                    "strong": Style(bold=True),
                    "em": Style(italic=True),
                    "s": Style(strike=True),
                    "link": LINK_STYLE
                    + Style.from_meta({"href": str(child.attrs.get("href", ""))}),
                }[kind]
                self._inline_children(child, text, [*styles, extra])
            else:
                self._inline_children(child, text, styles)
        if gathered:  # a media element never closed
            text.append_text(_html_text("".join(gathered)))

    def blocks(self, nodes: list[SyntaxTreeNode], depth: int = 0) -> list[RenderableType]:
        return [renderable for node in nodes if (renderable := self.block(node, depth)) is not None]

    def block(self, node: SyntaxTreeNode, depth: int = 0) -> RenderableType | None:
        kind = node.type
        if kind == "paragraph":
            inline = node.children[0] if node.children else None
            if inline is not None and inline.content.strip() == SECTION_BREAK:
                return Rule(characters="═", style=DIM)
            pictures = _as_block(_images_alone(inline)) if inline is not None else None
            if pictures is not None:
                return pictures
            return WrappedText(self.inline(inline)) if inline is not None else Text()
        if kind == "heading":
            level = int(node.tag[1])
            heading = Text.assemble(("#" * level + " ", DIM))  # a span: not the title too
            return WrappedText(
                heading.append_text(self.inline(node.children[0], HEADING_STYLES[level]))
            )
        if kind in {"fence", "code_block"}:
            language = _LANGUAGE.match(node.info.strip())  # "rust,name=main.rs", "go {.x}"
            return self.code(node.content, language.group() if language else "")
        if kind in {"bullet_list", "ordered_list"}:
            return self.listing(node, depth)
        if kind == "alert":
            return self.alert(node, depth)
        if kind == "blockquote":
            return Prefixed(Group(*self.spaced(self.blocks(node.children, depth))), "▌ ", "▌ ", DIM)
        if kind == "hr":
            return Rule(style=DIM)
        if kind == "table":
            return self.table(node)
        if kind == "html_block":
            pictures = _as_block(_html_images(node.content))
            if pictures is not None:
                return pictures
            text = _html_text(node.content, block=True)
            return WrappedText(text) if text.plain.strip() else None
        if kind == "footnote_block":
            return Group(Rule(style=DIM), *self.blocks(node.children, depth))
        if kind == "footnote":
            label = node.meta.get("label", node.meta.get("id", "?"))
            return Prefixed(
                Group(*self.blocks(node.children, depth)),
                f"[{label}] ",
                " " * (len(str(label)) + 3),
                DIM,
            )
        return Group(*self.blocks(node.children, depth)) if node.children else None

    def alert(self, node: SyntaxTreeNode, depth: int) -> RenderableType:
        """A call-out: its kind as a title, its content beside a bar of the kind's colour."""
        kind = str(node.meta.get("kind", "NOTE")).upper()
        colour = ALERTS.get(kind, ALERTS["NOTE"])
        title = Text(kind.capitalize(), style=colour + Style(bold=True))
        content = [child for child in node.children if child.type != "alert_title"]
        body = Group(title, *self.spaced(self.blocks(content, depth)))
        return Prefixed(body, "┃ ", "┃ ", colour)

    def code(self, code: str, language: str) -> RenderableType:
        block = CodeBlock(code, language, DIM)
        return Group(Text(language, style=DIM), block) if language else block

    def listing(self, node: SyntaxTreeNode, depth: int) -> RenderableType:
        start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
        items: list[RenderableType] = []
        numbers = [f"{start + index}." for index in range(len(node.children))]
        width = max((len(number) for number in numbers), default=1) + 1
        for index, item in enumerate(node.children):
            if node.type == "ordered_list":
                marker = numbers[index].rjust(width - 1) + " "
            else:
                marker = BULLETS[depth % len(BULLETS)] + " "
            content = self.blocks(item.children, depth + 1)
            items.append(Prefixed(Group(*content), marker, " " * len(marker)))
        return Group(*items)

    def table(self, node: SyntaxTreeNode) -> RenderableType:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, header_style=Style(bold=True))
        for section in node.children:
            for row in section.children:
                cells = [
                    WrappedText(self.inline(cell.children[0]) if cell.children else Text())
                    for cell in row.children
                ]
                if section.type == "thead":
                    for cell, text in zip(row.children, cells, strict=False):
                        align = _ALIGNMENTS.get(str(cell.attrs.get("style", "")), "left")
                        table.add_column(text, justify=align, overflow="fold")
                else:
                    table.add_row(*cells[: len(table.columns)])
        return FittedTable(table)

    @staticmethod
    def spaced(renderables: list[RenderableType]) -> list[RenderableType]:
        spaced: list[RenderableType] = []
        for renderable in renderables:
            if spaced:
                spaced.append(Text())
            spaced.append(renderable)
        return spaced


def markdown_blocks(
    markdown: str, generator: str = "", page: Mapping[str, Any] | None = None
) -> list[Block]:
    """Parse Markdown (template tags read) into blocks ready to draw.

    Headings carry level, text and id. ``generator`` ("jekyll", "hugo", "zola" or "")
    chooses the rule for heading ids; ``page`` is the post's front matter.
    """
    converter = _Converter()
    root = SyntaxTreeNode(parse(markdown, generator, page))
    blocks: list[Block] = []
    for node in root.children:
        renderable = converter.block(node)
        if renderable is None:
            continue
        first_line = node.map[0] if node.map else None
        if isinstance(renderable, Group) and all(
            isinstance(picture, ImageBlock) for picture in renderable.renderables
        ):
            blocks.extend(
                Block(picture, first_line=first_line) for picture in renderable.renderables
            )
        elif node.type == "heading":
            title = converter.inline(node.children[0]).plain if node.children else ""
            heading_id = str(node.attrs.get("id", ""))
            blocks.append(Block(renderable, int(node.tag[1]), title, first_line, heading_id))
        else:
            blocks.append(Block(renderable, first_line=first_line))
    return blocks
