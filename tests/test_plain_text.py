"""The plain text a reader sees: excerpts, and the text for search and find."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PostFiles, needs_shared

from reader.model.plain_text import TextBlock, plain_text, snippet_text, text_blocks
from reader.model.post_loader import load_post

FILLER = "\n\n".join("A long paragraph of filler words. " * 8 for _ in range(40))
# What an excerpt must never show: reference links, kramdown lists, alert marks,
# table rules, Markdown marks; and template tags, unless the post quotes them as code.
LEFTOVERS = re.compile(r"\]\[|\{:|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]|\|\s*-{3}|\*\*")
TEMPLATE = re.compile(r"\{\{|\{%")


def test_reference_links_defined_far_below_show_their_text(posts: PostFiles) -> None:
    post = posts.load(
        "---\ntitle: Refs\n---\n\n"
        "Read the [release notes][notes] and the [guide][] before [upgrading][up].\n\n"
        f"{FILLER}\n\n[notes]: https://example.com/notes\n[guide]: /guide\n[up]: /up\n"
    )
    assert post.excerpt == "Read the release notes and the guide before upgrading."


def test_an_alert_first_gives_its_words_without_the_mark(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: A\n---\n\n> [!NOTE]\n> This post is *outdated*.\n\nBody.\n")
    assert post.excerpt == "This post is outdated."


def test_a_table_first_is_passed_over_for_the_first_paragraph(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: T\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe words.\n")
    assert post.excerpt == "The words."


def test_site_syntax_never_shows_in_an_excerpt(posts: PostFiles) -> None:
    post = posts.load(
        "---\ntitle: Hugo page\nversion: '2.1'\n---\n\n"
        '![logo](logo.png){: .icon\nwidth="70"} Version {{% param version %}} is out'
        " {% include note.html %} with **bold** news.\n{: .lead}\n"
    )
    assert post.excerpt == "Version 2.1 is out with bold news."


def test_an_excerpt_separator_keeps_the_words_before_it(posts: PostFiles) -> None:
    post = posts.load(
        "---\ntitle: S\n---\n\nFirst [part][p].\n\n| x | y |\n|--|--|\n| 1 | 2 |\n\n"
        "<!--more-->\n\nRest.\n"
    )
    assert post.excerpt == "First part. x y 1 2"


def test_text_blocks_read_every_kind_of_block() -> None:
    markdown = (
        "# Title {#t}\n\nSome *words* and `code`.\n\n> [!TIP]\n> A tip.\n\n"
        "| Name | Age |\n|---|---|\n| Ann | 30 |\n\n```py\nprint(1)\n```\n\n"
        "<div><p>HTML <b>words</b></p><!-- hidden --></div>\n"
    )
    assert text_blocks(markdown) == [
        TextBlock("heading", "Title"),
        TextBlock("paragraph", "Some words and code."),
        TextBlock("paragraph", "A tip."),
        TextBlock("table", "Name Age\nAnn 30"),
        TextBlock("code", "print(1)"),
        TextBlock("html", "HTML words"),
    ]
    assert "print(1)" not in plain_text(markdown, code=False)


def test_plain_text_joins_cjk_lines_and_reads_param() -> None:
    text = plain_text("日本語の\n文章です。{{< param title >}}\n", {"title": "題"})
    assert text == "日本語の文章です。題"


def test_snippet_text_gives_each_block_one_line() -> None:
    markdown = (
        "A **list** of\nwords and ![a diagram](x.png) here\n\n日本語の\n文章&amp;です。\n\n"
        "| Name | Age |\n|---|---|\n| Ann | 30 |\n  Bob | 27\n\n<p>Fish &amp; chips</p>\n\n"
        "Version {{< param version >}}{: .lead}\n"
    )
    assert snippet_text(markdown, {"version": "2.1"}).split("\n") == [
        "A list of words and a diagram here",
        "日本語の文章&です。",
        "Name Age",
        "Ann 30",
        "Bob 27",  # an indented row stays a row
        "Fish & chips",
        "Version 2.1",
    ]


@needs_shared
def test_corpus_excerpts_are_plain_text(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    checked = 0
    for path in sorted(corpus.rglob("*.md")):
        if path.name == "SOURCES.md":
            continue
        post = load_post(path, corpus)
        assert not LEFTOVERS.search(post.excerpt), (path, post.excerpt)
        if "raw %}" not in post.body and "`{" not in post.body:
            assert not TEMPLATE.search(post.excerpt), (path, post.excerpt)
        checked += 1
    assert checked > 200


def test_a_title_from_the_first_heading_leaves_its_attributes_out(posts: PostFiles) -> None:
    assert posts.load("# Getting started {#start .intro}\n\nText.\n").title == "Getting started"
    assert posts.load("# Braces {like this} stay\n\nText.\n").title == "Braces {like this} stay"
