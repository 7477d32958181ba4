"""Find in a post works on the text a reader sees: wraps, soft breaks, markup hide nothing."""

from __future__ import annotations

import io

import pytest
from conftest import SHARED, needs_shared
from rich.console import Console

from reader.model.front_matter import split_front_matter
from reader.render.find import fold_query
from reader.render.layout import DocumentLayout, SectionMatch


def laid_out(markdown: str, width: int) -> DocumentLayout:
    """``markdown`` laid out whole at ``width`` columns."""
    layout = DocumentLayout(markdown, Console(file=io.StringIO(), width=width, color_system=None))
    layout.set_width(width)
    layout.lay_out_lines(0, 10**9)
    return layout


def shown(layout: DocumentLayout, match: SectionMatch) -> list[str]:
    """The text highlighted for ``match``, a piece for each line it is on."""
    pieces = []
    for line, span in layout.span_lines(match):
        text = "".join(segment.text for segment in layout.line(line))
        cells = "".join(character * (2 if ord(character) > 0x2E80 else 1) for character in text)
        pieces.append(cells[span.start : span.end][:: 2 if ord(cells[span.start]) > 0x2E80 else 1])
    return pieces


def test_a_match_cut_by_a_wrap_is_found_and_highlighted_on_both_lines() -> None:
    text = "「ワーカープール」を作る。" * 12
    split = 0
    for width in range(20, 41):
        layout = laid_out(text, width)
        matches, complete = layout.find("ワーカー")
        assert complete and len(matches) == 12
        for match in matches:
            assert "".join(shown(layout, match)) == "ワーカー"
        split += sum(len(match.spans) == 2 for match in matches)
    assert split, "some width was meant to wrap inside a match"


def test_a_match_split_by_markup_or_a_link_is_found() -> None:
    layout = laid_out("Go の **ワー**カー と [ワー](https://example.com/)カープール。", 80)
    matches, _ = layout.find("ワーカー")
    assert len(matches) == 2
    english = laid_out("a *struct*ured log and a [struct](x.md)ured one", 80)
    assert len(english.find("structured")[0]) == 2


def test_a_soft_break_in_the_source_does_not_hide_a_match() -> None:
    japanese = laid_out("端末ウ\nィンドウを開く。\n\nterminal\nwindow here", 80)
    assert len(japanese.find("端末ウィンドウ")[0]) == 1
    assert len(japanese.find("terminal window")[0]) == 1
    assert japanese.find("terminalwindow")[0] == []  # Latin words stay apart


def test_latin_ignores_case_and_full_and_half_width_forms_match() -> None:
    layout = laid_out("ＡＩ and AI and ai. ｶﾅ and カナ. ｶﾞｲﾄﾞ is ガイド.", 80)
    assert len(layout.find("ai")[0]) == 3
    assert len(layout.find("ＡＩ")[0]) == 3
    assert len(layout.find("カナ")[0]) == 2
    assert len(layout.find("ｶﾅ")[0]) == 2
    assert len(layout.find("ガイド")[0]) == 2
    assert layout.find("かな")[0] == []  # hiragana is not katakana
    assert fold_query("  ") == ""


def test_list_marks_and_quote_bars_are_not_text() -> None:
    layout = laid_out("- first item that is long enough to wrap here\n\n> quoted words here", 20)
    assert len(layout.find("wrap here")[0]) == 1
    assert layout.find("• first")[0] == []
    assert len(layout.find("quoted words here")[0]) == 1


@pytest.mark.parametrize("seed", range(6))
def test_the_count_is_the_same_at_every_width(seed: int) -> None:
    pieces = ["ワーカー", "プール", "を", "Go ", "の", "使う", "。", "**ワー**カー"]
    text = "".join(pieces[(seed * 7 + index * index) % len(pieces)] for index in range(90))
    expected = text.replace("**", "").count("ワーカー")
    counts = {len(laid_out(text, width).find("ワーカー")[0]) for width in range(12, 90, 7)}
    assert counts == {expected}


@needs_shared
def test_the_seed_count_is_the_same_at_80_and_160_columns_and_equals_the_text() -> None:
    (post,) = sorted((SHARED / "seed").glob("*.txt"))
    body = split_front_matter(post.read_text(encoding="utf-8")).body
    counts = [len(laid_out(body, width).find("インフラ")[0]) for width in (80, 160)]
    assert counts == [body.count("インフラ")] * 2
