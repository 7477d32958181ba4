"""reader.model.markdown_in_html: Markdown inside <details> and markdown="1" elements is
parsed, as GitHub, Hugo and kramdown render it (through the one parser)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from growth import assert_linear
from markdown_it.token import Token

from reader.model.markdown_parser import body_tokens
from reader.model.plain_text import TextBlock, text_blocks


def tokens(markdown: str) -> list[Token]:
    """Every token of a body, block and inline, in document order."""
    found: list[Token] = []
    for token in body_tokens(markdown):
        found += [token, *(token.children or [])]
    return found


def kinds(markdown: str) -> list[str]:
    return [token.type for token in tokens(markdown)]


def test_details_vanish_and_summary_becomes_a_bold_line() -> None:
    markdown = (
        "<details>\n    <summary>More <b>info</b></summary>\n    <!-- hidden -->\n\n"
        "Inside *Markdown*.\n</details>\n\n"
        "<details open><summary>Second</summary>\n\n- item\n\n</details>\n"
    )
    assert text_blocks(markdown) == [
        TextBlock("paragraph", "More info"),
        TextBlock("paragraph", "Inside Markdown."),
        TextBlock("paragraph", "Second"),
        TextBlock("paragraph", "item"),
    ]
    assert kinds(markdown).count("strong_open") == 2 and "em_open" in kinds(markdown)
    assert "code_block" not in kinds(markdown)  # the indented lines were HTML, not code
    assert all("details" not in t.content for t in tokens(markdown) if t.type == "html_block")


def test_details_in_a_quote_stay_in_the_quote() -> None:
    parsed = [
        t.type for t in body_tokens("> <details><summary>Why</summary>\n> Because.\n> </details>\n")
    ]
    assert parsed[0] == "blockquote_open" and parsed[-1] == "blockquote_close"
    assert parsed.count("blockquote_open") == 1 and parsed.count("paragraph_open") == 2


def test_details_in_inline_code_stay() -> None:
    markdown = "Use `<details>` and `<summary>Title</summary>` to fold.\n"
    assert [t.content for t in tokens(markdown) if t.type == "code_inline"] == [
        "<details>",
        "<summary>Title</summary>",
    ]


def test_markdown_one_unwraps_its_element() -> None:
    markdown = (
        '<div class="notice" markdown="1">\n**Bold** inside.\n\n'
        "<div>nested</div>\n\n- a list\n</div>\n\n"
        '<section markdown="block">\n# Title\n</section>\n\nAfter.\n'
    )
    found = kinds(markdown)
    assert "strong_open" in found and "bullet_list_open" in found and "heading_open" in found
    html = [t.content for t in tokens(markdown) if t.type == "html_block"]
    assert html == ["<div>nested</div>\n"]  # the nested element stays, the wrappers vanish


def test_markdown_zero_and_code_spans_keep_their_html() -> None:
    markdown = (
        '<div markdown="0"><a href="#">Button</a></div>\n\nWrite `<div markdown="1">` to do it.\n'
    )
    html = [t.content for t in tokens(markdown) if t.type == "html_block"]
    assert html == ['<div markdown="0"><a href="#">Button</a></div>\n']
    assert [t.content for t in tokens(markdown) if t.type == "code_inline"] == [
        '<div markdown="1">'
    ]


def test_a_fence_inside_markdown_one_is_code() -> None:
    markdown = '<div markdown="1">\n**Notice:**\n\n```html\n<html>\n```\n</div>\n'
    assert [(t.info, t.content) for t in tokens(markdown) if t.type == "fence"] == [
        ("html", "<html>\n")
    ]
    assert [t.type for t in tokens(markdown)].count("html_block") == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda scale: "<summary>x " * (2_500 * scale),
        lambda scale: "x <summary>" * (2_500 * scale),
        lambda scale: '<div markdown="1">\n' * (750 * scale) + "</div>\n" * (750 * scale),
        lambda scale: "<details>\n" * (1_500 * scale),
    ],
    ids=["summaries", "inline-summaries", "unwrapped", "details"],
)
def test_pathological_html_stays_linear(make: Callable[[int], str]) -> None:
    assert_linear(make, body_tokens, 1)
