"""Find in the post in the app: the same count at every width, round at the ends, centred."""

from __future__ import annotations

from app_helpers import SAMPLES, sample, sample_app, screen_text, squash, wait_for
from textual.app import App

from reader.app import ReaderApp
from reader.model.config import Settings
from reader.screens.post import PostScreen
from reader.widgets.post_body import PostBody


def header(app: App[None]) -> str:
    """The header line, where the find's count is."""
    return str(app.screen.sub_title)


def open_go_post() -> ReaderApp:
    """The app opened on the sample post about a Go worker pool (Japanese), lines as wide
    as the window (no reading width), so that the width changes where lines wrap."""
    return ReaderApp(
        [SAMPLES], open_file=sample("go-worker-pool"), settings=Settings(reading_width=0)
    )


async def test_the_count_is_the_same_at_80_and_160_columns() -> None:
    app = open_go_post()
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        body = app.screen.query_one(PostBody)
        text = sample("go-worker-pool").read_text(encoding="utf-8").split("---", 2)[2]
        expected = text.count("ワーカー")
        await pilot.press("slash", *"ワーカー", "enter")
        await wait_for(pilot, lambda: header(app) == f"match 1 of {expected}")
        await pilot.resize_terminal(160, 30)
        await wait_for(pilot, lambda: body.size.width > 100)
        assert len(body.matches) == expected
        await pilot.press("N")
        assert header(app) == f"match {expected} of {expected}"


async def test_n_goes_round_with_a_note_and_the_match_stays_centred_on_resize() -> None:
    app = sample_app(sample("structured-logging"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PostScreen))
        body = app.screen.query_one(PostBody)
        await pilot.press("slash", *"dictconfig", "enter")
        await wait_for(pilot, lambda: header(app).startswith("match 1 of"))
        count = len(body.matches)
        await pilot.press(*["n"] * (count - 1))
        assert header(app) == f"match {count} of {count}"
        await pilot.press("n")
        assert header(app) == f"match 1 of {count}"
        await wait_for(pilot, lambda: "Backtothefirstmatch" in squash(screen_text(app)))
        await pilot.press("N")
        assert header(app) == f"match {count} of {count}"

        await pilot.press("n", "n")  # a match in the middle of the post
        current = body.matches[body.match_index]
        await pilot.resize_terminal(60, 24)
        await wait_for(pilot, lambda: body.size.width < 60)
        await pilot.pause()
        assert body.match_index == 1 and body.matches[1] != current  # laid out anew
        line = body.current_match_line
        assert line is not None
        middle = round(body.scroll_y) + body.size.height // 2
        assert abs(line - middle) <= 1
        assert "dictconfig" in (body.line_text(line) + body.line_text(line + 1)).lower()

        await pilot.press("escape")
        assert body.matches == [] and "match" not in header(app)
