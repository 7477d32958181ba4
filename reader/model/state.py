"""Reading state in SQLite: read marks, places, bookmarks, history and library views.

One row per post, keyed by its absolute path, holding the fingerprint (a content hash)
of the file when its state was last written, so that a moved or renamed post finds its
state again. Each field keeps the time it changed, so that two machines' states merge
field by field, the newer winning.

Every write is one short transaction in WAL mode: a process killed at any moment leaves
the database as it was after its last commit, and several processes can share it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeAlias

import platformdirs

from reader.model.database import (
    Schema,
    UnusableDatabaseError,
    database_files,
    open_database,
    write_transaction,
)
from reader.model.errors import StateError as StateError
from reader.model.state_export import export_document, parse_export
from reader.model.text import clean_text

SCHEMA_VERSION = 1
HISTORY_LIMIT = 500
BUSY_TIMEOUT_SECONDS = 5.0

StrPath: TypeAlias = str | os.PathLike[str]

_SCHEMA_SQL = (
    """CREATE TABLE IF NOT EXISTS posts (
        path TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        read_at REAL,
        position INTEGER,
        position_at REAL,
        bookmarked INTEGER NOT NULL DEFAULT 0,
        bookmarked_at REAL,
        title TEXT,
        opened_at REAL
    )""",
    "CREATE INDEX IF NOT EXISTS posts_by_fingerprint ON posts (fingerprint)",
    "CREATE INDEX IF NOT EXISTS posts_by_opened_at ON posts (opened_at)"
    " WHERE opened_at IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS views (
        library TEXT PRIMARY KEY,
        grouping TEXT NOT NULL,
        filter_text TEXT NOT NULL,
        selected_path TEXT,
        saved_at REAL NOT NULL
    )""",
)
_SCHEMA = Schema(SCHEMA_VERSION, _SCHEMA_SQL)
# The fields of a post that change together, each group with the time it changed last:
# (its value columns, its time column). Merging takes a whole group from the newer side.
_POST_FIELDS = (
    (("read",), "read_at"),
    (("position",), "position_at"),
    (("bookmarked",), "bookmarked_at"),
    (("title",), "opened_at"),
)
_POST_COLUMNS = (
    "path",
    "fingerprint",
    "read",
    "read_at",
    "position",
    "position_at",
    "bookmarked",
    "bookmarked_at",
    "title",
    "opened_at",
)
_VIEW_COLUMNS = ("library", "grouping", "filter_text", "selected_path", "saved_at")


@dataclass(frozen=True)
class HistoryEntry:
    """A post in the history of recently opened posts."""

    path: str
    title: str
    opened_at: datetime


@dataclass(frozen=True)
class LibraryView:
    """How a library was last shown: its grouping, filter and selected post."""

    grouping: str
    filter_text: str
    selected_path: str | None


def state_path() -> Path:
    """Where the reading state lives: ``$XDG_STATE_HOME/reader/state.sqlite3`` on Linux."""
    return platformdirs.user_state_path("reader") / "state.sqlite3"


def post_key(path: StrPath) -> str:
    """How the state names a post: its absolute path (symbolic links left as they are)."""
    return os.path.abspath(os.fspath(path))


def library_key(roots: Iterable[StrPath]) -> str:
    """How the state names a library: its roots' absolute paths, sorted and joined."""
    return os.pathsep.join(sorted({post_key(root) for root in roots}))


def _connect(target: str) -> sqlite3.Connection:
    """A connection to the state at ``target`` with the schema in place, for any thread.

    Raises UnusableDatabaseError for a file that is damaged, not a database, or from
    another reader, and sqlite3.Error when the file cannot be opened or written.
    """
    return open_database(
        target, _SCHEMA, timeout=BUSY_TIMEOUT_SECONDS, check_integrity=True, any_thread=True
    )


def _unusable_reason(error: UnusableDatabaseError) -> str:
    if error.version is not None and error.version > SCHEMA_VERSION:
        return f"written by a newer reader (schema {error.version})"
    return str(error)


def _move_aside(path: Path, now: float) -> Path:
    """Rename a corrupt state file (and its WAL files) to a free ``.corrupt-TIME`` name."""
    stamp = datetime.fromtimestamp(now).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    # The WAL files too: a stale WAL next to the fresh database would be replayed into it.
    for file, moved in zip(database_files(path), database_files(aside), strict=True):
        if file.exists():
            file.rename(moved)
    return aside


class ReadingState:
    """The reading state of every post and library, shared by every running reader.

    Paths may be given as ``str`` or ``Path``; they are stored absolute (``post_key``)
    and returned as ``str``. Every method raises StateError when the database cannot be
    read or written (a disk error, or another process holding it for seconds).
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, clock: Callable[[], float]
    ) -> None:
        self._connection = connection
        self._clock = clock
        self._lock = threading.Lock()
        self.path = path
        """The database file, or None when the state is kept in memory only."""

    @classmethod
    def open(
        cls, path: Path | None = None, *, clock: Callable[[], float] = time.time
    ) -> tuple[ReadingState, str | None]:
        """Open the state at ``path`` (default: ``state_path()``); never raises.

        Returns the state and a one-line notice to show, or None. A corrupt file, or one
        from a newer reader, is moved aside and the state starts clean; when the state
        cannot be written at all, it is kept in memory for this session.
        ``clock`` gives the time in seconds since the epoch (tests set it).
        """
        path = state_path() if path is None else path
        shown = clean_text(str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return cls(_connect(str(path)), path, clock), None
            except UnusableDatabaseError as unusable:
                aside = _move_aside(path, clock())
                reason = clean_text(_unusable_reason(unusable))
                notice = (
                    f"reading state at {shown} was unreadable ({reason});"
                    f" moved aside to {clean_text(str(aside))}, starting clean"
                )
                return cls(_connect(str(path)), path, clock), notice
        except (OSError, sqlite3.Error, UnusableDatabaseError) as error:
            reason = str(error)
            if isinstance(error, OSError) and error.strerror:
                reason = f"{error.filename}: {error.strerror}" if error.filename else error.strerror
            notice = (
                f"reading state at {shown} cannot be used ({clean_text(str(reason))});"
                " this session's reading state will not be kept"
            )
            return cls(_connect(":memory:"), None, clock), notice

    def close(self) -> None:
        """Close the database (what is written is already saved)."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- plumbing --------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            where = clean_text(str(self.path)) if self.path else "memory"
            raise StateError(f"reading state at {where}: {error}") from error

    def _rows(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors():
            return self._connection.execute(sql, parameters).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once so that waiting works."""
        with self._lock, self._errors(), write_transaction(self._connection) as connection:
            yield connection

    def _set(self, path: StrPath, fingerprint: str, values: dict[str, Any]) -> None:
        with self._transaction() as connection:
            _upsert(connection, post_key(path), fingerprint, values)

    # --- read marks, places, bookmarks -----------------------------------------------

    def read_paths(self) -> set[str]:
        """Every post marked read."""
        return {row[0] for row in self._rows("SELECT path FROM posts WHERE read")}

    def is_read(self, path: StrPath) -> bool:
        """Whether the post is marked read."""
        return bool(self._rows("SELECT 1 FROM posts WHERE path = ? AND read", (post_key(path),)))

    def set_read(self, path: StrPath, fingerprint: str, read: bool) -> None:
        """Mark the post read or unread."""
        self._set(path, fingerprint, {"read": int(read), "read_at": self._clock()})

    def position(self, path: StrPath) -> int | None:
        """The line at the top of the post's view when it was left, or None."""
        rows = self._rows("SELECT position FROM posts WHERE path = ?", (post_key(path),))
        return rows[0][0] if rows else None

    def set_position(self, path: StrPath, fingerprint: str, line: int) -> None:
        """Remember the line at the top of the post's view (one quick write)."""
        self._set(path, fingerprint, {"position": max(0, line), "position_at": self._clock()})

    def bookmarked_paths(self) -> set[str]:
        """Every bookmarked post."""
        return {row[0] for row in self._rows("SELECT path FROM posts WHERE bookmarked")}

    def set_bookmark(self, path: StrPath, fingerprint: str, on: bool) -> None:
        """Bookmark the post, or remove its bookmark."""
        self._set(path, fingerprint, {"bookmarked": int(on), "bookmarked_at": self._clock()})

    # --- history ---------------------------------------------------------------------

    def record_opened(self, path: StrPath, fingerprint: str, title: str) -> None:
        """Put the post at the top of the history (once, however often it is opened)."""
        with self._transaction() as connection:
            values = {"title": title, "opened_at": self._clock()}
            _upsert(connection, post_key(path), fingerprint, values)
            _trim_history(connection)

    def history(self, limit: int = 100) -> list[HistoryEntry]:
        """The most recently opened posts, newest first."""
        rows = self._rows(
            "SELECT path, title, opened_at FROM posts WHERE opened_at IS NOT NULL"
            " ORDER BY opened_at DESC LIMIT ?",
            (limit,),
        )
        return [
            HistoryEntry(path, title or "", datetime.fromtimestamp(opened_at, UTC))
            for path, title, opened_at in rows
        ]

    # --- library views ---------------------------------------------------------------

    def save_view(self, library: str, view: LibraryView) -> None:
        """Remember how the library (named by ``library_key``) is shown."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO views VALUES (?, ?, ?, ?, ?)",
                (library, view.grouping, view.filter_text, view.selected_path, self._clock()),
            )

    def view(self, library: str) -> LibraryView | None:
        """How the library (named by ``library_key``) was last shown, or None."""
        rows = self._rows(
            "SELECT grouping, filter_text, selected_path FROM views WHERE library = ?",
            (library,),
        )
        return LibraryView(*rows[0]) if rows else None

    # --- moved posts -----------------------------------------------------------------

    def adopt_moved(self, posts: Iterable[tuple[StrPath, str]]) -> int:
        """Give moved or renamed posts the state they had at their old path.

        ``posts`` are the library's ``(path, fingerprint)`` pairs. A post without state
        takes the state of a post with the same fingerprint whose file no longer exists.
        Returns how many posts took their state back.
        """
        current = {post_key(path): print_ for path, print_ in posts}
        rows = self._rows(
            "SELECT path, fingerprint FROM posts ORDER BY max(coalesce(read_at, 0),"
            " coalesce(position_at, 0), coalesce(bookmarked_at, 0), coalesce(opened_at, 0))"
            " DESC"
        )
        known = {path for path, _ in rows}
        orphans: dict[str, list[str]] = {}
        for path, print_ in rows:
            if path not in current:
                orphans.setdefault(print_, []).append(path)
        moves: list[tuple[str, str]] = []
        for path, print_ in current.items():
            candidates = orphans.get(print_, [])
            if path in known or not candidates:
                continue
            # Only now look at the disk, for the few posts that may have moved.
            old = next((old for old in candidates if not os.path.exists(old)), None)
            if old is not None:
                candidates.remove(old)
                moves.append((path, old))
        if not moves:
            return 0
        adopted = 0
        with self._transaction() as connection:
            for move in moves:
                # Another reader may have written either row since: then leave both be.
                cursor = connection.execute(
                    "UPDATE OR IGNORE posts SET path = ? WHERE path = ?", move
                )
                adopted += cursor.rowcount
        return adopted

    # --- export and import -----------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """Everything, as a JSON-ready dict that ``import_`` merges on another machine."""
        with self._lock, self._errors():
            posts = self._connection.execute(
                f"SELECT {', '.join(_POST_COLUMNS)} FROM posts ORDER BY path"
            ).fetchall()
            views = self._connection.execute(
                f"SELECT {', '.join(_VIEW_COLUMNS)} FROM views ORDER BY library"
            ).fetchall()
        return export_document(
            self._clock(),
            [dict(zip(_POST_COLUMNS, row, strict=True)) for row in posts],
            [dict(zip(_VIEW_COLUMNS, row, strict=True)) for row in views],
        )

    def import_(self, data: Any) -> ImportCounts:
        """Merge an ``export()``: for each field, the newer side wins.

        Returns how many posts and how many library views changed. Raises StateError,
        naming what is wrong, when ``data`` is not an export; nothing is merged then.
        """
        posts, views = parse_export(data)
        changed_posts = changed_views = 0
        with self._transaction() as connection:
            for post in posts:
                changed_posts += _merge_post(connection, post)
            for view in views:
                row = connection.execute(
                    "SELECT saved_at FROM views WHERE library = ?", (view["library"],)
                ).fetchone()
                if row is None or _newer(view["saved_at"], row[0]):
                    connection.execute(
                        "INSERT OR REPLACE INTO views VALUES (?, ?, ?, ?, ?)",
                        tuple(view[column] for column in _VIEW_COLUMNS),
                    )
                    changed_views += 1
            _trim_history(connection)
        return ImportCounts(changed_posts, changed_views)


class ImportCounts(NamedTuple):
    """What an import changed: posts (read marks, places, bookmarks, history) and views."""

    posts: int
    views: int


def _newer(theirs: float | None, ours: float | None) -> bool:
    """Whether the time ``theirs`` is later than ``ours``, to the microsecond an export keeps.

    A time read back from an export is rounded to the microsecond: compared unrounded,
    a machine's own export would look newer than the state it came from.
    """
    if theirs is None:
        return False
    return ours is None or theirs > _iso_moment(ours)


def _iso_moment(timestamp: float) -> float:
    """``timestamp`` as it comes back from an export: rounded as ``_iso`` rounds it."""
    return datetime.fromtimestamp(timestamp, UTC).timestamp()


def _upsert(
    connection: sqlite3.Connection, path: str, fingerprint: str, values: dict[str, Any]
) -> None:
    """Write the columns ``values`` (names from this module only) of a post's row."""
    columns = ["path", "fingerprint", *values]
    assignments = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
    connection.execute(
        f"INSERT INTO posts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT (path) DO UPDATE SET {assignments}",
        (path, fingerprint, *values.values()),
    )


def _trim_history(connection: sqlite3.Connection) -> None:
    connection.execute(
        "UPDATE posts SET opened_at = NULL, title = NULL WHERE opened_at < ("
        " SELECT opened_at FROM posts WHERE opened_at IS NOT NULL"
        " ORDER BY opened_at DESC LIMIT 1 OFFSET ?)",
        (HISTORY_LIMIT - 1,),
    )


def _merge_post(connection: sqlite3.Connection, post: dict[str, Any]) -> int:
    """Merge one exported post into its row; return 1 if the row changed, else 0."""
    row = connection.execute(
        f"SELECT {', '.join(_POST_COLUMNS)} FROM posts WHERE path = ?", (post["path"],)
    ).fetchone()
    if row is None:
        connection.execute(
            f"INSERT INTO posts VALUES ({', '.join('?' * len(_POST_COLUMNS))})",
            tuple(post[column] for column in _POST_COLUMNS),
        )
        return 1
    local = dict(zip(_POST_COLUMNS, row, strict=True))
    newer: dict[str, Any] = {}
    for values, time_column in _POST_FIELDS:
        if _newer(post[time_column], local[time_column]):
            newer.update({column: post[column] for column in (*values, time_column)})
    if newer:
        assignments = ", ".join(f"{column} = ?" for column in newer)
        connection.execute(
            f"UPDATE posts SET {assignments} WHERE path = ?", (*newer.values(), post["path"])
        )
    return 1 if newer else 0
