"""A post loaded from a file: title, taxonomies, author, excerpt, draft, and hostile input."""

from __future__ import annotations

import os
import pickle
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTROL, ESC, PostFiles, problem_messages, strings_in
from growth import assert_linear
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from reader.model import post_file, post_loader
from reader.model.cleanup import clean_markdown
from reader.model.details import detail_rows, short_minutes
from reader.model.markdown_parser import markdown_parser
from reader.model.plain_text import inline_text
from reader.model.post import Post, PostSummary, summary_json
from reader.model.post_loader import load_post, post_from_text, whole_post
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.text import join_cjk_lines

# --- title ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("---\ntitle: From front matter\n---\n# A heading\n", "x.md", "From front matter"),
        ("---\ntitle: 2024\n---\n", "x.md", "2024"),
        ("---\ntitle: '   '\n---\n# The heading\n", "x.md", "The heading"),
        ("---\nlayout: post\n---\nIntro.\n\n# The heading\n\n# Second\n", "x.md", "The heading"),
        (
            "## Not an h1\n\n#Not a heading either\n\n# Closing hashes ##\n",
            "x.md",
            "Closing hashes",
        ),
        ("   # Indented up to three spaces\n", "x.md", "Indented up to three spaces"),
        ("```bash\n# install it\n```\n\n# After the code\n", "x.md", "After the code"),
        ("~~~~\n# in code\n~~~\n# still code\n~~~~\n# Out\n", "x.md", "Out"),
        ("```\n# never closed\n", "2024-06-01-unclosed-fence.md", "Unclosed Fence"),
        # What the parser says is code or HTML holds no title; a list item's heading is not one.
        ("Intro.\n\n    # indented code\n\n<!--\n# a comment\n-->\n# Real\n", "x.md", "Real"),
        ("- # in a list\n\n> # quoted\n\n# Top {#top .x}\n", "x.md", "Top"),
        ("No heading.\n", "2024-06-01-hello-world.md", "Hello World"),
        ("No heading.\n", "2019-1-7-vim_2019_calendar.md", "Vim 2019 Calendar"),
        ("No heading.\n", "my_first-post.markdown", "My First Post"),
        ("No heading.\n", "a-zola-bundle/index.md", "A Zola Bundle"),
        ("No heading.\n", "a-zola-bundle/index.ca.md", "A Zola Bundle"),
        ("", "2024-06-01-empty.md", "Empty"),
    ],
)
def test_title(posts: PostFiles, text: str, name: str, title: str) -> None:
    assert posts.load(text, name).title == title


def test_title_is_kept_exactly_as_written(posts: PostFiles) -> None:
    written = "Markup: Title *with* **Markdown** &nbsp;[x] ハイペリ\ufffd"
    post = posts.load(f'---\ntitle: "{written}"\n---\n')
    assert post.title == written
    assert post.title.endswith("\ufffd")
    # Kept, and said to be broken and cut (issue 14).
    assert [finding.kind for finding in post.problems] == ["broken-text", "cut-title"]


def test_very_long_title(posts: PostFiles) -> None:
    long_title = "Long " * 2000
    post = posts.load(f"---\ntitle: {long_title}\n---\nBody\n")
    assert post.title == long_title.strip()
    title_row = dict(detail_rows(post))["Title"]
    assert len(title_row) == 400
    assert title_row.endswith("…")


def _heading_with_spaces(spaces: int) -> str:
    return "# x" + " " * spaces + "y\n"


def test_a_three_megabyte_line_in_a_heading_is_linear(posts: PostFiles) -> None:
    post = posts.load(_heading_with_spaces(3_000_000))
    assert post.title == "x" + " " * 3_000_000 + "y"
    assert_linear(_heading_with_spaces, lambda text: post_from_text(text, Path("x.md")), 750_000)


# --- categories and tags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "categories", "tags"),
    [
        ("categories: [Travel, Food]\ntags: [a, b]", ["Travel", "Food"], ["a", "b"]),
        ("categories:\n  - Travel\n  - Food\ntags:\n  - a", ["Travel", "Food"], ["a"]),
        ("categories: travel food\ntags: 'a b  c'", ["travel", "food"], ["a", "b", "c"]),
        # the singular keys are merged in, and a singular string is one name (Jekyll's rule)
        ("categories: [a]\ncategory: Edge Case\ntag: one tag", ["a", "Edge Case"], ["one tag"]),
        ("category: b\ncategories: [a, b]\ntags: [x, y, x]\ntag: y", ["a", "b"], ["x", "y"]),
        ("tags: [2024, 3.5, null, '', ok]", [], ["2024", "3.5", "ok"]),
        ("categories: []\ntags:", [], []),
    ],
)
def test_categories_and_tags(
    posts: PostFiles, front_matter: str, categories: list[str], tags: list[str]
) -> None:
    post = posts.load(f"---\n{front_matter}\n---\n")
    assert post.categories == categories
    assert post.tags == tags


def test_zola_taxonomies(posts: PostFiles) -> None:
    post = posts.load(
        '+++\ntitle = "Z"\n[taxonomies]\ntags = ["showcase", "tutorial", "showcase"]\n'
        'categories = ["docs"]\n[extra]\ntoc = true\n+++\n'
    )
    assert post.tags == ["showcase", "tutorial"]
    assert post.categories == ["docs"]
    assert post.metadata["extra"] == {"toc": True}


def test_folders_above_posts_are_categories(posts: PostFiles) -> None:
    path = posts.write(
        "---\ncategories: [extra, travel]\n---\n", "travel/japan/_posts/2024-06-01-x.md"
    )
    posts.write("title: A Jekyll site\n", "_config.yml")
    # the same categories whichever folder is opened, or none (the site root is found)
    for root in (posts.folder, posts.folder / "travel", path.parent, None):
        assert load_post(path, root).categories == ["travel", "japan", "extra"]


def test_folders_without_posts_are_not_categories(posts: PostFiles) -> None:
    assert posts.load("Body\n", "notes/2024/x.md").categories == []


def test_hundreds_of_tags(posts: PostFiles) -> None:
    names = [f"tag{i}" for i in range(800)]
    post = posts.load("---\ntags: [" + ", ".join(names + names[:10]) + "]\n---\nBody\n")
    assert post.tags == names
    rows = dict(detail_rows(post))
    assert rows["Tags"].startswith("tag0, tag1, ")


# --- author, excerpt, draft -------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "author"),
    [
        ("author: Jane Doe", "Jane Doe"),
        ("author:\n  name: Jane Doe\n  email: jane@example.com", "Jane Doe"),
        ("author: {display_name: Jane}", "Jane"),
        ("author: [Ann, Bob]", "Ann, Bob"),
        ("author: ''", ""),
        ("title: nobody", ""),
    ],
)
def test_author(posts: PostFiles, front_matter: str, author: str) -> None:
    assert posts.load(f"---\n{front_matter}\n---\n").author == author


@pytest.mark.parametrize(
    ("front_matter", "body", "excerpt"),
    [
        ("excerpt: From excerpt\nsummary: From summary", "Para.\n", "From excerpt"),
        ("summary: From summary\ndescription: From description", "Para.\n", "From summary"),
        ("description: From description", "Para.\n", "From description"),
        ("description: '  '", "First *para*.\n", "First para."),
        (
            "title: t",
            "# Heading\n\nThe **first** paragraph with [a link](https://x.example) and `code`.\n"
            "Second line.\n\nThe second paragraph.\n",
            "The first paragraph with a link and code. Second line.",
        ),
        (
            "title: t",
            "Before the mark.\n\nStill before.\n\n<!--more-->\n\nAfter.\n",
            "Before the mark. Still before.",
        ),
        (
            "title: t",
            "第一段落。\n\n第二段落。\n\n<!--more-->\n\n後。\n",
            "第一段落。 第二段落。",  # two paragraphs stay apart, as the parser reads them
        ),
        (
            "excerpt_separator: <!-- cut -->",
            "One.\n\n```js\nlet x = 1\n```\n\n<!-- cut -->\n\nAfter.\n",
            "One.",  # code is left out of an excerpt when there is prose
        ),
        (
            "title: t",
            "今日は良い天気\nでした。\nThen English\nfollows.\n",
            "今日は良い天気でした。 Then English follows.",
        ),
        ("title: t", "<div>only html</div>\n", ""),
        ("title: t", "", ""),
    ],
)
def test_excerpt(posts: PostFiles, front_matter: str, body: str, excerpt: str) -> None:
    assert posts.load(f"---\n{front_matter}\n---\n{body}").excerpt == excerpt


@pytest.mark.parametrize(
    ("body", "excerpt"),
    [
        ("# Title\n\nPlain words,\n  on two lines.  \n\nNext.\n", "Plain words, on two lines."),
        ("\u3000字下げの段落\nです。\n", "字下げの段落です。"),
        ("Setext heading\n===\n\nThe paragraph.\n", "The paragraph."),
        ("    indented code\n\nThe paragraph.\n", "The paragraph."),
        ("A line\n- a list interrupts\n", "A line"),
        ("1986. A list item\n", "A list item"),
        ("Fish &amp; chips\n", "Fish & chips"),
    ],
)
def test_excerpt_of_the_first_paragraph(posts: PostFiles, body: str, excerpt: str) -> None:
    assert posts.load(body).excerpt == excerpt


def _quick_paragraph_pieces() -> list[str]:
    pieces = ["a", "Bc", "字", " ", "  ", "\n", "\n\n", "# ", "## ", "    ", "-", "=", "1. "]
    pieces += ["*", "_", "`", "[", "]", "![", "<", ">", " > ", "&", "\\", "~", "{", "}"]
    pieces += ["\u3000", "\t", "\xa0", "。", "---", "|", ":", "\r", "](", "]:", ")", "**", "__"]
    pieces += ["[a](b)", "`c`", "*e*", "&amp;", "```", "\\\n", "  \n", "[r]\n\n[r]: /u\n"]
    pieces += ["\x0b", "\x1c", "\x85", "\u2028", "\u202f", "\u205f", "\u200b"]
    return pieces


_QUICK_PIECES = _quick_paragraph_pieces()


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_QUICK_PIECES), min_size=1, max_size=13).map("".join))
@example("字\n\n字")  # two paragraphs: their CJK lines join, the paragraphs do not
def test_quick_paragraphs_are_what_the_parser_finds(body: str) -> None:
    # The shortcut for opening paragraphs must give what parsing the blocks gives, or nothing.
    first = post_loader._quick_paragraphs(body, first_only=True)
    if first and first[-1].strip():
        assert join_cjk_lines(first[-1]) == post_loader._first_paragraph(clean_markdown(body))
    whole = post_loader._quick_paragraphs(body, first_only=False)
    if whole is not None:
        text = "\n".join(join_cjk_lines(part) for part in whole if part.strip())
        assert text == post_loader._plain_text(body, {})


def test_the_quick_paragraphs_shortcut_takes_plain_paragraphs() -> None:
    """The comparison above is not empty: plain paragraphs do take the shortcut."""
    body = "First 字 words,\nstill first.\n\nSecond `code` [link](b).\n"
    assert post_loader._quick_paragraphs(body, first_only=True)
    assert post_loader._quick_paragraphs(body, first_only=False) is not None


_CODE_SPAN_PIECES = ["a", "b c", " ", "  ", "\n", "`", "``", "```", "!", "字", "."]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_CODE_SPAN_PIECES), min_size=1, max_size=15).map("".join))
def test_code_spans_are_read_as_the_inline_parser_reads_them(text: str) -> None:
    lines = text.split("\n")
    assume(all(line.strip(" ") for line in lines))  # a blank line would end the paragraph
    assume("`" in text)
    paragraph = "\n".join(lines).strip(" ")
    parsed = inline_text(markdown_parser().parseInline(paragraph)[0])
    assert post_loader._paragraph_text(lines) == parsed


def test_the_shortcut_leaves_every_odd_space_to_the_parser() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    odd_spaces = {character for character in every_character if character.isspace()} - {" "}
    found = set(post_loader._HTML_SITE_OR_ODD_SPACE.findall(every_character))
    assert found == odd_spaces | {"<", "{"}


def test_excerpt_is_one_line_and_cut(posts: PostFiles) -> None:
    post = posts.load("word " * 1000 + "\n")
    assert len(post.excerpt) == 300
    assert post.excerpt.endswith("…")
    assert "\n" not in post.excerpt


@pytest.mark.parametrize(
    ("text", "name", "draft"),
    [
        ("---\npublished: false\n---\n", "x.md", True),
        ("---\npublished: no\n---\n", "x.md", True),  # YAML 1.1
        ("---\ndraft: true\n---\n", "x.md", True),
        ("+++\ndraft = true\n+++\n", "x.md", True),
        ("---\ndraft: false\npublished: true\n---\n", "x.md", False),
        ("Body\n", "_drafts/x.md", True),
        ("Body\n", "x.md", False),
    ],
)
def test_draft(posts: PostFiles, text: str, name: str, draft: bool) -> None:
    assert posts.load(text, name).draft is draft


# --- body, metadata, path, size, modified time ------------------------------------------


def test_the_rest_of_a_post(posts: PostFiles) -> None:
    text = "---\ntitle: T\nlayout: post\ncustom: {a: 1}\n---\nBody line.\n"
    path = posts.write(text, "2024-06-01-x.md")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    post = load_post(path)
    assert post.path == path
    assert post.body == "Body line.\n"
    assert post.metadata == {"title": "T", "layout": "post", "custom": {"a": 1}}
    assert post.size == len(text.encode())
    assert post.modified == datetime.fromtimestamp(1_700_000_000, UTC)
    assert post.modified is not None and post.modified.tzinfo is not None
    assert post.binary is False
    assert post.problems == []


def test_summary_for_json(posts: PostFiles) -> None:
    post = posts.load(
        "---\ntitle: T\ndate: 2024-06-01T10:00:00+09:00\ntags: [a]\nreading_time: 4\n---\nBody\n"
    )
    summary = summary_json(post)
    assert summary["date"] == "2024-06-01T10:00:00+09:00"
    assert summary["tags"] == ["a"]
    assert summary["reading_minutes"] == 4
    assert summary["estimated_minutes"] == 1
    assert summary["path"] == str(post.path)


# --- encodings, binary files, sizes ------------------------------------------------------

JAPANESE = (
    "---\ntitle: 日本語のタイトル\ntags: [日記]\n---\n"
    "今日はとても良い天気でした。散歩に行きました。\nそれから本を読みました。\n"
)


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("shift_jis", "Shift_JIS"),
        ("euc_jp", "EUC-JP"),
        ("iso2022_jp", "ISO-2022-JP"),
    ],
)
def test_legacy_japanese_encodings(posts: PostFiles, codec: str, name: str) -> None:
    post = posts.load(JAPANESE.encode(codec))
    assert problem_messages(post) == [f"not UTF-8: decoded as {name}"]
    assert post.title == "日本語のタイトル"
    assert post.tags == ["日記"]
    assert post.body == "今日はとても良い天気でした。散歩に行きました。\nそれから本を読みました。\n"
    assert post.excerpt == "今日はとても良い天気でした。散歩に行きました。それから本を読みました。"


def test_a_western_legacy_encoding(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: Café crème\n---\nNaïve façade, déjà vu.\n".encode("cp1252"))
    assert post.title == "Café crème"
    assert post.body == "Naïve façade, déjà vu.\n"
    (problem,) = problem_messages(post)
    assert problem.startswith("not UTF-8: decoded as ")


def test_utf8_is_not_a_problem(posts: PostFiles) -> None:
    assert posts.load(JAPANESE).problems == []


def test_nul_bytes_make_a_binary_file(posts: PostFiles) -> None:
    post = posts.load(b"---\ntitle: Hidden\n---\nText\x00more", "2024-06-01-a-binary.md")
    assert post.binary is True
    assert post.body == ""
    assert post.metadata == {}
    assert post.title == "A Binary"
    assert post.date == datetime(2024, 6, 1, tzinfo=UTC)
    assert problem_messages(post) == ["binary file (it contains NUL bytes); not shown"]


def test_empty_file(posts: PostFiles) -> None:
    post = posts.load(b"", "2024-06-01-nothing-here.md")
    assert (post.title, post.body, post.excerpt, post.problems) == ("Nothing Here", "", "", [])
    assert post.estimated_minutes == 1
    assert post.size == 0


def test_front_matter_only(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: Only metadata\ntags: [a]\n---\n")
    assert (post.title, post.body, post.tags, post.problems) == ("Only metadata", "", ["a"], [])


def _one_line_of_words(words: int) -> str:
    return "---\ntitle: Big\n---\n" + "word " * words


def test_a_single_three_megabyte_line(posts: PostFiles) -> None:
    post = posts.load(_one_line_of_words(600_000))
    assert post.body == "word " * 600_000
    assert post.estimated_minutes == 2522  # 600,000 words at 238 a minute
    assert len(post.excerpt) <= 300
    assert_linear(_one_line_of_words, lambda text: post_from_text(text, Path("x.md")), 150_000)
    assert post.problems == []


def test_a_file_over_ten_megabytes_is_listed_but_not_read(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = posts.folder / "2024-06-01-huge-file.md"
    with path.open("wb") as file:
        file.truncate(10 * 1024 * 1024 + 1)  # sparse: quick to make

    def refuse(path: Path, *args: Any) -> bytes:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)
    post = load_post(path)
    assert post.title == "Huge File"
    assert post.date == datetime(2024, 6, 1, tzinfo=UTC)
    assert post.body == ""
    assert post.size == 10 * 1024 * 1024 + 1
    (problem,) = problem_messages(post)
    assert "over the 10 MB limit" in problem


@pytest.mark.parametrize(("lines_added", "whole"), [(3, True), (200, False)])
def test_a_file_that_grows_while_it_is_read(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch, lines_added: int, whole: bool
) -> None:
    path = posts.write("---\ntitle: Growing\n---\nFirst line.\n")
    open_file = os.open

    def grow_then_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        if name == path:
            with path.open("a", encoding="utf-8") as file:
                file.write("Another line.\n" * lines_added)
        return open_file(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", grow_then_open)
    monkeypatch.setattr(post_file, "MAX_FILE_BYTES", 1000)
    post = load_post(path)
    if whole:  # after stat(): all of it is read
        assert (post.body.count("Another line."), post.problems) == (lines_added, [])
    else:
        assert post.body == ""
        assert problem_messages(post) == [
            "file grew over the 10 MB limit while being read; not read"
        ]


def test_a_file_of_exactly_ten_megabytes_is_read(posts: PostFiles) -> None:
    text = "---\ntitle: Ten\n---\n"
    path = posts.write(text + "x" * (10 * 1024 * 1024 - len(text)))
    post = load_post(path)
    assert post.title == "Ten"
    assert post.problems == []


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "2024-06-01-pipe.md"
    os.mkfifo(fifo)  # reading it would block until someone writes
    post = load_post(fifo)
    assert problem_messages(post) == ["not a regular file; not read"]
    assert post.title == "Pipe"


def test_an_endless_device_is_not_read(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    assert problem_messages(load_post(link)) == ["not a regular file; not read"]  # returns at all


def test_a_missing_file_is_a_problem(posts: PostFiles) -> None:
    post = load_post(posts.folder / "2024-06-01-gone.md")
    assert post.title == "Gone"
    (problem,) = problem_messages(post)
    assert problem.startswith("cannot read")


# --- control characters never reach a Post's text or its detail rows ---------------------

HOSTILE = (
    "---\n"
    'title: "Title \\e]2;pwned\\a with \\x9b31m csi"\n'
    "author: \x1b[31mEve\x7f\n"
    'tags: ["\\e[2J", "ok\\x07"]\n'
    'categories: ["\x1b]52;c;aGk=\x07"]\n'
    'description: "\\x1b[5mblink"\n'
    'custom: {"\\e": ["\\x85\\x9c", "\\x00"]}\n'
    "---\n"
    "Body \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ and \x90DCS\x9c and \x7f.\r\n"
)


def _text_fields(post: Post) -> list[str]:
    values: list[str] = []
    for field in fields(post):
        values.extend(strings_in(getattr(post, field.name)))
    return values


def test_control_characters_never_survive(posts: PostFiles) -> None:
    post = posts.load(HOSTILE, "2024-06-01-\x1b[2Jname\x07.md")
    texts = _text_fields(post) + [value for row in detail_rows(post) for value in row]
    for text in texts:
        assert not CONTROL.search(text), repr(text)
    assert post.title == "Title \u241b]2;pwned\u2407 with \ufffd31m csi"
    assert post.author == "\u241b[31mEve\u2421"
    assert post.tags == ["\u241b[2J", "ok\u2407"]
    assert post.categories == ["\u241b]52;c;aGk=\u2407"]
    assert post.excerpt == "\u241b[5mblink"
    assert "\u241b]8;;http://evil" in post.body
    # The C1 controls of the body are broken text; the description's "[" is never closed.
    kinds = {(finding.kind, finding.field) for finding in post.problems}
    assert kinds == {("broken-text", None), ("cut-excerpt", "description")}


def test_control_characters_in_a_file_name(posts: PostFiles) -> None:
    post = posts.load("No title.\n", "\x1b]2;evil\x07-post.md")
    assert post.title == "\u241b]2;evil\u2407 Post"
    assert ESC not in dict(detail_rows(post))["File"]


def test_undecodable_bytes_in_a_file_name(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9-notes.md"
    try:
        with open(raw, "wb") as file:
            file.write(b"No title.\n")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (path,) = tmp_path.iterdir()
    post = load_post(path)
    assert post.title == "Caf\ufffd Notes"
    post.title.encode("utf-8")
    summary_json(post)["path"].encode("utf-8")
    for _, value in detail_rows(post):
        value.encode("utf-8")


# --- the loader only reads ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf---\r\ntitle: CRLF and BOM\r\n---\r\nBody\r\n",
        JAPANESE.encode("shift_jis"),
        b"---\ntitle: [unclosed\n---\n",
        b"Binary\x00file",
        HOSTILE.encode(),
    ],
)
def test_the_loader_never_modifies_a_file(posts: PostFiles, content: bytes) -> None:
    path = posts.write(content, "2024-06-01-x.md")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = path.stat()
    load_post(path, posts.folder)
    post_from_text(content.decode("utf-8", "replace"), path)
    after = path.stat()
    assert path.read_bytes() == content
    assert after.st_mtime_ns == before.st_mtime_ns == 1_600_000_000_000_000_000
    assert after.st_size == before.st_size
    assert after.st_ino == before.st_ino
    assert sorted(posts.folder.iterdir()) == [path]


# --- detail rows (the sidebar and ``reader show``) ----------------------------------------


def test_detail_rows(posts: PostFiles) -> None:
    post = posts.load(
        "---\ntitle: Ramen\ndate: 2024-03-01 12:00:00 +0900\nauthor: Aoi\n"
        "categories: [Food]\ntags: [japan, noodles]\nreading_time: 4\ndraft: true\n"
        "layout: post\nseries: {name: Noodles, part: 2}\nupdated: 2024-03-05\n---\n"
        "Miso ramen, mostly.\n",
        "2024-03-01-ramen.md",
    )
    rows = detail_rows(post)
    assert rows == [
        ("Title", "Ramen"),
        ("Date", "Fri 1 Mar 2024, 12:00 UTC+09:00"),
        ("Author", "Aoi"),
        ("Categories", "Food"),
        ("Tags", "japan, noodles"),
        ("Reading time", "4 min (front matter) · 1 min (estimated)"),
        ("Length", f"20 characters · {post.size / 1024:.1f} KB"),
        ("Draft", "yes"),
        ("Excerpt", "Miso ramen, mostly."),
        ("File", "2024-03-01-ramen.md"),  # relative to the library folder
        ("layout", "post"),
        ("series", "{name: Noodles, part: 2}"),
        ("updated", "2024-03-05"),
    ]


def test_detail_rows_of_a_bare_post(posts: PostFiles) -> None:
    post = posts.load(b"---\ntitle: [broken\n---\n", "bare.md")
    rows = dict(detail_rows(post))
    assert rows["Date"] == "no date"
    assert rows["Author"] == rows["Categories"] == rows["Tags"] == "—"
    assert rows["Reading time"] == "1 min (estimated)"
    assert rows["Problem"].startswith("invalid YAML front matter")
    assert "Draft" not in rows


def test_long_values_are_cut_visibly(posts: PostFiles) -> None:
    post = posts.load("---\nlinks: [" + ", ".join(["x" * 50] * 10) + "]\nshort: [a, b]\n---\n")
    rows = dict(detail_rows(post))
    assert len(rows["links"]) == 120
    assert rows["links"].endswith("…")
    assert rows["short"] == "[a, b]"


def test_the_file_row_is_relative_to_the_library_but_whole_for_a_lone_post(
    posts: PostFiles,
) -> None:
    inside = posts.load("# Hi\n", "deep/in/post.md")
    assert dict(detail_rows(inside))["File"] == "deep/in/post.md"
    alone = load_post(inside.path)
    assert dict(detail_rows(alone))["File"] == str(inside.path)


def test_reading_times_in_lists_keep_their_column() -> None:
    assert short_minutes(5) == "   5 min"
    assert short_minutes(999) == " 999 min"
    assert short_minutes(2942) == "  49 h  "  # a 5 MB post: never runs into the date
    assert {len(short_minutes(minutes)) for minutes in (1, 10, 100, 1000, 100_000)} == {8}


@pytest.mark.parametrize(
    "path", ["/blog/_posts/2024-06-01-a.md", "notes/b.md", "c.md", "/d.md", "//e.md"]
)
def test_a_post_pickles_whole(path: str) -> None:
    # Summaries cross between processes when a big library is read on every core.
    post = post_from_text("---\ntitle: T\ndate: 2024-06-01\ntags: [a]\n---\nBody\n", Path(path))
    post.root = Path("/blog")
    for kept in (post, post.summary()):
        copy = pickle.loads(pickle.dumps(kept))
        assert copy == kept and type(copy) is type(kept)
        assert copy.path == Path(path) and str(copy.path) == path


# --- a summary and the whole post -------------------------------------------------------


def test_a_summary_keeps_everything_but_the_text_and_leaves_the_post_whole(
    posts: PostFiles,
) -> None:
    post = posts.load("---\ntitle: Whole\nlayout: post\ntags: [a]\n---\nThe body.\n")
    summary = post.summary()
    assert type(summary) is PostSummary and not hasattr(summary, "body")
    assert not hasattr(summary, "metadata")
    assert summary_json(summary) == summary_json(post)
    assert (summary.title, summary.tags, summary.root) == ("Whole", ["a"], posts.folder)
    assert post.body == "The body.\n" and post.metadata["layout"] == "post"  # not changed


def test_the_whole_post_comes_back_from_its_summary(posts: PostFiles) -> None:
    summary = posts.load("---\ntitle: Whole\nlayout: post\n---\nThe body.\n").summary()
    whole = whole_post(summary, speeds=DEFAULT_SPEEDS)
    assert isinstance(whole, Post)
    assert whole.body == "The body.\n" and whole.metadata["layout"] == "post"
    assert whole.summary() == summary
    assert Post.of(summary, "Another body.", {}).summary() == summary


def test_a_summary_shows_its_size_until_its_text_is_read(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: Sized\nlayout: post\n---\nTwenty characters...\n")
    kilobytes = f"{post.size / 1024:.1f} KB"
    assert dict(detail_rows(post.summary()))["Length"] == kilobytes
    assert "layout" not in dict(detail_rows(post.summary()))
    assert dict(detail_rows(post))["Length"] == f"21 characters · {kilobytes}"
