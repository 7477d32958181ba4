"""The renderer on real posts: every corpus post and the seed, as a reader sees them at 80 columns.

The posts of ``../shared/corpus`` and the seed are only read (the tests that need them skip
when ``../shared`` is absent). ``tests/fixtures/every_construct.md`` holds one of every
construct of a blog post; it is checked here too, and needs nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import rendered
from markdown_it.token import Token
from rich.cells import cell_len

from reader.model.markdown_parser import body_tokens
from reader.model.post_loader import load_post
from reader.render.wrap import NO_LINE_START

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared is absent: corpus tests need it"
)
EVERY_CONSTRUCT = Path(__file__).parent / "fixtures" / "every_construct.md"

WIDTH = 80
# Site syntax that must never reach the screen outside code.
RAW_MARKS = ("{%", "{{<", "{{%", "{:")
RULE = "═" * WIDTH
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


@cache
def post_lines(path: Path) -> tuple[str, ...]:
    """The rendered lines of a post file's body (each post is laid out once per run)."""
    return tuple(rendered(load_post(path).body))


def flowing(lines: tuple[str, ...] | list[str]) -> str:
    """The lines as one string with every run of white space made one space."""
    return " ".join(" ".join(lines).split())


def corpus_posts() -> list[Path]:
    """Every post of the corpus (SOURCES.md describes the corpus; it is no post)."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix in {".md", ".markdown"} and path.name != "SOURCES.md"
    )


def seed_post() -> Path:
    (seed,) = sorted(path for path in (SHARED / "seed").iterdir() if path.is_file())
    return seed


def corpus(name: str) -> Path:
    path = CORPUS / name
    assert path.is_file(), name
    return path


# --- raw site syntax ---------------------------------------------------------------------


def _tokens(markdown: str) -> list[Token]:
    found: list[Token] = []
    for token in body_tokens(markdown):
        found.append(token)
        found.extend(token.children or [])
    return found


def _code(markdown: str) -> tuple[list[str], list[str]]:
    """The contents of the code blocks (fenced, indented) and of the inline code spans."""
    tokens = _tokens(markdown)
    blocks = [
        variant
        for token in tokens
        if token.type in {"fence", "code_block"}
        for variant in (token.content, token.content.expandtabs(4))
    ]
    spans = [token.content for token in tokens if token.type == "code_inline"]
    return blocks, spans


def _in_a_span(line: str, position: int, spans: list[str]) -> bool:
    """Whether the text from ``position`` on is an inline code span's text.

    It may run to the end of the span, or to the end of the line when the span wraps.
    """
    rest = line[position:]
    for span in spans:
        start = span.find(rest[:2])
        while start != -1:
            tail = span[start:]
            length = min(len(tail), len(rest))
            if rest[:length] == tail[:length]:
                return True
            start = span.find(rest[:2], start + 1)
    return False


def raw_syntax_lines(markdown: str, lines: tuple[str, ...] | list[str]) -> list[str]:
    """Rendered lines that show site syntax anywhere but in code."""
    blocks, spans = _code(markdown)
    shown = []
    for line in lines:
        if not any(mark in line for mark in RAW_MARKS):
            continue
        if any(line.strip() in block for block in blocks):
            continue  # a line of a code block
        positions = [
            match.start() for mark in RAW_MARKS for match in re.finditer(re.escape(mark), line)
        ]
        if not all(_in_a_span(line, position, spans) for position in positions):
            shown.append(line)
    return shown


def test_the_raw_syntax_check_can_fail() -> None:
    markdown = "Text {% include a.html %} here.\n\n```\n{% keep %}\n```\n\n`{: .x}` is code.\n"
    lines = ["Text {% include a.html %} here.", "  {% keep %}", "{: .x} is code.", "{: .y}"]
    assert raw_syntax_lines(markdown, lines) == ["Text {% include a.html %} here.", "{: .y}"]


# --- every post --------------------------------------------------------------------------


@needs_shared
def test_every_post_renders_within_80_columns_with_no_raw_site_syntax() -> None:
    posts = [*corpus_posts(), seed_post()]
    assert len(posts) == 306
    raw: dict[str, list[str]] = {}
    wide: dict[str, list[str]] = {}
    for path in posts:
        lines, body = post_lines(path), load_post(path).body
        if body.strip():  # section pages and one edge case have no body
            assert any(line.strip() for line in lines), path.name
        name = path.relative_to(SHARED).as_posix()
        if found := raw_syntax_lines(body, lines):
            raw[name] = found
        if too_wide := [line for line in lines if cell_len(line) > WIDTH]:
            wide[name] = too_wide
    assert raw == {}
    assert wide == {}


# --- one post for each kind of site syntax -----------------------------------------------


@needs_shared
def test_jekyll_highlight_tags_become_labelled_code() -> None:
    lines = post_lines(corpus("minima/2016-05-19-codeblocks-ahoy.md"))
    stripped = [line.strip() for line in lines]
    # Four {% highlight html ... %} blocks (plain, mark_lines, linenos, both).
    assert stripped.count("html") == 4
    assert stripped.count("<title>Hello World</title>") == 4
    assert stripped.count("<p>Hello, World!</p>") == 4
    text = "\n".join(lines)
    assert "{% highlight" not in text and "endhighlight" not in text
    assert "linenos" not in text and "mark_lines" not in text
    # {% raw %} vanished and kept the Liquid inside the fenced block literally.
    assert "raw %}" not in text
    assert [line for line in stripped if "{%" in line] == [
        "{% assign foo = page.foo | bar: 'baz' %}"
    ]
    assert stripped[stripped.index("liquid") + 2] == "{{ foo }}"


@needs_shared
def test_minimal_mistakes_includes_become_placeholders() -> None:
    lines = post_lines(corpus("minimal-mistakes/2017-01-23-layout-header-video.md"))
    stripped = [line.strip() for line in lines]
    assert 'include video id="XsxDH4HcOWA" provider="youtube"' in stripped
    assert 'include video id="212731897" provider="vimeo"' in stripped
    # The example in the code block stays as it was written.
    assert '{% include video id="XsxDH4HcOWA" provider="youtube" %}' in stripped
    assert sum("{%" in line for line in lines) == 2


@needs_shared
def test_minimal_mistakes_include_in_prose_keeps_the_text_around_it() -> None:
    lines = post_lines(
        corpus("minimal-mistakes/2012-01-03-layout-table-of-contents-include-post.md")
    )
    stripped = [line.strip() for line in lines]
    include = stripped.index("include toc")
    assert stripped[include - 2] == "{% include toc %}"  # the example, in code
    assert stripped[include + 2] == "# Enim laboris id ea elit elit deserunt"


@needs_shared
def test_hugo_shortcodes_become_placeholders_images_and_code() -> None:
    lines = post_lines(corpus("hugo-theme-even/shortcodes.md"))
    stripped = [line.strip() for line in lines]
    text = flowing(lines)
    # A paired shortcode: a placeholder, then its Markdown rendered.
    placeholder = stripped.index('admonition note "I\'m title!" false')
    assert stripped[placeholder + 2] == "biu biu biu."
    assert "/admonition" not in "\n".join(line for line in lines if not line.startswith("  "))
    # Figures: image placeholders with their title and target.
    image = "https://wx1.sinaimg.cn/small/006SToa6ly1fm07summ2gj30qo0qomzu.jpg"
    for title in ("default", "center", "right", "left", "default in left"):
        assert f"[image: {title} → {image}]" in text
    # Escaped shortcodes show as Hugo prints them: the shortcode, without the /* */.
    assert '{{% music "28196554" %}}' in stripped
    assert '{{% admonition note "I\'m title!" false %}}' in stripped
    assert "/*" not in text


@needs_shared
def test_hugo_highlight_and_embeds() -> None:
    lines = post_lines(corpus("hugo-basic-example/markdown-syntax.md"))
    heading = "#### Code block with Hugo's internal highlight shortcode"
    assert _after(list(lines), heading, 4)[1:] == [
        "html",
        "  <!doctype html>",
        '  <html lang="en">',
    ]
    assert not any("{{<" in line or "/highlight" in line for line in lines)
    embeds = [line.strip() for line in post_lines(corpus("hugo-basic-example/rich-content.md"))]
    assert "youtube ZJthWmvUzzc" in embeds
    assert "vimeo_simple 48912912" in embeds


@needs_shared
def test_zola_tera_shortcodes() -> None:
    lines = post_lines(corpus("zola-tabi/shortcodes/index.md"))
    stripped = [line.strip() for line in lines]
    text = flowing(lines)
    # {{ image(...) }} calls become image placeholders with the alt text.
    assert "[image: The Eiffel tower → img/paris_day.webp]" in stripped
    assert "[image: Invertible graph → img/graph.webp]" in stripped
    # {% mermaid() %}...{% end %} becomes labelled code.
    mermaid = stripped.index("mermaid")
    assert stripped[mermaid + 1] == "classDiagram"
    # Calls with a text argument: a placeholder, then the text rendered as Markdown.
    assert (
        'admonition(type="tip") You can use the Mermaid Live Editor to create and '
        "preview your diagrams."
    ) in text
    assert 'admonition(type="note") Some content with Markdown syntax. Check this api.' in text
    # A {% references() %} block: its Markdown is shown.
    assert "Schrute, D. (2005). The Beet Farming Revolution: An Analysis of Agricultural" in text
    # Escaped shortcodes show literally, in code.
    assert '{{ invertible_image(src="img/graph.webp", alt="Invertible graph") }}' in stripped
    assert "{% end %}" in stripped and "{%/*" not in text and "{{/*" not in text
    assert not any(line.startswith("{% end") for line in lines)  # only in (indented) code


@needs_shared
def test_kramdown_attribute_lists_vanish() -> None:
    lines = post_lines(corpus("minimal-mistakes/2010-02-05-post-notice.md"))
    text = flowing(lines)
    assert (
        "Changes in Service: We just updated our privacy policy here to better service "
        "our customers. We recommend reviewing the changes. Primary Notice:"
    ) in text
    assert "Success Notice: Lorem ipsum" in text and "nibh elementum imperdiet. Want" in text
    # The only {: left is the one the author put in inline code.
    assert [line for line in lines if "{:" in line] == [
        "When using Kramdown {: .notice} can be added after a sentence to assign the"
    ]
    # markdown="1" renders the Markdown inside the <div>.
    assert "Primary Notice with code block: Lorem ipsum" in text
    assert "markdown=" not in text and '<div class="notice--primary"' not in text


# --- the seed ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[str, tuple[str, ...]]:
    """The seed's body and its rendered lines."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: corpus tests need it")
    path = seed_post()
    return load_post(path).body, post_lines(path)


def test_seed_end_markers_become_rules(seed: tuple[str, tuple[str, ...]]) -> None:
    body, lines = seed
    markers = sum(line == "---END---" for line in body.splitlines())
    assert markers == 5
    assert sum(line == RULE for line in lines) == markers
    assert not any("END" in line for line in lines)


def test_seed_starts_with_its_first_paragraph(seed: tuple[str, tuple[str, ...]]) -> None:
    body, lines = seed
    first_paragraph = body.strip().split("\n\n")[0]
    assert first_paragraph.startswith("メタのAIスパコン「ハイペリオン」")
    assert lines[0] == first_paragraph
    assert not any(line.startswith("#") for line in lines)


def test_seed_fits_80_columns_and_keeps_kinsoku(seed: tuple[str, tuple[str, ...]]) -> None:
    _, lines = seed
    assert max(cell_len(line) for line in lines) <= WIDTH
    assert max(cell_len(line) for line in lines) >= WIDTH - 2  # the paragraphs do wrap
    assert [line for line in lines if line.startswith(("、", "。"))] == []
    assert [line for line in lines if line[:1] in NO_LINE_START] == []


def test_seed_loses_no_character(seed: tuple[str, tuple[str, ...]]) -> None:
    body, lines = seed
    text = "\n".join(lines)
    assert Counter(CJK.findall(text)) == Counter(CJK.findall(body))
    assert len(CJK.findall(body)) > 10_000
    # Latin words inside the Japanese are whole: none is split across two lines.
    words = Counter(LATIN_WORD.findall(body.replace("---END---", "")))
    assert Counter(LATIN_WORD.findall(text)) == words
    assert words["Superintelligence"] >= 1 and words["Hyperion"] >= 1


# --- the post with every construct (no ../shared needed) ---------------------------------


@pytest.fixture(scope="module")
def every_construct() -> list[str]:
    return rendered(load_post(EVERY_CONSTRUCT).body)


def _after(lines: list[str], line: str, count: int = 1) -> list[str]:
    index = lines.index(line)
    return lines[index + 1 : index + 1 + count]


def test_fixture_headings_and_inline_styles(every_construct: list[str]) -> None:
    lines = every_construct
    for level, name in enumerate(["one", "two", "three", "four", "five", "six"], start=1):
        assert f"{'#' * level} Heading level {name}" in lines
    assert "# Setext heading level one" in lines and "## Setext heading level two" in lines
    text = flowing(lines)
    assert "Bold words, italic words, struck-out words and inline_code() share" in text
    assert not any(mark in text for mark in ("**", "~~", "`", "===", "title:", "tags:"))


def test_fixture_lists_and_quotes(every_construct: list[str]) -> None:
    lines = every_construct
    assert _after(lines, "## Lists", 7)[1:] == [
        "• Level one of the nesting",
        "  ◦ Level two of the nesting",
        "    ▪ Level three of the nesting",
        "      ‣ Level four of the nesting",
        "        • Level five of the nesting",
        "          ◦ Level six of the nesting",
    ]
    assert _after(lines, "          ◦ Level six of the nesting", 5)[1:] == [
        " 7. The seventh step starts the list",
        " 8. The eighth step follows it",
        " 9. The ninth step",
        "10. The tenth step widens the numbers",
    ]
    assert "• ☐ Water the tomato seedlings" in lines
    assert "• ☑ Sharpen the kitchen knives" in lines
    assert _after(lines, "## Quotes", 6)[1:] == [
        "▌ A quote on the outside.",
        "▌",
        "▌ ▌ A quote held inside it.",
        "▌ ▌",
        "▌ ▌ ▌ And a third one, deeper still.",
    ]


def test_fixture_table_wraps_its_long_cell(every_construct: list[str]) -> None:
    lines = every_construct
    table = lines[lines.index("## A table") + 2 : lines.index("## Code") - 1]
    assert table[0].split() == ["Tool", "Purpose", "Notes"]
    assert table[2].split() == ["Trowel", "Digging", "Short"]
    assert table[3].split()[:3] == ["Watering", "can", "Watering"]
    assert len(table) >= 6  # the long cell takes three lines or more
    assert all(cell_len(line) <= WIDTH for line in table)
    assert flowing(table).endswith(
        "A long cell that keeps going well past the width of an eighty column terminal "
        "so that it has to wrap onto more lines instead of disappearing"
    )


def test_fixture_code_blocks(every_construct: list[str]) -> None:
    lines = every_construct
    assert _after(lines, "python", 1) == ["  def greet(name: str) -> str:"]
    code = lines[lines.index("python") + 1 : lines.index("## 日本語") - 1]
    assert len(code) == 3 and all(cell_len(line) <= WIDTH for line in code)  # the long line wraps
    assert code[2].startswith("↪ ")  # and says so
    assert flowing([code[0], code[1], code[2].removeprefix("↪ ")]).endswith(
        'return f"Hello, {name}! This line of Python is deliberately much longer '
        'than any terminal pane so it wraps."'
    )
    assert _after(lines, "## More code", 3)[1:] == [
        '  indented_code = "four spaces in front"',
        "  print(indented_code)",
    ]
    assert _after(lines, "ruby", 1) == ['  puts "highlighted by a Liquid tag"']
    assert "include x.html" in lines


def test_fixture_links_images_and_html(every_construct: list[str]) -> None:
    lines = every_construct
    assert "An autolink: https://example.com. A footnote follows this word.[note]" in lines
    assert lines[-1] == "[note] The footnote's text, shown at the end of the post."
    assert _after(lines, "The first half of a hard break") == [
        "and the second half on its own line."
    ]
    assert _after(lines, "One line") == ["and the next after an HTML break."]
    assert "[image: A sketch of a lighthouse → images/lighthouse.png]" in lines
    assert "[image: The harbour at dusk → images/harbour.jpg]" in lines
    assert "[image: A caption → a.png]" in lines
    assert "A paragraph that kramdown marks as a notice." in lines
    assert _after(lines, "Click to see the spoiler", 2) == ["", "The folded text is shown too."]
    assert RULE in lines
    text = "\n".join(lines)
    for raw in (*RAW_MARKS, "<!--", "-->", "<br", "<img", "<details", "summary>", "---END---"):
        assert raw not in text, raw


def test_fixture_japanese_and_arabic(every_construct: list[str]) -> None:
    lines = every_construct
    japanese = lines[lines.index("## 日本語") + 2 : lines.index("## More code") - 1]
    assert len(japanese) >= 8  # two paragraphs of several lines each
    assert all(cell_len(line) <= WIDTH for line in japanese)
    assert [line for line in japanese if line[:1] in NO_LINE_START] == []
    body = load_post(EVERY_CONSTRUCT).body
    text = "\n".join(lines)
    assert Counter(CJK.findall(text)) == Counter(CJK.findall(body))
    for word in ("Markdown", "Reader", "Python", "textual", "Latin", "Superintelligence"):
        assert word in text, word
    assert Counter(LATIN_WORD.findall(flowing(japanese))) == Counter(
        LATIN_WORD.findall(body[body.index("## 日本語") : body.index("## More code")])
    )
    assert "هذه جملة قصيرة باللغة العربية." in lines
