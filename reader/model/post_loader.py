"""Read a post file into a Post: front matter, title, date, excerpt, reading time, problems."""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from reader.model.cleanup import clean_markdown
from reader.model.dates import InvalidDateError, date_in_url, parse_date, split_file_name_date
from reader.model.decoding import decode
from reader.model.discovery import hides_page
from reader.model.front_matter import split_front_matter
from reader.model.health.digest import body_digest
from reader.model.health.finding import Finding, Severity
from reader.model.health.inspect import inspect_post
from reader.model.health.library import LIBRARY_KINDS
from reader.model.markdown_parser import markdown_parser, parse
from reader.model.plain_text import inline_text, text_blocks
from reader.model.post import Post, PostSummary
from reader.model.post_file import UnreadablePostError, read_post_file
from reader.model.reading_time import DEFAULT_SPEEDS, ReadingSpeeds, estimate_minutes
from reader.model.site import Site, site_of_file
from reader.model.text import clean_text, join_cjk_lines, one_line

EXCERPT_LIMIT = 300

# Front-matter keys that give a post's date, in order (looked up in any case).
_DATE_KEYS = ("date", "publishdate", "pubdate", "published")
_HUGO_DEFAULT_DATE_KEYS = (*_DATE_KEYS, "lastmod", "modified")
_HUGO_ALIASES = {"publishdate": ("pubdate", "published"), "lastmod": ("modified",)}
# Keys whose URL-like value may hold the date (Zola "path = 2014/12/12/slug").
_URL_KEYS = ("path", "slug", "url", "permalink")
_WHOLE = sys.maxsize  # no limit: values are whole in the model, shortened only when shown
_READING_TIME_KEYS = ("reading_time", "readingTime", "read_time")
_EXCERPT_KEYS = ("excerpt", "summary", "description")
_MORE_MARKER = "<!--more-->"
_INDEX_STEM = re.compile(r"^_?index(?:\.[\w-]+)?$")
_H1_TO_H6 = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# HTML or site syntax ({% %}, {{ }}), and whitespace other than spaces (the parser
# keeps some and breaks lines at others): each character str.isspace() accepts but " ".
# Written out: one class is several times faster to search than "[<{]|[^\S ]".
_HTML_SITE_OR_ODD_SPACE = re.compile(
    "[<{\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
# What can start inline Markdown.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]&~]")
_INLINE_MARKUP_BUT_BACKTICKS = re.compile(r"[\\*_\[\]&~]")
_BACKTICK_RUN = re.compile("`+")
_SPACED_LINE_BREAK = re.compile(" *\n *")  # a line break, as the text around it shows it


def _as_list(value: Any, split: bool = True) -> list[str]:
    """Jekyll's rule: a list, or a string split on spaces (a singular key's is one item)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return value.split() if split else [one_line(value, _WHOLE)] if value.strip() else []
    if isinstance(value, list):
        return [
            one_line(str(item), _WHOLE) for item in value if item is not None and str(item).strip()
        ]
    return [one_line(str(value), _WHOLE)]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _readable_slug(path: Path) -> str:
    stem = clean_text(path.stem)
    if _INDEX_STEM.match(stem) and path.parent.name:
        stem = clean_text(path.parent.name)
    _, slug = split_file_name_date(stem)
    words = re.split(r"[-_\s]+", slug)
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or stem


def _title(metadata: dict[str, Any], body: str, path: Path) -> str:
    title = metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title
    if title is not None and not isinstance(title, str | dict | list):
        return str(title)
    heading = _first_h1(body)
    if heading:
        return heading
    return _readable_slug(path)


def _first_h1(body: str) -> str | None:
    """The source text of the first ``#`` heading of the body, as the parser finds it."""
    for tokens in _opening_tokens(body):
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.markup == "#" and token.level == 0:
                title = tokens[index + 1].content.rstrip() if token.tag == "h1" else ""
                if title:
                    return title
    return None


def _names(value: Any) -> list[str]:
    """Authors' names from a string, a list, or a map (``{name: …}``, or names to details)."""
    if isinstance(value, dict):
        name = value.get("name") or value.get("display_name")
        if name is None and all(isinstance(item, dict) for item in value.values()):
            return [str(key) for key in value]  # Hugo: author IDs mapped to their details
        value = name if name is not None else next(iter(value.values()), "")
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    text = one_line(str(value), _WHOLE) if value is not None else ""
    return [text] if text else []


def _authors(metadata: dict[str, Any]) -> list[str]:
    """Zola's and Hugo's ``authors``, and ``author`` (Jekyll, Hugo themes)."""
    return _unique(_names(metadata.get("authors")) + _names(metadata.get("author")))


def _plain_text(markdown: str, page: dict[str, Any]) -> str:
    """The words of some Markdown (the part before an excerpt separator), as a reader sees them."""
    blocks = text_blocks(markdown[:8000], page)
    # Code only when there is nothing else: an excerpt is read, not run.
    prose = [block.text for block in blocks if block.kind != "code"]
    return "\n".join(prose or [block.text for block in blocks])


def _quick_paragraphs(markdown: str, first_only: bool) -> list[str] | None:
    """The text of the paragraphs of ``markdown``, found without the block parser.

    Most posts open with paragraphs, perhaps under a heading. When every line holds no
    HTML or site syntax and plainly starts no other block, each paragraph is given to
    the inline parser alone (or read here, when its only markup is code spans or it has
    none). Else None. With ``first_only``, headings are passed over and the text after
    the first paragraph with words is not looked at.
    """
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in itertools.chain(_lines(markdown), [""]):
        if _HTML_SITE_OR_ODD_SPACE.search(line):
            return None
        text = line.lstrip(" ")
        if not text:
            if lines:
                if any("[" in kept for kept in lines) and "]:" in markdown:
                    return None  # a link reference definition may give a link its text
                paragraphs.append(_paragraph_text(lines))
                lines = []
                if first_only and paragraphs[-1].strip():
                    break
            continue
        if len(line) - len(text) > 3:
            return None  # indented code, or a continuation line left to the parser
        if first_only and not lines and _H1_TO_H6.match(text):
            continue
        if not _starts_paragraph(text):
            return None
        lines.append(line)
    return paragraphs


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time.

    Splitting all of a post's opening at once takes longer than reading its first
    paragraph, which is often all that is needed.
    """
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _paragraph_text(lines: list[str]) -> str:
    paragraph = "\n".join(lines).strip(" ")
    if not _INLINE_MARKUP.search(paragraph):
        return "\n".join(line.strip(" ") for line in lines)
    if not _INLINE_MARKUP_BUT_BACKTICKS.search(paragraph):
        return _code_span_text(paragraph)
    return inline_text(markdown_parser().parseInline(paragraph)[0])


def _code_span_text(paragraph: str) -> str:
    """The text of a paragraph whose only inline markup is backticks, as markdown-it reads it.

    A run of backticks opens a code span closed by the next run of the same length (its
    line breaks become spaces); a run that nothing closes is text. Several times faster
    than the inline parser, which tries each of its rules at every backtick and newline.
    """
    runs = [match.span() for match in _BACKTICK_RUN.finditer(paragraph)]
    pieces: list[str] = []
    position = index = 0
    while index < len(runs):
        start, end = runs[index]
        close = next(
            (later for later in range(index + 1, len(runs)) if _length(runs[later]) == end - start),
            None,
        )
        if close is None:
            index += 1  # stays in the text
            continue
        code = paragraph[end : runs[close][0]].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]
        pieces += [_SPACED_LINE_BREAK.sub("\n", paragraph[position:start]), code]
        position = runs[close][1]
        index = close + 1
    pieces.append(_SPACED_LINE_BREAK.sub("\n", paragraph[position:]))
    return "".join(pieces)


def _length(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _starts_paragraph(text: str) -> bool:
    """Whether a line (without its indent) surely starts or goes on with a paragraph."""
    first = text[0]
    if first.isalpha() or first in "[!":
        return True
    if first == "`":
        return not text.startswith("```")
    if first in "*_":  # emphasis, not a list item or a rule
        marks = len(text) - len(text.lstrip(first))
        return marks <= 2 and text[marks : marks + 1].isalnum()
    return False


def _opening_tokens(markdown: str, page: Mapping[str, Any] | None = None) -> Iterator[list[Token]]:
    """The tokens of the opening blocks of ``markdown``, then of more, then of all of it.

    Parsing is the dearest part of loading a post, and what is looked for (the first
    paragraph, the first heading) is nearly always in the first blocks. A later block
    never changes how an earlier one parses, so what is found early stays true.
    """
    chunks = markdown.split("\n\n")
    for count in (2, 8, len(chunks)):
        yield parse("\n\n".join(chunks[:count]), page=page)
        if count >= len(chunks):
            break


def _first_paragraph(markdown: str, page: Mapping[str, Any] | None = None) -> str:
    for tokens in _opening_tokens(markdown[:8000], page):
        for index, token in enumerate(tokens):
            if token.type == "paragraph_open" and index + 1 < len(tokens):
                text = inline_text(tokens[index + 1])
                if text.strip():
                    return join_cjk_lines(text)
    return ""


def _excerpt(metadata: dict[str, Any], body: str) -> str:
    for key in _EXCERPT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return one_line(value, EXCERPT_LIMIT)
    separator = metadata.get("excerpt_separator")
    for marker in (separator, _MORE_MARKER):
        if isinstance(marker, str) and marker and marker in body:
            before = body.split(marker, 1)[0][:8000]
            paragraphs = _quick_paragraphs(before, first_only=False)
            if paragraphs is None:
                return one_line(_plain_text(before, metadata), EXCERPT_LIMIT)
            # Each paragraph's CJK lines are joined, not the paragraphs (as in _plain_text).
            text = "\n".join(join_cjk_lines(part) for part in paragraphs if part.strip())
            return one_line(text, EXCERPT_LIMIT)
    paragraphs = _quick_paragraphs(body[:8000], first_only=True)
    if paragraphs and paragraphs[-1].strip():
        return one_line(join_cjk_lines(paragraphs[-1]), EXCERPT_LIMIT)
    return one_line(
        _first_paragraph(clean_markdown(body[:8000], metadata), metadata), EXCERPT_LIMIT
    )


def _stated_minutes(metadata: dict[str, Any]) -> int | None:
    for key in _READING_TIME_KEYS:
        value = metadata.get(key)
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            continue  # round() raises on infinity (YAML .inf, TOML inf)
        if isinstance(value, int | float) and value > 0:
            return max(1, round(value))
        # ASCII digits only: "²" passes isdigit() but int() refuses it.
        text = value.strip() if isinstance(value, str) else ""
        if text.isascii() and text.isdigit() and len(text) <= 9 and int(text) > 0:
            return int(text)
    return None


def _name_date(path: Path, site: Site | None) -> tuple[datetime | None, str]:
    """The date in the file's name (a bundle's: its folder's name), and which name gave it.

    Jekyll writes ``YYYY-M-D-slug``, Zola ``YYYY-MM-DD-slug`` or ``YYYY-MM-DD_slug``;
    elsewhere either will do.
    """
    generator = site.generator if site is not None else ""
    zola_rules = {"jekyll": (False,), "zola": (True,)}.get(generator, (False, True))
    names = [(path.stem, "file name")]
    if _INDEX_STEM.match(path.stem):
        names.append((path.parent.name, "folder name"))
    for name, source in names:
        for zola in zola_rules:
            found, _ = split_file_name_date(name, zola)
            if found is not None:
                return found, source
    return None, ""


def _date_keys(site: Site | None) -> tuple[str, ...]:
    """The front-matter keys (lower case) and ``:filename`` in the order the site reads them."""
    if site is None:
        return (*_HUGO_DEFAULT_DATE_KEYS, ":filename")
    if site.generator == "zola":
        return ("date", ":filename")
    if site.generator == "jekyll":
        return (*_DATE_KEYS, ":filename")
    settings = site.config.get("frontmatter")
    order = settings.get("date") if isinstance(settings, dict) else None
    if not isinstance(order, list):
        return _HUGO_DEFAULT_DATE_KEYS
    keys: list[str] = []
    for item in order:
        key = str(item).lower()
        if key == ":default":
            keys += _HUGO_DEFAULT_DATE_KEYS
        else:
            keys += [key, *_HUGO_ALIASES.get(key, ())]
    return tuple(keys)


class _LowerCaseKeys:
    """Front-matter values by their key in any case, as Hugo reads them.

    A key written in lower case (most posts' ``date``) is found without looking at the
    others; the map of every key in lower case is made only when one is not.
    """

    def __init__(self, metadata: dict[str, Any]) -> None:
        self._metadata = metadata
        self._lowered: dict[str, tuple[str, Any]] | None = None

    def get(self, key: str) -> tuple[str, Any]:
        """``(the key as written, its value)``, or ``(key, None)`` when it is not there."""
        value = self._metadata.get(key)
        if value is not None:
            return key, value
        if self._lowered is None:
            self._lowered = {name.lower(): (name, item) for name, item in self._metadata.items()}
        return self._lowered.get(key, (key, None))


def _date(
    metadata: dict[str, Any], path: Path, site: Site | None, problems: list[Finding]
) -> tuple[datetime | None, str]:
    """The post's date and where it came from: a front-matter key, or a name."""
    by_key = _LowerCaseKeys(metadata)
    for key in _date_keys(site):
        if key == ":filename":
            found, source = _name_date(path, site)
            if found is not None:
                return found, source
            continue
        written, value = by_key.get(key)
        if value in (None, "") or (key == "published" and isinstance(value, bool)):
            continue
        try:
            return parse_date(value), written
        except InvalidDateError as error:
            file_date, source = _name_date(path, site)
            fallback = " (using the file name's date)" if file_date else ""
            message = f"invalid {written}: {one_line(str(error), 80)}{fallback}"
            problems.append(Finding("invalid-date", Severity.ERROR, message, field=written))
            return file_date, source
    for key in _URL_KEYS:
        written, value = by_key.get(key)
        if isinstance(value, str) and (found := date_in_url(value)) is not None:
            return found, written
    return None, ""


def _is_draft(metadata: dict[str, Any], path: Path) -> bool:
    return (
        metadata.get("published") is False
        or metadata.get("draft") is True
        or "_drafts" in path.parts
    )


def _taxonomy(metadata: dict[str, Any], plural: str, singular: str) -> list[str]:
    taxonomies = metadata.get("taxonomies")
    from_taxonomies = taxonomies.get(plural) if isinstance(taxonomies, dict) else None
    return (
        _as_list(metadata.get(plural))
        + _as_list(metadata.get(singular), split=False)
        + _as_list(from_taxonomies)
    )


def post_from_text(text: str, path: Path, speeds: ReadingSpeeds = DEFAULT_SPEEDS) -> Post:
    """Build a Post from already decoded text (the file is not touched), read at ``speeds``."""
    cleaned = clean_text(text)
    split = split_front_matter(cleaned)
    metadata = split.metadata
    problems = [
        Finding("front-matter", Severity.ERROR, problem, line=1) for problem in split.problems
    ]
    body = split.body
    site = site_of_file(path)
    folders = [clean_text(part) for part in site.folder_categories(path)] if site else []
    categories = _unique(folders + _taxonomy(metadata, "categories", "category"))
    date, date_source = _date(metadata, path, site, problems)
    post = Post(
        path=path,
        title=_title(metadata, body, path),
        date=date,
        date_source=date_source,
        categories=categories,
        tags=_unique(_taxonomy(metadata, "tags", "tag")),
        authors=_authors(metadata),
        excerpt=_excerpt(metadata, body),
        draft=_is_draft(metadata, path),
        stated_minutes=_stated_minutes(metadata),
        estimated_minutes=estimate_minutes(body, speeds),
        body=body,
        metadata=metadata,
        # The body is the end of the text (the whole text when it has no front matter).
        body_line=cleaned.count("\n", 0, max(0, len(cleaned) - len(body))) + 1,
        problems=problems,
        body_digest=body_digest(body),
        listed=not (site is not None and site.generator == "hugo" and hides_page(metadata)),
    )
    has_front_matter = split.format is not None and not split.problems
    post.problems += inspect_post(
        post, text, cleaned, metadata, has_front_matter, site=site, speeds=speeds
    )
    return post


def fingerprint(data: bytes) -> str:
    """A short hash of a file's bytes, to know a post again after it is moved."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_post(path: Path, root: Path | None = None, speeds: ReadingSpeeds = DEFAULT_SPEEDS) -> Post:
    """Load one post file of the library at ``root``, read at ``speeds``; never raises.

    What goes wrong is in ``Post.problems``. The file is only ever opened for reading.
    """
    post = _read_post(path, speeds)
    post.root = root
    return post


def whole_post(summary: PostSummary, speeds: ReadingSpeeds) -> Post:
    """The whole post of ``summary``, its file read afresh (it may have changed since).

    ``speeds`` are the library's, so that its reading time is the one listed. The
    problems only the library knows (the same title or body as another post) are kept
    from ``summary``, so the post shows as many problems as the library lists.
    """
    post = load_post(summary.path, summary.root, speeds)
    post.problems += [problem for problem in summary.problems if problem.kind in LIBRARY_KINDS]
    return post


def _unread_post(
    path: Path, problem: str, size: int = 0, modified: datetime | None = None, binary: bool = False
) -> Post:
    """A post whose file cannot be used: listed under its file name with the problem."""
    kind = "binary" if binary else "unreadable"
    date, source = _name_date(path, site_of_file(path))
    return Post(
        path=path,
        title=_readable_slug(path),
        date=date,
        date_source=source,
        size=size,
        modified=modified,
        binary=binary,
        problems=[Finding(kind, Severity.ERROR, problem)],
    )


def _read_post(path: Path, speeds: ReadingSpeeds) -> Post:
    try:
        post_file = read_post_file(path)
    except UnreadablePostError as error:
        return _unread_post(path, error.problem, error.size, error.modified)
    data, size, modified = post_file.data, post_file.size, post_file.modified
    if b"\x00" in data:
        problem = "binary file (it contains NUL bytes); not shown"
        return _unread_post(path, problem, size, modified, binary=True)
    text, encoding_problem = decode(data)
    post = post_from_text(text, path, speeds)
    post.size = size
    post.modified = modified
    post.fingerprint = fingerprint(data)
    if encoding_problem:
        post.problems.insert(0, Finding("encoding", Severity.WARNING, encoding_problem))
    return post
