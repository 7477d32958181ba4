"""Issue 14 in the app: ! moves between a post's problems, z folds its repeats."""

from __future__ import annotations

from pathlib import Path

from app_helpers import wait_for_post, widget_text

from reader.app import ReaderApp
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody

REPEATED = "朝の電車がまた遅れたので、私たちは川沿いを歩くことにしました。"
POST = (
    '---\ntitle: "旅の記録「東京"\n---\n'
    f"{REPEATED}\n\n駅の近くで珈琲を飲みました。とても静かな朝でした。\n\n{REPEATED}\n\n"
    "---END---\n\n帰りの電車は定刻通りに到着しました。駅から歩いて帰る途中で、とても疲れていた私たちは家"
)


def body_lines(body: PostBody) -> list[str]:
    return [body.line_text(line) for line in range(body.line_count)]


async def test_the_findings_key_and_the_fold(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_post(pilot)
        screen = app.screen
        assert isinstance(screen, PostScreen)
        sidebar = widget_text(app, screen.query_one(MetadataSidebar))
        assert "Problems (4)" in sidebar and "title looks cut" in sidebar
        body = screen.query_one(PostBody)

        await pilot.press("exclamation_mark")
        # The repeated paragraph: its second time is the current match.
        assert screen.sub_title == "problem 1 of 2"
        assert body.match_index == 1 and len(body.matches) == 2
        await pilot.press("exclamation_mark")
        assert screen.sub_title == "problem 2 of 2"  # the cut-off part
        (match,) = body.matches
        assert body.find_query == "ても疲れていた私たちは家"  # as the message quotes it
        await pilot.press("escape")

        await pilot.press("z")
        await pilot.pause()
        shown = "".join(body_lines(body))  # Japanese wraps without spaces
        assert shown.count(REPEATED) == 1
        assert "repeats ¶ 1" in shown
        await pilot.press("z")
        await pilot.pause()
        assert "".join(body_lines(body)).count(REPEATED) == 2
        assert match.line >= 0
