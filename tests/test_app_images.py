"""Pictures in the post view: drawn in half blocks once decoded, opened full-screen."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_helpers import screen_colours, screen_text, wait_for
from image_files import SVG, ImageServer, write_png
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot
from textual.widget import Widget
from textual_image.widget import SixelImage

import reader.app
from reader.app import ReaderApp
from reader.model.config import Settings
from reader.model.image_settings import ImageMode, ImageSettings
from reader.model.image_source import image_folders, resolve_image_source
from reader.render.kitty_placeholders import PLACEHOLDER
from reader.render.pictures import load_picture
from reader.render.sixel import SixelPicture, sixel_encoded
from reader.screens.help import HelpScreen
from reader.screens.picture import PictureScreen
from reader.screens.post import PostScreen
from reader.widgets.post_body import PostBody

SnapCompare = Callable[..., bool]
POST = """---
title: A walk with pictures
---
The path went up through the trees.

![A red field](/assets/field.png "The field at noon")

After the field, a diagram and a missing photo.

![A diagram](diagram.svg)

![Lost](lost.jpg)
"""


@pytest.fixture
def picture_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll site with a post showing a PNG, an SVG and a missing file (relative path)."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: x\n")
    write_png(site / "assets" / "field.png", (1200, 600), (200, 40, 40))
    (site / "_posts" / "diagram.svg").write_bytes(SVG)
    post = site / "_posts" / "2024-05-01-walk.md"
    post.write_text(POST)
    monkeypatch.chdir(tmp_path)
    return Path("site") / "_posts" / post.name


def picture_app(post: Path, mode: ImageMode = "halfblock") -> ReaderApp:
    settings = Settings(images=ImageSettings(mode=mode))
    return ReaderApp([post.parent], open_file=post, settings=settings)


def body_lines(app: ReaderApp) -> list[str]:
    if not isinstance(app.screen, PostScreen):
        return []
    body = app.screen.query_one(PostBody)
    return [body.line_text(index) for index in range(body.line_count)]


def body_words(app: ReaderApp) -> str:
    return " ".join(" ".join(body_lines(app)).split())


def has_picture(app: ReaderApp) -> bool:
    return any("▀" in line for line in body_lines(app))


async def test_a_picture_fills_in_under_its_text_with_its_caption(picture_post: Path) -> None:
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app) and "(not found)" in body_lines(app)[-1])
        lines = body_lines(app)
        rows = [number for number, line in enumerate(lines) if "▀" in line]
        assert lines[0] == "The path went up through the trees."
        pane = app.screen.query_one(PostBody).size.height
        assert len(rows) == pane // 2 == 14  # 1200 × 600 would take 38 rows: half the pane
        assert lines[rows[-1] + 1].strip() == "The field at noon"
        assert any(line.startswith("After the field") for line in lines)
        words = body_words(app)
        assert "[image: A diagram → diagram.svg] (SVG cannot be drawn in the terminal)" in words
        assert "[image: Lost → lost.jpg] (not found)" in words


async def test_images_off_keep_the_placeholder(picture_post: Path) -> None:
    app = picture_app(picture_post, "off")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        lines = body_lines(app)
        assert not has_picture(app)
        assert "[image: A red field → /assets/field.png]" in lines


async def test_enter_on_the_caption_opens_the_picture_full_screen(picture_post: Path) -> None:
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app))
        await pilot.press("right_square_bracket", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PictureScreen))
        screen = app.screen
        assert isinstance(screen, PictureScreen) and screen.words == "The field at noon"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PictureScreen))
        assert has_picture(app)


async def test_enter_with_no_link_selected_opens_the_picture_in_view(picture_post: Path) -> None:
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PictureScreen))


async def test_a_click_on_the_picture_opens_it(picture_post: Path) -> None:
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app))
        lines = body_lines(app)
        row = next(number for number, line in enumerate(lines) if "▀" in line)
        column = lines[row].index("▀") + 3
        await pilot.click(PostBody, offset=(column, row + 2))
        await wait_for(pilot, lambda: isinstance(app.screen, PictureScreen))


@pytest.mark.parametrize("size", [(80, 30), (120, 30)])
def test_post_with_a_picture(
    snap_compare: SnapCompare, picture_post: Path, size: tuple[int, int]
) -> None:
    async def picture_shown(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, ReaderApp)
        await wait_for(pilot, lambda: has_picture(app))

    assert snap_compare(picture_app(picture_post), terminal_size=size, run_before=picture_shown)


async def test_remote_pictures_only_when_allowed(
    picture_post: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with ImageServer() as server:
        picture_post.write_text(f"---\ntitle: x\n---\nText.\n\n![Far]({server.url}/far.png)\n")
        settings = Settings(images=ImageSettings(mode="halfblock", remote=False))
        app = ReaderApp([picture_post.parent], open_file=picture_post, settings=settings)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: "remote images are off" in body_words(app))
        assert server.requests == []
        settings = Settings(images=ImageSettings(mode="halfblock", remote=True))
        app = ReaderApp([picture_post.parent], open_file=picture_post, settings=settings)
        picture_post.write_text(f"---\ntitle: x\n---\nText.\n\n![Far]({server.url}/slow.png)\n")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: "[image: Far →" in body_words(app))
            assert "(fetching…)" in body_words(app)  # the server answers after 1.5 s
            await wait_for(pilot, lambda: has_picture(app))
        assert server.requests == ["/slow.png"]
        assert list((tmp_path / "cache" / "reader" / "images").iterdir())


async def test_o_opens_the_picture_in_the_system_viewer(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def open_outside(path: Path) -> None:
        opened.append(path)

    monkeypatch.setattr("reader.model.system_viewer.open_in_system_viewer", open_outside)
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app))
        await pilot.press("right_square_bracket", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PictureScreen))
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(opened))
    assert opened == [(picture_post.parents[1] / "assets" / "field.png").resolve()]


async def test_o_in_the_post_opens_the_picture_in_view_in_the_system_viewer(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("reader.model.system_viewer.open_in_system_viewer", opened.append)
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_picture(app))
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(opened))
        assert isinstance(app.screen, PostScreen)
    assert opened == [(picture_post.parents[1] / "assets" / "field.png").resolve()]


@pytest.mark.parametrize(("graphics", "widget"), [("sixel", SixelImage), ("halfblock", None)])
async def test_the_full_screen_view_uses_the_terminals_graphics(
    picture_post: Path, graphics: ImageMode, widget: type[Widget] | None
) -> None:
    source = resolve_image_source("/assets/field.png", picture_post, image_folders(picture_post))
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PictureScreen(source, "The field", graphics))
        if widget is None:
            await wait_for(pilot, lambda: "▀" in app.export_screenshot())
        else:
            await wait_for(pilot, lambda: bool(app.screen.query(".picture")))
            assert isinstance(app.screen.query_one(".picture"), widget)
        await pilot.resize_terminal(80, 24)  # decoded again for the new size
        await pilot.pause(0.3)
        if widget is not None:
            assert len(app.screen.query(".picture")) == 1


async def test_text_in_view_and_a_find_stay_put_as_a_picture_above_fills_in(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def held_load(*args: Any, **kwargs: Any) -> object:
        release.wait(10)
        return load_picture(*args, **kwargs)

    monkeypatch.setattr("reader.widgets.post_body.load_picture", held_load)
    more = "".join(f"\n\nParagraph {number} of the walk." for number in range(60))
    picture_post.write_text(POST + more)
    app = picture_app(picture_post)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any("After the field" in line for line in body_lines(app)))
        body = app.screen.query_one(PostBody)
        after = next(n for n, line in enumerate(body_lines(app)) if "After the field" in line)
        body.scroll_to_line(after)
        assert body.find("missing photo") == 1
        await pilot.pause()
        assert body.line_text(round(body.scroll_y)).startswith("After the field")
        release.set()
        await wait_for(pilot, lambda: has_picture(app))
        assert body.line_text(round(body.scroll_y)).startswith("After the field")
        (match,) = body.matches
        assert "missing photo" in body.line_text(body._layout.line_of(match))  # type: ignore[union-attr]


# Kitty's graphics in the body: sent once, drawn as placeholders named by their colour


def kitty_app(post: Path, monkeypatch: pytest.MonkeyPatch, colours: str = "truecolor") -> ReaderApp:
    """The app in a terminal that says it has Kitty's graphics (and ``colours``)."""
    monkeypatch.setattr("reader.screens.post.detected_graphics", lambda mode: "kitty")
    monkeypatch.setenv("COLORTERM", colours)
    return picture_app(post, mode="kitty")


def record_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What apps run from now on write to the terminal themselves, besides their frames.

    Recorded from the start: a picture decoded at once is sent before a test's first step.
    """
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda driver, data: written.append(data))
    return written


def placeholder_colours(app: ReaderApp) -> set[str]:
    """The colours of the Kitty placeholder cells on screen (each is a picture's id)."""
    return screen_colours(app, PLACEHOLDER)


def sent_ids(written: list[str], action: str) -> list[int]:
    return [
        int(found) for found in re.findall(rf"\x1b_Ga={action},[^;\x1b]*?i=(\d+)", "".join(written))
    ]


async def test_in_kitty_the_picture_is_sent_once_and_drawn_as_placeholders_of_its_colour(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kitty_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        (image_id,) = set(sent_ids(written, "t"))
        assert sent_ids(written, "p") == [image_id]
        assert placeholder_colours(app) == {f"#{image_id:06x}"}
        assert "The field at noon" in body_words(app)  # the caption, under it as before
        body = app.screen.query_one(PostBody)
        body.scroll_to_line(3)  # scrolled: the rows are cut as text, the colour kept
        await pilot.pause()
        assert placeholder_colours(app) == {f"#{image_id:06x}"}

        app.push_screen(HelpScreen([]))  # a dialog over the body shades it: half blocks
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert "▀" in screen_text(app) and not placeholder_colours(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        assert placeholder_colours(app) == {f"#{image_id:06x}"}
        assert sent_ids(written, "t") == [image_id]  # sent once

        await pilot.press("escape")  # back to the library: the terminal may free it
        await wait_for(pilot, lambda: not isinstance(app.screen, PostScreen))
        assert sent_ids(written, "d") == [image_id]


@pytest.mark.parametrize(
    ("colours", "no_color"), [("", False), ("256", False), ("truecolor", True)]
)
async def test_in_kitty_without_24_bit_colour_or_with_no_color_pictures_stay_half_blocks(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch, colours: str, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = kitty_app(picture_post, monkeypatch, colours)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "▀" in screen_text(app))
        assert not sent_ids(written, "t") and not placeholder_colours(app)


async def test_in_kitty_pictures_are_sent_again_after_another_program_had_the_terminal(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kitty_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        app.app_suspend_signal.publish(app)  # as App.suspend does (an editor, a shell)
        await pilot.pause()
        assert "▀" in screen_text(app) and not placeholder_colours(app)
        app.app_resume_signal.publish(app)
        await wait_for(pilot, lambda: len(sent_ids(written, "p")) == 2)
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        first, again = sent_ids(written, "p")
        assert first == again and placeholder_colours(app) == {f"#{first:06x}"}


async def test_in_kitty_a_picture_decoded_while_another_program_has_the_terminal_waits(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    loads: list[object] = []

    def held_load(*args: Any, **kwargs: Any) -> object:
        loads.append(args[0])
        release.wait(10)
        return load_picture(*args, **kwargs)

    monkeypatch.setattr("reader.widgets.post_body.load_picture", held_load)
    app = kitty_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(loads))
        app.app_suspend_signal.publish(app)
        release.set()
        await wait_for(pilot, lambda: has_picture(app))
        await pilot.pause(0.2)
        settled = len(loads)
        await pilot.pause(0.2)
        assert (
            not sent_ids(written, "t") and len(loads) == settled
        )  # nothing sent, no decoding again
        app.app_resume_signal.publish(app)
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        assert len(sent_ids(written, "p")) == 1


async def test_in_kitty_the_full_screen_picture_is_sent_and_drawn_as_placeholders(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = resolve_image_source("/assets/field.png", picture_post, image_folders(picture_post))
    app = kitty_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        in_body = placeholder_colours(app)
        await app.push_screen(PictureScreen(source, "The field", "kitty"))
        await wait_for(pilot, lambda: bool(placeholder_colours(app) - in_body))
        (image_id,) = set(sent_ids(written, "p")) - {int(in_body.pop()[1:], 16)}
        assert placeholder_colours(app) == {f"#{image_id:06x}"}
        # 1200 × 600 fitted in 100 × 28 cells of 10 × 20 pixels: 1000 × 500, 100 × 25 cells
        assert re.search(rf"a=p,U=1,i={image_id},c=100,r=25,", "".join(written))
        app.push_screen(HelpScreen([]))  # a dialog over it shades it: half blocks
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert "▀" in screen_text(app) and not placeholder_colours(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(placeholder_colours(app)))
        await pilot.press("escape")
        await wait_for(pilot, lambda: image_id in sent_ids(written, "d"))


# Sixel in the body: encoded once, drawn over the picture's cells after each frame


class SixelTerminalApp(ReaderApp):
    """The app as in a terminal: its frames are written to the driver (recorded here)."""

    CSS_PATH = str(Path(reader.app.__file__).with_name("reader.tcss"))

    @property
    def is_headless(self) -> bool:
        return False


SIXEL_AT = re.compile(r"\x1b7\x1b\[(\d+);(\d+)H\x1bP[^\x1b]*\x1b\\\x1b8")


def sixel_app(post: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ReaderApp, list[object]]:
    """The app in a terminal that says it has Sixel; the pictures it encodes as Sixel."""
    monkeypatch.setattr("reader.screens.post.detected_graphics", lambda mode: "sixel")
    encoded: list[object] = []

    def counted(picture: Any, *args: Any) -> SixelPicture:
        encoded.append(picture)
        return sixel_encoded(picture, *args)

    monkeypatch.setattr("reader.render.pictures.sixel_encoded", counted)
    settings = Settings(images=ImageSettings(mode="sixel"))
    return SixelTerminalApp([post.parent], open_file=post, settings=settings), encoded


def picture_lines(body: PostBody) -> list[int]:
    """The body's lines that are a picture's rows."""
    return [index for index in range(body.line_count) if "▀" in body.line_text(index)]


def sixels_at(written: list[str], since: int = 0) -> list[tuple[int, int]]:
    """Where pictures were drawn (row, column, from 1) in what was written since ``since``."""
    return [(int(row), int(column)) for row, column in SIXEL_AT.findall("".join(written[since:]))]


async def test_in_sixel_a_picture_is_encoded_once_and_drawn_over_its_cells_in_the_frame(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture_post.write_text(POST + "\nMore of the walk.\n" * 40)  # long enough to scroll
    app, encoded = sixel_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        app._sync_available = True  # as in a terminal with synchronized output
        await wait_for(pilot, lambda: bool(sixels_at(written)))
        body = app.screen.query_one(PostBody)
        mark = len(written)
        body.refresh()
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
        first = picture_lines(body)[0]
        region = body.scrollable_content_region
        row, column = sixels_at(written, mark)[-1]
        assert row == region.y + first - round(body.scroll_y) + 1
        # inside the frame's synchronized update, after the frame's text
        text = "".join(written[mark:])
        drawn = SIXEL_AT.search(text)
        assert drawn is not None
        assert text.rfind("\x1b[?2026h", 0, drawn.start()) > text.rfind(
            "\x1b[?2026l", 0, drawn.start()
        )
        assert "▀" in text[text.rfind("\x1b[?2026h", 0, drawn.start()) : drawn.start()]

        mark = len(written)
        await pilot.press("j")  # a line down: drawn again a row higher, not encoded again
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
        assert sixels_at(written, mark)[-1] == (row - 1, column)

        mark = len(written)
        body.scroll_to_line(first + 1)  # its first row scrolled out: half blocks only
        await wait_for(pilot, lambda: len(written) > mark)
        await pilot.pause()
        assert not sixels_at(written, mark) and "▀" in "".join(written[mark:])
        body.scroll_to_line(0)
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))

        mark = len(written)
        app.push_screen(HelpScreen([]))  # under a dialog: never drawn
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)
        assert not sixels_at(written, mark)
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
        assert sixels_at(written, mark)[-1] == (row, column)
        assert len(encoded) == 1


async def test_in_sixel_nothing_is_drawn_while_another_program_has_the_terminal(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, encoded = sixel_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: bool(sixels_at(written)))
        where = sixels_at(written)[-1]
        mark = len(written)
        app.app_suspend_signal.publish(app)  # as App.suspend does (an editor, a shell)
        body = app.screen.query_one(PostBody)
        body.refresh()
        await wait_for(pilot, lambda: len(written) > mark)
        await pilot.pause(0.1)
        assert not sixels_at(written, mark)
        app.app_resume_signal.publish(app)
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
        assert sixels_at(written, mark)[-1] == where and len(encoded) == 1


async def test_in_sixel_a_picture_under_a_notification_keeps_its_half_blocks(
    picture_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = '![A red field](/assets/field.png "The field at noon")'
    picture_post.write_text("Before the field.\n\n" * 30 + field + "\n\nAfter it.\n" * 30)
    app, _encoded = sixel_app(picture_post, monkeypatch)
    written = record_writes(monkeypatch)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        body = app.screen.query_one(PostBody)
        await wait_for(pilot, lambda: bool(picture_lines(body)))
        # the picture at the bottom of the view, where notifications show
        body.scroll_to_line(picture_lines(body)[-1] + 1 - body.size.height)
        mark = len(written)
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
        mark = len(written)
        app.notify("Over the picture", timeout=60)
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        body.refresh()  # its half blocks written again: the picture is not drawn over them
        await wait_for(pilot, lambda: len(written) > mark + 1)
        await pilot.pause(0.1)
        assert not sixels_at(written, mark) and "▀" in "".join(written[mark:])
        app.clear_notifications()
        await wait_for(pilot, lambda: bool(sixels_at(written, mark)))
