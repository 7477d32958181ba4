"""Split a post into front matter and body, and read YAML, TOML or JSON front matter.

python-frontmatter reads the YAML (see ``yaml_front_matter``) and JSON blocks; the
splitting is ours because its detection misses a byte-order mark, YAML closed by ``...``
and (without the old ``toml`` package) TOML. TOML is read with the standard library's
``tomllib``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import yaml
from frontmatter.default_handlers import JSONHandler

from reader.model.text import clean_text
from reader.model.yaml_front_matter import load_yaml

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_VALUES = 10_000
MAX_TOTAL_VALUES = 50_000
MIN_VALUES_PER_KEY = 64  # what a key gets even after others used up the total
MAX_DEPTH = 32

_YAML_OPEN = re.compile(r"---[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$\n?", re.MULTILINE)
_JSON_OPEN = re.compile(r"\{\s*(?:\"|\})")

_json_handler = JSONHandler()
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


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
    """Copy every key, each within MAX_VALUES and all of them within MAX_TOTAL_VALUES.

    The total bound matters: thousands of keys each naming a huge alias would otherwise
    cost MAX_VALUES steps apiece. Past it, a key still gets MIN_VALUES_PER_KEY, so that
    ordinary values after an alias bomb (a list of tags) are kept.
    """
    remaining = MAX_TOTAL_VALUES
    metadata: dict[str, Any] = {}
    left_out: list[str] = []
    for key, value in raw.items():
        name = clean_text(str(key))
        if isinstance(value, str):  # most values: copied at once
            metadata[name] = clean_text(value)
            remaining -= 1
            continue
        budget = [max(MIN_VALUES_PER_KEY, min(MAX_VALUES, remaining))]
        start = budget[0]
        try:
            metadata[name] = _plain(value, budget)
        except _TooLargeError:
            left_out.append(name)
        remaining -= start - max(budget[0], 0)
    if left_out:
        names = ", ".join(repr(one) for one in left_out[:5])
        more = f" and {len(left_out) - 5:,} more" if len(left_out) > 5 else ""
        problems.append(
            f"front matter values too large to show (YAML aliases?) were left out: {names}{more}"
        )
    return metadata


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _parse_block(kind: str, block: str) -> tuple[Any, bool]:
    """What ``block`` holds, and whether it is plain YAML (clean text and scalars)."""
    if kind == "YAML":
        return load_yaml(block)
    if kind == "TOML":
        return tomllib.loads(block), False
    return _json_handler.load(block), False


def _error_message(kind: str, error: Exception) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        where = f"line {mark.line + 2}, column {mark.column + 1}"
        return f"invalid YAML front matter: {error.problem} ({where})"
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON front matter: {error.msg} (line {error.lineno}, column {error.colno})"
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, tomllib.TOMLDecodeError):
        # tomllib counts lines from the start of the block; the file has "+++" above it.
        detail = _TOML_LINE.sub(
            lambda match: f"(line {int(match[1]) + 1}, column {match[2]})", detail
        )
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
        # The whole text, so that a long object is found too large rather than cut short
        # and called invalid; the C decoder stops where the object ends.
        try:
            _, end_index = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as error:
            if error.pos >= MAX_FRONT_MATTER_BYTES:
                return "JSON", text[: MAX_FRONT_MATTER_BYTES + 1], ""  # reported as too large
            # Parsing the same text again gives the reader the error's line and column.
            return "JSON", text[:MAX_FRONT_MATTER_BYTES], ""
        except RecursionError:
            raise ValueError("JSON front matter is nested too deeply") from None
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
        raw, plain = _parse_block(kind, block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        return FrontMatter(body=text, format=kind, problems=[_error_message(kind, error)])
    if plain and block.count("\n") + block.count(",") < MAX_VALUES:
        # Clean text and plain scalars, fewer than MAX_VALUES of them (the block has
        # fewer lines and commas) and no aliases: _bounded_mapping would only copy it.
        return FrontMatter(metadata=raw, body=rest, format=kind)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problem = f"{kind} front matter is {_describe(raw)}, not a mapping of keys to values"
        return FrontMatter(body=text, format=kind, problems=[problem])
    problems: list[str] = []
    metadata = _bounded_mapping(raw, problems)
    return FrontMatter(metadata=metadata, body=rest, format=kind, problems=problems)
