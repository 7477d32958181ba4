"""The SQLite helper both databases use: opening, schema versions, write transactions."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.model.database import (
    Schema,
    UnusableDatabaseError,
    database_files,
    open_database,
    open_read_only,
    remove_database,
    user_version,
    write_transaction,
)

NOTES = Schema(
    3, ("CREATE TABLE notes (text TEXT NOT NULL)", "CREATE INDEX by_text ON notes (text)")
)


def _open(path: Path, **options: bool) -> sqlite3.Connection:
    return open_database(path, NOTES, timeout=5.0, **options)


def _notes(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT text FROM notes ORDER BY rowid")]


def test_a_new_database_gets_its_schema_its_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    connection = _open(path)
    assert user_version(connection) == 3
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert _notes(connection) == []
    connection.close()
    again = _open(path)  # opened again as it is: nothing made twice
    assert user_version(again) == 3
    again.close()


def test_a_write_transaction_commits_or_leaves_nothing(tmp_path: Path) -> None:
    connection = _open(tmp_path / "notes.sqlite3")
    with write_transaction(connection):
        connection.execute("INSERT INTO notes VALUES ('kept')")
    with pytest.raises(RuntimeError), write_transaction(connection):
        connection.execute("INSERT INTO notes VALUES ('dropped')")
        raise RuntimeError("stop half way")
    assert not connection.in_transaction
    assert _notes(connection) == ["kept"]
    connection.close()


def test_another_schema_and_a_garbage_file_are_unusable(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("PRAGMA user_version = 7")
    with pytest.raises(UnusableDatabaseError) as newer:
        _open(other)
    assert newer.value.version == 7
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(UnusableDatabaseError) as damaged:
        _open(garbage)
    assert damaged.value.version is None
    assert "not a database" in str(damaged.value)
    assert garbage.read_bytes() == b"this is not a database" * 100  # left as it was


def test_the_integrity_check_finds_damage_inside_pages(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    connection = _open(path)
    with write_transaction(connection):
        connection.executemany("INSERT INTO notes VALUES (?)", [("x" * 200,)] * 200)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    data[-3000:-1000] = bytes(2000)  # zeros in the last pages: the header is whole
    path.write_bytes(bytes(data))
    with pytest.raises(UnusableDatabaseError):
        _open(path, check_integrity=True)


def test_read_only_opens_only_a_database_of_that_version(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    assert open_read_only(path, 3) is None
    assert not path.exists()  # nothing made
    _open(path).close()
    assert open_read_only(path, 4) is None
    connection = open_read_only(path, 3)
    assert connection is not None
    with pytest.raises(sqlite3.OperationalError):
        connection.execute("INSERT INTO notes VALUES ('no')")
    connection.close()


def test_removing_a_database_takes_its_wal_files_too(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    connection = _open(path)
    with write_transaction(connection):
        connection.execute("INSERT INTO notes VALUES ('in the wal')")
    assert any(file.name.endswith("-wal") and file.exists() for file in database_files(path))
    connection.close()
    remove_database(path)
    assert not any(file.exists() for file in database_files(path))


def test_two_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    _open(path).close()
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            connection = _open(path)
            for _ in range(50):
                with write_transaction(connection):
                    (count,) = connection.execute("SELECT count(*) FROM notes").fetchone()
                    connection.execute("INSERT INTO notes VALUES (?)", (f"{name}{count}",))
            connection.close()
        except BaseException as error:
            errors.append(error)

    writers = [threading.Thread(target=write, args=(name,)) for name in "ab"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    connection = _open(path)
    notes = _notes(connection)
    connection.close()
    # Each count was read inside the writer's own transaction: none is stale.
    assert sorted(int(note[1:]) for note in notes) == list(range(100))
