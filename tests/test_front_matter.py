"""Front matter: YAML, TOML and JSON blocks, and every way one can be broken or hostile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CONTROL, PostFiles, problem_messages, strings_in
from growth import assert_bounded, assert_linear

from reader.model.details import detail_rows
from reader.model.front_matter import MAX_VALUES, split_front_matter
from reader.model.health.report import finding_text
from reader.model.post_loader import post_from_text

# --- the three formats ------------------------------------------------------------------


def test_yaml_closed_by_dashes() -> None:
    split = split_front_matter("---\ntitle: Hello\ntags: [a, b]\n---\nThe body.\n")
    assert split.metadata == {"title": "Hello", "tags": ["a", "b"]}
    assert split.body == "The body.\n"
    assert split.format == "YAML"
    assert split.problems == []


def test_yaml_closed_by_dots() -> None:
    split = split_front_matter("---\ntitle: Hello\n...\nThe body.\n")
    assert split.metadata == {"title": "Hello"}
    assert split.body == "The body.\n"


def test_toml_is_read_with_tomllib() -> None:
    split = split_front_matter(
        '+++\ntitle = "Hello"\ndate = 2024-06-01\n[taxonomies]\ntags = ["a"]\n+++\nThe body.\n'
    )
    assert split.metadata == {
        "title": "Hello",
        "date": date(2024, 6, 1),
        "taxonomies": {"tags": ["a"]},
    }
    assert split.body == "The body.\n"
    assert split.format == "TOML"
    assert split.problems == []


def test_json_object() -> None:
    split = split_front_matter('{\n  "title": "Hello",\n  "draft": true\n}\n\nThe body.\n')
    assert split.metadata == {"title": "Hello", "draft": True}
    assert split.body == "The body.\n"
    assert split.format == "JSON"


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff---\ntitle: Hello\n---\nThe body.\n",
        '\ufeff+++\ntitle = "Hello"\n+++\nThe body.\n',
        '\ufeff{"title": "Hello"}\nThe body.\n',
    ],
)
def test_byte_order_mark(text: str) -> None:
    split = split_front_matter(text)
    assert split.metadata == {"title": "Hello"}
    assert split.body == "The body.\n"


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf---\r\ntitle: Hello\r\ntags:\r\n  - a\r\n---\r\nThe body.\r\nLine two.\r\n",
        b'+++\r\ntitle = "Hello"\r\ntags = ["a"]\r\n+++\r\nThe body.\r\nLine two.\r\n',
        b"---\r\ntitle: Hello\r\ntags: [a]\r\n...\r\nThe body.\r\nLine two.\r\n",
    ],
)
def test_bom_and_crlf_in_a_file(posts: PostFiles, raw: bytes) -> None:
    post = posts.load(raw)
    assert post.title == "Hello"
    assert post.tags == ["a"]
    assert post.body == "The body.\nLine two.\n"
    assert post.problems == []


def test_no_front_matter() -> None:
    split = split_front_matter("# Title\n\nText --- with dashes.\n")
    assert split.metadata == {}
    assert split.body == "# Title\n\nText --- with dashes.\n"
    assert split.format is None
    assert split.problems == []


def test_empty_front_matter_and_front_matter_only() -> None:
    assert split_front_matter("---\n---\nBody\n").metadata == {}
    assert split_front_matter("---\n---\nBody\n").body == "Body\n"
    only = split_front_matter("---\ntitle: Only\n---")
    assert only.metadata == {"title": "Only"}
    assert only.body == ""
    assert only.problems == []


def test_never_closed_front_matter_is_a_problem_and_the_text_is_the_body() -> None:
    text = "---\ntitle: x\nNo end.\n"
    split = split_front_matter(text)
    assert split.body == text
    assert split.metadata == {}
    assert split.problems == ["YAML front matter opened with --- is never closed"]


# --- broken front matter: a problem naming the line, and the whole text as the body ------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: ok\ntags: [a, b\nauthor: x\n---\nBody\n", "invalid YAML front matter"),
        ('+++\ntitle = "x"\n\nauthor =\n+++\nBody\n', "invalid TOML front matter"),
        ('{\n  "title": "x",\n  "tags": [1,,]\n}\nBody\n', "invalid JSON front matter"),
    ],
)
def test_invalid_front_matter(text: str, expected: str) -> None:
    split = split_front_matter(text)
    assert split.metadata == {}
    assert split.body == text
    (problem,) = split.problems
    assert problem.startswith(expected)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # the line numbers are the file's: the opening --- or +++ is line 1
        ("---\ntitle: ok\n\tbad: 1\n---\nBody\n", 3),
        ('+++\ntitle = "x"\n\nauthor =\n+++\nBody\n', 4),
        ('{\n  "title": "x",\n  "tags": [1,,]\n}\nBody\n', 3),
    ],
)
def test_invalid_front_matter_names_the_line(text: str, line: int) -> None:
    (problem,) = split_front_matter(text).problems
    assert f"line {line}," in problem


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("---\n- a\n- b\n---\n# Heading\n", "a list"),
        ("---\njust some text\n---\n# Heading\n", "text"),
        ("---\n42\n---\n# Heading\n", "int"),
        ("[1, 2]\n# Heading\n", None),  # not front matter at all: plain Markdown
    ],
)
def test_front_matter_that_is_not_a_mapping(posts: PostFiles, text: str, kind: str | None) -> None:
    post = posts.load(text)
    assert post.body == text
    assert post.metadata == {}
    assert post.title == "Heading"  # from the body, which is the whole file
    if kind is None:
        assert post.problems == []
    else:
        assert problem_messages(post) == [
            f"YAML front matter is {kind}, not a mapping of keys to values"
        ]


@pytest.mark.parametrize(
    "text",
    [
        "---\n" + "".join(f"key{i}: {'v' * 60}\n" for i in range(1200)) + "---\nBody\n",
        "+++\n" + "".join(f'key{i} = "{"v" * 60}"\n' for i in range(1200)) + "+++\nBody\n",
        '{"title": "' + "x" * 70_000 + '"}\nBody\n',
        # a CJK value is 3 bytes a character: under 64 K characters but over 64 KB
        "---\ntitle: " + "字" * 25_000 + "\n---\nBody\n",
    ],
)
def test_front_matter_over_64_kb_is_not_read(text: str) -> None:
    split = split_front_matter(text)
    assert split.metadata == {}
    assert split.body == text
    (problem,) = split.problems
    assert "larger than 64 KB" in problem


def test_front_matter_just_under_64_kb_is_read() -> None:
    text = "---\n" + "".join(f"key{i:04}: {'v' * 50}\n" for i in range(1000)) + "---\nBody\n"
    assert len(text) > 60_000
    split = split_front_matter(text)
    assert len(split.metadata) == 1000
    assert split.problems == []


def test_python_tags_are_refused() -> None:
    split = split_front_matter('---\nx: !!python/object/apply:os.system ["echo hi"]\n---\nBody\n')
    assert split.metadata == {}
    (problem,) = split.problems
    assert problem.startswith("invalid YAML front matter")


@pytest.mark.parametrize(
    "text",
    [
        "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nBody\n",
        '{"x": ' + "[" * 50_000 + "]" * 50_000 + "}\nBody\n",
        "+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody\n",
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(text: str) -> None:
    split = split_front_matter(text)
    assert split.metadata == {}
    assert len(split.problems) == 1
    assert split.body == text


def test_an_impossible_yaml_date_keeps_the_rest_of_the_front_matter() -> None:
    split = split_front_matter("---\ntitle: Kept\ndate: 2024-02-30\ntags: [a]\n---\nBody\n")
    assert split.metadata == {"title": "Kept", "date": "2024-02-30", "tags": ["a"]}
    assert split.problems == []


# --- YAML aliases: a "billion laughs" block ---------------------------------------------

BILLION_LAUGHS = """---
title: Laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
nested: {deep: *i}
tags: [kept]
---
The body.
"""


def test_billion_laughs_loads_and_shows(posts: PostFiles) -> None:
    post = posts.load(BILLION_LAUGHS)
    rows = detail_rows(post)
    assert post.title == "Laughs"
    assert post.tags == ["kept"]
    assert post.body == "The body.\n"
    assert len(post.problems) == 1
    assert "left out" in post.problems[0].message
    assert "'i'" in post.problems[0].message
    assert "i" not in post.metadata
    assert post.metadata["a"] == ["lol"] * 9
    assert ("Problem", finding_text(post.problems[0])) in rows
    assert all(len(value) <= 400 for _, value in rows)


def _laughs(levels: int) -> str:
    """A "billion laughs" front matter of ``levels`` levels: 9**levels values once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "---\ntitle: Laughs\n" + "\n".join(lines) + "\n---\nThe body.\n"


def _load_and_show(text: str) -> object:
    return detail_rows(post_from_text(text, Path("x.md")))


def test_an_alias_bomb_costs_its_text_not_its_expansion() -> None:
    """5 levels against 8 (past the bound on what is shown): 729 times the values once
    expanded, yet the time grows no more than the text does."""
    assert_linear(lambda scale: _laughs(4 + scale), _load_and_show, 1)


def _many_keys_naming(levels: int, keys: int = 6000) -> str:
    """``keys`` keys each naming a list that expands to 10**levels values."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    lines += [f"k{i}: *l{levels - 1}" for i in range(keys)]
    lines.append("title: Still here")
    return "---\n" + "\n".join(lines) + "\n---\nBody\n"


def test_many_keys_naming_a_big_alias_share_one_bound() -> None:
    """Thousands of keys each naming a large alias: the work has one bound for them all."""
    text = _many_keys_naming(4)
    assert len(text.encode()) < 64 * 1024
    # 100 values a key against 100,000 (1,500 keys): about the same time.
    assert_bounded(lambda scale: _many_keys_naming(1 + scale, 1500), _load_and_show, 1)
    post = post_from_text(text, Path("x.md"))
    rows = detail_rows(post)
    assert post.title == "Still here"
    (problem,) = problem_messages(post)
    assert "left out" in problem
    assert "more" in problem
    assert len(rows) < 100


def test_a_plain_list_over_the_bound_is_left_out_too() -> None:
    items = "".join("- x\n" for _ in range(MAX_VALUES + 10))  # plain YAML, under 64 KB
    split = split_front_matter(f"---\ntitle: Long\ntags:\n{items}---\nBody\n")
    assert split.metadata == {"title": "Long"}
    (problem,) = split.problems
    assert "left out: 'tags'" in problem


# --- control characters in values --------------------------------------------------------


def test_yaml_escapes_do_not_survive_into_metadata() -> None:
    split = split_front_matter(
        '---\ntitle: "\\e]2;x\\a"\n"key\\e": ["\\x9b1m", {"n": "\\x1b[2J\\x7f"}]\n---\nBody\n'
    )
    assert split.metadata == {
        "title": "\u241b]2;x\u2407",
        "key\u241b": ["\ufffd1m", {"n": "\u241b[2J\u2421"}],
    }
    assert not any(CONTROL.search(text) for text in strings_in(split.metadata))


def test_toml_and_json_escapes_do_not_survive_into_metadata() -> None:
    toml = split_front_matter('+++\ntitle = "\\u001b]2;x\\u0007"\n+++\n')
    assert toml.metadata == {"title": "\u241b]2;x\u2407"}
    json = split_front_matter('{"title": "\\u001b[31mred\\u009b"}\n')
    assert json.metadata == {"title": "\u241b[31mred\ufffd"}
