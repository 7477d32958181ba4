"""The body as a reader sees it: heading ids, alerts, media, scripts, site syntax."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from conftest import rendered
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement

from reader.model.markdown_parser import heading_slug, loose_anchor, parse
from reader.model.site_rules import page_parameter
from reader.render.layout import DocumentLayout, links_in_line
from reader.render.markdown import markdown_blocks
from reader.render.table import fitted_widths


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


def test_a_fence_left_open_in_a_list_item_ends_with_the_item() -> None:
    markdown = (
        "1. Install it:\n\n"
        "   ```sh\n   pip install thing\n\n"
        "2. Then run it.\n\n"
        "{% assign answer = 42 %}\n"
        "The rest of the post is {{ page.title }} prose.\n"
    )
    lines = rendered(markdown)
    assert lines[2].strip() == "pip install thing"
    assert "2. Then run it." in lines
    assert not any("{%" in line or "assign" in line for line in lines), lines
    assert lines[-1] == "The rest of the post is page.title prose."


def test_a_fence_left_open_in_a_quote_ends_with_the_quote() -> None:
    lines = rendered("> ```\n> code\n\n{% include note.html %}\nAfter.\n")
    assert lines[-3:] == ["include note.html", "", "After."]


def test_a_kramdown_attribute_list_wrapped_onto_the_next_line_vanishes() -> None:
    markdown = '![icon](icon.png){: .icon\nwidth="70"} Text after it.\n\n{: .note\n  #x}\nPara.\n'
    lines = rendered(markdown)
    assert lines == ["[image: icon → icon.png] Text after it.", "", "Para."]


def test_hugo_param_takes_the_value_from_the_front_matter() -> None:
    page = {"title": "Release *notes*", "Version": "1.2", "author": {"name": "Ann"}}
    markdown = (
        "Welcome to {{% param title %}}.\n\n"
        'Run `tool --v={{< param version >}}` by {{< param "author.name" >}}.\n\n'
        "| Key | Value |\n|---|---|\n| version | {{< param version >}} |\n\n"
        "{{% param missing %}}\n"
    )
    lines = rendered_page(markdown, page)
    assert lines[0] == "Welcome to Release *notes*."
    assert lines[2] == "Run tool --v=1.2 by Ann."
    assert any("version   1.2" in line for line in lines), lines
    assert lines[-1] == "param missing"


def test_hugo_param_reads_params_and_escaped_shortcodes_stay() -> None:
    page = {"params": {"edition": "second"}}
    assert page_parameter(page, "edition") == "second"
    assert rendered_page("`{{</* param edition */>}}`\n", page) == ["{{< param edition >}}"]


def rendered_page(markdown: str, page: Mapping[str, object], width: int = 80) -> list[str]:
    """A body laid out with its post's front matter."""
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=width), page=page)
    layout.set_width(width)
    layout.lay_out_lines(0, 10**9)
    lines = (layout.line(index) for index in range(layout.height))
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


def test_site_references_become_links_for_the_site_to_resolve() -> None:
    markdown = (
        "[a]({% post_url 2020-01-01-first %}) [b]({% link _posts/2020-01-02-b.md %}) "
        '[c]({{< ref "blog/c.md" >}}) [d]({{< relref "d" >}}) [e](@/blog/e.md) '
        "[f](/blog/2020/01/01/slug/)\n"
    )
    assert hrefs(markdown) == [
        "post_url:2020-01-01-first",
        "link:_posts/2020-01-02-b.md",
        "ref:blog/c.md",
        "ref:d",
        "@/blog/e.md",
        "/blog/2020/01/01/slug/",
    ]


def test_an_indented_row_inside_a_table_stays_a_row() -> None:
    lines = rendered("Name | Age\n--- | ---\nAnn | 30\n  Bob | 27\n   Cid | 3\n")
    assert [line.split() for line in lines[2:]] == [["Ann", "30"], ["Bob", "27"], ["Cid", "3"]]


CLOSING = "，。、」）！？：；"


def test_no_line_starts_with_closing_punctuation_after_a_space_or_line_break() -> None:
    # Chinese posts often put a space, or a line break, before a comma or full stop.
    markdown = (
        "我们用 Rust 编写 ，因为它很快 。这是一个测试句子 ，用来检查换行的规则是否正确"
        " 。另外还有更多的文字\n，放在这里 ；最后「引用」）！？\n"
    )
    for width in range(12, 60):  # "用」）！？" cannot be cut before its closing marks
        lines = rendered(markdown, width)
        assert not any(line.lstrip()[:1] in set(CLOSING) for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == markdown.replace(" ", "").replace("\n", "")


def test_table_cells_keep_latin_words_whole_when_another_column_can_narrow() -> None:
    markdown = (
        "| 项目 | 说明 | Team |\n|---|---|---|\n"
        "| 第一项 | 这是一个很长的说明文字 ，包含中文标点符号 。还有更多内容 |"
        " Accounting department |\n"
        "| 😀 emoji | 日本語の「テスト」です。 | x |\n"
    )
    for width in range(30, 70):
        lines = rendered(markdown, width)
        words = "\n".join(lines).split()
        assert "Accounting" in words and "department" in words, (width, lines)
        cell_starts = re.compile(f"(?:^|  )[{CLOSING}]")  # cells are two spaces apart
        assert not any(cell_starts.search(line) for line in lines), (width, lines)


def test_wide_characters_and_emoji_take_their_real_width_in_tables() -> None:
    lines = rendered("| a | b |\n|---|---|\n| 😀😀 | x |\n| 日本 | y |\n| ab | z |\n", 40)
    columns = {
        cell_len(line[: line.index(letter)]) for line, letter in zip(lines[2:], "xyz", strict=True)
    }
    assert len(columns) == 1, lines


def test_fitted_widths_share_the_room_without_cutting_words() -> None:
    ranges = [Measurement(6, 6), Measurement(4, 60), Measurement(10, 21)]
    widths = fitted_widths(ranges, 30)
    assert widths is not None and sum(widths) == 30
    assert all(width >= measure.minimum for width, measure in zip(widths, ranges, strict=True))
    assert fitted_widths(ranges, 100) is None  # fits as it is
    assert fitted_widths(ranges, 15) is None  # words must be cut anyway
