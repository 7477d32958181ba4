"""The body as a reader sees it: heading ids, alerts, media, scripts, site syntax."""

from __future__ import annotations

import io

from conftest import rendered
from rich.console import Console

from reader.model.markdown_parser import heading_slug, loose_anchor, parse
from reader.render.layout import DocumentLayout, links_in_line
from reader.render.markdown import markdown_blocks


def hrefs(markdown: str, width: int = 80) -> list[str]:
    """The target of every link on screen, in order."""
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=width))
    layout.set_width(width)
    layout.lay_out_lines(0, 10**9)
    lines = (layout.line(index) for index in range(layout.height))
    return [link.href for number, line in enumerate(lines) for link in links_in_line(line, number)]


def heading_ids(markdown: str, generator: str = "") -> list[tuple[str, str]]:
    """(text, id) of every heading, as the post body knows them."""
    return [
        (block.heading_text, block.heading_id)
        for block in markdown_blocks(markdown, generator)
        if block.heading_level
    ]


def test_heading_attributes_are_hidden_and_give_the_id() -> None:
    markdown = (
        "## Install {#install}\n\n"
        "## Usage {.wide}\n\n"
        "### Options {#opts .wide}\n\n"
        "## Old style {:#kramdown-id}\n"
    )
    assert heading_ids(markdown) == [
        ("Install", "install"),
        ("Usage", "usage"),
        ("Options", "opts"),
        ("Old style", "kramdown-id"),
    ]
    lines = rendered(markdown)
    assert not any("{" in line for line in lines), lines
    assert "## Install" in lines


def test_heading_attributes_inside_code_or_text_stay() -> None:
    assert heading_ids("## Use `{#id}`\n\n## Braces {like this}\n") == [
        ("Use {#id}", "use-id"),
        ("Braces {like this}", "braces-like-this"),
    ]


def test_every_heading_gets_the_github_slug_unique_in_the_post() -> None:
    markdown = "# Hello, World!\n\n## Hello, World!\n\n## 日本語の見出し\n\n## `code` and *em*\n"
    assert [heading for _, heading in heading_ids(markdown)] == [
        "hello-world",
        "hello-world-1",
        "日本語の見出し",
        "code-and-em",
    ]


def test_an_explicit_id_is_never_taken_by_a_slug() -> None:
    assert heading_ids("## Setup\n\n## Other {#setup}\n") == [
        ("Setup", "setup-1"),
        ("Other", "setup"),
    ]


def test_zola_slugs_are_ascii() -> None:
    assert heading_slug("Café déjà vu!", "zola") == "cafe-deja-vu"
    assert heading_slug("Café déjà vu!", "hugo") == "café-déjà-vu"
    expected = [("What's new in 1.0?", "what-s-new-in-1-0")]
    assert heading_ids("## What's new in 1.0?\n", "zola") == expected


def test_a_link_written_for_another_slug_rule_still_matches_loosely() -> None:
    assert loose_anchor("what-s-new-in-1-0") == loose_anchor("whats-new-in-10")


def test_alerts_render_as_titled_call_outs() -> None:
    for kind in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"):
        lines = rendered(f"> [!{kind}]\n> Mind the **gap**.\n")
        assert lines == [f"┃ {kind.capitalize()}", "┃ Mind the gap."], lines


def test_a_lower_case_alert_is_one_too_and_an_unknown_kind_stays_a_quote() -> None:
    assert rendered("> [!tip]\n> Short.\n") == ["┃ Tip", "┃ Short."]
    assert rendered("> [!FOO]\n> Short.\n") == ["▌ [!FOO] Short."]


def test_alert_tokens_come_from_markdown_it() -> None:
    tokens = parse("> [!NOTE]\n> x\n")
    kinds = [token.meta["kind"] for token in tokens if token.type == "alert_open"]
    assert kinds == ["NOTE"]


def test_media_show_a_labelled_placeholder_with_their_source() -> None:
    markdown = (
        '<video src="clip.mp4" controls>Your browser cannot play this.</video>\n\n'
        '<iframe width="560" src="https://www.youtube.com/embed/xyz"></iframe>\n\n'
        '<video controls>\n  <source src="a.webm" type="video/webm">\n</video>\n\n'
        'Listen <audio src="a.mp3"></audio> and <object data="chart.svg"></object>.\n'
    )
    text = "\n".join(rendered(markdown))
    assert "[video: clip.mp4]" in text
    assert "Your browser" not in text
    assert "[iframe: https://www.youtube.com/embed/xyz]" in text
    assert "[video: a.webm]" in text
    assert "Listen [audio: a.mp3] and [object: chart.svg]." in text


def test_media_placeholders_link_to_their_source() -> None:
    assert hrefs('<iframe src="https://example.com/v"></iframe>\n') == ["https://example.com/v"]


def test_sup_and_sub_keep_their_meaning() -> None:
    markdown = "X<sup>n</sup>, H<sub>2</sub>O, 10<sup>-3</sup>, e<sup>iπ</sup>, a<sub>ij</sub>\n"
    assert rendered(markdown) == ["Xⁿ, H₂O, 10⁻³, e^(iπ), aᵢⱼ"]
    assert rendered("<p>CO<sub>2</sub> and x<sup>2</sup></p>\n") == ["CO₂ and x²"]


def test_heading_line_finds_a_heading_in_a_long_post_not_laid_out_yet() -> None:
    filler = "\n\n".join(f"Paragraph {number} " + "word " * 40 for number in range(600))
    markdown = f"{filler}\n\n## Target {{#goal}}\n\n{filler}\n\n## What's new?\n"
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=80))
    layout.set_width(80)
    assert len(layout.sections) > 2 and not layout.complete
    line = layout.heading_line("goal")
    assert line is not None
    assert "".join(segment.text for segment in layout.line(line)).rstrip() == "## Target"
    loosely = layout.heading_line("what-s-new")  # Zola's slug of it
    assert loosely is not None
    assert "".join(segment.text for segment in layout.line(loosely)).startswith("## What's new?")
    assert layout.heading_line("nothing-like-it") is None
    assert layout.heading_line("top") == 0
