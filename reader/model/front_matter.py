"""Split a post into front matter and body, and read YAML, TOML or JSON front matter.

python-frontmatter reads the YAML and JSON blocks; the splitting is ours because its
detection misses a byte-order mark, YAML closed by ``...`` and (without the old ``toml``
package) TOML. TOML is read with the standard library's ``tomllib``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler

from reader.model.text import clean_text

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_VALUES = 10_000
MAX_DEPTH = 32

_YAML_OPEN = re.compile(r"---[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$\n?", re.MULTILINE)
_JSON_OPEN = re.compile(r"\{\s*(?:\"|\})")

_yaml_handler = YAMLHandler()
_json_handler = JSONHandler()


@dataclass
class FrontMatter:
    """What a post's text splits into: metadata, Markdown body and any problems."""

    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    format: str | None = None
    problems: list[str] = field(default_factory=list)


class _TooLargeError(Exception):
    """A front-matter value expands past MAX_VALUES or nests past MAX_DEPTH."""


def _plain(value: Any, budget: list[int], depth: int = 0) -> Any:
    """Copy a parsed value into plain, bounded, clean data.

    YAML aliases share objects, so a small "billion laughs" block is a huge tree once
    walked; the copy stops at a budget of values instead of walking it all.
    """
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooLargeError
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, bool | int | float | date | datetime | time):
        return value
    if isinstance(value, dict):
        return {
            clean_text(str(key)): _plain(item, budget, depth + 1) for key, item in value.items()
        }
    if isinstance(value, list | tuple | set):
        return [_plain(item, budget, depth + 1) for item in value]
    return clean_text(str(value))


def _bounded_mapping(raw: dict[Any, Any], problems: list[str]) -> dict[str, Any]:
    budget = [MAX_VALUES]
    metadata: dict[str, Any] = {}
    for key, value in raw.items():
        name = clean_text(str(key))
        try:
            metadata[name] = _plain(value, budget)
        except _TooLargeError:
            problems.append(
                f"front matter key {name!r} expands to more than {MAX_VALUES:,} values "
                "(YAML aliases?) and was left out"
            )
            budget = [MAX_VALUES]
    return metadata


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _parse_block(kind: str, block: str) -> Any:
    if kind == "YAML":
        return _yaml_handler.load(block)
    if kind == "TOML":
        return tomllib.loads(block)
    return _json_handler.load(block)


def _error_message(kind: str, error: Exception) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        where = f"line {mark.line + 2}, column {mark.column + 1}"
        return f"invalid YAML front matter: {error.problem} ({where})"
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON front matter: {error.msg} (line {error.lineno}, column {error.colno})"
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"invalid {kind} front matter: {detail}"


def _locate(text: str) -> tuple[str, str, str] | None:
    """Find the front-matter block: ``(kind, block, rest)``, or None when there is none."""
    for kind, opening, closing in (
        ("YAML", _YAML_OPEN, _YAML_CLOSE),
        ("TOML", _TOML_OPEN, _TOML_CLOSE),
    ):
        start = opening.match(text)
        if start:
            end = closing.search(text, start.end())
            if end is None:
                raise ValueError(f"{kind} front matter opened with {text[:3]} is never closed")
            return kind, text[start.end() : end.start()], text[end.end() :]
    if _JSON_OPEN.match(text):
        try:
            _, end_index = json.JSONDecoder().raw_decode(text[: MAX_FRONT_MATTER_BYTES + 1])
        except json.JSONDecodeError:
            # Parsing the same text again gives the reader the error's line and column.
            return "JSON", text[:MAX_FRONT_MATTER_BYTES], ""
        return "JSON", text[:end_index], text[end_index:].lstrip("\n")
    return None


def split_front_matter(text: str) -> FrontMatter:
    """Split clean post text into metadata and body, never raising.

    When the front matter cannot be used (invalid, not a mapping, too large, never
    closed) the whole text is the body and the reason is in ``problems``.
    """
    text = text.removeprefix("\ufeff")
    try:
        located = _locate(text)
    except ValueError as error:
        return FrontMatter(body=text, problems=[str(error)])
    if located is None:
        return FrontMatter(body=text)
    kind, block, rest = located
    if len(block.encode("utf-8", "replace")) > MAX_FRONT_MATTER_BYTES:
        return FrontMatter(
            body=text,
            format=kind,
            problems=[f"{kind} front matter is larger than 64 KB and was not read"],
        )
    try:
        raw = _parse_block(kind, block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        return FrontMatter(body=text, format=kind, problems=[_error_message(kind, error)])
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problem = f"{kind} front matter is {_describe(raw)}, not a mapping of keys to values"
        return FrontMatter(body=text, format=kind, problems=[problem])
    problems: list[str] = []
    metadata = _bounded_mapping(raw, problems)
    return FrontMatter(metadata=metadata, body=rest, format=kind, problems=problems)
