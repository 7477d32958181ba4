"""Sites as their generators read them: roots, which files are posts, authors, dates, links."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import SHARED, PostFiles, needs_shared

from reader.cli import main
from reader.model.dates import date_in_url
from reader.model.details import detail_rows
from reader.model.discovery import content_folders, find_post_files, is_listed
from reader.model.library import load_library
from reader.model.links import LinkKind, link_target
from reader.model.post_loader import load_post
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.site import find_site


def _listed(folder: Path) -> list[str]:
    return sorted(file.relative_to(folder).as_posix() for file, _ in find_post_files([folder]))


def _hugo_site(posts: PostFiles) -> Path:
    """A Hugo site configured in config/_default/ with its content in "pages"."""
    posts.write(
        'baseURL = "https://example.org/"\ncontentDir = "pages"\n', "config/_default/hugo.toml"
    )
    posts.write(
        "[en]\nweight = 1\n[fr]\ncontentDir = 'pages-fr'\n", "config/_default/languages.toml"
    )
    posts.write("# The theme\n", "README.md")
    posts.write("# Some package\n", "node_modules/pkg/README.md")
    posts.write("---\ntitle: Blog\n---\n", "pages/blog/_index.md")
    posts.write("---\ntitle: Blog (fr)\n---\n", "pages/blog/_index.fr.md")
    posts.write("---\ntitle: First\ndate: 2024-01-02\n---\nHi.\n", "pages/blog/first.md")
    posts.write("---\ntitle: Premier\ndate: 2024-01-02\n---\nSalut.\n", "pages-fr/blog/premier.md")
    posts.write("---\nheadless: true\n---\n", "pages/blog/parts/index.md")
    posts.write("---\ntitle: Part\n---\n", "pages/blog/parts/part.md")  # a bundle's resource
    posts.write(
        "---\ntitle: Fragments\ncascade:\n  build:\n    list: never\n    render: never\n---\n",
        "pages/fragments/_index.md",
    )
    posts.write("---\ntitle: Footer\n---\n", "pages/fragments/footer.md")
    posts.write("---\ntitle: Hidden\n_build:\n  list: never\n---\n", "pages/blog/hidden.md")
    posts.write("---\ntitle: Old\n_build:\n  render: false\n---\n", "pages/blog/old.md")
    return posts.folder


def test_hugo_config_folder_content_dirs_and_fragments(posts: PostFiles) -> None:
    root = _hugo_site(posts)
    site = find_site(root / "pages" / "blog" / "first.md")
    assert site is not None
    assert (site.root, site.generator) == (root, "hugo")
    assert site.content == (root / "pages", root / "pages-fr")
    assert site.static == (root / "static", root / "assets")
    # No section page, no headless bundle, no cascaded fragment, no README, no node_modules.
    titles = sorted(post.title for post in load_library([root], speeds=DEFAULT_SPEEDS).posts)
    assert titles == ["First", "Premier"]
    assert content_folders(root) == [root / "pages", root / "pages-fr"]
    assert not is_listed(root / "pages" / "fragments" / "footer.md", root)
    assert is_listed(root / "pages" / "blog" / "first.md", root)
    assert not is_listed(root / "README.md", root)
    assert not is_listed(root / "pages" / "blog" / "parts" / "part.md", root)


@pytest.mark.parametrize(
    "config",
    [
        "hugo.toml",
        "hugo.yaml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config/_default/config.toml",
    ],
)
def test_every_hugo_config_layout_is_recognised(posts: PostFiles, config: str) -> None:
    text = "{}" if config.endswith(".json") else ""
    posts.write(text, config)
    posts.write("Post\n", "content/post/a.md")
    posts.write("Readme\n", "README.md")
    site = find_site(posts.folder)
    assert site is not None and site.generator == "hugo"
    assert _listed(posts.folder) == ["content/post/a.md"]


def test_a_config_toml_without_content_is_no_hugo_site(posts: PostFiles) -> None:
    posts.write('name = "a tool"\n', "config.toml")
    posts.write("Notes\n", "notes.md")
    assert find_site(posts.folder) is None
    assert _listed(posts.folder) == ["notes.md"]


def test_a_hugo_bundle_lists_its_index_and_translations_not_its_resources(
    posts: PostFiles,
) -> None:
    posts.write('baseURL = "/"\n', "hugo.toml")
    posts.write("---\ntitle: Trip\n---\n", "content/posts/trip/index.md")
    posts.write("---\ntitle: Voyage\n---\n", "content/posts/trip/index.fr.md")
    posts.write("Notes for the trip\n", "content/posts/trip/notes.md")
    posts.write("Deeper\n", "content/posts/trip/more/index.md")
    posts.write("---\ntitle: Home\n---\n", "content/index.md")  # the home page only
    posts.write("---\ntitle: Other\n---\n", "content/posts/other.md")
    assert _listed(posts.folder) == [
        "content/index.md",
        "content/posts/other.md",
        "content/posts/trip/index.fr.md",
        "content/posts/trip/index.md",
    ]
    trip = posts.folder / "content" / "posts" / "trip"
    assert is_listed(trip / "index.fr.md", posts.folder)
    assert not is_listed(trip / "notes.md", posts.folder)
    assert not is_listed(trip / "more" / "index.md", posts.folder)


def _zola_blog(posts: PostFiles) -> Path:
    posts.write('base_url = "https://blog.example.org"\ntitle = "Blog"\n', "config.toml")
    posts.write('+++\ntitle = "Blog"\nsort_by = "date"\n+++\n', "content/_index.md")
    posts.write('+++\ntitle = "Blog (es)"\n+++\n', "content/_index.es.md")
    posts.write(
        '+++\ntitle = "1.0 Timeline"\npath = "2014/12/12/1.0-Timeline"\n'
        'authors = ["Ana Ruiz", "Bo Chen"]\n+++\nSee [next](@/2015-05-15-launch/index.md).\n',
        "content/timeline.md",
    )
    posts.write('+++\ntitle = "Launch"\n+++\nBody.\n', "content/2015-05-15-launch/index.md")
    posts.write('+++\ntitle = "Note"\n+++\nBody.\n', "content/2016-02-03_note.md")
    posts.write("Readme\n", "README.md")
    return posts.folder


def test_zola_blog_dates_from_paths_and_names_and_its_authors(posts: PostFiles) -> None:
    root = _zola_blog(posts)
    by_title = {post.title: post for post in load_library([root], speeds=DEFAULT_SPEEDS).posts}
    assert sorted(by_title) == ["1.0 Timeline", "Launch", "Note"]
    timeline = by_title["1.0 Timeline"]
    assert timeline.date == datetime(2014, 12, 12, tzinfo=UTC)
    assert timeline.date_source == "path"
    assert timeline.authors == ["Ana Ruiz", "Bo Chen"]
    assert timeline.author == "Ana Ruiz, Bo Chen"
    assert (by_title["Launch"].date, by_title["Launch"].date_source) == (
        datetime(2015, 5, 15, tzinfo=UTC),
        "folder name",
    )
    assert by_title["Note"].date == datetime(2016, 2, 3, tzinfo=UTC)
    assert by_title["Note"].date_source == "file name"
    rows = dict(detail_rows(load_post(timeline.path)))
    assert rows["Authors"] == "Ana Ruiz, Bo Chen"
    assert rows["Date from"] == "front matter 'path'"


def test_hugo_dates_in_order_and_from_the_file_name_when_configured(posts: PostFiles) -> None:
    posts.write('baseURL = "/"\n[frontmatter]\ndate = [":filename", ":default"]\n', "hugo.toml")
    posts.write("---\ntitle: A\npubDate: 2020-03-04\nlastmod: 2021-01-01\n---\n", "content/a.md")
    posts.write("---\ntitle: B\nmodified: 2021-05-06\n---\n", "content/b.md")
    posts.write("---\ntitle: C\ndate: 2022-01-01\n---\n", "content/2019-07-08-c.md")
    posts.write("---\ntitle: D\nurl: /blog/2018-09-10/d/\n---\n", "content/d.md")
    by_title = {
        post.title: post for post in load_library([posts.folder], speeds=DEFAULT_SPEEDS).posts
    }
    found = {title: (post.date, post.date_source) for title, post in by_title.items()}
    assert found == {
        "A": (datetime(2020, 3, 4, tzinfo=UTC), "pubDate"),
        "B": (datetime(2021, 5, 6, tzinfo=UTC), "modified"),
        "C": (datetime(2019, 7, 8, tzinfo=UTC), "file name"),
        "D": (datetime(2018, 9, 10, tzinfo=UTC), "url"),
    }


def _jekyll_site(posts: PostFiles) -> Path:
    posts.write("collections_dir: my_collections\n", "_config.yml")
    posts.write("---\ntitle: Hello\n---\n", "my_collections/_posts/2020-01-01-hello.md")
    posts.write("---\ntitle: Nyuusu\n---\n", "my_collections/ja/news/_posts/2021-02-03-x.md")
    posts.write("---\ntitle: Idea\n---\n", "my_collections/_drafts/idea.md")
    posts.write("---\ntitle: About\n---\n", "about.md")
    posts.write("# Site\n", "README.md")
    return posts.folder


def test_jekyll_collections_dir_and_the_same_categories_whatever_is_opened(
    posts: PostFiles,
) -> None:
    root = _jekyll_site(posts)
    collections = root / "my_collections"
    assert _listed(root) == [
        "my_collections/_drafts/idea.md",
        "my_collections/_posts/2020-01-01-hello.md",
        "my_collections/ja/news/_posts/2021-02-03-x.md",
    ]
    news = collections / "ja" / "news" / "_posts"
    for opened in (root, collections / "ja", news):
        posts_found = {
            post.title: post for post in load_library([opened], speeds=DEFAULT_SPEEDS).posts
        }
        assert posts_found["Nyuusu"].categories == ["ja", "news"]
    assert load_post(news / "2021-02-03-x.md").categories == ["ja", "news"]


def test_a_plain_folder_lists_every_post_and_reads_each_site_inside_by_its_rules(
    posts: PostFiles,
) -> None:
    posts.write("---\ntitle: Post\n---\n", "site/_posts/2024-01-01-post.md")
    posts.write("---\ntitle: Page\n---\n", "site/about.md")
    posts.write("Note\n", "notes/note.md")
    posts.write("Readme of the notes\n", "README.md")  # not a site: a note like any other
    _zola_blog(PostFiles(posts.folder / "zola"))
    assert _listed(posts.folder) == [
        "README.md",
        "notes/note.md",
        "site/_posts/2024-01-01-post.md",
        "zola/content/2015-05-15-launch/index.md",
        "zola/content/2016-02-03_note.md",
        "zola/content/timeline.md",
    ]
    assert is_listed(posts.folder / "notes" / "note.md", posts.folder)
    assert not is_listed(posts.folder / "site" / "about.md", posts.folder)
    assert not is_listed(posts.folder / "zola" / "content" / "_index.md", posts.folder)


def test_text_files_with_front_matter_are_posts(posts: PostFiles) -> None:
    posts.write("---\ntitle: 記事\ndate: 2025-11-08\n---\n本文。\n", "000_post.txt")
    posts.write("\ufeff+++\ntitle = 'TOML'\n+++\nBody\n", "001_toml.txt")
    posts.write("Just some notes, no front matter.\n---\n", "notes.txt")
    posts.write("--- not front matter\n", "dashes.txt")
    assert _listed(posts.folder) == ["000_post.txt", "001_toml.txt"]
    assert sorted(
        post.title for post in load_library([posts.folder], speeds=DEFAULT_SPEEDS).posts
    ) == ["TOML", "記事"]


def test_long_values_are_whole_in_the_model_and_json(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    author = "A. " + "Very-Long-Name " * 30
    posts.write(f"---\ntitle: T\nauthor: {author}\ntags: ['{'t' * 250}']\n---\n", "a.md")
    post = load_post(posts.folder / "a.md")
    assert post.author == author.strip()
    assert post.tags == ["t" * 250]
    shown = dict(detail_rows(post))["Author"]
    assert shown.endswith("…") and len(shown) == 400  # shortened in the UI, and says so
    assert main(["list", str(posts.folder), "--json", "--no-cache"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["author"] == author.strip()
    assert listed["authors"] == [author.strip()]


@pytest.mark.parametrize(
    ("front_matter", "authors"),
    [
        ("authors: [Ana, Bo]", ["Ana", "Bo"]),
        ("authors: Ana", ["Ana"]),
        ("authors:\n  ana: {name: Ana}\n  bo: {name: Bo}", ["ana", "bo"]),
        ("author:\n  name: Ana\n  email: a@example.org", ["Ana"]),
        ("author: [{name: Ana}, Bo]", ["Ana", "Bo"]),
        ("authors: [Ana]\nauthor: Ana", ["Ana"]),
        ("title: none", []),
    ],
)
def test_authors_in_every_shape(posts: PostFiles, front_matter: str, authors: list[str]) -> None:
    path = posts.write(f"---\n{front_matter}\n---\n")
    assert load_post(path).authors == authors


def test_links_between_posts_of_a_jekyll_site(posts: PostFiles) -> None:
    posts.write("title: Blog\n", "_config.yml")
    source = posts.write("Body\n", "_posts/2020-01-01-source.md")
    target = posts.write("Body\n", "_posts/2020-03-19-target.md")
    nested = posts.write("Body\n", "travel/_posts/2021-05-06-trip.md")
    for href, expected in [
        ("post_url:2020-03-19-target", target),
        ("post_url:travel/2021-05-06-trip", None),  # post_url names the folder under _posts
        ("link:_posts/2020-03-19-target.md", target),
        ("2020-03-19-target", target),  # the bare forms an older cleanup gave
        ("2020-03-19-target.md", target),
        ("/2020/03/19/target.html", target),  # the default permalink
        ("/travel/2021/05/06/trip.html", nested),
        ("/travel/2021/05/07/trip.html", None),  # another day: not this post
        ("/2020/03/19/missing.html", None),
    ]:
        found = link_target(href, source, posts.folder)
        assert (found.kind is LinkKind.POST, found.path) == (expected is not None, expected), href


def test_a_site_absolute_link_follows_a_configured_permalink(posts: PostFiles) -> None:
    posts.write("permalink: /:year/:title/\n", "_config.yml")
    source = posts.write("Body\n", "_posts/2020-01-01-source.md")
    target = posts.write("---\ntitle: Target\n---\n", "_posts/2020-03-19-target.markdown")
    posts.write("Body\n", "_posts/2019-03-19-target.md")  # the same slug, another year
    assert link_target("/2020/target/", source).path == target


def test_a_site_absolute_link_follows_hugo_permalinks_by_title(posts: PostFiles) -> None:
    posts.write('baseURL = "/"\n[permalinks]\nposts = "/:year/:month/:title/"\n', "hugo.toml")
    source = posts.write("---\ntitle: Source\n---\n", "content/posts/source.md")
    target = posts.write(
        "---\ntitle: Hello, World!\ndate: 2024-01-02\n---\n", "content/posts/first-one.md"
    )
    assert link_target("/2024/01/hello-world/", source).path == target
    assert link_target("/2024/02/hello-world/", source).kind is LinkKind.SHOWN_ONLY


def test_links_between_posts_of_hugo_and_zola_sites(posts: PostFiles) -> None:
    _hugo_site(posts)
    first = posts.folder / "pages" / "blog" / "first.md"
    other = posts.write("---\ntitle: Other\nslug: the-other\n---\n", "pages/blog/other.md")
    assert link_target("ref:other.md", first).path == other
    assert link_target("ref:/blog/other", first).path == other
    assert link_target("/blog/the-other/", first).path == other
    zola = PostFiles(posts.folder / "zola")
    _zola_blog(zola)
    timeline = zola.folder / "content" / "timeline.md"
    launch = zola.folder / "content" / "2015-05-15-launch" / "index.md"
    assert link_target("@/2015-05-15-launch/index.md", timeline).path == launch
    assert link_target("/2014/12/12/1.0-Timeline/", launch).path == timeline
    assert link_target("@/missing.md", timeline).kind is LinkKind.SHOWN_ONLY


@needs_shared
def test_the_seed_folder_lists_its_text_post() -> None:
    seed = SHARED / "seed"
    assert [file.name for file, _ in find_post_files([seed])] == ["000_4c666f3c986a32c2.txt"]


@needs_shared
def test_the_corpus_lists_no_section_page() -> None:
    files = find_post_files([SHARED / "corpus"])
    assert len(files) == 301  # 305 post files and SOURCES.md, less the 5 section pages
    assert not any(file.name.startswith("_index") for file, _ in files)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014/12/12/1.0-Timeline", date(2014, 12, 12)),
        ("/blog/2020-01-31-slug/", date(2020, 1, 31)),
        ("/2019/02/30/no/2019/03/01/yes", date(2019, 3, 1)),  # an impossible day is passed over
        ("12014/12/12/x", None),  # part of a longer number
        ("2014/12-12/x", None),  # two separators
        ("/about/", None),
    ],
)
def test_a_date_inside_a_url(text: str, expected: date | None) -> None:
    found = date_in_url(text)
    assert (found.date() if found else None) == expected
