"""Read YAML front matter: PyYAML's safe loader, and a shortcut for the plain YAML of most posts.

Most posts' front matter is ``key: value`` lines, with lists as ``[a, b]`` or ``- item``
lines. PyYAML spends most of its time building objects through its general machinery;
for that plain shape, the shortcut splits the lines itself and gives each value to
PyYAML's own resolver and constructors, so the result is the same as PyYAML's (tests
check that on the corpus and on random text). Anything else (quoting with escapes,
comments after values, nesting, anchors, tags, block scalars) goes to PyYAML.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_KEY_LINE = re.compile(rf"({_KEY}):(?: +(.*?))? *")
# Nothing but key lines (and empty lines): all of them read in one pass, in C.
_KEY_LINES_ONLY = re.compile(rf"(?:(?:{_KEY}:(?: .*)?)?\n)*(?:{_KEY}:(?: .*)?)?")
_KEY_LINES = re.compile(rf"^({_KEY}):(.*)", re.MULTILINE)
_ITEM_LINE = re.compile(r"( *)- +(.*?) *")
_QUOTED = re.compile(r"\"([^\"\\]*)\"|'([^']*)'")
# Characters a plain value may not start with, and what may not appear in one.
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_NOT_IN_PLAIN = re.compile(r": | #|:$|\t")
_NOT_IN_FLOW_PLAIN = re.compile(r"[\[\]{}?]|: | #|:$|\t")
# What YAML's reader refuses (control characters and non-characters), and the line
# breaks of YAML 1.1 that are not "\n".
_UNUSUAL = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The dates most posts give, in the shapes ISO 8601 and YAML share (``2024-03-01``,
# ``2024-03-01T12:00:00+09:00``, ``... 12:00:00Z``): read by the standard library in C,
# a tenth of the time of PyYAML's constructor, to the same value.
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null", "timestamp")
}


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> object:
    """A YAML timestamp, or its text when it is not a real date (``2024-02-30``).

    PyYAML raises a plain ValueError for those, which would lose the whole front matter;
    kept as text, the date parser reports it as an invalid date instead.
    """
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _make_loader() -> Any:
    # The libyaml loader when PyYAML has it (python-frontmatter's choice too).
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("FrontMatterLoader", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
    return loader


_LOADER = _make_loader()
_handler = YAMLHandler()
_resolver: Any = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class _NotPlainError(Exception):
    """The text is not the plain YAML the shortcut reads."""


def load_yaml(text: str) -> tuple[Any, bool]:
    """What the YAML ``text`` holds, and whether it is plain (see ``_plain_yaml``).

    Raises ``yaml.YAMLError`` when it is invalid.
    """
    plain = _plain_yaml(text)
    if plain is not None:
        return plain, True
    return _handler.load(text, Loader=_LOADER), False


def _plain_yaml(text: str) -> dict[str, Any] | None:
    """The mapping plain YAML ``text`` holds; None for any other YAML (PyYAML's).

    Its keys are text; its values are text cut from ``text``, scalars PyYAML makes (numbers,
    dates, true, null), and lists of those.
    """
    if _UNUSUAL.search(text):
        return None
    try:
        if _KEY_LINES_ONLY.fullmatch(text):
            return {
                _scalar(name, False, True): _entry_value(value)
                for name, value in _KEY_LINES.findall(text)
            }
        return _plain_mapping(text.split("\n"))
    except _NotPlainError:
        return None


def _plain_mapping(lines: list[str]) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    key: Any = None  # the last key with nothing after its colon: "- item" lines may follow
    items: list[Any] | None = None  # the list those lines fill
    indent = ""
    for line in lines:
        if not line.strip(" ") or line.startswith("#"):
            continue
        entry = _KEY_LINE.fullmatch(line)
        if entry:
            name = _scalar(entry[1], False, True)
            mapping[name] = _value(entry[2]) if entry[2] else None
            key, items = (None if entry[2] else name), None
            continue
        item = _ITEM_LINE.fullmatch(line)
        if item is None or key is None or (items is not None and item[1] != indent):
            raise _NotPlainError
        if items is None:
            items, indent = [], item[1]
            mapping[key] = items
        items.append(_scalar(item[2]))
    return mapping


def _entry_value(text: str) -> Any:
    """The value of a key line from what follows its colon (None when nothing does)."""
    value = text.strip(" ")
    return _value(value) if value else None


def _value(text: str) -> Any:
    if text.startswith("[") and text.endswith("]"):
        inside = text[1:-1]
        if not inside.strip(" "):
            return []
        return [_scalar(part.strip(" "), True) for part in inside.split(",")]
    return _scalar(text)


# Keys, tags and categories repeat from post to post. Called with positional arguments
# only: the cache looks those up fastest.
@lru_cache(maxsize=4096)
def _scalar(text: str, flow: bool = False, key: bool = False) -> Any:
    """One value, as PyYAML reads it (the values made are immutable, so can be shared)."""
    quoted = _QUOTED.fullmatch(text) if text[:1] in ("'", '"') else None
    if quoted:
        return quoted[1] if quoted[1] is not None else quoted[2]
    forbidden = _NOT_IN_FLOW_PLAIN if flow else _NOT_IN_PLAIN
    if not text or text[0] in _INDICATORS or forbidden.search(text):
        raise _NotPlainError
    if not key and (_ISO_DAY.fullmatch(text) or _ISO_TIME.fullmatch(text)):
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass  # not a real date (2024-02-30): kept as text, as below
    if text[0] not in _resolver.yaml_implicit_resolvers:
        return text  # no type is written starting with this character: text
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    if key or tag not in _SCALAR_TAGS:
        raise _NotPlainError  # a key read as true, a number or null is rare: PyYAML's
    return _LOADER.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, text))
