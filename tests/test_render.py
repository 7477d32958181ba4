"""The renderer: Markdown to lines, Japanese line breaking, sections, find, links."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from conftest import rendered
from rich.console import Console

from reader.model.links import LinkKind, link_target
from reader.render.layout import (
    SECTION_CHARACTERS,
    DocumentLayout,
    links_in_line,
    split_sections,
)
from reader.render.markdown import markdown_blocks
from reader.render.wrap import NO_LINE_END, NO_LINE_START, wrap_offsets


def pieces(text: str, width: int) -> list[str]:
    offsets = [0, *wrap_offsets(text, width), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(offsets)]


def test_japanese_breaks_between_characters_and_keeps_every_character() -> None:
    text = "これら全てがMetaの「Superintelligence Lab」を支える基盤となります。" * 3
    for width in range(12, 50):
        lines = pieces(text, width)
        assert "".join(lines) == text
        assert all(len(line.rstrip()) * 1 <= width * 2 for line in lines)


def test_latin_words_inside_japanese_are_not_split() -> None:
    text = (
        "2026年には1GWの計算能力を持つ「Prometheus（プロメテウス）」"
        "とMetaの「Superintelligence Lab」"
    )
    for width in range(20, 60):
        for line in pieces(text, width):
            stripped = line.strip()
            assert not stripped.startswith(("uper", "rometheus", "ab」")), (width, line)
            assert not stripped.endswith(("Sup", "Prom", "L")), (width, line)


def test_kinsoku_no_closing_punctuation_starts_a_line_and_no_opening_bracket_ends_one() -> None:
    text = (
        "考えてみてください。かつてインターネットが普及し始めた頃、誰もが"
        "「サーバーは重要だ」と言いながらも、ここまで大規模な投資を想像できたでしょうか？"
    )
    for width in range(6, 40):
        lines = pieces(text, width)
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), (width, lines)
        assert all(line.rstrip()[-1] not in NO_LINE_END for line in lines[:-1]), (width, lines)


def test_english_wraps_at_spaces() -> None:
    assert pieces("The quick brown fox jumps over the lazy dog.", 20) == [
        "The quick brown fox ",
        "jumps over the lazy ",
        "dog.",
    ]


def test_constructs_render_as_a_reader_sees_them() -> None:
    markdown = (
        "# Title\n\n## Part\n\n**bold** and *italic* and `code`\n\n"
        "1. one\n2. two\n\nbetween\n\n5. five\n\n- a\n  - b\n    - c\n\n> quoted\n>> nested\n\n"
        "| name | age |\n|---|---:|\n| Alice | 23 |\n\n```python\nprint('hi')\n```\n\n"
        "- [ ] todo\n- [x] done\n\nA<br>B\n\n<!--more-->\n\n---END---\n\n"
        "![a cat](cat.png)\n\n<x-placeholder>include footer.html</x-placeholder>\n"
    )
    lines = rendered(markdown)
    text = "\n".join(lines)
    assert "# Title" in text and "## Part" in text
    assert "bold and italic and code" in text
    assert "1. one" in text and "5. five" in text
    assert "• a" in text and "◦ b" in text and "▪ c" in text
    assert "▌ quoted" in text and "▌ ▌ nested" in text
    assert any("Alice" in line and "23" in line for line in lines)
    assert "python" in text and "print('hi')" in text
    assert "☐ todo" in text and "☑ done" in text
    assert "A\nB" in text
    assert "more" not in text
    assert "---END---" not in text and "═" * 10 in text
    assert "[image: a cat → cat.png]" in text
    assert "include footer.html" in text and "<x-placeholder>" not in text


def test_markup_in_post_text_is_shown_literally() -> None:
    lines = rendered("[bold]x[/] and [@click=app.quit]q[/] and [/\n")
    assert lines[0] == "[bold]x[/] and [@click=app.quit]q[/] and [/"


def test_headings_carry_their_level_and_text() -> None:
    blocks = markdown_blocks("# One\n\ntext\n\n### Three *em*\n")
    assert [
        (block.heading_level, block.heading_text) for block in blocks if block.heading_level
    ] == [
        (1, "One"),
        (3, "Three em"),
    ]


def big_post(paragraphs: int) -> str:
    return "\n\n".join(
        f"## Section {number}\n\nParagraph {number} " + "word " * 60 for number in range(paragraphs)
    )


def test_a_long_post_is_split_between_blocks_and_renders_the_same() -> None:
    markdown = big_post(400)
    sections = split_sections(markdown)
    assert len(sections) > 5
    assert all(len(section) < SECTION_CHARACTERS * 2 for section in sections)
    assert all(section.lstrip().startswith("## Section") for section in sections)
    whole = [line for line in rendered(markdown) if line]
    one_by_one = [line for part in sections for line in rendered(part) if line]
    assert whole == one_by_one


def test_code_fences_are_never_split() -> None:
    fence = "```\n" + "\n\n".join(f"line {n}" for n in range(3000)) + "\n```\n"
    markdown = big_post(100) + "\n\n" + fence + "\n\n" + big_post(100)
    for section in split_sections(markdown):
        assert section.count("```") % 2 == 0


def test_layout_is_lazy_and_the_end_is_reachable_first() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout(big_post(600), console)
    layout.set_width(80)
    layout.lay_out_lines(0, 40)
    assert not layout.complete
    laid_out = sum(section.lines is not None for section in layout.sections)
    assert laid_out <= 2
    layout.lay_out_lines(layout.height - 40, 40)
    assert layout.sections[-1].lines is not None
    assert "Paragraph 599" in "".join(
        "".join(segment.text for segment in layout.line(index))
        for index in range(layout.height - 60, layout.height)
    )


def plain(layout: DocumentLayout, index: int) -> str:
    return "".join(segment.text for segment in layout.line(index)).rstrip()


def short_post(parts: int) -> str:
    """A post under the split size taller than its source says (long words wrap early)."""
    return "\n\n".join(f"## Part {number}\n\n" + ("w" * 41 + " ") * 10 for number in range(parts))


def test_a_short_post_is_parsed_whole_then_laid_out_a_section_at_a_time() -> None:
    markdown = short_post(60) + "\n\nSee [the docs][docs].\n\n[docs]: https://example.com\n"
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout(markdown, console)
    layout.set_width(80)
    assert len(layout.sections) > 2
    assert all(section.blocks is not None for section in layout.sections)  # parsed once
    layout.lay_out_lines(0, 20)
    assert [section.lines is not None for section in layout.sections[:2]] == [True, False]
    assert layout.may_hold_links(len(layout.sections) - 1)  # the link is defined elsewhere
    options = console.options.update(width=80, min_width=80, max_width=80, height=None)
    in_one_piece: list[str] = []
    for block in markdown_blocks(markdown):
        lines = console.render_lines(block.renderable, options, pad=False, new_lines=False)
        in_one_piece += [""] if in_one_piece else []
        in_one_piece += ["".join(segment.text for segment in line).rstrip() for line in lines]
    assert rendered(markdown) == in_one_piece


def test_footnotes_keep_a_short_post_in_one_section() -> None:
    markdown = "A note[^1].\n\n" + short_post(60) + "\n\n[^1]: Gathered at the end.\n"
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=80, color_system=None))
    assert len(layout.sections) == 1
    assert "Gathered at the end." in "\n".join(rendered(markdown))


def test_a_place_kept_in_a_short_post_shows_the_same_text_again() -> None:
    markdown = short_post(60)
    kept = rendered(markdown)
    place = len(kept) - 30
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout(markdown, console)
    layout.set_width(80)
    layout.lay_out_place(place, 20)
    assert [plain(layout, index) for index in range(place, place + 20)] == kept[place:][:20]


def test_find_lays_out_only_the_sections_that_hold_the_query() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout(big_post(600) + "\n\nThe NEEDLE is here.\n", console)
    layout.set_width(80)
    matches, complete = layout.find("needle")
    assert complete
    assert len(matches) == 1
    assert sum(section.lines is not None for section in layout.sections) == 1
    line = layout.line_of(matches[0])
    text = "".join(segment.text for segment in layout.line(line))
    (span,) = matches[0].spans
    assert text[span.start : span.end] == "NEEDLE"
    layout.lay_out_lines(0, 10**9)  # lines above move as they are laid out; the match follows
    text = "".join(segment.text for segment in layout.line(layout.line_of(matches[0])))
    assert "NEEDLE" in text


def test_find_with_a_spent_budget_skips_sections_not_laid_out_and_says_so() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout(big_post(600), console)
    layout.set_width(80)
    layout.lay_out_lines(0, 40)
    matches, complete = layout.find("paragraph", budget_seconds=0.0)
    assert not complete
    assert matches and all(layout.sections[m.section].lines is not None for m in matches)
    everything, complete = layout.find("paragraph")
    assert complete and len(everything) == 600


def test_links_are_found_in_laid_out_lines() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    layout = DocumentLayout("See [the docs](https://example.com) and [more](other.md).\n", console)
    layout.set_width(80)
    links = links_in_line(layout.line(0), 0)
    assert [(link.href, link.start, link.end) for link in links] == [
        ("https://example.com", 4, 12),
        ("other.md", 17, 21),
    ]


def test_only_web_links_go_to_the_browser(tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    post.write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("y", encoding="utf-8")
    assert link_target("https://example.com/x", post).kind is LinkKind.WEB
    assert link_target("mailto:me@example.com", post).kind is LinkKind.WEB
    assert link_target("b.md", post).kind is LinkKind.POST
    assert link_target("b.md", post).path == tmp_path / "b.md"
    assert link_target("#part", post).kind is LinkKind.ANCHOR
    (tmp_path / "cat.png").write_bytes(b"\x89PNG")
    for hostile in (
        "file:///etc/passwd",
        "javascript:alert(1)",
        "vscode://x",
        "missing.md",
        "cat.png",
    ):
        assert link_target(hostile, post).kind is LinkKind.SHOWN_ONLY


def test_the_same_text_stays_at_the_top_when_the_width_changes() -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    layout = DocumentLayout(big_post(200), console)
    layout.set_width(100)
    layout.lay_out_lines(0, 10**9)
    top = next(
        index
        for index in range(layout.height)
        if "".join(segment.text for segment in layout.line(index)).startswith("## Section 150")
    )
    anchor = layout.anchor(top)
    layout.set_width(50)
    line = layout.line_at(anchor)
    assert "".join(segment.text for segment in layout.line(line)).startswith("## Section 150")
