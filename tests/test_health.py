"""Issue 14: what is wrong with a post, found as it is loaded, in English, Japanese, Chinese."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import PostFiles
from hypothesis import given
from hypothesis import strategies as st

from reader.model.filters import PostFilter
from reader.model.health.blocks import passage, times_shown_before
from reader.model.health.finding import Finding, Severity, has_problems, next_with_problems
from reader.model.health.library import add_library_findings, library_findings
from reader.model.health.repeats import find_repeats, fold_repeats
from reader.model.post import Post, summary_json
from reader.model.post_loader import post_from_text


def kinds(post: Post) -> list[str]:
    return [finding.kind for finding in post.problems]


def found(post: Post, kind: str) -> list[Finding]:
    return [finding for finding in post.problems if finding.kind == kind]


EN_PARAGRAPH = (
    "The morning train to the coast was late again, so we walked along the river instead. "
    "Nobody minded the rain."
)
JA_PARAGRAPH = (
    "朝の電車がまた遅れたので、私たちは川沿いを歩くことにしました。雨は誰も気にしませんでした。"
)
ZH_PARAGRAPH = "早上去海边的火车又晚点了，所以我们改为沿着河边散步。没有人介意下雨。"


# --- broken text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["Notes on caf\ufffd culture", "東京の喫茶店\ufffd巡り", "北京的咖啡\ufffd馆"]
)
def test_a_replacement_character_is_broken_text_in_its_field(title: str) -> None:
    post = post_from_text(f"---\ntitle: {title}\n---\n{EN_PARAGRAPH}\n", Path("x.md"))
    (finding,) = found(post, "broken-text")
    assert (finding.field, finding.line, finding.severity) == ("title", 2, Severity.ERROR)
    assert "U+FFFD" in finding.message


def test_a_c1_control_in_the_body_is_named(posts: PostFiles) -> None:
    post = posts.load("---\ntitle: Fine\n---\nfirst line\nsecond \x85 line.\n")
    (finding,) = found(post, "broken-text")
    assert (finding.field, finding.line, finding.column) == (None, 5, 8)
    assert "C1 control character (U+0085)" in finding.message


@pytest.mark.parametrize(
    "body", ["It\u00e2\u20ac\u2122s a caf\u00c3\u00a9.", "\u00e3\u201a\u00b9\u00e3\u0192\u02c6"]
)
def test_mojibake_is_found(body: str) -> None:
    post = post_from_text(f"---\ntitle: T\n---\n{body}\n", Path("x.md"))
    assert kinds(post) == ["mojibake"]


@pytest.mark.parametrize(
    "body",
    [
        "Naïve façade, déjà vu: ç’a été « très » bien à Noël.",
        EN_PARAGRAPH,
        JA_PARAGRAPH,
        ZH_PARAGRAPH,
        "São Paulo e Ação, Ärger über Öl.",
    ],
)
def test_sound_text_is_not_broken(body: str) -> None:
    post = post_from_text(f"---\ntitle: T\n---\n{body}\n", Path("x.md"))
    assert post.problems == []


# --- cut titles and excerpts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("メタのAIスパコン「ハイペリ\ufffd", "its 「 is never closed"),
        ("A guide to trains (and buses", "its ( is never closed"),
        ("我们的旅行（第一部分", "its （ is never closed"),
        ("Notes on caf\ufffd", "ends in a broken character"),
    ],
)
def test_a_cut_title(title: str, reason: str) -> None:
    post = post_from_text(f'---\ntitle: "{title}"\n---\n{EN_PARAGRAPH}\n', Path("x.md"))
    (finding,) = found(post, "cut-title")
    assert reason in finding.message
    assert (finding.field, finding.line) == ("title", 2)


@pytest.mark.parametrize(
    ("excerpt", "body"),
    [
        ("The morning train to the coast was la", EN_PARAGRAPH),
        ("朝の電車がまた遅れたので、私たちは川沿いを歩くこ", JA_PARAGRAPH),
        ("早上去海边的火车又晚点了，所以我们改为沿着河", ZH_PARAGRAPH),
    ],
)
def test_an_excerpt_that_stops_inside_the_first_sentence(excerpt: str, body: str) -> None:
    post = post_from_text(f"---\ntitle: T\nexcerpt: {excerpt}\n---\n{body}\n", Path("x.md"))
    (finding,) = found(post, "cut-excerpt")
    assert "stops inside the body's first sentence" in finding.message


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("The morning train", EN_PARAGRAPH),  # whole words: a title on purpose
        ("朝の電車", JA_PARAGRAPH),  # short CJK start: a title on purpose
        ("「東京」の喫茶店（続き）", JA_PARAGRAPH),
        ('He said "hello" (twice)', EN_PARAGRAPH),
        ("我们的旅行（第一部分）", ZH_PARAGRAPH),
    ],
)
def test_whole_titles_are_not_cut(title: str, body: str) -> None:
    post = post_from_text(f"---\ntitle: '{title}'\n---\n{body}\n", Path("x.md"))
    assert post.problems == []


# --- parts ------------------------------------------------------------------------------


def test_parts_that_stop_mid_sentence_and_restart() -> None:
    body = (
        f"{JA_PARAGRAPH}そして電力供給システムと冷却設備、\n\n---END---\n\n"
        f"電力供給システムと冷却設備、どちらも必要です。\n\n---END---\n\n"
        f"{EN_PARAGRAPH} And then the\n\n---END---\n"
    )
    post = post_from_text(f"---\ntitle: T\n---\n{body}", Path("x.md"))
    cut = found(post, "cut-part")
    assert [finding.message.split(" stops")[0] for finding in cut] == ["part 1", "part 3"]
    # The passage, found on screen, is the ending the message quotes.
    assert cut[0].line == 4 and cut[0].passage == "供給システムと冷却設備、"
    (restart,) = found(post, "repeated-start")
    assert restart.message.startswith(
        "part 2 starts by saying again 14 characters of the end of part 1"
    )
    assert restart.line == 8
    # The 14 characters said again, all highlighted; the second time they are shown.
    assert restart.passage == "電力供給システムと冷却設備、" and restart.occurrence(post.body) == 1


@pytest.mark.parametrize("paragraph", [EN_PARAGRAPH, JA_PARAGRAPH, ZH_PARAGRAPH])
def test_parts_that_end_their_sentences_are_fine(paragraph: str) -> None:
    body = f"{paragraph}\n\n---END---\n\nAnother start, and another end.\n\n---END---\n"
    assert post_from_text(f"---\ntitle: T\n---\n{body}", Path("x.md")).problems == []


@pytest.mark.parametrize(
    ("ending", "cut"),
    [
        (f"{JA_PARAGRAPH}そして私たちは川沿いを歩くことにしま", True),
        (f"{ZH_PARAGRAPH}然后我们改为沿着河边散", True),
        ("Thanks and happy new year!<br>\nChristian", False),  # a signature
        ("Thanks to a, b, c, d, e, f, g, h, i, j, k, l, m and thomasdao", False),
    ],
)
def test_the_end_of_a_post_without_markers(ending: str, cut: bool) -> None:
    post = post_from_text(f"---\ntitle: T\n---\n{EN_PARAGRAPH}\n\n{ending}\n", Path("x.md"))
    assert kinds(post) == (["cut-end"] if cut else [])


# --- repeats ----------------------------------------------------------------------------


@pytest.mark.parametrize("paragraph", [EN_PARAGRAPH, JA_PARAGRAPH, ZH_PARAGRAPH])
def test_a_repeated_paragraph_with_its_share(paragraph: str) -> None:
    other = "Something else entirely, said only once here."
    body = f"{paragraph}\n\n{other}\n\n{paragraph}\n"
    post = post_from_text(f"---\ntitle: T\n---\n{body}", Path("x.md"))
    (repeat,) = found(post, "repeated-paragraph")
    assert repeat.message.startswith("paragraph said 2 times (lines 4, 8)")
    assert repeat.line == 8
    (share,) = found(post, "repeated-text")
    repeats = find_repeats(body)
    assert repeats is not None
    assert share.message.startswith(f"{repeats.share:.0%} of the body repeats earlier text")
    assert 0.3 < repeats.share < 0.5


def test_a_sentence_repeated_in_other_paragraphs_is_reported_once_with_its_count() -> None:
    sentence = "この変化の波に乗り、未来を共に創造していきましょう。"
    body = f"最初の段落です。{sentence}\n\n次の段落です。{sentence}\n\n最後です。{sentence}\n"
    post = post_from_text(f"---\ntitle: T\n---\n{body}", Path("x.md"))
    (repeat,) = found(post, "repeated-sentence")
    assert repeat.message.startswith("sentence said 3 times (lines 4, 6, 8)")
    assert repeat.severity is Severity.NOTE


@pytest.mark.parametrize(
    "body",
    [
        f"{EN_PARAGRAPH}\n\n{JA_PARAGRAPH}\n\n{ZH_PARAGRAPH}\n",
        "```\nsame line of code, twice over\n```\n\n```\nsame line of code, twice over\n```\n",
        "- a list item said twice, on purpose\n- a list item said twice, on purpose\n",
        "Short. Short. Short. Short.\n",
    ],
)
def test_no_repeats_in_varied_prose_code_lists_or_short_sentences(body: str) -> None:
    assert find_repeats(body) is None


def test_folding_leaves_each_paragraph_once() -> None:
    a, b, c = EN_PARAGRAPH, JA_PARAGRAPH, ZH_PARAGRAPH
    body = f"{a}\n\n{b}\n\n{c}\n\n{a}\n\n{b}\n\nThe end of it all, said once.\n"
    folded = fold_repeats(body)
    assert (folded.paragraphs, folded.characters) == (2, len(a) + len(b))
    assert folded.markdown.count(a) == folded.markdown.count(b) == 1
    assert "repeats ¶ 1 (line 1) — 2 paragraphs" in folded.markdown
    # Where ¶ 1 is in the file, whose body starts on line 4.
    assert "repeats ¶ 1 (line 4) — 2 paragraphs" in fold_repeats(body, first_line=4).markdown
    later = fold_repeats(f"Opening words.\n\n{b}\n\n{b}\n", first_line=5).markdown
    assert "repeats ¶ 2 (line 7)" in later and "paragraphs" not in later
    assert fold_repeats(f"{a}\n\n{b}\n").markdown == f"{a}\n\n{b}\n"


@given(st.lists(st.sampled_from([EN_PARAGRAPH, JA_PARAGRAPH, ZH_PARAGRAPH, "x"]), max_size=8))
def test_folding_any_body_keeps_each_paragraph_once(paragraphs: list[str]) -> None:
    folded = fold_repeats("\n\n".join(paragraphs)).markdown
    for paragraph in (EN_PARAGRAPH, JA_PARAGRAPH, ZH_PARAGRAPH):
        assert folded.count(paragraph) == min(1, paragraphs.count(paragraph))


# --- reading time and front matter ------------------------------------------------------


def test_a_stated_reading_time_far_off() -> None:
    body = "\n\n".join(f"{JA_PARAGRAPH}段落{number}。" for number in range(80))
    post = post_from_text(f"---\ntitle: T\nreading_time: 2\n---\n{body}\n", Path("x.md"))
    (finding,) = found(post, "reading-time")
    assert finding.message.startswith(
        f"front matter says 2 min to read; the text takes about {post.estimated_minutes} min"
    )
    assert (finding.field, finding.line) == ("reading_time", 3)


@pytest.mark.parametrize("stated", [3, 6, 4])
def test_a_stated_reading_time_near_enough(stated: int) -> None:
    body = " ".join(["word"] * 238 * 3) + "."
    post = post_from_text(f"---\ntitle: T\nreading_time: {stated}\n---\n{body}\n", Path("x.md"))
    assert post.problems == []


def _site_posts(posts: PostFiles, files: dict[str, str]) -> dict[str, Post]:
    """Write a whole site (configuration and posts) first, then load each post of it."""
    for name, content in files.items():
        posts.write(content, name)
    return {
        name: posts.load(content, name) for name, content in files.items() if name.endswith(".md")
    }


def findings_of(post: Post) -> list[tuple[str, str | None, int | None]]:
    return [(f.kind, f.field, f.line) for f in post.problems]


def test_jekyll_front_matter_rules(posts: PostFiles) -> None:
    site = _site_posts(
        posts,
        {
            "_config.yml": "title: Blog\n",
            "_posts/2099-01-01-later.md": "---\ntitle: Later\n---\nSoon.\n",
            "_posts/2020-01-01-moved.md": "---\ntitle: Moved\ndate: 9999-12-31\n---\nSoon.\n",
            "_posts/2020-01-02-other.md": "---\ntitle: O\npublishDate: 9999-12-31\n---\nSoon.\n",
            "_posts/undated.md": "---\ntitle: Undated\n---\nBody.\n",
            "_drafts/undated-draft.md": "---\ntitle: Draft\n---\nBody.\n",
            "_posts/2024-01-01-untitled.md": "---\nlayout: post\n---\nBody.\n",
        },
    )
    assert findings_of(site["_posts/2099-01-01-later.md"]) == [("future-date", None, 1)]
    assert findings_of(site["_posts/2020-01-01-moved.md"]) == [("future-date", "date", 3)]
    assert "Jekyll does not publish it" in site["_posts/2020-01-01-moved.md"].problems[0].message
    # Jekyll reads "date" and the file name, not publishDate.
    assert site["_posts/2020-01-02-other.md"].problems == []
    assert findings_of(site["_posts/undated.md"]) == [("no-date", None, 1)]
    assert site["_drafts/undated-draft.md"].problems == []
    assert site["_posts/2024-01-01-untitled.md"].problems == []  # titled from its file name


def test_jekyll_with_future_true_publishes_later_posts(posts: PostFiles) -> None:
    site = _site_posts(
        posts,
        {
            "_config.yml": "future: true\n",
            "_posts/2099-01-01-later.md": "---\ntitle: Later\n---\nSoon.\n",
        },
    )
    assert site["_posts/2099-01-01-later.md"].problems == []


def test_hugo_front_matter_rules(posts: PostFiles) -> None:
    site = _site_posts(
        posts,
        {
            "hugo.toml": 'title = "Blog"\n',
            "content/posts/untitled.md": "---\ndate: 2024-01-01\n---\nBody.\n",
            "content/posts/later.md": (
                "---\ntitle: L\ndate: 2020-01-01\npublishDate: 9999-12-31\n---\nBody.\n"
            ),
            "content/posts/edited.md": "---\ntitle: E\nlastmod: 9999-12-31\n---\nBody.\n",
            "content/posts/undated.md": "---\ntitle: U\n---\nBody.\n",
        },
    )
    assert findings_of(site["content/posts/untitled.md"]) == [("no-title", "title", 1)]
    later = site["content/posts/later.md"]
    assert findings_of(later) == [("future-date", "publishDate", 4)]
    assert "Hugo does not publish it" in later.problems[0].message
    assert site["content/posts/edited.md"].problems == []  # lastmod is no publish date
    assert site["content/posts/undated.md"].problems == []


def test_hugo_with_build_future_publishes_later_posts(posts: PostFiles) -> None:
    site = _site_posts(
        posts,
        {
            "hugo.toml": "buildFuture = true\n",
            "content/posts/later.md": "---\ntitle: L\ndate: 9999-12-31\n---\nBody.\n",
        },
    )
    assert site["content/posts/later.md"].problems == []


def test_zola_publishes_later_and_untitled_pages(posts: PostFiles) -> None:
    site = _site_posts(
        posts,
        {
            "config.toml": 'base_url = "https://example.com"\n',
            "content/blog/later.md": '+++\ntitle = "L"\ndate = 9999-12-31\n+++\nBody.\n',
            "content/blog/untitled.md": "+++\ndate = 2024-01-01\n+++\nBody.\n",
        },
    )
    assert site["content/blog/later.md"].problems == []
    assert site["content/blog/untitled.md"].problems == []


def test_posts_in_no_site_trip_no_generator(posts: PostFiles) -> None:
    """Folder names alone (content/, a future date) make no generator's rules apply."""
    site = _site_posts(
        posts,
        {
            "content/posts/untitled.md": "---\ndate: 2024-01-01\n---\nBody.\n",
            "later.md": "---\ntitle: Later\ndate: 9999-12-31\n---\nSoon.\n",
        },
    )
    assert site["content/posts/untitled.md"].problems == []
    assert site["later.md"].problems == []


# --- across the library, filters, JSON --------------------------------------------------


def test_the_same_title_or_body_is_reported_on_both() -> None:
    a = post_from_text(f"---\ntitle: Same\n---\n{EN_PARAGRAPH}\n", Path("/b/a.md"))
    b = post_from_text(f"---\ntitle: same \n---\n{EN_PARAGRAPH}\n\n", Path("/b/b.md"))
    c = post_from_text(f"---\ntitle: Other\n---\n{JA_PARAGRAPH}\n", Path("/b/c.md"))
    translation = post_from_text(f"---\ntitle: Other\n---\n{ZH_PARAGRAPH}\n", Path("/b/c.zh.md"))
    found_kinds = {
        path.name: sorted(f.kind for f in fs)
        for path, fs in library_findings([a, b, c, translation]).items()
    }
    # The same body says the same title too: one finding, not two.
    assert found_kinds == {"a.md": ["duplicate-body"], "b.md": ["duplicate-body"]}
    third = post_from_text(f"---\ntitle: SAME\n---\n{JA_PARAGRAPH}\n", Path("/b/d.md"))
    found = library_findings([a, b, third])
    assert [f.message for f in found[Path("/b/a.md")]] == [
        "the same title as /b/d.md",
        "the same body as /b/b.md",
    ]
    assert [f.message for f in found[Path("/b/d.md")]] == ["the same title as /b/a.md, /b/b.md"]
    assert add_library_findings([a, b, c]) == [a, b]
    assert add_library_findings([a, b, c]) == []  # not added twice


def test_long_bodies_are_the_same_only_when_whole(posts: PostFiles) -> None:
    """A long body's digest is of its start: bodies that start alike are compared whole."""
    start = "\n\n".join(f"{EN_PARAGRAPH} ({number})" for number in range(12))
    same = posts.load(f"---\ntitle: A\n---\n{start}\n\nThe end.\n", "a.md").summary()
    rewrapped = start.replace(" ", "\n", 40).replace("\n\n", "\n\n\n")
    copy = posts.load(f"---\ntitle: B\n---\n{rewrapped}\n\nThe  end.\n", "b.md").summary()
    other = posts.load(f"---\ntitle: C\n---\n{start}\n\nAnother end.\n", "c.md").summary()
    assert same.body_digest == copy.body_digest == other.body_digest  # they start alike
    found_kinds = {
        path.name: [f.kind for f in fs]
        for path, fs in library_findings([same, copy, other]).items()
    }
    assert found_kinds == {"a.md": ["duplicate-body"], "b.md": ["duplicate-body"]}


def test_is_problem_and_is_ok_filter_the_library() -> None:
    broken = post_from_text('---\ntitle: "Cut (short"\n---\nBody.\n', Path("a.md"))
    fine = post_from_text("---\ntitle: Fine\n---\nBody.\n", Path("b.md"))
    assert has_problems(broken.problems) and not has_problems(fine.problems)
    assert PostFilter.parse("is:problem").apply([broken, fine]) == [broken]
    assert PostFilter.parse("is:ok").apply([broken, fine]) == [fine]
    assert PostFilter.parse("-is:problem").apply([broken, fine]) == [fine]
    assert next_with_problems([fine, broken], fine) is broken
    assert next_with_problems([broken, fine], broken) is None


def test_problems_in_json_are_objects() -> None:
    post = post_from_text('---\ntitle: "Cut (short"\n---\nBody.\n', Path("a.md"))
    assert summary_json(post)["problems"] == [
        {
            "kind": "cut-title",
            "severity": "warning",
            "message": "title looks cut: its ( is never closed",
            "line": 2,
            "column": None,
            "field": "title",
        }
    ]
    assert Finding.from_stored(post.problems[0].stored()) == post.problems[0]


def test_now_is_an_input() -> None:
    from reader.model.health.inspect import inspect_post
    from reader.model.site import Site

    text = "---\ntitle: T\ndate: 2030-01-01\n---\nBody.\n"
    post = post_from_text(text, Path("/blog/_posts/2030-01-01-t.md"))
    site = Site(Path("/blog"), "jekyll", (Path("/blog"),), (Path("/blog"),))
    earlier, later = datetime(2029, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)
    before = inspect_post(post, text, text, post.metadata, True, site=site, now=earlier)
    assert [finding.kind for finding in before] == ["future-date"]
    assert inspect_post(post, text, text, post.metadata, True, site=site, now=later) == []


def test_a_passage_is_the_text_as_shown() -> None:
    text = "Read **the [whole](https://example.com) thing**, `twice`\nand\tagain.\n\n- next"
    assert passage(text) == "Read the whole thing, twice and again."
    assert passage("snake_case and _this_ `_that_`") == "snake_case and this _that_"
    assert passage("first\n- a list item", at_end=True) == "a list item"
    body = "A **cut** here. A cut here. A cut\nhere."
    assert times_shown_before(body, "A cut here.", body.rindex("A cut")) == 2
