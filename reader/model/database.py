"""The one way reader opens, sets up and writes its SQLite files (the index and the state).

Both are in WAL mode with ``synchronous = NORMAL``: a process killed at any moment leaves
a file as it was after its last commit, and several processes can share it. Each write
is one transaction that takes the write lock first (``write_transaction``), so that two
processes writing at once wait for each other instead of failing on a stale read. A
file's ``user_version`` is the version of its schema.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

LOCKED_RETRY_SECONDS = 5.0
_UNUSABLE_ERRORS = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})

T = TypeVar("T")


@dataclass(frozen=True)
class Schema:
    """What a database holds: the statements that make it, and their version."""

    version: int
    statements: Sequence[str]
    """Run in order, in one transaction, in a new (empty) database."""


class UnusableDatabaseError(Exception):
    """A file reader cannot use as its database: damaged, not a database, or another schema's.

    ``version`` is then that other schema's version; None for the others.
    """

    def __init__(self, message: str, version: int | None = None) -> None:
        super().__init__(message)
        self.version = version


def open_database(
    target: str | Path,
    schema: Schema,
    *,
    timeout: float,
    check_integrity: bool = False,
    any_thread: bool = False,
) -> sqlite3.Connection:
    """Open (or create) the database at ``target`` with ``schema`` in place.

    The connection is in autocommit mode: write with ``write_transaction``. It waits up
    to ``timeout`` seconds for another process's lock. ``check_integrity`` runs SQLite's
    quick check first (for a small file); ``any_thread`` lets other threads use the
    connection (the caller then serialises them). Raises UnusableDatabaseError for a file
    that is damaged, not a database or of another schema, and sqlite3.Error when the
    file cannot be opened or written.
    """
    return _retry_while_locked(
        lambda: _open(target, schema, timeout, check_integrity, not any_thread)
    )


def _open(
    target: str | Path, schema: Schema, timeout: float, check_integrity: bool, same_thread: bool
) -> sqlite3.Connection:
    connection = sqlite3.connect(
        target, timeout=timeout, isolation_level=None, check_same_thread=same_thread
    )
    try:
        if check_integrity:
            # Judged before anything is written to it: a file moved aside stays as it was.
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise UnusableDatabaseError(f"damaged: {problems[0]}")
        version = user_version(connection)
        if version not in (0, schema.version):
            raise UnusableDatabaseError(f"schema {version}, not {schema.version}", version)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        if version == 0:
            _create(connection, schema)
        return connection
    except sqlite3.DatabaseError as error:
        connection.close()
        if getattr(error, "sqlite_errorname", "") in _UNUSABLE_ERRORS:
            raise UnusableDatabaseError(str(error)) from error
        raise
    except BaseException:
        connection.close()
        raise


def _create(connection: sqlite3.Connection, schema: Schema) -> None:
    """Make the schema, unless another process got there first."""
    with write_transaction(connection):
        if user_version(connection) == 0:
            for statement in schema.statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {int(schema.version)}")


def open_read_only(target: Path, version: int) -> sqlite3.Connection | None:
    """The database at ``target`` opened read-only if it is there with schema ``version``.

    None otherwise: nothing is created, waited for or reported.
    """
    uri = f"{target.absolute().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        found: int | None = user_version(connection)
    except sqlite3.Error:
        found = None
    if found != version:
        connection.close()
        return None
    return connection


def user_version(connection: sqlite3.Connection) -> int:
    """The schema version of the database (0 for a new, empty one)."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    return int(version)


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises.

    IMMEDIATE takes the write lock at the start, so that two writers wait for each other
    (up to the connection's timeout) instead of failing on a stale read.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.commit()
    except BaseException:
        if connection.in_transaction:
            connection.rollback()
        raise


def database_files(path: Path) -> list[Path]:
    """The database file at ``path`` and the WAL files SQLite keeps beside it."""
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]


def remove_database(path: Path) -> None:
    """Delete the database at ``path`` with its WAL files (a stale WAL would be replayed)."""
    for file in database_files(path):
        file.unlink(missing_ok=True)


def _retry_while_locked(open_database: Callable[[], T]) -> T:
    """Call ``open_database`` again while another process holds the file for a moment.

    Setting up a database (its journal mode, its tables) while another process does the
    same can fail at once with "database is locked": SQLite does not always wait then.
    """
    deadline = time.monotonic() + LOCKED_RETRY_SECONDS
    while True:
        try:
            return open_database()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
