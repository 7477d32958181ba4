"""Full-text search over a library's posts: title, text, what the front matter says about it.

A query is words, "phrases in quotes" and ``-excluded`` words, with the library filter's
fields (``tag:`` ``category:`` ``year:`` ``author:`` ``is:draft``, see
reader.model.filters). Text is compared as ``searchable_text`` makes it: case, full-width
and half-width forms, and line breaks inside Japanese do not matter.

Through each folder's index (SQLite FTS5 with the ``trigram`` tokenizer, which finds
Japanese) once it is built; by reading the files for words of one or two characters
(trigrams cannot match those) and for posts not indexed yet.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Callable, Generator, Iterable, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.model.decoding import decode
from reader.model.filters import Drafts, PostFilter
from reader.model.folder_stamps import FolderStamps, folder_stamps, unchanged
from reader.model.index import (
    CacheError,
    FileStamp,
    PostIndex,
    PostText,
    post_text,
    searchable_blocks,
    searchable_text,
)
from reader.model.post import Post, PostSummary
from reader.model.post_file import UnreadablePostError, read_post_file
from reader.model.reading_time import ReadingSpeeds
from reader.model.text import clean_text, is_cjk

if TYPE_CHECKING:
    from reader.model.discovery import Files
    from reader.model.library import Library

# Posts of this size or more are read for the index in a worker process (see
# _read_for_index): their parse would take some 6 MB or more here.
LONG_POST_BYTES = 256 * 1024
MIN_INDEXED_TERM = 3  # the trigram tokenizer matches nothing shorter
DEFAULT_LIMIT = 50
SNIPPET_CELLS = 160
# What Markdown may put inside a word as written: link targets, tags, entities, marks.
_MARKUP_IN_WORDS = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|<[^>]*>|&#?\w+;|[\W_]+")

ProgressCallback = Callable[[int, int], None]
"""Called as posts are indexed: ``(posts done, posts to do)``."""


@dataclass(frozen=True)
class SearchQuery:
    """What a search asks for: words and phrases to find, words to leave out, a filter."""

    terms: tuple[str, ...] = ()
    """Each must be in the post (as ``searchable_text`` makes them)."""
    excluded: tuple[str, ...] = ()
    """None may be in the post."""
    filter: PostFilter = field(default_factory=PostFilter)
    """The library filter's fields (its free text is in ``terms``)."""

    @classmethod
    def parse(cls, query: str, drafts: Drafts = "include") -> SearchQuery:
        """The query typed: parsed as the library filter parses it, then its free words.

        ``drafts`` is what happens to drafts when the query does not say (``is:draft``).
        """
        parsed = PostFilter.parse(query, drafts)
        terms: list[str] = []
        excluded: list[str] = []
        for word in parsed.words:
            exclude = word.startswith("-") and len(word) > 1
            text = searchable_text(word[1:] if exclude else word)
            if text:
                (excluded if exclude else terms).append(text)
        return cls(
            tuple(dict.fromkeys(terms)),
            tuple(dict.fromkeys(excluded)),
            replace(parsed, text="", words=()),
        )

    @property
    def empty(self) -> bool:
        """Whether there is nothing to look for in the text."""
        return not self.terms

    def fulltext_expression(self) -> str | None:
        """The FTS5 query: every long enough term, ANDed; excluded ones NOT.

        None when no term is long enough: the query needs a scan.
        """
        found = [_quoted(term) for term in self.terms if len(term) >= MIN_INDEXED_TERM]
        if not found:
            return None
        left_out = [_quoted(term) for term in self.excluded if len(term) >= MIN_INDEXED_TERM]
        wanted = " AND ".join(found)
        return f"({wanted})" + "".join(f" NOT {term}" for term in left_out)

    @property
    def exact_in_index(self) -> bool:
        """Whether the index answers the whole query, with no file read."""
        return all(len(term) >= MIN_INDEXED_TERM for term in (*self.terms, *self.excluded))

    @property
    def filters_in_index(self) -> bool:
        """Whether the index can answer the whole query, its filter included (drafts only)."""
        kept = self.filter
        fields = (kept.category, kept.tag, kept.author, kept.year)
        return (
            self.exact_in_index and all(value is None for value in fields) and kept.health == "any"
        )

    def holds(self, text: str) -> bool:
        """Whether ``text`` (from ``searchable_text``) has every term and no excluded one."""
        return all(term in text for term in self.terms) and not any(
            term in text for term in self.excluded
        )


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class Snippet(NamedTuple):
    """A line of a post's text and where the match is in it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SearchHit:
    """A found post, with a line of its text around the first match (``match`` in it)."""

    post: PostSummary
    snippet: str
    match: tuple[int, int] | None = None
    """Where the match is in ``snippet`` (start, end), if the snippet shows it."""

    @property
    def matched_text(self) -> str:
        """The matched words as the post has them ("" when the snippet does not show them)."""
        return self.snippet[self.match[0] : self.match[1]] if self.match else ""


@dataclass(frozen=True)
class SearchResult:
    """The hits shown (best first, at most the limit) and how many posts match in all."""

    hits: list[SearchHit]
    total: int
    more: bool = False
    """Whether more posts than ``total`` match: past a few thousand they are not counted."""

    @property
    def count_text(self) -> str:
        """How many posts matched ("23 posts"), and how many are shown when fewer."""
        posts = f"{self.total:,} post{'' if self.total == 1 and not self.more else 's'}"
        shown = len(self.hits)
        shown_text = f", the best {shown} shown" if shown < self.total or self.more else ""
        return ("more than " if self.more else "") + posts + shown_text


def _cells(character: str) -> int:
    return 2 if is_cjk(character) else 1


def _find(text: str, terms: Iterable[str]) -> tuple[int, int] | None:
    """Where the first of ``terms`` (searchable) is in ``text`` (as written), if anywhere."""
    # Compared character for character: one line, folded in the same way.
    flat = " ".join(text.split())
    folded = searchable_text(flat)
    if len(folded) != len(flat):  # folding changed lengths (ß, ligatures): slower but exact
        return _find_by_character(flat, terms)
    found = [(position, len(term)) for term in terms if (position := folded.find(term)) != -1]
    if not found:
        return None
    position, length = min(found)
    return position, position + length


def _find_by_character(flat: str, terms: Iterable[str]) -> tuple[int, int] | None:
    """``_find`` for text whose folded form has another length: each character folded."""
    folded: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(flat):
        for piece in searchable_text(character) or " ":
            folded.append(piece)
            origin.append(index)
    text = "".join(folded)
    found = [(position, len(term)) for term in terms if (position := text.find(term)) != -1]
    if not found:
        return None
    position, length = min(found)
    return origin[position], origin[position + length - 1] + 1


def snippet(text: str, terms: Iterable[str], cells: int = SNIPPET_CELLS) -> Snippet | None:
    """A line of ``text`` around the first match of ``terms``, at most ``cells`` wide.

    None when no term is in the text. The line is cut at a space in Latin text, between
    any two characters in Japanese, with "…" where it was cut, and always shows the
    whole match.
    """
    flat = " ".join(clean_text(text).split())
    found = _find(flat, terms)
    if found is None:
        return None
    return fit(flat, *found, cells)


def fit(text: str, start: int, end: int, cells: int) -> Snippet:
    """``text`` cut to ``cells`` columns around ``text[start:end]``, which stays whole.

    About a third of the room goes before the match. Returns the line and where the match
    is in it.
    """
    width = sum(map(_cells, text))
    if width <= cells:
        return Snippet(text, start, end)
    match_cells = sum(map(_cells, text[start:end]))
    before_room = max(0, min((cells - match_cells) // 3, cells - match_cells - 2))
    first = start
    used = 0
    while first > 0 and used + _cells(text[first - 1]) <= before_room:
        first -= 1
        used += _cells(text[first])
    if first > 0:
        first = _word_start(text, first, start)
    last = end
    room = cells - used - match_cells - (1 if first > 0 else 0)
    while last < len(text) and room - _cells(text[last]) >= 1:
        room -= _cells(text[last])
        last += 1
    if last < len(text):
        last = _word_end(text, last, end)
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(text) else ""
    line = prefix + text[first:last].strip() + suffix
    shift = len(prefix) - first - (len(text[first:last]) - len(text[first:last].lstrip()))
    return Snippet(line, start + shift, end + shift)


def _word_start(text: str, first: int, start: int) -> int:
    """Move a cut forward to the start of a word, in Latin text (Japanese cuts anywhere)."""
    if is_cjk(text[first]) or text[first - 1].isspace():
        return first
    space = text.find(" ", first, start)
    return space + 1 if space != -1 else first


def _word_end(text: str, last: int, end: int) -> int:
    """Move a cut back to the end of a word, in Latin text."""
    if is_cjk(text[last - 1]) or text[last].isspace():
        return last
    space = text.rfind(" ", end, last)
    return space if space != -1 else last


def _hit(post: PostSummary, text: PostText, query: SearchQuery) -> SearchHit:
    """The post as a hit: a snippet of its text around the match, else of what is about it."""
    # The line (paragraph, heading, table row...) holding the match; the whole text for
    # a phrase that runs from one line into the next.
    for part in (_line_holding(text.body, query.terms), text.body, text.about):
        found = snippet(part, query.terms)
        if found is not None:
            return SearchHit(post, found.text, (found.start, found.end))
    return SearchHit(post, " ".join(post.excerpt.split()))


def _line_holding(text: str, terms: Iterable[str]) -> str:
    """The first line of ``text`` holding a term ("" when none does)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) == len(text):  # the usual case: found in one go, where it is written
        positions = [position for term in terms if (position := folded.find(term)) != -1]
        if positions:
            position = min(positions)
            end = text.find("\n", position)
            return text[text.rfind("\n", 0, position) + 1 : end if end != -1 else None]
    for line in text.split("\n"):  # folding changed lengths, or spaces differ
        folded_line = searchable_text(line)
        if any(term in folded_line for term in terms):
            return line
    return ""


def _post_text(post: PostSummary, text: PostText) -> str:
    """Everything a search looks at in a post, as ``searchable_text`` makes it."""
    fields = [post.title, post.author, *post.categories, *post.tags, text.about]
    return searchable_text("\n".join(fields)) + " " + searchable_blocks(text.body)


StoredText = Callable[[PostSummary], PostText | None]
"""The text an index keeps of a post (None when it has none)."""


class _StoredTexts:
    """The text the folders' indexes keep of their posts, each index opened once, read-only.

    The indexes of posts read at ``speeds`` (the library's).
    """

    def __init__(self, speeds: ReadingSpeeds) -> None:
        self._speeds = speeds
        self._indexes: dict[Path | None, PostIndex | None] = {}

    def __call__(self, post: PostSummary) -> PostText | None:
        if post.root not in self._indexes:
            root = post.root
            self._indexes[root] = PostIndex.peek(root, self._speeds) if root else None
        index = self._indexes[post.root]
        return index.text_at(str(post.path)) if index is not None else None

    def close(self) -> None:
        """Close the indexes opened."""
        for index in self._indexes.values():
            if index is not None:
                index.close()


def _text(post: PostSummary, stored: StoredText | None) -> PostText | None:
    """The text of ``post``: as its index keeps it, else read from its file."""
    text = _kept(post, stored)
    return text if text is not None else _read(post)


def _kept(post: PostSummary, stored: StoredText | None) -> PostText | None:
    """The text of ``post`` as its index keeps it, if it does."""
    if stored is None:
        return None
    with suppress(CacheError):
        return stored(post)
    return None


def _read(post: PostSummary) -> PostText | None:
    """The text of ``post`` read from its file (None when it cannot be read as text)."""
    from reader.model.front_matter import split_front_matter  # only when reading

    if post.binary:
        return None
    try:
        data = read_post_file(post.path).data
    except UnreadablePostError:
        return None
    split = split_front_matter(clean_text(decode(data)[0]))
    return post_text(Post.of(post, split.body, split.metadata))


def _may_hold(path: Path, query: SearchQuery) -> bool:
    """Whether the file may hold every term, front matter included, as a reader sees it.

    Cheap: bytes decoded and searched, nothing parsed; the post is then read. A term
    that markup splits as written (``**ワー**カー``, a link) is looked for in the text
    with no marks, link targets, tags or spaces.
    """
    try:
        data = read_post_file(path).data
    except UnreadablePostError:
        return False
    text = searchable_text(decode(data)[0])
    missing = [term for term in query.terms if term not in text]
    if not missing:
        return True
    bare = _bare(text)
    return all(_bare(term) in bare for term in missing)


def _bare(text: str) -> str:
    """``text`` without what markup may put inside a word: marks, link targets, tags, spaces."""
    return _MARKUP_IN_WORDS.sub("", text)


def _scan(
    posts: Iterable[PostSummary],
    query: SearchQuery,
    limit: int,
    stored: StoredText | None = None,
) -> SearchResult:
    """Posts holding the query, title matches first.

    Each post's text as its index keeps it (``stored``), else read from its file: the
    file is parsed only when its bytes may hold the query (3,000 posts parsed: 10 s).
    """
    hits: list[SearchHit] = []
    total = 0
    for post in posts:
        if post.binary or not query.filter.matches(post):
            continue
        text = _kept(post, stored)
        if text is None:
            if not _may_hold(post.path, query):
                continue
            text = _read(post)
        if text is None or not query.holds(_post_text(post, text)):
            continue
        total += 1
        hits.append(_hit(post, text, query))
    hits.sort(key=lambda hit: not _in_title(hit.post, query))
    return SearchResult(hits[:limit], total)


def _in_title(post: PostSummary, query: SearchQuery) -> bool:
    title = searchable_text(post.title)
    return any(term in title for term in query.terms)


def _hits(
    posts: Iterable[PostSummary], query: SearchQuery, limit: int, stored: StoredText | None
) -> tuple[list[SearchHit], int]:
    """Hits for the index's ranked ``posts`` (filtered here), up to ``limit`` with snippets.

    Each post's text is the one ``stored`` by its index (else read from its file). Terms
    too short for the index are checked in that text, so the total is exact then only for
    the posts looked at; else it counts every post that passed.
    """
    hits: list[SearchHit] = []
    total = 0
    for post in posts:
        if not query.filter.matches(post):
            continue
        if query.exact_in_index and len(hits) == limit:
            total += 1
            continue
        text = _text(post, stored)
        if text is None:
            continue
        if not query.exact_in_index and not query.holds(_post_text(post, text)):
            continue
        total += 1
        if len(hits) < limit:
            hits.append(_hit(post, text, query))
    return hits, total


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
    notices: list[str] = []
    indexes: list[tuple[PostIndex, list[str]]] = []
    for root in _folders(library):
        try:
            index, notice = PostIndex.open(root, library.speeds)
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
            with closing(_read_for_index(paths, index)) as chunks:
                for chunk in chunks:
                    index.add_to_fulltext(chunk)
                    done += len(chunk)
                    if on_progress:
                        on_progress(done, total)
                    if stop is not None and stop.is_set():
                        break
        except CacheError as error:
            notices.append(str(error))
        finally:
            index.close()
    return notices


def _read_for_index(paths: list[str], index: PostIndex) -> Generator[list[Indexed]]:
    """The posts at ``paths`` read for ``index``, in chunks: on every core when many.

    A long post is read in a worker process however few the posts: the parse of its
    text takes some 25 times its size (a 1 MB post: 26 MB), which the app would keep.
    """
    from reader.model.loading import PARALLEL_ABOVE_FILES, read_in_chunks  # only to index

    files = [(Path(path), index.root) for path in paths]
    few = len(paths) < PARALLEL_ABOVE_FILES  # many are read in worker processes anyway
    apart = few and any(_size(path) >= LONG_POST_BYTES for path in paths)
    yield from read_in_chunks(files, partial(_index_chunk, speeds=index.speeds), apart=apart)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # gone: reading it says so


Indexed = tuple[PostSummary, PostText]
"""A post read for the index: its summary and its text."""


def _index_chunk(files: Files, speeds: ReadingSpeeds) -> list[Indexed]:
    """The posts of ``files`` read for the index (in a worker process, for a big library)."""
    from reader.model.post_loader import load_post  # the parsers: only when indexing

    posts = (load_post(file, root, speeds) for file, root in files)
    return [(post.summary(), post_text(post)) for post in posts]


def search(
    library: Library,
    query: str | SearchQuery,
    limit: int = DEFAULT_LIMIT,
    use_index: bool = True,
    by_path: Mapping[str, PostSummary] | None = None,
    snippets: bool = True,
) -> SearchResult:
    """The library's posts matching ``query``, best first, at most ``limit`` of them.

    Without ``snippets``, hits the index alone answers come without one (and at once):
    ``with_snippets`` adds them.

    With ``use_index``, each folder's full-text index answers for the posts in it; the
    files of the others (not indexed yet, or no usable index) are read. Else every file
    is read. ``by_path`` (the library's posts by their path as text) saves making it.
    """
    parsed = SearchQuery.parse(query) if isinstance(query, str) else query
    if parsed.empty:
        return SearchResult([], 0)
    posts = list(library.posts)  # a copy: the app may change the library meanwhile
    expression = parsed.fulltext_expression()
    if not use_index:
        return _scan(posts, parsed, limit)
    if expression is None:  # no term the index can look up (two characters, say)
        with closing(_StoredTexts(library.speeds)) as stored:
            return _scan(posts, parsed, limit, stored)
    if by_path is None:
        by_path = {str(post.path): post for post in posts}
    if parsed.filters_in_index and _indexes_hold_exactly(library, len(by_path)):
        # The usual case once indexed: SQLite ranks, counts and cuts to the limit.
        return _best_from_indexes(library, parsed, expression, limit, by_path, snippets)
    ranked: list[PostSummary] = []
    answered: set[str] = set()
    for root in _folders(library):
        index = PostIndex.peek(root, library.speeds)
        if index is None:
            continue
        try:
            matches, searchable = index.search(expression)
        except CacheError:
            continue
        finally:
            index.close()
        ranked.extend(post for path in matches if (post := by_path.get(path)) is not None)
        answered |= searchable
    # Ranks from different folders do not compare; one folder is the common case.
    with closing(_StoredTexts(library.speeds)) as stored:
        hits, total = _hits(ranked, parsed, limit, stored)
    unanswered = [post for path, post in by_path.items() if path not in answered]
    if not unanswered:
        return SearchResult(hits, total)
    scanned = _scan(unanswered, parsed, max(0, limit - len(hits)))
    return SearchResult(hits + scanned.hits, total + scanned.total)


def _indexes_hold_exactly(library: Library, posts: int) -> bool:
    """Whether the library's folders' indexes hold its ``posts`` posts, each searchable.

    (Not a file named on its own, nor a library cut down by a filter.)
    """
    folders = _folders(library)
    if len(folders) != len(library.roots):
        return False
    held = 0
    for root in folders:
        index = PostIndex.peek(root, library.speeds)
        if index is None:
            return False
        try:
            count, searchable = index.searchable_count()
        except CacheError:
            return False
        finally:
            index.close()
        if count != searchable:
            return False
        held += count
    return held == posts


def _best_from_indexes(
    library: Library,
    query: SearchQuery,
    expression: str,
    limit: int,
    by_path: Mapping[str, PostSummary],
    with_snippets: bool,
) -> SearchResult:
    """The best hits as the indexes rank them, and how many posts match in all.

    Without snippets, no post's text is looked at: ``with_snippets`` adds them after.
    """
    ranked: list[PostSummary] = []
    total = 0
    more = False
    for root in _folders(library):
        index = PostIndex.peek(root, library.speeds)
        if index is None:
            continue
        try:
            matches = index.best_matches(expression, limit, query.filter.drafts)
        except CacheError:
            continue
        finally:
            index.close()
        ranked.extend(post for path in matches.paths if (post := by_path.get(path)) is not None)
        total += matches.total
        more |= matches.more
    if not with_snippets:  # every post is a hit: the index answered the whole query
        ranked = [post for post in ranked if query.filter.matches(post)][:limit]
        return SearchResult([SearchHit(post, "") for post in ranked], total, more)
    with closing(_StoredTexts(library.speeds)) as stored:
        hits, _ = _hits(ranked, query, limit, stored)
    return SearchResult(hits, total, more)


def with_snippets(result: SearchResult, query: str, speeds: ReadingSpeeds) -> SearchResult:
    """``result`` with a snippet for each hit that has none, from the text its index keeps.

    The indexes of posts read at ``speeds`` (the library's).
    """
    parsed = SearchQuery.parse(query)
    hits = []
    with closing(_StoredTexts(speeds)) as stored:
        for hit in result.hits:
            text = None if hit.snippet else _text(hit.post, stored)
            hits.append(_hit(hit.post, text, parsed) if text else hit)
    return SearchResult(hits, result.total, result.more)


def search_folders(
    paths: list[Path],
    query: str,
    speeds: ReadingSpeeds,
    limit: int = DEFAULT_LIMIT,
    post_filter: PostFilter | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[SearchResult, list[str]]:
    """``search`` for the command line: no library loaded, each folder's index updated.

    Posts are read at ``speeds`` (they are cached so).

    Posts added, changed or removed since the index was built are found by a walk that
    only looks at each file's size and time; only those posts are read. Returns the
    result and notices about the cache (a folder without a usable index is read).
    """
    parsed = SearchQuery.parse(query)
    if post_filter is not None:
        parsed = replace(parsed, filter=_both(parsed.filter, post_filter))
    if parsed.empty:
        return SearchResult([], 0), []
    folders = [path for path in paths if path.is_dir()]
    notices: list[str] = []
    fallback = [path for path in paths if not path.is_dir()]
    expression = parsed.fulltext_expression()
    indexes: list[PostIndex] = []
    if expression is not None:
        for root in folders:
            try:
                index, notice = PostIndex.open(root, speeds)
                _bring_up_to_date(index, root, on_progress)
            except CacheError as error:
                notices.append(str(error))
                fallback.append(root)
                continue
            if notice:
                notices.append(notice)
            indexes.append(index)
    else:
        fallback.extend(folders)
    hits: list[SearchHit] = []
    total = 0
    more = False
    try:
        for index in indexes:
            room = limit - len(hits)
            stored = _stored_by(index)
            if parsed.filters_in_index:  # SQLite ranks, counts and cuts to the limit
                matches = index.best_matches(expression or "", room, parsed.filter.drafts)
                found, _ = _hits(index.posts_at(matches.paths), parsed, room, stored)
                count = matches.total
                more |= matches.more
            else:
                found, count = _hits(
                    _lazy_posts(index, index.matching_paths(expression or "")),
                    parsed,
                    room,
                    stored,
                )
            hits.extend(found)
            total += count
    except CacheError as error:
        notices.append(str(error))
    finally:
        for index in indexes:
            index.close()
    if fallback:
        from reader.model.library import load_library  # loads every post: only without an index

        library = load_library(fallback, speeds=speeds)
        scanned = _scan(library.posts, parsed, max(0, limit - len(hits)))
        hits.extend(scanned.hits)
        total += scanned.total
    return SearchResult(hits, total, more), notices


def _both(first: PostFilter, second: PostFilter) -> PostFilter:
    """One filter from the query's fields and the command line's options (these win)."""
    return replace(
        first,
        category=second.category or first.category,
        tag=second.tag or first.tag,
        author=second.author or first.author,
        year=second.year if second.year is not None else first.year,
        drafts=first.drafts if first.drafts != "include" else second.drafts,
    )


def _stored_by(index: PostIndex) -> StoredText:
    """The text ``index`` keeps of a post."""
    return lambda post: index.text_at(str(post.path))


def _lazy_posts(index: PostIndex, paths: list[str]) -> Iterable[PostSummary]:
    """The posts at ``paths`` from the index, made a few at a time as they are asked for."""
    for start in range(0, len(paths), 200):
        yield from index.posts_at(paths[start : start + 200])


def _bring_up_to_date(index: PostIndex, root: Path, on_progress: ProgressCallback | None) -> None:
    """Make the index of ``root`` hold its posts as they are now, the text of each indexed.

    The files are compared by size and time (a stat each): only the posts added or
    changed are read; those removed are forgotten. The folders are walked by the rules
    of discovery only when they changed since the last walk (``folder_stamps``).
    """
    cached = index.stamps()
    recorded = index.folder_stamps()
    walked: FolderStamps | None = None
    if recorded is not None and unchanged(recorded):  # the same files: the known ones
        changed, unindexed, gone = _known_changes(cached)
    else:
        from reader.model.discovery import stamped_post_files  # the site rules: only now

        walked = folder_stamps(root)  # before the walk: a change during it shows next time
        changed, unindexed, gone = _walked_changes(cached, stamped_post_files(root))
    if gone:
        index.forget(gone)
    todo = [*changed, *unindexed]
    if todo:
        done = 0
        with closing(_read_for_index(todo, index)) as chunks:
            for chunk in chunks:
                index.store(
                    (post, FileStamp(*stamp))
                    for post, _ in chunk
                    if (stamp := changed.get(str(post.path))) is not None
                )
                index.add_to_fulltext(chunk)
                done += len(chunk)
                if on_progress:
                    on_progress(done, len(todo))
    if walked is not None:  # every post of the walk stored: the next search may trust it
        index.save_folder_stamps(walked)


Changes = tuple[dict[str, tuple[int, int]], list[str], list[str]]
"""The files changed or added (with their size and time now), those not indexed yet, and
those gone."""


def _known_changes(cached: list[tuple[str, int, int, int]]) -> Changes:
    """What changed among the files the index knows (``stamps``): a stat of each."""
    paths = [path for path, *_ in cached]
    statuses: list[os.stat_result | None]
    try:
        statuses = list(map(os.stat, paths))  # the usual case: every file still there
    except OSError:
        statuses = [_status(path) for path in paths]
    changed: dict[str, tuple[int, int]] = {}
    unindexed: list[str] = []
    gone: list[str] = []
    for (path, size, mtime, indexed), status in zip(cached, statuses, strict=True):
        if status is None:
            gone.append(path)
        elif status.st_size != size or status.st_mtime_ns != mtime:
            changed[path] = (status.st_size, status.st_mtime_ns)
        elif not indexed:
            unindexed.append(path)
    return changed, unindexed, gone


def _walked_changes(
    cached: list[tuple[str, int, int, int]], current: dict[str, tuple[int, int]]
) -> Changes:
    """What changed between the files the index knows and those a walk found (``current``)."""
    known = {path: (size, mtime, indexed) for path, size, mtime, indexed in cached}
    changed: dict[str, tuple[int, int]] = {}
    unindexed: list[str] = []
    for path, stamp in current.items():
        row = known.get(path)
        if row is None or row[:2] != stamp:
            changed[path] = stamp
        elif not row[2]:
            unindexed.append(path)
    return changed, unindexed, [path for path in known if path not in current]


def _status(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None  # gone: forgotten
