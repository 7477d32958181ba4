"""YAML front matter: the shortcut for plain YAML reads exactly what PyYAML reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from conftest import pyyaml_reading, yaml_shortcut
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.yaml_front_matter import load_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Hello, world\nlayout: post", {"title": "Hello, world", "layout": "post"}),
        ("date: 2024-03-05", {"date": date(2024, 3, 5)}),
        (
            "date: 2024-03-05 10:20:30 +09:00",
            {"date": datetime(2024, 3, 5, 10, 20, 30, tzinfo=timezone(timedelta(hours=9)))},
        ),
        ("date: 2024-03-05 10:20:30 +0000", {"date": "2024-03-05 10:20:30 +0000"}),
        ("date: 2024-02-30", {"date": "2024-02-30"}),  # not a real day: kept as text
        ("tags: [a, b c, 'd, e']", None),  # a comma inside quotes: PyYAML's
        ("tags: [a, b c]\ncategories:\n- x\n- y", {"tags": ["a", "b c"], "categories": ["x", "y"]}),
        ("tags:\n  - 1\n  - yes\n  - ~", {"tags": [1, True, None]}),
        ("title: 'It is'\nauthor: \"Ann\"", {"title": "It is", "author": "Ann"}),
        ("title: C# and F#\nempty:", {"title": "C# and F#", "empty": None}),
        ("title: x # a comment", None),
        ("title: a: b", None),  # invalid YAML: PyYAML says where
        ("title: |\n  block", None),
        ("base: &a x\ncopy: *a", None),
        ("yes: 1", None),  # a key read as true
        ("title: x\n  - not an item", None),
    ],
)
def test_plain_yaml(text: str, expected: Any) -> None:
    assert yaml_shortcut(text) == expected
    if expected is not None:
        assert load_yaml(text) == (expected, True)
        assert pyyaml_reading(text) == expected


def test_invalid_yaml_still_raises() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("title: a: b")


KEYS = ["title", "tags", "yes", "null", "a_b", "x-y", "On", "k2", "_k"]
VALUES = [
    *("a", "b c", "日本", "é", "2024", "2024-01-05", "2024-01-05 10:00:00 +0000", "1:20"),
    *("2024-01-05T10:00:00Z", "2024-02-30", "1_000", "0x1F", ".inf", "~", "true", "on", "no"),
    *(":", ": ", " ", "  ", "#", " #", "'", '"', "\\", "&", "*", "!", "|", ">", "%", "@", "`"),
    *("?", "\t", "\u2028", "\x85", "\ufeff", "-", "-5", "+5", "1e3", "=", "<<", "[", "]", ","),
    *("C#", "a: b", "a #c", "a:", "[a, b]", "[]", "[ ]", "[a,]", "[a, 'b']", "['a,b']"),
    *("'it''s'", '"a\\"b"', "'x'", '"y"', "[1, 2.5, ~]", "[x?]", "[a:b]", "[a: b]", "- x"),
]


_SPACES = st.sampled_from(["", " ", "  "])
_VALUE = st.lists(st.sampled_from(VALUES), max_size=2).map("".join)
_LINE = st.one_of(
    st.builds(
        lambda key, space, value: f"{key}:{space}{value}", st.sampled_from(KEYS), _SPACES, _VALUE
    ),
    st.builds(lambda space, value: f"{space}- {value}", _SPACES, _VALUE),
    st.sampled_from(["# c", "", "  ", " # c", "   x"]),
)
_FRONT_MATTER = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(_LINE, min_size=1, max_size=4),
    st.sampled_from(["", "\n"]),
)


@settings(max_examples=2000)
@given(_FRONT_MATTER)
def test_the_shortcut_reads_random_front_matter_as_pyyaml_does(text: str) -> None:
    plain = yaml_shortcut(text)
    if plain is None:
        return  # left to PyYAML: nothing to compare
    try:
        expected = pyyaml_reading(text)
    except yaml.YAMLError as error:
        raise AssertionError(f"PyYAML refuses {text!r}, the shortcut read it") from error
    assert repr(plain) == repr(expected)  # repr: nan is not equal to itself
