"""Every theme Textual ships draws a post readably: WCAG AA, measured on what is drawn.

The colours are not written here: the body's lines are drawn in each theme, through the
app's own line filters (ANSI colours to the theme's, dim to a blend), and the contrast
of every visible piece of text with what is behind it is computed.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import wait_for, wait_for_library, wait_for_post, write_post
from rich.style import Style
from textual.color import Color

from reader.ansi_palette import DIMMED_CONTRAST, TEXT_CONTRAST, contrast_ratio
from reader.app import ReaderApp
from reader.widgets.post_body import PostBody

POST = """---
title: Colours
---
Body text with `inline code`, a [link](https://example.com), *em*, **strong** and a note[^1].
![a picture](nowhere.png) <video src="clip.mp4"></video>

# Heading one

## Heading two

### Heading three

#### Heading four

##### Heading five

###### Heading six

```python
# a comment
def f(x): return "s" + 1  # more
```

> quoted text

> [!WARNING]
> An alert.

---

[^1]: The note.
"""


def _dimmed(style: Style | None) -> bool:
    """Whether a piece of text is meant to be dimmed: dim, or the dimmed colour."""
    if style is None:
        return False
    return bool(style.dim) or (style.color is not None and style.color.name == "bright_black")


async def test_every_theme_draws_every_part_of_a_post_readably(tmp_path: Path) -> None:
    post = write_post(tmp_path, "colours.md", POST)
    app = ReaderApp([tmp_path], open_file=post)
    failures: list[str] = []
    measured = 0
    async with app.run_test(size=(100, 50)) as pilot:
        await wait_for_post(pilot)
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()
            if app.native_ansi_color:
                continue  # the terminal's own colours: reader cannot know them
            body = app.screen.query_one(PostBody)
            background = body.background_colors[1]
            for y in range(body.size.height):
                strip = body.render_line(y)
                dimmed = [_dimmed(segment.style) for segment in strip]
                for line_filter in body.get_line_filters():
                    strip = strip.apply_filter(line_filter, background)
                for dim, segment in zip(dimmed, strip, strict=True):
                    style = segment.style
                    if not segment.text.strip() or style is None:
                        continue
                    assert style.color is not None and not style.dim, (name, segment)
                    behind = style.bgcolor
                    ratio = contrast_ratio(
                        Color.from_rich_color(style.color),
                        Color.from_rich_color(behind) if behind else background,
                    )
                    needed = DIMMED_CONTRAST if dim else TEXT_CONTRAST
                    measured += 1
                    if ratio < needed:
                        failures.append(f"{name}: {segment.text.strip()!r} {ratio:.2f} < {needed}")
    assert measured > 20 * 30
    assert failures == [], "\n".join(failures)


# What the library list draws as text; the rest is dimmed or marks.
_LIBRARY_TEXT = ("Uncategorized", "draft", "⚠", "Same title")


def _library_post(folder: Path, name: str, draft: bool = False) -> Path:
    """A dated post titled "Same title", so that its place is shown after it."""
    front = f"title: Same title\ndate: 2025-01-0{len(name)}\ndraft: {str(draft).lower()}"
    return write_post(folder, name, f"---\n{front}\n---\nA few words.\n")


async def test_every_theme_draws_the_library_list_readably(tmp_path: Path) -> None:
    """Titles reach 4.5:1; dates, minutes, places, counts and the ● ★ marks reach 3:1.

    Measured on a plain row and on the cursor's row, focused and not.
    """
    first = _library_post(tmp_path / "one", "a.md")
    _library_post(tmp_path / "two", "bb.md", draft=True)
    app = ReaderApp([tmp_path])
    failures: list[str] = []
    measured = 0
    async with app.run_test(size=(100, 20)) as pilot:
        posts = await wait_for_library(pilot)
        posts.set_marks([], bookmarked=[first])
        await wait_for(pilot, lambda: "a.md" in "".join(posts.row_texts()))
        for name in sorted(app.available_themes):
            app.theme = name
            for focused in (True, False):
                if focused:
                    posts.focus()
                else:
                    app.set_focus(None)
                await pilot.pause()
                if app.native_ansi_color:
                    continue
                background = posts.background_colors[1]
                for y in range(posts.row_count):
                    strip = posts.render_line(y)
                    for line_filter in posts.get_line_filters():
                        strip = strip.apply_filter(line_filter, background)
                    for segment in strip:
                        style, text = segment.style, segment.text.strip()
                        if not text or style is None:
                            continue
                        behind = style.bgcolor
                        ratio = contrast_ratio(
                            Color.from_rich_color(style.color),
                            Color.from_rich_color(behind) if behind else background,
                        )
                        assert style.color is not None and not style.dim, (name, segment)
                        needed = TEXT_CONTRAST if text in _LIBRARY_TEXT else DIMMED_CONTRAST
                        measured += 1
                        if ratio < needed:
                            cursor = "cursor " if y == posts.highlighted else ""
                            failures.append(
                                f"{name} {focused=} {cursor}{text!r} {ratio:.2f} < {needed}"
                            )
    assert measured > 20 * 2 * 5
    assert failures == [], "\n".join(failures)
