"""Issue 14 in the app: ! moves between a post's problems, z folds its repeats."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (
    library_order,
    screen_text,
    squash,
    wait_for,
    wait_for_library,
    wait_for_post,
    widget_text,
    write_post,
)
from rich.cells import cell_len
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.model.health.finding import Finding, Severity
from reader.screens.post import PostScreen
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_body import PostBody
from reader.widgets.post_status import PostStatus

REPEATED = "朝の電車がまた遅れたので、私たちは川沿いを歩くことにしました。"
POST = (
    '---\ntitle: "旅の記録「東京"\n---\n'
    f"{REPEATED}\n\n駅の近くで珈琲を飲みました。とても静かな朝でした。\n\n{REPEATED}\n\n"
    "---END---\n\n帰りの電車は定刻通りに到着しました。駅から歩いて帰る途中で、とても疲れていた私たちは家"
)
# A post in parts whose second part says again the end of the first (cut) one, and
# whose front matter says 1 minute: its text takes several.
SAID_AGAIN = "そして電力供給システムと冷却設備、"
LONG = "".join(f"第{n}章では、町の歴史と暮らしについて詳しく見ていきます。" for n in range(60))
PARTS_POST = (
    "---\ntitle: 部品\nreading_time: 1\n---\n"
    f"{LONG}\n\n{LONG}\n\nこの町の人々の毎日の暮らしを長い間ずっと支えてきたのは、{SAID_AGAIN}"
    f"\n\n---END---\n\n{SAID_AGAIN}どちらも必要です。\n"
)


def body_lines(body: PostBody) -> list[str]:
    return [body.line_text(line) for line in range(body.line_count)]


def highlighted(body: PostBody) -> str:
    """The text of the current match, as highlighted on screen (its spans' cells)."""
    layout = body._layout
    assert layout is not None and 0 <= body.match_index < len(body.matches)
    text = ""
    for line, span in layout.span_lines(body.matches[body.match_index]):
        cell = 0
        for character in body.line_text(line):
            if span.start <= cell < span.end:
                text += character
            cell += cell_len(character)
    return text


async def open_post(pilot: Pilot[None], sidebar: bool = True) -> PostScreen:
    if sidebar:
        await wait_for_post(pilot)
    else:  # a narrow terminal hides the sidebar
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PostScreen))
        await wait_for(pilot, lambda: pilot.app.screen.query_one(PostStatus).findings)
    screen = pilot.app.screen
    assert isinstance(screen, PostScreen)
    return screen


async def test_the_findings_key_and_the_fold(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_post(pilot)
        sidebar = widget_text(app, screen.query_one(MetadataSidebar))
        assert "Problems (4)" in sidebar and "title looks cut" in sidebar
        body = screen.query_one(PostBody)
        status = screen.query_one(PostStatus)

        # Every problem the sidebar lists, the front matter's first: it says where it is.
        await pilot.press("exclamation_mark")
        assert screen.sub_title == "problem 1 of 4"
        assert "title looks cut" in widget_text(app, status)
        assert "in the front matter: title, line 2" in widget_text(app, status)
        assert not body.matches
        await pilot.press("exclamation_mark")
        # The repeated paragraph: its second time is the current match, all of it.
        assert screen.sub_title == "problem 2 of 4"
        assert body.match_index == 1 and len(body.matches) == 2
        assert highlighted(body) == REPEATED
        await pilot.press("exclamation_mark")
        assert screen.sub_title == "problem 3 of 4"  # the share of repeats: no passage
        assert "line 8 of the file" in widget_text(app, status) and not body.matches
        await pilot.press("exclamation_mark")
        assert screen.sub_title == "problem 4 of 4"  # the cut-off part
        (match,) = body.matches
        assert highlighted(body) == "ても疲れていた私たちは家"  # as the message quotes it
        await pilot.press("escape")
        assert "problem" not in str(screen.sub_title) and not body.matches

        await pilot.press("z")
        await pilot.pause()
        shown = "".join(body_lines(body))  # Japanese wraps without spaces
        assert shown.count(REPEATED) == 1
        assert "repeats ¶ 1" in shown
        await pilot.press("z")
        await pilot.pause()
        assert "".join(body_lines(body)).count(REPEATED) == 2
        assert match.line >= 0


async def test_n_goes_through_the_problems_one_message_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_post(pilot)
        status = screen.query_one(PostStatus)
        await pilot.press("exclamation_mark", "n")
        assert screen.sub_title == "problem 2 of 4"
        footer = screen_text(app).splitlines()[-1]
        assert "Next problem" in footer and "Previous problem" in footer
        assert "Next match" not in footer and "Next post" not in footer
        await pilot.press("n", "n")
        assert screen.sub_title == "problem 4 of 4"
        await pilot.press("n")
        assert screen.sub_title == "problem 1 of 4"  # round from the last
        await pilot.press("N", "N")
        assert screen.sub_title == "problem 3 of 4"  # and back
        assert "repeats earlier text" in widget_text(app, status)
        # One message at a time, in its line: no notification piles up over the post.
        for _ in range(10):
            await pilot.press("exclamation_mark")
        assert not app.screen.query("Toast")
        shown = widget_text(app, status)
        assert shown.count("warning:") + shown.count("error:") == 1
        await pilot.press("escape")
        assert "Next post" in screen_text(app).splitlines()[-1]


async def test_a_problem_is_highlighted_the_same_at_any_width(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(PARTS_POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_post(pilot)
        body = screen.query_one(PostBody)
        kinds = [finding.kind for finding in screen.post.problems]
        restart = kinds.index("repeated-start")
        for _ in range(restart + 1):
            await pilot.press("exclamation_mark")
        total = len(kinds)
        assert screen.sub_title == f"problem {restart + 1} of {total}"
        assert highlighted(body) == SAID_AGAIN  # every character said again
        wide = (len(body.matches), body.match_index)

        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: body.size.width < 80)
        await pilot.pause()
        assert screen.sub_title == f"problem {restart + 1} of {total}"  # not a plain find
        assert highlighted(body) == SAID_AGAIN
        assert (len(body.matches), body.match_index) == wide

        cut = kinds.index("cut-part")
        await pilot.press(*["N"] * (restart - cut))
        assert screen.sub_title == f"problem {cut + 1} of {total}"
        quoted = screen.post.problems[cut].message.split("…")[1]
        assert highlighted(body) == quoted and SAID_AGAIN.endswith(quoted)


async def test_the_header_says_how_long_the_text_takes(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(PARTS_POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_post(pilot)
        text = screen.post.estimated_minutes
        assert text >= 3
        assert screen.sub_title == f"1 min read (the text: about {text})"
        await pilot.press("z")
        await pilot.pause()
        assert screen.sub_title.startswith("1 min read (folded: about ")
        once = int(screen.sub_title.split("about ")[1].rstrip(")"))
        assert 0 < once < text
        await pilot.press("z")
        assert screen.sub_title == f"1 min read (the text: about {text})"


async def test_a_narrow_terminal_still_says_the_post_has_problems(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_post(pilot, sidebar=False)
        assert not screen.query_one(MetadataSidebar).display
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].strip() == "⚠ 4 problems · ! to go through them"  # under the header
        status = screen.query_one(PostStatus)
        count = status.get_component_rich_style("post-status--count")
        assert count.bold and count.color is not None


async def test_a_post_without_problems_has_no_problems_line(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: Fine\ndate: 2024-01-02\n---\nAll good here.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_post(pilot)
        assert not screen.post.problems
        assert not screen.query_one(PostStatus).display
        await pilot.press("exclamation_mark")
        assert "problem" not in str(screen.sub_title)


async def test_the_sidebar_scrolls_from_the_keyboard(tmp_path: Path) -> None:
    # Many problems: a long Problems section in the sidebar.
    paragraphs = [f"第{n}の段落は、この町の古い駅と川について話しています。" for n in range(30)]
    body = "\n\n".join(paragraphs + paragraphs)
    path = tmp_path / "post.md"
    path.write_text(f'---\ntitle: "長い「旅"\nreading_time: 1\n---\n{body}\n', encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_post(pilot)
        sidebar = screen.query_one(MetadataSidebar)
        assert sidebar.max_scroll_y > 2 * sidebar.size.height  # pages of problems
        sidebar.focus()
        await pilot.pause()
        await pilot.press("j", "j")
        assert sidebar.scroll_y == 2
        await pilot.press("k")
        assert sidebar.scroll_y == 1
        await pilot.press("pagedown")
        assert sidebar.scroll_y > sidebar.size.height / 2
        down = sidebar.scroll_y
        await pilot.press("pageup")
        assert sidebar.scroll_y < down
        await pilot.press("end")
        assert sidebar.scroll_y == sidebar.max_scroll_y
        assert "Problems" not in widget_text(app, sidebar)  # the list's end
        await pilot.press("home")
        assert sidebar.scroll_y == 0
        await pilot.press("G")
        assert sidebar.scroll_y == sidebar.max_scroll_y
        await pilot.press("g")
        assert sidebar.scroll_y == 0


async def test_the_fold_says_what_it_folded_what_stays_and_where(tmp_path: Path) -> None:
    first = "駅の近くで珈琲を飲みながら、静かな朝の町をしばらく眺めていました。"
    body = f"{REPEATED}{first}\n\n今日は晴れていました。{REPEATED}\n\n{REPEATED}{first}\n"
    path = tmp_path / "post.md"
    path.write_text(f"---\ntitle: 朝\n---\n{body}", encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await open_post(pilot)
        await pilot.press("z")
        await wait_for(pilot, lambda: app.screen.query("Toast"))
        shown = squash(widget_text(app, app.screen.query_one("Toast")))
        folded = len(REPEATED + first)
        # The sentence said again inside the second paragraph is not folded: it stays.
        assert (
            squash(
                f"Folded 1 repeated paragraph ({folded} characters);"
                f" {len(REPEATED)} characters of repeated sentences inside other paragraphs stay"
            )
            in shown
        )
        # ¶ 1 is the body's first paragraph, on line 4 of the file.
        assert "repeats¶1(line4)" in squash("".join(body_lines(screen.query_one(PostBody))))


async def test_a_post_shows_the_problems_the_library_lists(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    for day in (1, 2):
        write_post(
            folder, f"2024-01-0{day}-same.md", f"---\ntitle: Same\n---\nThe body of post {day}.\n"
        )
    app = ReaderApp([folder])
    async with app.run_test(size=(120, 30)) as pilot:
        posts = await wait_for_library(pilot)
        listed = posts.post_at(posts.highlighted or 0) or library_order(app)[0]
        assert [problem.kind for problem in listed.problems] == ["duplicate-title"]
        await pilot.press("enter")
        screen = await open_post(pilot)
        # The same title as another post: only the library knows it, the post says it too.
        assert [problem.kind for problem in screen.post.problems] == ["duplicate-title"]
        assert "⚠ 1 problem · ! to go through them" in screen_text(app)


async def test_notes_alone_are_counted_without_the_warning_mark(tmp_path: Path) -> None:
    # One sentence said twice: a note, which the library does not mark with ⚠ either.
    said = "朝の電車がまた遅れたので、私たちは川沿いを歩くことにしました。"
    paragraphs = [
        f"{said}駅の近くで珈琲を飲みました。",
        *(f"第{n}の段落は、この町の古い駅と川と暮らしについて話しています。" for n in range(12)),
        f"今日は晴れていました。{said}",
    ]
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: 朝\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    app = ReaderApp([tmp_path], open_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_post(pilot)
        problems = screen.post.problems
        assert "repeated-sentence" in [problem.kind for problem in problems]
        assert {problem.severity for problem in problems} == {Severity.NOTE}
        line = f"{len(problems)} problems · ! to go through them"
        assert screen_text(app).splitlines()[1].strip() == line


def test_the_problems_line_is_shown_as_it_is_made() -> None:
    """Not after the first frame: a line appearing then pushed the body's last line out of
    view just after G (big_post.py's G never saw the end)."""
    finding = Finding("cut-end", Severity.WARNING, "the post stops mid-sentence")
    assert PostStatus((finding,)).has_class("-problems")
    assert not PostStatus(()).has_class("-problems")
