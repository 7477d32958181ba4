"""The real posts in ../shared/corpus and the seed: all load, with the right metadata.

Skipped when ../shared is absent. The corpus is read where it is; nothing is copied.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CONTROL, SHARED, needs_shared, pyyaml_reading, strings_in, yaml_shortcut

from reader.model import post_loader
from reader.model.cleanup import clean_markdown
from reader.model.details import detail_rows
from reader.model.front_matter import _locate
from reader.model.library import load_library
from reader.model.post import Post, summary_json
from reader.model.post_loader import load_post
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.text import clean_text, join_cjk_lines

pytestmark = needs_shared

CORPUS = SHARED / "corpus"
SEED = SHARED / "seed"

# What every corpus post is found to have (issue 14), kind by kind, each checked by hand:
# no file fails to load. (The posts whose front-matter date disagrees with the file
# name, the CRLF one and the Ruby-style "2023-01-29 18:30:22 2023 -0800" date are all
# valid.) Repeats: theme demos that paste the same lorem ipsum or the same paragraph
# again ("As you can see there should be some space..." twice, a WARNING box three
# times in each language of zola-tabi's customise page, "Build the web site and then
# verify..." three times in a tutorial, a Japanese announcement repeating its closing
# paragraph). The corpus's folders are no sites (no _config, hugo.* or config.toml), so
# no generator's front-matter rules apply: minimal-mistakes' post dated 9999-12-31, a
# future date on purpose, trips none.
EXPECTED_FINDINGS: dict[str, dict[str, int]] = {
    "hugo-theme-even/english-preview.md": {"repeated-paragraph": 2},
    "japanese/blog/2017-08-04-vimconf2017-venue-and-date-ja.md": {
        "repeated-paragraph": 1,
        "repeated-text": 1,
    },
    "minima/2016-05-20-super-long-article.md": {"repeated-paragraph": 1, "repeated-text": 1},
    "minima/2016-05-20-this-post-demonstrates-post-content-styles.md": {
        "repeated-paragraph": 2,
        "repeated-sentence": 12,
        "repeated-text": 1,
    },
    "minimal-mistakes/2010-02-05-post-notice.md": {"repeated-sentence": 2, "repeated-text": 1},
    "minimal-mistakes/2012-01-03-layout-table-of-contents-post.md": {"repeated-sentence": 2},
    "minimal-mistakes/2012-01-03-layout-table-of-contents-sticky.md": {"repeated-sentence": 2},
    "minimal-mistakes/2013-01-10-markup-image-alignment.md": {
        "repeated-paragraph": 4,
        "repeated-text": 1,
    },
    "minimal-mistakes/2013-05-22-markup-more-images.md": {"repeated-paragraph": 1},
    "minimal-mistakes/2017-01-23-layout-header-video.md": {
        "repeated-paragraph": 1,
        "repeated-text": 1,
    },
    "minimal-mistakes-test/2013-01-10-markup-image-alignment.md": {
        "repeated-paragraph": 4,
        "repeated-text": 1,
    },
    "zola-tabi/customise-tabi/index.ca.md": {"repeated-paragraph": 1, "repeated-text": 1},
    "zola-tabi/customise-tabi/index.es.md": {"repeated-paragraph": 1, "repeated-text": 1},
    "zola-tabi/customise-tabi/index.md": {"repeated-paragraph": 1, "repeated-text": 1},
    "zola-tabi/mastering-tabi-settings/index.md": {"repeated-sentence": 1},
}
# The seed: its cut title (broken and unclosed), three parts cut off, four restarts,
# its repeated paragraphs with their share, and a reading time three times too short.
SEED_FINDINGS = {
    "broken-text": 1,
    "cut-title": 1,
    "cut-part": 3,
    "repeated-start": 4,
    "repeated-paragraph": 14,
    "repeated-sentence": 13,
    "repeated-text": 1,
    "reading-time": 1,
}


def _kinds(post: Post) -> dict[str, int]:
    return dict(Counter(finding.kind for finding in post.problems))


# Section pages, not posts: the only files with no date in the front matter or file name.
UNDATED = {
    "hugo-basic-example/_index.md",
    "zola-tabi/_index.md",
    "zola-tabi/_index.ar.md",
    "zola-tabi/_index.ca.md",
    "zola-tabi/_index.es.md",
}


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        path for path in CORPUS.rglob("*") if path.is_file() and path.name != "SOURCES.md"
    )


def _name(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> dict[str, Post]:
    """Every corpus post by its path under the corpus, loaded with the corpus as root."""
    root = shared_dir / "corpus"
    return {_name(path): load_post(path, root) for path in _corpus_files()}


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Post:
    (path,) = sorted((shared_dir / "seed").iterdir())
    return load_post(path)


def test_the_corpus_is_all_there(corpus: dict[str, Post]) -> None:
    assert len(corpus) == 305


def test_every_finding_of_the_corpus_and_the_seed(corpus: dict[str, Post], seed: Post) -> None:
    found = {name: _kinds(post) for name, post in corpus.items() if post.problems}
    assert found == EXPECTED_FINDINGS
    assert _kinds(seed) == SEED_FINDINGS


def test_every_post_is_clean_and_complete(corpus: dict[str, Post], seed: Post) -> None:
    for name, post in [*corpus.items(), ("seed", seed)]:
        assert post.title.strip(), name
        assert post.binary is False, name
        assert post.date is None or post.date.tzinfo is not None, name
        assert post.estimated_minutes >= 1, name
        rows = detail_rows(post)
        summary = summary_json(post)
        json.dumps(summary, ensure_ascii=False).encode("utf-8")
        texts = [post.title, post.author, post.excerpt, post.body, *post.categories, *post.tags]
        texts += list(strings_in(post.metadata)) + [value for row in rows for value in row]
        assert not any(CONTROL.search(text) for text in texts), name
        assert "\r" not in post.body, name


def test_the_excerpt_shortcut_agrees_with_the_parser(corpus: dict[str, Post], seed: Post) -> None:
    shortcuts = 0
    for post in [*corpus.values(), seed]:
        head = post.body[:8000]
        quick = post_loader._quick_paragraphs(head, first_only=True)
        if quick and quick[-1].strip():
            shortcuts += 1
            parsed = post_loader._first_paragraph(clean_markdown(head))
            assert join_cjk_lines(quick[-1]) == parsed, post.path
        before = post.body.split("<!--more-->", 1)[0][:8000]
        whole = post_loader._quick_paragraphs(before, first_only=False)
        if "<!--more-->" in post.body and whole is not None:
            shortcuts += 1
            text = join_cjk_lines("\n".join(part for part in whole if part.strip()))
            assert text == post_loader._plain_text(before, {}), post.path
    assert shortcuts > 50


def test_the_yaml_shortcut_agrees_with_pyyaml(shared_dir: Path) -> None:
    shortcuts = 0
    for path in [*_corpus_files(), *SEED.iterdir()]:
        located = _locate(clean_text(path.read_bytes().decode("utf-8", "replace")))
        if located is None or located[0] != "YAML":
            continue
        plain = yaml_shortcut(located[1])
        if plain is not None:
            shortcuts += 1
            assert repr(plain) == repr(pyyaml_reading(located[1])), path
    assert shortcuts > 100


def test_only_section_pages_have_no_date(corpus: dict[str, Post]) -> None:
    assert {name for name, post in corpus.items() if post.date is None} == UNDATED


def test_the_library_sorts_the_whole_corpus(corpus: dict[str, Post]) -> None:
    # The seed is a .txt file that opens with front matter: its folder lists it.
    assert len(load_library([SEED], speeds=DEFAULT_SPEEDS).posts) == 1
    library = load_library([CORPUS, SEED], speeds=DEFAULT_SPEEDS)
    posts = [post for post in library.posts if post.path.name != "SOURCES.md"]
    assert len(posts) == 301  # 305 post files, less 5 section pages, and the seed
    dated = [post.date for post in posts if post.date is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(post.date is None for post in posts[len(dated) :])
    assert posts[0].date == datetime(9999, 12, 31, tzinfo=UTC)  # "Post: Future Date"


def test_the_seed(seed: Post) -> None:
    assert seed.title.startswith("メタのAIスパコン")
    assert seed.title.endswith("\ufffd")  # really there in the file; shown as it is
    assert seed.date == datetime(2025, 11, 8, 16, 36, 57, tzinfo=UTC)
    assert seed.categories == ["AI導入戦略"]
    assert seed.tags == ["AI", "最新ニュース", "技術動向", "Meta", "投資", "チップ"]
    assert seed.author == "ALLFORCES編集部"
    assert seed.stated_minutes == 8
    assert seed.reading_minutes == 8
    assert 22 <= seed.estimated_minutes <= 26
    assert seed.excerpt == seed.metadata["excerpt"]
    assert seed.draft is False
    assert not seed.body.startswith("---")
    rows = dict(detail_rows(seed))
    assert rows["Date"] == "Sat 8 Nov 2025, 16:36 UTC"
    assert (
        rows["Reading time"] == f"8 min (front matter) · {seed.estimated_minutes} min (estimated)"
    )


def test_a_jekyll_post_dated_only_by_its_unpadded_file_name(corpus: dict[str, Post]) -> None:
    post = corpus["japanese/blog/2019-1-7-vim_2019_calendar_available.md"]
    assert "date" not in post.metadata
    assert post.date == datetime(2019, 1, 7, tzinfo=UTC)
    assert post.title == "Vim 2019 カレンダー"
    assert post.categories == ["blog"]


def test_a_jekyll_docs_post_dated_only_by_its_file_name(corpus: dict[str, Post]) -> None:
    post = corpus["jekyll-docs/2020-08-05-jekyll-3-9-0-released.markdown"]
    assert "date" not in post.metadata
    assert post.date == datetime(2020, 8, 5, tzinfo=UTC)
    assert (post.title, post.author, post.categories) == (
        "Jekyll 3.9.0 Released",
        "parkr",
        ["release"],
    )


def test_the_ruby_style_date(corpus: dict[str, Post]) -> None:
    post = corpus["jekyll-docs/2023-01-29-jekyll-3-9-3-released.markdown"]
    assert post.metadata["date"] == "2023-01-29 18:30:22 2023 -0800"
    assert post.date == datetime(2023, 1, 29, 18, 30, 22, tzinfo=timezone(timedelta(hours=-8)))
    assert post.title == "Jekyll 3.9.3 Released"
    assert post.author == "parkr"


def test_a_hugo_toml_post(corpus: dict[str, Post]) -> None:
    post = corpus["hugo-basic-example/markdown-syntax.md"]
    assert post.title == "Markdown Syntax Guide"
    assert post.date == datetime(2019, 3, 11, tzinfo=UTC)
    assert post.author == "Hugo Authors"
    assert post.categories == ["themes", "syntax"]
    assert post.tags == ["markdown", "css", "html"]
    assert post.excerpt == post.metadata["description"]  # Hugo's summary source
    assert not post.body.lstrip().startswith("+++")


def test_a_hugo_section_page(corpus: dict[str, Post]) -> None:
    post = corpus["hugo-basic-example/_index.md"]
    assert (post.title, post.author, post.tags, post.body) == (
        "Posts",
        "Hugo Authors",
        ["index"],
        "",
    )


def test_a_zola_post_with_taxonomies(corpus: dict[str, Post]) -> None:
    post = corpus["zola-tabi/security/index.md"]
    assert post.title == "Secure by default"
    assert post.date == datetime(2023, 2, 22, tzinfo=UTC)
    assert post.tags == ["security", "showcase"]
    assert post.categories == []
    assert isinstance(post.metadata["extra"], dict)
    assert post.excerpt == post.metadata["description"]


def test_a_zola_translation_in_arabic(corpus: dict[str, Post]) -> None:
    post = corpus["zola-tabi/markdown/index.ar.md"]
    assert post.title == "أمثلة على ماركداون"
    assert post.tags == ["ماركداون", "توضيحي"]


def test_minimal_mistakes_edge_cases(corpus: dict[str, Post]) -> None:
    no_title = corpus["minimal-mistakes/2009-09-05-edge-case-no-yaml-title.md"]
    assert no_title.title == "Edge Case No Yaml Title"  # Jekyll's slug rule
    many_tags = corpus["minimal-mistakes/2009-06-01-edge-case-many-tags.md"]
    assert len(many_tags.tags) == 41
    assert many_tags.tags[:3] == ["8BIT", "alignment", "Articles"]
    empty = corpus["minimal-mistakes/2009-08-06-edge-case-no-body-content.md"]
    assert (empty.body, empty.excerpt, empty.estimated_minutes) == ("", "", 1)
    # Jekyll's excerpt_separator: all the text before it, read from the file at run time
    name = "minimal-mistakes/2012-03-15-layout-more-tag.md"
    assert corpus[name].metadata["excerpt_separator"] == "<!--more-->"
    before, after = corpus[name].body.split("<!--more-->")
    excerpt = corpus[name].excerpt
    assert excerpt.endswith(before.strip().split("\n\n")[-1])  # the second paragraph
    assert "[" not in excerpt and "](" not in excerpt  # the first one's link as plain text
    assert after.strip() not in excerpt
    future = corpus["minimal-mistakes/2010-10-25-post-future-date.md"]
    assert future.date == datetime(9999, 12, 31, tzinfo=UTC)
    title_with_markup = corpus["minimal-mistakes/2013-01-05-markup-title-with-markup.md"]
    assert title_with_markup.title == "Markup: Title *with* **Markdown**"


def test_the_crlf_post(corpus: dict[str, Post]) -> None:
    post = corpus["japanese/blog/2017-10-25-vimconf-2017-timetable-ja.md"]
    assert (
        b"\r\n" in (CORPUS / "japanese/blog/2017-10-25-vimconf-2017-timetable-ja.md").read_bytes()
    )
    assert post.title == "VimConf 2017 のタイムテーブルが決定しました。"
    assert post.categories == ["blog"]
    assert "\r" not in post.body


def test_the_odd_file_name(corpus: dict[str, Post]) -> None:
    post = corpus["japanese/release/2013-08-15-vim74mac-7.4(snapshot-70).md"]
    assert post.date == datetime(2013, 8, 15, tzinfo=UTC)
    assert post.title == "MacOSX 10.7/10.8 7.4 (snapshot-70) リリース"
