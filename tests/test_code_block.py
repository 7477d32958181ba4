"""Code blocks wider than the pane wrap, and each continued line says so in the gutter."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import sample, screen_lines, wait_for, wait_for_post, write_post
from rich.cells import cell_len

from reader.app import ReaderApp
from reader.cli import main
from reader.model.config import Settings
from reader.render.code_block import CONTINUED, GUTTER
from reader.widgets.post_body import PostBody

LONG = "    words = [word for word in sentence.split() if len(word) > 3 and word.isalpha()]"
POST = "---\ntitle: Code\n---\nBefore.\n\n```LANGUAGE\ndef f(sentence):\n"
POST += LONG + "\n    return words\n```\n"


@pytest.mark.parametrize("language", ["python", ""])
def test_a_wrapped_line_of_code_is_marked_where_it_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    post = write_post(tmp_path, "code.md", POST.replace("LANGUAGE", language))
    assert main(["show", str(post), "--width", "40"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(index for index, line in enumerate(lines) if "words =" in line)
    assert lines[start - 1] == f"{GUTTER}def f(sentence):"
    assert lines[start].startswith(f"{GUTTER}    words")
    continued = []
    for line in lines[start + 1 :]:
        if not line.startswith(CONTINUED):
            break
        continued.append(line.removeprefix(CONTINUED))
    assert len(continued) == 2
    assert " ".join([lines[start].strip(), *continued]) == LONG.strip()
    assert lines[start + 3] == f"{GUTTER}    return words"  # not continued: no mark
    assert not any(CONTINUED in line for line in lines[: start - 1])


async def test_find_reads_a_wrapped_line_of_code_past_its_mark(tmp_path: Path) -> None:
    post = write_post(tmp_path, "code.md", POST.replace("LANGUAGE", "python"))
    app = ReaderApp([tmp_path], open_file=post, settings=Settings(reading_width=40))
    async with app.run_test(size=(110, 24)) as pilot:
        await wait_for_post(pilot)
        assert sum(line.lstrip().startswith(CONTINUED) for line in screen_lines(app)) == 2
        await pilot.press("slash", *"if len(word) > 3 and word.isalpha", "enter")
        body = app.screen.query_one(PostBody)
        await wait_for(pilot, lambda: len(body.matches) == 1)
        assert len(body.matches[0].spans) == 2  # the match goes over the wrap


def test_the_sample_posts_code_wraps_with_marks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(sample("structured-logging")), "--width", "80"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "↪ (45.99 EUR)" in lines
    assert all(cell_len(line) <= 80 for line in lines)
