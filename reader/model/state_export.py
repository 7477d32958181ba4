"""The reading state's export: the JSON document, and the checks made before an import.

``reader state export`` writes it; ``reader state import`` checks it whole before
anything is merged. The document is one object: ``format`` ("reader-state"),
``version``, ``exported_at``, and lists of ``posts`` and ``views``; each post and view
carries the time of each of its fields, so that ``ReadingState.import_`` merges field by
field, the newer winning.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reader.model.errors import StateError

EXPORT_FORMAT = "reader-state"
EXPORT_VERSION = 1


def export_document(
    now: float, posts: list[dict[str, Any]], views: list[dict[str, Any]]
) -> dict[str, Any]:
    """The export of the state's ``posts`` and ``views`` rows (column to value), at ``now``."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(now),
        "posts": [_exported(row) for row in posts],
        "views": [_exported(row) for row in views],
    }


def _iso(timestamp: float | None) -> str | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat()


def _exported(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the state as JSON: times in ISO 8601, flags as booleans."""
    entry = dict(row)
    for column in row:
        if column.endswith("_at"):
            entry[column] = _iso(entry[column])
        elif column in ("read", "bookmarked"):
            entry[column] = bool(entry[column])
    return entry


# --- validating an export ------------------------------------------------------------


def _text(value: Any, where: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise StateError(f"{where}: expected {'text or null' if optional else 'text'}")
    return value


def _time(value: Any, where: str) -> float | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise StateError(f"{where}: expected an ISO 8601 time with its UTC offset, or null")
    return moment.timestamp()


def _flag(value: Any, where: str) -> int:
    if not isinstance(value, bool):
        raise StateError(f"{where}: expected true or false")
    return int(value)


def _parse_post(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise StateError(f"{where}: expected an object")
    path = _text(entry.get("path"), f"{where}.path")
    if not path:
        raise StateError(f"{where}.path: expected a path")
    position = entry.get("position")
    if position is not None and (
        not isinstance(position, int) or isinstance(position, bool) or position < 0
    ):
        raise StateError(f"{where}.position: expected a line number or null")
    return {
        "path": path,
        "fingerprint": _text(entry.get("fingerprint"), f"{where}.fingerprint"),
        "read": _flag(entry.get("read", False), f"{where}.read"),
        "read_at": _time(entry.get("read_at"), f"{where}.read_at"),
        "position": position,
        "position_at": _time(entry.get("position_at"), f"{where}.position_at"),
        "bookmarked": _flag(entry.get("bookmarked", False), f"{where}.bookmarked"),
        "bookmarked_at": _time(entry.get("bookmarked_at"), f"{where}.bookmarked_at"),
        "title": _text(entry.get("title"), f"{where}.title", optional=True),
        "opened_at": _time(entry.get("opened_at"), f"{where}.opened_at"),
    }


def _parse_view(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise StateError(f"{where}: expected an object")
    saved_at = _time(entry.get("saved_at"), f"{where}.saved_at")
    if saved_at is None:
        raise StateError(f"{where}.saved_at: expected an ISO 8601 time")
    return {
        "library": _text(entry.get("library"), f"{where}.library"),
        "grouping": _text(entry.get("grouping"), f"{where}.grouping"),
        "filter_text": _text(entry.get("filter_text", ""), f"{where}.filter_text"),
        "selected_path": _text(entry.get("selected_path"), f"{where}.selected_path", optional=True),
        "saved_at": saved_at,
    }


def parse_export(data: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The posts and views of an export, checked; raises StateError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StateError(f'not a reader state export (no "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StateError('"version": expected a whole number')
    if version > EXPORT_VERSION:
        raise StateError(f"written by a newer reader (export version {version})")
    sections: dict[str, list[dict[str, Any]]] = {}
    for name, parse in (("posts", _parse_post), ("views", _parse_view)):
        entries = data.get(name, [])
        if not isinstance(entries, list):
            raise StateError(f'"{name}": expected a list')
        sections[name] = [parse(entry, f"{name}[{index}]") for index, entry in enumerate(entries)]
    return sections["posts"], sections["views"]
