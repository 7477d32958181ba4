"""Full-text search over a library's posts: title, body, categories, tags and author.

Through each folder's index (SQLite FTS5 with the ``trigram`` tokenizer, which finds
Japanese) once it is built; by reading the files when a query has no word of three
characters or more (trigrams cannot match those) or when there is no index.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.model.decoding import decode
from reader.model.index import CacheError, PostIndex
from reader.model.library import Library
from reader.model.post import Post
from reader.model.post_file import UnreadablePostError, read_post_file
from reader.model.text import clean_text, one_line

MIN_INDEXED_TERM = 3  # the trigram tokenizer matches nothing shorter
DEFAULT_LIMIT = 50
SNIPPET_CELLS = 160
_MARKS = (
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"^ {0,3}(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE), ""),
    (re.compile(r"\*\*|__|`+|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), ""),
)
SNIPPET_LEAD = 50  # characters shown before the match
FULLTEXT_BATCH = 100

ProgressCallback = Callable[[int, int], None]
"""Called as posts are indexed: ``(posts done, posts to do)``."""


@dataclass(frozen=True)
class SearchHit:
    """A post that matches a query, with a line of its text around the first match."""

    post: Post
    snippet: str


def query_terms(query: str) -> list[str]:
    """The words of a query, each once; a post must hold them all."""
    return list(dict.fromkeys(query.split()))


def match_expression(terms: list[str]) -> str | None:
    """The FTS5 query for ``terms``: every long enough term as a quoted phrase, ANDed.

    None when no term is long enough: the query needs a plain scan.
    """
    phrases = [
        '"' + term.replace('"', '""') + '"' for term in terms if len(term) >= MIN_INDEXED_TERM
    ]
    return " AND ".join(phrases) or None


def _terms_pattern(terms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)


def snippet(body: str, terms: list[str]) -> str:
    """One line of ``body`` around the first match of any term ("" when none matches).

    Markdown's marks are taken out (it is read, not rendered, here) and the line is cut
    to ``SNIPPET_CELLS`` terminal columns (Japanese characters take two).
    """
    found = _terms_pattern(terms).search(body) if terms else None
    if found is None:
        return ""
    start = max(0, found.start() - SNIPPET_LEAD)
    # Start at a word's beginning where one is near, so the line does not open mid-word.
    space = body.find(" ", start, found.start())
    if start > 0 and space != -1 and space - start < 15:
        start = space + 1
    text = one_line(_without_marks(body[start : start + SNIPPET_CELLS * 2]), SNIPPET_CELLS * 2)
    return _cut_to_cells(("…" if start > 0 else "") + text, SNIPPET_CELLS)


def _without_marks(markdown: str) -> str:
    """Markdown without its marks (headings, quotes, lists, emphasis, code ticks).

    Links and images are reduced to their text.
    """
    for pattern, replacement in _MARKS:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def _cut_to_cells(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal columns, with "…" when it was cut."""
    used = 0
    for index, character in enumerate(text):
        used += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if used > cells - 1:
            return text[:index] + "…" if index < len(text) - 1 else text
    return text


def _holds_all(text: str, terms: list[str]) -> bool:
    return all(_terms_pattern([term]).search(text) for term in terms)


def _hit(post: Post, terms: list[str]) -> SearchHit | None:
    """The post as a hit when it holds every term (its body read from the file); else None."""
    body = _body(post)
    text = "\n".join([post.title, post.author, *post.categories, *post.tags, body])
    if not _holds_all(text, terms):
        return None
    return SearchHit(post, snippet(body, terms) or post.excerpt)


def _body(post: Post) -> str:
    """The post's Markdown body, read again and only split from its front matter.

    That is all a search needs: the library's post has the title, tags and the rest.
    """
    from reader.model.front_matter import split_front_matter  # only when searching

    if post.binary:
        return ""
    try:
        data = read_post_file(post.path).data
    except UnreadablePostError:
        return ""
    return split_front_matter(clean_text(decode(data)[0])).body


def _may_hold(post: Post, terms: list[str]) -> bool:
    """Whether the post's file holds every term somewhere (front matter included).

    Cheap: bytes decoded and searched, nothing parsed; ``_hit`` then looks closer.
    """
    try:
        data = read_post_file(post.path).data
    except UnreadablePostError:
        return False
    return _holds_all(decode(data)[0], terms)


def _scan(posts: Iterable[Post], terms: list[str], limit: int) -> list[SearchHit]:
    """Posts holding all the terms, read from the files; title matches first."""
    candidates = [post for post in posts if not post.binary and _may_hold(post, terms)]
    title = _terms_pattern(terms)
    candidates.sort(key=lambda post: title.search(post.title) is None)
    hits: list[SearchHit] = []
    for post in candidates:  # parsed only until there are enough
        if len(hits) == limit:
            break
        if hit := _hit(post, terms):
            hits.append(hit)
    return hits


def _folders(library: Library) -> list[Path]:
    return [root for root in library.roots if root.is_dir()]


def build_fulltext(
    library: Library,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> list[str]:
    """Add the library's posts that are not yet in their folder's full-text index.

    Returns notices about cache trouble (the search then reads the files instead).
    Setting ``stop`` (from another thread) ends it early; the next call goes on.
    """
    from reader.model.post_loader import load_post  # the parsers: only when indexing

    notices: list[str] = []
    indexes: list[tuple[PostIndex, list[str]]] = []
    for root in _folders(library):
        try:
            index, notice = PostIndex.open(root)
            indexes.append((index, index.unsearchable_paths()))
        except CacheError as error:
            notices.append(str(error))
            continue
        if notice:
            notices.append(notice)
    total = sum(len(paths) for _, paths in indexes)
    done = 0
    for index, paths in indexes:
        try:
            for start in range(0, len(paths), FULLTEXT_BATCH):
                if stop is not None and stop.is_set():
                    break
                batch = paths[start : start + FULLTEXT_BATCH]
                index.add_to_fulltext(load_post(Path(path), index.root) for path in batch)
                done += len(batch)
                if on_progress:
                    on_progress(done, total)
        except CacheError as error:
            notices.append(str(error))
        finally:
            index.close()
    return notices


def search(
    library: Library, query: str, limit: int = DEFAULT_LIMIT, use_index: bool = True
) -> list[SearchHit]:
    """The library's posts matching every word of ``query``, best first, at most ``limit``.

    With ``use_index``, each folder's full-text index answers for the posts in it; the
    files of the others (not indexed yet, or no usable index) are read. Else every file
    is read.
    """
    terms = query_terms(query)
    if not terms:
        return []
    posts = list(library.posts)  # a copy: the app may change the library meanwhile
    expression = match_expression(terms)
    if expression is None or not use_index:
        return _scan(posts, terms, limit)
    by_path = {str(post.path): post for post in posts}
    ranked: list[Post] = []
    answered: set[str] = set()
    for root in _folders(library):
        try:
            index, _ = PostIndex.open(root)
        except CacheError:
            continue
        try:
            matches, searchable = index.search(expression)
        except CacheError:
            continue
        finally:
            index.close()
        ranked.extend(by_path[path] for path in matches if path in by_path)
        answered |= searchable
    hits: list[SearchHit] = []
    # Ranks from different folders do not compare; one folder is the common case.
    for post in ranked:  # parsed only until there are enough
        if len(hits) == limit:
            return hits
        if hit := _hit(post, terms):  # words too short for the index are checked here
            hits.append(hit)
    unanswered = [post for path, post in by_path.items() if path not in answered]
    if not unanswered or len(hits) == limit:
        return hits
    return hits + _scan(unanswered, terms, limit - len(hits))
