"""reader.model.site_rules: kramdown attribute lists, escaped shortcodes and Hugo's param,
read by the one parser (through :func:`body_tokens`, as every reader of a body does)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from growth import assert_linear
from markdown_it.token import Token

from reader.model.markdown_parser import body_tokens
from reader.model.plain_text import plain_text

CODE_TOKENS = {"code_block", "fence", "code_inline"}


def tokens(markdown: str, page: Mapping[str, Any] | None = None) -> Iterator[Token]:
    """Every token of a body, block and inline, in document order."""
    for token in body_tokens(markdown, page=page):
        yield token
        yield from token.children or []


def codes(markdown: str, page: Mapping[str, Any] | None = None) -> list[tuple[str, str]]:
    """(kind, content) of every fenced block, indented block and inline code span."""
    return [
        ("inline" if token.type == "code_inline" else token.info.strip(), token.content)
        for token in tokens(markdown, page)
        if token.type in CODE_TOKENS
    ]


def kinds(markdown: str) -> list[str]:
    """The block tokens' types."""
    return [token.type for token in body_tokens(markdown)]


# --- Hugo and Zola escapes ---------------------------------------------------------------


def test_hugo_escapes_are_unescaped_inside_code() -> None:
    markdown = (
        '```\n{{</* figure src="a.png" */>}}\n{{%/* notice tip */%}}\nx\n{{%/* /notice */%}}\n```\n'
    )
    assert codes(markdown) == [
        ("", '{{< figure src="a.png" >}}\n{{% notice tip %}}\nx\n{{% /notice %}}\n')
    ]


def test_hugo_escapes_are_unescaped_in_inline_code() -> None:
    assert codes("Write `{{</* gist user 123 */>}}` for a gist.\n") == [
        ("inline", "{{< gist user 123 >}}")
    ]


def test_hugo_escapes_outside_code_are_shown_as_code() -> None:
    markdown = "Write {{</* gist user 123 */>}} or {{%/* note */%}}.\n"
    assert codes(markdown) == [("inline", "{{< gist user 123 >}}"), ("inline", "{{% note %}}")]
    assert plain_text(markdown) == "Write {{< gist user 123 >}} or {{% note %}}."


def test_zola_escapes_are_unescaped_but_go_comments_stay() -> None:
    markdown = (
        "```\n{{/* gallery(n=3) */}}\n{%/* aside() */%}\nbody\n{%/* end */%}\n"
        "{{/* a note */}}\n```\n"
    )
    assert codes(markdown) == [
        ("", "{{ gallery(n=3) }}\n{% aside() %}\nbody\n{% end %}\n{{/* a note */}}\n")
    ]
    assert codes("Use {{/* toc() */}} here.\n") == [("inline", "{{ toc() }}")]


# --- Hugo's param --------------------------------------------------------------------------


def test_param_shows_the_page_value_in_text_and_code_and_stays_when_unknown() -> None:
    page = {"version": "2.1", "params": {"edition": "second"}}
    markdown = (
        "Version {{% param version %}}, {{< param edition >}} edition.\n\n"
        "`tool --v={{< param version >}}`\n\n{{< param version %}} is not one.\n"
    )
    assert plain_text(markdown, page).split("\n\n")[:2] == [
        "Version 2.1, second edition.",
        "tool --v=2.1",
    ]
    assert "2.1" not in plain_text("Version {{% param version %}}.\n", {})


# --- kramdown ------------------------------------------------------------------------------


def test_attribute_lists_on_their_own_line_vanish() -> None:
    markdown = "A notice.\n{: .notice}\n\nAnother.\n{:.notice--info}\n\n{: #anchor}\n## Heading\n"
    assert plain_text(markdown) == "A notice.\n\nAnother.\n\nHeading"
    assert kinds(markdown).count("paragraph_open") == 2


def test_trailing_and_span_attribute_lists_vanish() -> None:
    markdown = (
        "[Button](#){: .btn .btn--primary} and ![img](a.png){: .align-left} text\n\n"
        '| a |\n|---|\n{: rules="groups"}\n\nAfter.\n'
    )
    assert plain_text(markdown) == "Button and  text\n\na\n\nAfter."
    assert kinds(markdown).count("tr_open") == 1  # the list after a table is no row


def test_an_attribute_list_wrapped_onto_the_next_line_vanishes() -> None:
    markdown = 'Logo ![logo](logo.png){: .icon\nwidth="70"} Version 2 is out\n{: .lead}\n'
    assert plain_text(markdown) == "Logo  Version 2 is out"


def test_an_attribute_list_after_a_heading_gives_its_id() -> None:
    headings = [t for t in tokens("## Setup {: #install .wide}\n") if t.type == "heading_open"]
    assert headings[0].attrs == {"id": "install", "class": "wide"}
    assert plain_text("## Setup {: #install .wide}\n") == "Setup"


def test_an_attribute_list_below_a_heading_gives_its_id() -> None:
    markdown = "## Setup\n{: #install}\n\nText.\n\n## Other\n"
    ids = [t.attrGet("id") for t in body_tokens(markdown) if t.type == "heading_open"]
    assert ids == ["install", "other"]
    assert plain_text(markdown) == "Setup\n\nText.\n\nOther"


def test_a_toc_list_vanishes() -> None:
    markdown = "* TOC\n{:toc}\n\nIntro.\n\n1. Contents\n{:toc}\n\n- one\n- two\n{:toc}\n"
    assert plain_text(markdown) == "Intro.\n\none\n\ntwo"  # a list of two items stays


def test_kramdown_extensions_vanish_and_format_specs_stay() -> None:
    markdown = (
        'A{::comment}hidden{:/comment}B and {::options parse_block_html="true" /}C.\n\n'
        "Python: '{:.2f}'.format(x) and f'{x:>10}' and {:>8}.\n"
    )
    assert plain_text(markdown) == (
        "AB and C.\n\nPython: '{:.2f}'.format(x) and f'{x:>10}' and {:>8}."
    )


def test_attribute_lists_in_code_stay() -> None:
    markdown = "```\n{: .notice}\n```\n\nUse ``{: .class}`` inline.\n\n    {: .x}\n"
    assert codes(markdown) == [("", "{: .notice}\n"), ("inline", "{: .class}"), ("", "{: .x}\n")]


@pytest.mark.parametrize(
    "make",
    [
        lambda scale: "{:a " * (4_000 * scale),  # attribute lists never closed
        lambda scale: "{{</* " * (3_000 * scale),  # escapes never closed
        lambda scale: "{{% param x " * (1_500 * scale),
        lambda scale: "x\n{: .a}\n" * (1_500 * scale),
    ],
    ids=["open-attributes", "open-escapes", "open-params", "attribute-lines"],
)
def test_pathological_site_syntax_stays_linear(make: Callable[[int], str]) -> None:
    assert_linear(make, body_tokens, 1)
