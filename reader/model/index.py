"""The index of a library folder: post summaries and a full-text index, cached in SQLite.

One database per library folder, under the user's cache folder (``$XDG_CACHE_HOME/reader``),
never inside the library. Rows are keyed by the file's path, size and modification time,
so a warm start re-reads only the files that changed.

The full-text index is an FTS5 table with the ``trigram`` tokenizer (it finds Japanese,
which has no spaces between words), over the text a reader sees (``snippet_text``: a
word that markup or a line break splits in the source is whole there). That text is kept
beside it, compressed, for search snippets. The FTS5 table is contentless: a post
that changes leaves its old row behind as garbage, never matched again because its
``posts.id`` is gone; the table is rebuilt when garbage grows past a tenth of it.

Every failure of the cache (corrupt, from another version, unwritable, disk full) is a
``CacheError`` or a notice; the library is then read without it, never listed wrong.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import orjson
import platformdirs

from reader.model.database import (
    Schema,
    UnusableDatabaseError,
    open_database,
    open_read_only,
    remove_database,
    write_transaction,
)
from reader.model.folder_stamps import FolderStamps
from reader.model.health.finding import Finding
from reader.model.post import Post, PostSummary, SortKey, newest_first_key, summary_json
from reader.model.reading_time import ReadingSpeeds
from reader.model.text import join_cjk_lines, path_from_text

SCHEMA_VERSION = 14
SEPARATOR = "\x1f"  # between list items; clean_text makes sure posts never contain it
BUSY_TIMEOUT_SECONDS = 10.0
GARBAGE_SHARE = 0.1
RANKED_MATCHES = 2000  # more matches than this are neither all ranked nor counted

_SCHEMA_SQL = """
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    categories TEXT NOT NULL,
    tags TEXT NOT NULL,
    author TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    draft INTEGER NOT NULL,
    stated_minutes INTEGER,
    estimated_minutes INTEGER NOT NULL,
    problems TEXT NOT NULL,
    binary INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    body_digest TEXT NOT NULL,
    summary BLOB NOT NULL,
    sort_time REAL,
    searchable INTEGER NOT NULL DEFAULT 0,
    listed INTEGER NOT NULL DEFAULT 1,
    date_source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posts_by_time ON posts (sort_time);
-- What a search's count and filter read of each match: not the whole row.
CREATE INDEX posts_flags ON posts (id, searchable, draft);
-- What reader search compares with the files: read without the long rows.
CREATE INDEX posts_stamps ON posts (path, size, mtime_ns, searchable);
-- The posts not in the full-text index yet: counted at each key typed in a search.
CREATE INDEX posts_unindexed ON posts (id) WHERE NOT searchable;
CREATE TABLE fulltext_state (garbage INTEGER NOT NULL);
INSERT INTO fulltext_state VALUES (0);
CREATE VIRTUAL TABLE fulltext USING fts5(
    title, categories, tags, author, about, body, content='', tokenize='trigram'
);
-- What search indexed of each post, as a reader sees it: its body (zlib) and the front
-- matter about it. Snippets are cut from here, no file read or parsed.
CREATE TABLE texts (id INTEGER PRIMARY KEY, body BLOB NOT NULL, about TEXT NOT NULL);
-- The stamps of the folders (see folder_stamps.py) when the posts were last walked.
CREATE TABLE walk (stamps BLOB NOT NULL);
"""
_SCHEMA = Schema(SCHEMA_VERSION, tuple(sql for sql in _SCHEMA_SQL.split(";") if sql.strip()))
_COLUMNS = (
    "path, size, mtime_ns, title, date, categories, tags, author, excerpt, draft,"
    " stated_minutes, estimated_minutes, problems, binary, fingerprint, body_digest,"
    " listed, date_source"
)
# What a PostSummary is built from; each row also stores the post's JSON summary, for listing,
# and its date as a timestamp, to find the newest posts (no date: NULL, sorted last).
_STORED = f"{_COLUMNS}, summary, sort_time"
_PLACEHOLDERS = ", ".join("?" * len(_STORED.split(",")))
# bm25 weights of title, categories, tags, author, about (description, summary...), body:
# a word in the title counts most.
_RANK = "bm25(fulltext, 10.0, 4.0, 4.0, 3.0, 2.0, 1.0)"

Row = tuple[Any, ...]  # sqlite3 gives each column its own type


ABOUT_KEYS = ("description", "summary", "excerpt", "subtitle")
"""Front matter that people read about a post: searched with its text."""


def about_text(post: Post) -> str:
    """The post's description, summary, excerpt and subtitle, as one text."""
    values = (post.metadata.get(key) for key in ABOUT_KEYS)
    return "\n".join(value for value in values if isinstance(value, str))


class PostText(NamedTuple):
    """What search reads of a post besides its fields: its text and what is said about it."""

    body: str
    """The body as a reader sees it, a line per block (``snippet_text``)."""
    about: str
    """``about_text``: description, summary, excerpt, subtitle."""


def post_text(post: Post) -> PostText:
    """The text of ``post`` (read with its body and front matter) as search reads it."""
    from reader.model.plain_text import snippet_text  # the parser: only when reading posts

    return PostText(snippet_text(post.body, post.metadata), about_text(post))


def searchable_text(text: str) -> str:
    """Text as it is indexed and searched: NFKC, case folded, white space made one space.

    Full-width and half-width forms become one (``ＡＩ`` is ``AI``), and a line break
    between two CJK characters goes (it is not a space to a reader).
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(join_cjk_lines(folded).split())


def searchable_blocks(text: str) -> str:
    """``searchable_text`` of a text with a block per line: words never join across lines."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class CacheError(Exception):
    """The cache cannot be used; the message is a one-line notice for the reader."""


def cache_folder() -> Path:
    """Where reader keeps its indexes (honours ``XDG_CACHE_HOME``)."""
    return platformdirs.user_cache_path("reader") / "index"


def index_file(root: Path, speeds: ReadingSpeeds) -> Path:
    """The index database of the library folder ``root`` read at ``speeds``.

    Estimated reading times are cached, so other reading speeds need another index.
    """
    identity = f"{root.resolve()}\n{speeds.cjk_characters_per_minute}\n{speeds.words_per_minute}"
    key = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
    return cache_folder() / f"{key[:32]}.sqlite3"


class FileStamp(NamedTuple):
    """What tells a cached post from a changed one."""

    size: int
    mtime_ns: int


class Matches(NamedTuple):
    """The best posts matching a search (their paths), and how many match."""

    paths: list[str]
    total: int
    more: bool
    """Whether more posts than ``total`` match (they were not all counted)."""


class JsonSummary(NamedTuple):
    """A cached post as ``reader list --json`` prints it, and what it is sorted by."""

    sort_key: SortKey
    draft: bool
    json: orjson.Fragment  # the JSON text of ``summary_json``


def _joined(items: list[str]) -> str:
    return SEPARATOR.join(items)


def _split(text: str) -> list[str]:
    return text.split(SEPARATOR) if text else []


def _stored_findings(findings: list[Finding]) -> str:
    return orjson.dumps([finding.stored() for finding in findings]).decode() if findings else ""


def _findings(text: str) -> list[Finding]:
    return [Finding.from_stored(data) for data in orjson.loads(text)] if text else []


def _row(post: PostSummary, stamp: FileStamp) -> Row:
    return (
        str(post.path),
        stamp.size,
        stamp.mtime_ns,
        post.title,
        post.date.isoformat() if post.date else None,
        _joined(post.categories),
        _joined(post.tags),
        _joined(post.authors),
        post.excerpt,
        post.draft,
        post.stated_minutes,
        post.estimated_minutes,
        _stored_findings(post.problems),
        post.binary,
        post.fingerprint,
        post.body_digest,
        post.listed,
        post.date_source,
        orjson.dumps(summary_json(post)),
        post.date.timestamp() if post.date else None,
    )


def _date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _post(row: Row, path: Path, root: Path) -> PostSummary:
    """A post from a row of ``_COLUMNS`` (unpacked by position: much faster than by name)."""
    (
        _,
        size,
        mtime_ns,
        title,
        date,
        categories,
        tags,
        author,
        excerpt,
        draft,
        stated_minutes,
        estimated_minutes,
        problems,
        binary,
        fingerprint,
        body_digest,
        listed,
        date_source,
    ) = row
    return PostSummary(
        path=path,
        title=title,
        date=_date(date),
        date_source=date_source,
        categories=_split(categories),
        tags=_split(tags),
        authors=_split(author),
        excerpt=excerpt,
        draft=bool(draft),
        stated_minutes=stated_minutes,
        estimated_minutes=estimated_minutes,
        size=size,
        modified=datetime.fromtimestamp(mtime_ns / 1e9, UTC),
        problems=_findings(problems),
        binary=bool(binary),
        fingerprint=fingerprint,
        body_digest=body_digest,
        listed=bool(listed),
        root=root,
    )


class PostIndex:
    """The cached index of one library folder. Open it with ``PostIndex.open``.

    Not shared between threads: each thread opens its own (opening is cheap). Its posts
    were read at ``speeds``: posts stored in it must be too.
    """

    def __init__(self, connection: sqlite3.Connection, root: Path, speeds: ReadingSpeeds) -> None:
        self._connection = connection
        self.root = root
        self.speeds = speeds

    @classmethod
    def open(cls, root: Path, speeds: ReadingSpeeds) -> tuple[PostIndex, str | None]:
        """Open (or create) the index of ``root`` at ``speeds``: the index and a notice, if any.

        A corrupt index or one from another version of reader is replaced by an empty
        one, with a notice saying so. Raises CacheError when no index can be had (an
        unwritable cache folder, a full disk).
        """
        path = index_file(root, speeds)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connect = partial(open_database, path, _SCHEMA, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                return cls(connect(), root, speeds), None
            except UnusableDatabaseError as error:
                remove_database(path)
                made = "made by another version of reader" if error.version else "corrupt"
                return cls(connect(), root, speeds), f"index cache was {made}; rebuilding it"
        except (OSError, sqlite3.Error) as error:
            raise CacheError(
                f"index cache unavailable ({_reason(error)}); reading without it"
            ) from error

    @classmethod
    def peek(cls, root: Path, speeds: ReadingSpeeds) -> PostIndex | None:
        """The index of ``root`` at ``speeds`` opened read-only if it is of this version, or None.

        Nothing is created, rebuilt or reported: ``open`` does that.
        """
        connection = open_read_only(index_file(root, speeds), SCHEMA_VERSION)
        return cls(connection, root, speeds) if connection is not None else None

    def close(self) -> None:
        """Close the database."""
        self._connection.close()

    def newest_posts(self, count: int) -> tuple[list[PostSummary], int]:
        """The ``count`` newest cached posts, and how many posts are cached.

        As the cache last knew them: the files are not looked at.
        """
        rows = self._query(
            # Posts of one time (or none) by title, as PostSummary.sort_key has them (near enough:
            # NOCASE folds ASCII only, and the posts are sorted again).
            f"SELECT {_COLUMNS} FROM posts WHERE listed"
            " ORDER BY sort_time DESC, title COLLATE NOCASE LIMIT ?",
            (count,),
        )
        ((total,),) = self._query("SELECT count(*) FROM posts WHERE listed")
        with _damaged_rows():
            return [_post(row, path_from_text(row[0]), self.root) for row in rows], total

    def cached_posts(
        self, files: dict[str, tuple[Path, FileStamp | None]], known: dict[str, PostSummary]
    ) -> tuple[list[PostSummary], set[str]]:
        """The cached posts whose files are unchanged, and the paths of every cached post.

        ``files`` maps each file's path as text to the path and its current stamp.
        ``known`` holds posts built from this cache before (by path as text): those
        still the same file are used again instead of being built anew.
        """
        rows = self._query(f"SELECT {_COLUMNS} FROM posts")
        with _damaged_rows():
            unchanged = [
                post
                if (post := known.get(row[0])) is not None and post.fingerprint == row[14]
                else _post(row, current[0], self.root)
                for row in rows
                if (current := files.get(row[0])) and current[1] == (row[1], row[2])
            ]
        return unchanged, {row[0] for row in rows}

    def summaries(self, files: dict[str, FileStamp | None]) -> list[JsonSummary] | None:
        """The cached summaries of ``files`` (each file's path as text: its current stamp).

        None unless the cache holds exactly these files, every one unchanged: no post
        built, no file read, which makes listing a library whose files did not change
        quick. Where some did, ``cached_posts`` and loading do the work.
        """
        rows = self._query(
            "SELECT path, size, mtime_ns, date, title, draft, summary, listed FROM posts"
        )
        if len(rows) != len(files) or any(files.get(row[0]) != row[1:3] for row in rows):
            return None
        with _damaged_rows():
            # The JSON is printed as it is: a damaged file must not make it invalid.
            orjson.loads(b"[" + b",".join(row[-2] for row in rows) + b"]")
            return [
                JsonSummary(
                    newest_first_key(_date(date), title), bool(draft), orjson.Fragment(json)
                )
                for _, _, _, date, title, draft, json, listed in rows
                if listed  # a page its site keeps out of lists is cached, not listed
            ]

    def store(self, posts: Iterable[tuple[PostSummary, FileStamp]]) -> None:
        """Cache freshly read posts, replacing what was cached for their paths."""
        rows = [_row(post, stamp) for post, stamp in posts]
        with self._writing() as connection:
            self._delete(connection, [row[0] for row in rows])
            connection.executemany(f"INSERT INTO posts ({_STORED}) VALUES ({_PLACEHOLDERS})", rows)

    def forget(self, paths: Iterable[str]) -> None:
        """Drop the posts whose files are gone."""
        with self._writing() as connection:
            self._delete(connection, list(paths))

    def _delete(self, connection: sqlite3.Connection, paths: list[str]) -> None:
        """Delete the posts at ``paths``, counting their full-text rows as garbage."""
        keys = [(path,) for path in paths]
        connection.executemany(
            "DELETE FROM texts WHERE id = (SELECT id FROM posts WHERE path = ?)", keys
        )
        indexed = connection.executemany(
            "DELETE FROM posts WHERE path = ? AND searchable", keys
        ).rowcount
        connection.executemany("DELETE FROM posts WHERE path = ?", keys)
        self._count_garbage(connection, indexed)

    def unsearchable_paths(self) -> list[str]:
        """Cached posts not yet in the full-text index."""
        rows = self._query("SELECT path FROM posts WHERE NOT searchable AND listed")
        return [row[0] for row in rows]

    def add_to_fulltext(self, posts: Iterable[tuple[PostSummary, PostText]]) -> None:
        """Put posts with their text (``post_text``) in the full-text index, in one transaction.

        The text is indexed as ``searchable_text`` makes it (queries are made the same
        way) and kept for snippets.
        """
        with self._writing() as connection:
            for post, text in posts:
                row = connection.execute(
                    "SELECT id FROM posts WHERE path = ? AND NOT searchable", (str(post.path),)
                ).fetchone()
                if row is None:
                    continue  # gone or already indexed (by another instance, say)
                fields = (post.title, " ".join(post.categories), " ".join(post.tags), post.author)
                connection.execute(
                    "INSERT INTO fulltext (rowid, title, categories, tags, author, about, body)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        row[0],
                        *map(searchable_text, (*fields, text.about)),
                        searchable_blocks(text.body),
                    ),
                )
                connection.execute(
                    "INSERT OR REPLACE INTO texts (id, body, about) VALUES (?, ?, ?)",
                    (row[0], zlib.compress(text.body.encode(), 1), text.about),
                )
                connection.execute("UPDATE posts SET searchable = 1 WHERE id = ?", (row[0],))

    def text_at(self, path: str) -> PostText | None:
        """The text kept of the indexed post at ``path`` (None when it is not indexed)."""
        rows = self._query(
            "SELECT texts.body, texts.about FROM posts JOIN texts ON texts.id = posts.id"
            " WHERE posts.path = ? AND posts.searchable",
            (path,),
        )
        if not rows:
            return None
        with _damaged_rows():
            ((body, about),) = rows
            return PostText(zlib.decompress(body).decode(), about)

    def search(self, match: str) -> tuple[list[str], set[str]]:
        """The posts matching an FTS5 ``match`` expression, best first, as paths.

        And the paths of every post in the full-text index: the others (not indexed
        yet) cannot be found here.
        """
        searchable = self._query("SELECT path FROM posts WHERE searchable")
        return self.matching_paths(match), {row[0] for row in searchable}

    def searchable_count(self) -> tuple[int, int]:
        """How many posts are cached, and how many of them are in the full-text index."""
        ((count,),) = self._query("SELECT count(*) FROM posts")
        ((unindexed,),) = self._query(
            "SELECT count(*) FROM posts INDEXED BY posts_unindexed WHERE NOT searchable"
        )
        return count, count - unindexed

    def matching_paths(self, match: str) -> list[str]:
        """The paths of the indexed posts matching an FTS5 ``match`` expression, best first."""
        rows = self._query(
            f"SELECT posts.path FROM fulltext JOIN posts ON posts.id = fulltext.rowid"
            f" WHERE fulltext MATCH ? AND posts.searchable ORDER BY {_RANK}",
            (match,),
        )
        return [row[0] for row in rows]

    def best_matches(self, match: str, limit: int, drafts: str = "include") -> Matches:
        """The paths of the ``limit`` best posts matching ``match``, and how many match.

        ``drafts`` ("include", "exclude" or "only") keeps or leaves out drafts, as the
        library filter does. Ranking and counting every match costs time in proportion
        to their number: past RANKED_MATCHES, they are not counted, and the posts with
        the words in their title come first, then the others, each newest indexed first.
        """
        where = (
            "fulltext MATCH ? AND posts.searchable"
            + {"include": "", "exclude": " AND NOT posts.draft", "only": " AND posts.draft"}[drafts]
        )
        # Each match's flags from their narrow index: a post's row is long (its summary).
        joined = (
            f"fulltext JOIN posts INDEXED BY posts_flags ON posts.id = fulltext.rowid WHERE {where}"
        )
        ids, total = self._best_ids(joined, match, 2 * limit)
        if total <= RANKED_MATCHES:
            return Matches(self._paths_of(ids[:limit]), total, more=False)
        # "(words) NOT excluded": the words looked for in the title, the exclusions anywhere.
        words, _, excluded = match.partition(")")
        in_title = self._query(
            f"SELECT fulltext.rowid FROM {joined} ORDER BY fulltext.rowid DESC LIMIT ?",
            (f"{{title}} : {words})" + excluded, limit),
        )
        best = list(dict.fromkeys([row[0] for row in in_title] + ids))[:limit]
        return Matches(self._paths_of(best), RANKED_MATCHES, more=True)

    def _best_ids(self, joined: str, match: str, limit: int) -> tuple[list[int], int]:
        """The ids of the ``limit`` best matches, and how many match, up to RANKED_MATCHES + 1.

        Ranked when there are no more than RANKED_MATCHES; else the newest indexed.
        """
        ((total,),) = self._query(
            f"SELECT count(*) FROM (SELECT 1 FROM {joined} LIMIT ?)", (match, RANKED_MATCHES + 1)
        )
        order = _RANK if total <= RANKED_MATCHES else "fulltext.rowid DESC"
        rows = self._query(
            f"SELECT fulltext.rowid FROM {joined} ORDER BY {order} LIMIT ?", (match, limit)
        )
        return [row[0] for row in rows], total

    def _paths_of(self, ids: list[int]) -> list[str]:
        """The paths of the posts with these ``ids``, in that order."""
        rows = self._query(
            f"SELECT id, path FROM posts WHERE id IN ({', '.join('?' * len(ids))})", tuple(ids)
        )
        paths: dict[int, str] = dict(rows)
        return [paths[post_id] for post_id in ids if post_id in paths]

    def folder_stamps(self) -> FolderStamps | None:
        """The folders' stamps recorded at the last walk of the posts (None: none was)."""
        rows = self._query("SELECT stamps FROM walk")
        if not rows:
            return None
        with _damaged_rows():
            return {path: (size, mtime) for path, (size, mtime) in orjson.loads(rows[0][0]).items()}

    def save_folder_stamps(self, stamps: FolderStamps) -> None:
        """Record the folders' stamps of a walk whose posts are all stored now."""
        with self._writing() as connection:
            connection.execute("DELETE FROM walk")
            connection.execute("INSERT INTO walk VALUES (?)", (orjson.dumps(stamps),))

    def stamps(self) -> list[tuple[str, int, int, int]]:
        """Each cached post's path, the size and time its file had, and whether it is indexed."""
        return self._query(
            "SELECT path, size, mtime_ns, searchable FROM posts INDEXED BY posts_stamps"
        )

    def posts_at(self, paths: list[str]) -> list[PostSummary]:
        """The cached posts at ``paths`` (those it has), in that order."""
        found: dict[str, PostSummary] = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            rows = self._query(
                f"SELECT {_COLUMNS} FROM posts WHERE path IN ({', '.join('?' * len(chunk))})",
                tuple(chunk),
            )
            with _damaged_rows():
                found.update(
                    (row[0], _post(row, path_from_text(row[0]), self.root)) for row in rows
                )
        return [found[path] for path in paths if path in found]

    def _count_garbage(self, connection: sqlite3.Connection, rows: int) -> None:
        """Note ``rows`` dead rows in the full-text index; start it over when they pile up."""
        if rows <= 0:
            return
        connection.execute("UPDATE fulltext_state SET garbage = garbage + ?", (rows,))
        (garbage,) = connection.execute("SELECT garbage FROM fulltext_state").fetchone()
        (searchable,) = connection.execute("SELECT count(*) FROM posts WHERE searchable").fetchone()
        if garbage > GARBAGE_SHARE * max(searchable, 1) and garbage > 50:
            connection.execute("INSERT INTO fulltext (fulltext) VALUES ('delete-all')")
            connection.execute("DELETE FROM texts")
            connection.execute("UPDATE posts SET searchable = 0")
            connection.execute("UPDATE fulltext_state SET garbage = 0")

    def _query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[Row]:
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise CacheError(
                f"index cache unreadable ({_reason(error)}); reading without it"
            ) from error

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a failed write (full disk, locked too long) is a CacheError."""
        try:
            with write_transaction(self._connection) as connection:
                yield connection
        except sqlite3.Error as error:
            raise CacheError(f"index cache not updated ({_reason(error)})") from error


@contextmanager
def _damaged_rows() -> Iterator[None]:
    """Turn rows that cannot be posts (a damaged file: NULLs, wrong types) into CacheError.

    SQLite reads a file damaged inside its pages without an error; the rows say so.
    """
    try:
        yield
    except (AttributeError, TypeError, ValueError, IndexError, zlib.error) as error:
        raise CacheError(f"index cache damaged ({error}); reading without it") from error


def remove_index(root: Path, speeds: ReadingSpeeds) -> None:
    """Delete the (unreadable) index of ``root`` at ``speeds``: the next start rebuilds it."""
    # An unwritable cache folder: every start reads without the index anyway.
    with suppress(OSError):
        remove_database(index_file(root, speeds))


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error).splitlines()[0] if str(error) else type(error).__name__
