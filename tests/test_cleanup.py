"""reader.model.cleanup: site-generator syntax becomes plain Markdown, code stays code.

Fixtures are written here; the real posts in ../shared/corpus are only read (and the
tests that need them skip when ../shared is absent).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from growth import assert_linear
from markdown_it.token import Token

from reader.model.cleanup import clean_markdown
from reader.model.markdown_parser import markdown_parser
from reader.model.post_loader import load_post

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_corpus = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared is absent: corpus tests need it"
)

_parser = markdown_parser()  # with the site rules, which read what clean_markdown leaves
CODE_TOKENS = {"code_block", "fence", "code_inline"}
# What must not be left where a reader sees text: Liquid/Tera tags, Hugo shortcodes,
# kramdown attribute lists, Tera calls.
RAW_SYNTAX = re.compile(r"\{%|\{\{<|\{\{%|\{:|\{\{-?\s*[A-Za-z_]\w*\s*\(")
PLACEHOLDER = re.compile(r"<x-placeholder>([^<]*)</x-placeholder>")


def tokens(markdown: str) -> Iterator[Token]:
    """Every token, block and inline, in document order."""
    for token in _parser.parse(markdown):
        yield token
        yield from token.children or []


def codes(markdown: str) -> list[tuple[str, str]]:
    """(kind, content) of every fenced block, indented block and inline code span."""
    return [
        ("inline" if token.type == "code_inline" else token.info.strip(), token.content)
        for token in tokens(markdown)
        if token.type in CODE_TOKENS
    ]


def fences(markdown: str) -> list[tuple[str, str]]:
    """(info, content) of every fenced code block."""
    return [(t.info.strip(), t.content) for t in tokens(markdown) if t.type == "fence"]


def visible(markdown: str) -> str:
    """Text and HTML a reader could see, code excepted, one token a line."""
    return "\n".join(
        token.content
        for token in tokens(markdown)
        if token.type not in CODE_TOKENS and token.type != "inline" and token.content
    )


def placeholders(markdown: str) -> list[str]:
    """The text of each placeholder, as the parser gives it to the renderer."""
    found: list[str] = []
    inside = False
    for token in tokens(markdown):
        if token.type == "html_inline" and token.content == "<x-placeholder>":
            inside = True
            found.append("")
        elif token.type == "html_inline" and token.content == "</x-placeholder>":
            inside = False
        elif inside and token.type == "text":
            found[-1] += token.content
    return found


def paragraphs(markdown: str) -> list[str]:
    """The source text of each paragraph."""
    result = []
    parsed = _parser.parse(markdown)
    for index, token in enumerate(parsed):
        if token.type == "paragraph_open":
            result.append(parsed[index + 1].content)
    return result


# --- nothing to clean, and code ---------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "",
        "# Title\n\nA paragraph with *emphasis*, `code` and a [link](https://example.com).\n",
        "- one\n  - two\n\n1. first\n2. second\n\n> quoted\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "日本語の文章です。{ braces } and { single } and 50% off {not a tag}\n",
        '<div class="note">\n<p>HTML</p>\n</div>\n',
    ],
)
def test_plain_markdown_is_returned_unchanged(markdown: str) -> None:
    assert clean_markdown(markdown) == markdown


CODE_SAMPLES = [
    "```liquid\n{% include footer.html %}\n{{ site.url }}\n{: .notice}\n```\n",
    "~~~\n{{< youtube abc >}}\n{{% notice %}}\n{% highlight go %}\nx\n{% endhighlight %}\n~~~\n",
    "   ```\n   {{ shortcode(a=1) }}\n   {% block(x=2) %}\n   ```\n",
    "````md\n```\n{{ site.url }}\n```\n````\n",
    "> ```\n> {% include quoted.html %}\n> ```\n",
    "1. step\n\n   ```\n   {{ page.title }}\n   ```\n",
    "Paragraph.\n\n    {% include indented.html %}\n    {{ site.url }}\n\nAfter.\n",
    "# Heading\n    {{ page.title }} is indented code after a heading\n",
    "Use `{{ site.url }}` and `{% include x.html %}` and ``{: .class}`` inline.\n",
    '```html\n<details><summary>Kept</summary></details>\n<div markdown="1">kept</div>\n```\n',
]


@pytest.mark.parametrize("markdown", CODE_SAMPLES)
def test_code_is_never_changed(markdown: str) -> None:
    cleaned = clean_markdown(markdown)
    assert codes(cleaned) == codes(markdown)
    assert codes(markdown)  # the sample really has code


def test_text_around_code_is_still_translated() -> None:
    cleaned = clean_markdown("```\n{{ site.url }}\n```\n\nSee {{ site.url }}.\n")
    assert fences(cleaned) == [("", "{{ site.url }}\n")]
    assert placeholders(cleaned) == ["site.url"]


def test_a_list_continuation_is_text_not_code() -> None:
    cleaned = clean_markdown("- item\n\n    continued with {% include note.html %}\n")
    assert codes(cleaned) == []
    assert placeholders(cleaned) == ["include note.html"]


# --- Liquid ------------------------------------------------------------------------------


def test_liquid_highlight_becomes_a_fenced_block_kept_verbatim() -> None:
    markdown = (
        'Before.\n\n{% highlight ruby linenos %}\ndef greet\n  "{{ name }} {% if x %}"\nend\n'
        "{% endhighlight %}\n\nAfter {{ site.url }}.\n"
    )
    cleaned = clean_markdown(markdown)
    assert fences(cleaned) == [("ruby", 'def greet\n  "{{ name }} {% if x %}"\nend\n')]
    assert placeholders(cleaned) == ["site.url"]


def test_highlight_holding_a_fence_gets_a_longer_fence() -> None:
    markdown = "{% highlight markdown %}\n```js\nlet a\n```\n{% endhighlight %}\n"
    assert fences(clean_markdown(markdown)) == [("markdown", "```js\nlet a\n```\n")]


def test_highlight_on_one_line_and_an_unclosed_one() -> None:
    assert fences(clean_markdown("{% highlight sh %}ls -l{% endhighlight %}\n")) == [
        ("sh", "ls -l\n")
    ]
    unclosed = clean_markdown("{% highlight sh %}\nls\n\nMore text.\n")
    assert fences(unclosed) == []
    assert placeholders(unclosed) == ["highlight sh"]


def test_raw_markers_vanish_and_the_text_between_is_literal_code() -> None:
    cleaned = clean_markdown("Print {% raw %}{{ page.title }}{% endraw %} in a layout.\n")
    assert codes(cleaned) == [("inline", "{{ page.title }}")]
    assert "raw" not in cleaned
    assert placeholders(cleaned) == []


def test_raw_markers_vanish_inside_inline_code_and_fences() -> None:
    cleaned = clean_markdown(
        "Use `{% raw %}{{ site.url }}{% endraw %}` here.\n\n"
        "```liquid\n{% raw %}{% include note.html %}{% endraw %}\n```\n"
    )
    assert codes(cleaned) == [
        ("inline", "{{ site.url }}"),
        ("liquid", "{% include note.html %}\n"),
    ]


def test_raw_keeps_a_raw_marker_it_contains() -> None:
    cleaned = clean_markdown("`{% raw %}{% raw %}{% endraw %}` escapes Liquid.\n")
    assert codes(cleaned) == [("inline", "{% raw %}")]


def test_a_raw_block_of_template_lines_becomes_a_code_block() -> None:
    markdown = (
        "{% raw %}\n{% for post in site.posts %}\n  <li>{{ post.title }}</li>\n{% endfor %}\n"
        "{% endraw %}\n\nThen {{ site.url }}.\n"
    )
    cleaned = clean_markdown(markdown)
    assert fences(cleaned) == [
        ("liquid", "{% for post in site.posts %}\n  <li>{{ post.title }}</li>\n{% endfor %}\n")
    ]
    assert placeholders(cleaned) == ["site.url"]


def test_a_raw_block_of_markdown_stays_markdown_with_its_tags_as_code() -> None:
    markdown = "{% raw %}\n## Templates\n\n- `{{ page.name }}` and {{ theme }}\n{% endraw %}\n"
    cleaned = clean_markdown(markdown)
    kinds = [token.type for token in _parser.parse(cleaned)]
    assert "heading_open" in kinds and "bullet_list_open" in kinds
    assert codes(cleaned) == [("inline", "{{ page.name }}"), ("inline", "{{ theme }}")]


def test_a_raw_around_fences_keeps_the_fences() -> None:
    markdown = "{% raw %}\n\n```liquid\n{{ a }}\n```\n\n{% endraw %}\n\n{{ b }}\n"
    cleaned = clean_markdown(markdown)
    assert fences(cleaned) == [("liquid", "{{ a }}\n")]
    assert placeholders(cleaned) == ["b"]


def test_an_unclosed_raw_does_not_swallow_the_rest() -> None:
    cleaned = clean_markdown("The `{% raw %}` tag.\n\nThen {{ site.url }}.\n")
    assert codes(cleaned) == [("inline", "{% raw %}")]
    assert placeholders(cleaned) == ["site.url"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("{% include footer.html %}\n", ["include footer.html"]),
        ("{% include_relative notes.md %}\n", ["include_relative notes.md"]),
        (
            "Site: {{ site.title }} by {{ page.author | upcase }}.\n",
            ["site.title", "page.author | upcase"],
        ),
        ("{{- site.url -}}\n", ["site.url"]),
        (
            '{% include video\n   id="x1" provider="youtube" %}\n',
            ['include video id="x1" provider="youtube"'],
        ),
        ("{% seo %}\n", ["seo"]),
    ],
)
def test_liquid_tags_become_placeholders(markdown: str, expected: list[str]) -> None:
    cleaned = clean_markdown(markdown)
    assert placeholders(cleaned) == expected
    assert "{%" not in cleaned and "{{" not in cleaned


def test_link_and_post_url_in_a_link_target_name_the_post_for_the_site() -> None:
    markdown = (
        "[Last]({% link _posts/2016-01-01-last.md %}), [old]({% post_url 2010-07-21-name %}), "
        "[docs]({% link _docs/history.md %}#v1).\n\n"
        "[ref]: {% post_url 2011-01-01-ref %}\n\n[x][ref]\n"
    )
    links = [
        token.attrs["href"]
        for token in tokens(clean_markdown(markdown))
        if token.type == "link_open"
    ]
    assert links == [
        "link:_posts/2016-01-01-last.md",
        "post_url:2010-07-21-name",
        "link:_docs/history.md#v1",
        "post_url:2011-01-01-ref",
    ]


def test_link_and_post_url_in_text_are_placeholders() -> None:
    cleaned = clean_markdown("See {% post_url 2010-07-21-name %} and {% link about.md %}.\n")
    assert placeholders(cleaned) == ["post_url 2010-07-21-name", "link about.md"]


def test_site_variables_in_urls_leave_a_working_path() -> None:
    markdown = (
        "![Photo]({{ site.url }}{{ site.baseurl }}/img/a.jpg)\n\n"
        '![B]({{ "/img/b.jpg" | relative_url }})\n\n'
        '<img src="{{ site.baseurl }}/img/c.jpg" alt="{{ page.title }}">\n\n'
        "[d]: {{ site.repository }}/issues/1\n\n[D][d]\n"
    )
    cleaned = clean_markdown(markdown)
    images = [token.attrs["src"] for token in tokens(cleaned) if token.type == "image"]
    assert images == ["/img/a.jpg", "/img/b.jpg"]
    assert '<img src="/img/c.jpg" alt="page.title">' in cleaned
    assert [t.attrs["href"] for t in tokens(cleaned) if t.type == "link_open"] == [
        "site.repository/issues/1"
    ]
    assert "<x-placeholder>" not in cleaned


def test_block_tags_vanish_or_become_placeholders_and_their_content_stays() -> None:
    markdown = (
        "{% capture note %}\n**Captured** text.\n{% endcapture %}\n\n"
        "{% if site.comments %}\nComments are *on*.\n{% else %}\nOff.\n{% endif %}\n\n"
        "{% assign n = 3 %}\n{% for i in (1..n) %}\nItem.\n{% endfor %}\n"
    )
    cleaned = clean_markdown(markdown)
    assert placeholders(cleaned) == ["if site.comments", "else", "for i in (1..n)"]
    for text in ("**Captured** text.", "Comments are *on*.", "Off.", "Item."):
        assert text in cleaned
    assert "capture" not in cleaned and "assign" not in cleaned and "end" not in cleaned


def test_liquid_comments_vanish_with_their_content() -> None:
    cleaned = clean_markdown(
        "Before.\n\n{% comment %}\nSecret {% include x.html %}\n{% endcomment %}\n\n"
        "Inline {% comment %}gone{% endcomment %}kept.\n"
    )
    assert "Secret" not in cleaned and "gone" not in cleaned
    assert "Before." in cleaned and "Inline kept." in cleaned
    assert placeholders(cleaned) == []


# --- kramdown ------------------------------------------------------------------------------


# --- Hugo ----------------------------------------------------------------------------------


def test_hugo_highlight_and_code_become_fenced_blocks() -> None:
    markdown = (
        '{{< highlight go "linenos=table,hl_lines=2" >}}\n'
        "func main() { {{ .Title }} }\n{{< / highlight >}}\n\n"
        '{{< code lang="python" >}}\nprint("{{< x >}}")\n{{< /code >}}\n\n'
        "{{% highlight sh %}}\nls\n{{% /highlight %}}\n"
    )
    assert fences(clean_markdown(markdown)) == [
        ("go", "func main() { {{ .Title }} }\n"),
        ("python", 'print("{{< x >}}")\n'),
        ("sh", "ls\n"),
    ]


def test_hugo_figure_becomes_an_image_with_its_caption() -> None:
    markdown = (
        '{{< figure src="/img/a.jpg" caption="A [small] *cat*" alt="cat" >}}\n\n'
        '{{% figure src="/img/b c.png" title="Titled" %}}\n\n'
        '{{< figure src="d.png" alt="Only alt" >}}\n'
    )
    cleaned = clean_markdown(markdown)
    images = [
        (t.attrs["src"], "".join(c.content for c in t.children or []))
        for t in tokens(cleaned)
        if t.type == "image"
    ]
    assert images == [
        ("/img/a.jpg", "A [small] cat"),
        ("/img/b%20c.png", "Titled"),
        ("d.png", "Only alt"),
    ]


def test_other_shortcodes_are_placeholders_and_paired_content_stays() -> None:
    markdown = (
        "{{< youtube abc123 >}}\n\n"
        '{{% notice warning "Careful" %}}\nInner **Markdown**.\n{{% /notice %}}\n\n'
        '{{< tweet user="x" id="1" />}}\n\nText {{< badge >}}new{{< /badge >}} inline.\n'
    )
    cleaned = clean_markdown(markdown)
    assert placeholders(cleaned) == [
        "youtube abc123",
        'notice warning "Careful"',
        'tweet user="x" id="1"',
        "badge",
    ]
    assert "Inner **Markdown**." in cleaned and "new" in cleaned
    assert "/notice" not in cleaned and "/badge" not in cleaned


# --- Zola / Tera -----------------------------------------------------------------------------


def test_tera_calls_become_placeholders() -> None:
    cleaned = clean_markdown('{{ gist(url="https://gist.github.com/x/1") }}\n\nA {{ now() }} B.\n')
    assert placeholders(cleaned) == ['gist(url="https://gist.github.com/x/1")', "now()"]


def test_tera_image_calls_become_images_and_text_arguments_show() -> None:
    markdown = (
        '{{ dual_image(light_src="img/day.webp", dark_src="img/night.webp", alt="A bridge") }}\n\n'
        '{{ note(type="tip", text="Keep *calm*, it\\\'s `fine`.") }}\n'
    )
    cleaned = clean_markdown(markdown)
    assert [t.attrs["src"] for t in tokens(cleaned) if t.type == "image"] == ["img/day.webp"]
    assert placeholders(cleaned) == ['note(type="tip")']
    assert "Keep *calm*, it's `fine`." in cleaned


def test_tera_block_shortcodes_keep_their_markdown() -> None:
    markdown = (
        '{% note(kind="info") %}\nBody with **bold**.\n\nSecond paragraph.\n{% end %}\n\nAfter.\n'
    )
    cleaned = clean_markdown(markdown)
    assert placeholders(cleaned) == ['note(kind="info")']
    assert paragraphs(cleaned) == [
        '<x-placeholder>note(kind="info")</x-placeholder>',
        "Body with **bold**.",
        "Second paragraph.",
        "After.",
    ]


def test_mermaid_shortcodes_become_mermaid_code() -> None:
    markdown = (
        "{% mermaid(full_width=true) %}\ngraph TD\n    A-->B\n{% end %}\n\n"
        "{{< mermaid >}}\nflowchart\n{{< /mermaid >}}\n"
    )
    assert fences(clean_markdown(markdown)) == [
        ("mermaid", "graph TD\n    A-->B\n"),
        ("mermaid", "flowchart\n"),
    ]


# --- placeholders --------------------------------------------------------------------------


def test_placeholder_text_is_escaped_collapsed_and_shortened() -> None:
    cleaned = clean_markdown(
        '{% include c.html  t="<b>A & B</b>"\n  n="*x* [y] `z` | w_" %}\n\n'
        "{{ " + "very_long_variable." * 10 + "name }}\n"
    )
    source = PLACEHOLDER.findall(cleaned)[0]
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in source and "\n" not in source
    first, second = placeholders(cleaned)
    assert first == 'include c.html t="<b>A & B</b>" n="*x* [y] `z` | w_"'
    assert len(second) <= 60 and second.endswith("…")
    assert second.startswith("very_long_variable.very_long_variable.")
    assert all(
        t.type in {"paragraph_open", "inline", "paragraph_close"} for t in _parser.parse(cleaned)
    )


def test_placeholder_alone_on_its_line_gets_its_own_paragraph() -> None:
    markdown = "Before the include.\n{% include toc.html %}\nAfter it, {{ site.title }} inline.\n"
    assert paragraphs(clean_markdown(markdown)) == [
        "Before the include.",
        "<x-placeholder>include toc.html</x-placeholder>",
        "After it, <x-placeholder>site.title</x-placeholder> inline.",
    ]


def test_a_placeholder_is_not_an_html_block() -> None:
    cleaned = clean_markdown("{{ site.title }}\n")
    assert [t.type for t in _parser.parse(cleaned)] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]


# --- as a whole ------------------------------------------------------------------------------

EVERYTHING = """\
* TOC
{:toc}

Intro with {{ site.title }} and [a link]({% post_url 2020-01-01-a %}).
{: .lead}

{% highlight python %}
print("{{ x }}")
{% endhighlight %}

{% raw %}{{ literal }}{% endraw %} and `{{ in code }}`

{{< figure src="a.png" caption="Cap" >}}
{{% notice %}}
Inner.
{{% /notice %}}

{{ gallery(n=2) }}

{% aside() %}
Aside *text*.
{% end %}

<details><summary>More</summary>

Hidden.

</details>

<div markdown="1">
**md**
</div>

```
{{</* escaped */>}}
```

Escaped {{</* inline */>}} too.
"""


def test_cleaning_twice_changes_nothing_more() -> None:
    once = clean_markdown(EVERYTHING)
    assert once != EVERYTHING
    assert clean_markdown(once) == once


def test_nothing_raw_is_left_outside_code() -> None:
    cleaned = clean_markdown(EVERYTHING)
    assert not RAW_SYNTAX.search(visible(cleaned))


@pytest.mark.parametrize(
    "markdown",
    [
        "{{",
        "{%",
        "{:",
        "{{<",
        "{{</*",
        "{{ x",
        "{% raw %}",
        "{% endraw %}",
        "{% highlight %}",
        "{{< highlight >}}",
        "```\n{% raw %}",
        "<details>",
        '<div markdown="1">',
        "</div>",
        "\x00{{ \x00 }}\ufeff",
        "\r\n{{ a }}\r\n\r{% b %}\r",
        "`" * 5000 + "{{ x }}",
        "[" * 3000 + "](" * 3000 + "{{ x }}",
        "<" * 3000 + "{{ x }}",
    ],
)
def test_never_raises(markdown: str) -> None:
    assert isinstance(clean_markdown(markdown), str)


def test_never_raises_on_something_not_text() -> None:
    assert clean_markdown(None) == ""  # type: ignore[arg-type]


def test_crlf_posts_are_cleaned() -> None:
    assert placeholders(clean_markdown("a\r\n{% include x %}\r\nb\r\n")) == ["include x"]


# --- speed ---------------------------------------------------------------------------------


def _generated_post(size: int) -> str:
    """About ``size`` characters of posts using every kind of syntax, among plain prose."""
    prose = (
        "A line of ordinary prose about gardens, trains and code, long enough to wrap. "
        "日本語の文も少し混ぜておきます。\n"
    )
    sections = [
        prose * 6,
        "Link to [a post]({% post_url 2020-01-01-post %}) and {{ site.title }}.\n{: .notice}\n",
        "```python\nprint('{{ not a tag }}')\n```\n",
        "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n",
        "- item with `{% raw %}{{ x }}{% endraw %}`\n  - nested {{< badge >}}\n",
        '{{< figure src="a.png" caption="Cap" >}}\n',
        '{{ admonition(type="note", text="Some *text*.") }}\n',
        "<details><summary>More</summary>\n\nHidden.\n\n</details>\n",
        "    indented code {{ x }}\n",
    ]
    post = "\n".join(sections) + "\n"
    return (post * (size // len(post) + 1))[:size]


def test_cleaning_grows_linearly_with_the_post() -> None:
    assert placeholders(clean_markdown(_generated_post(20_000)))  # the fixture has syntax
    assert_linear(_generated_post, clean_markdown, 256 * 1024)


def _repeated(unit: str, times: int) -> Callable[[int], str]:
    """``unit`` repeated ``times`` (scaled by the growth check's factor) times."""
    return lambda scale: unit * (times * scale)


@pytest.mark.parametrize(
    "make",
    [
        _repeated("{{ ", 8_500),  # a line of openers never closed
        _repeated("{{ {{ {{ x }} ", 2_000),
        _repeated("{% ", 8_500),
        _repeated("{{</* ", 4_250),
        _repeated("[a]({{ x }}", 2_500),
        _repeated("`a`` `b ``` {{ x }} ", 1_250),
        _repeated("{% highlight x %}\n", 1_500),
    ],
    ids=[
        "open-braces",
        "nested-braces",
        "open-liquid",
        "open-escapes",
        "link-targets",
        "backticks",
        "highlights",
    ],
)
def test_pathological_input_stays_linear(make: Callable[[int], str]) -> None:
    assert_linear(make, clean_markdown, 1)


# --- the corpus ----------------------------------------------------------------------------


def _corpus_posts() -> list[Path]:
    if not SHARED.is_dir():
        return []
    posts = [
        path
        for path in sorted((SHARED / "corpus").rglob("*"))
        if path.is_file() and path.suffix in {".md", ".markdown"}
    ]
    seed = SHARED / "seed"
    return posts + (
        sorted(path for path in seed.iterdir() if path.is_file()) if seed.is_dir() else []
    )


def _raw_syntax_outside_code(markdown: str) -> list[str]:
    found = []
    for token in tokens(markdown):
        if token.type in CODE_TOKENS or token.type == "inline":
            continue  # an inline token's content holds its code spans; its children are seen
        if token.type == "html_inline" and token.content.lstrip("</").startswith("x-placeholder"):
            continue
        if match := RAW_SYNTAX.search(token.content):
            found.append(
                f"{token.type}: {token.content[max(0, match.start() - 40) : match.end() + 40]!r}"
            )
    return found


@needs_corpus
def test_corpus_has_no_raw_syntax_outside_code() -> None:
    posts = _corpus_posts()
    assert len(posts) > 300
    problems = {}
    for path in posts:
        found = _raw_syntax_outside_code(clean_markdown(load_post(path).body))
        if found:
            problems[path.relative_to(SHARED).as_posix()] = found
    assert problems == {}


@needs_corpus
def test_corpus_without_cleaning_does_have_raw_syntax() -> None:
    """The check above can fail: the posts themselves are full of site syntax."""
    dirty = [p for p in _corpus_posts() if _raw_syntax_outside_code(load_post(p).body)]
    assert len(dirty) > 50


@needs_corpus
def test_corpus_code_blocks_are_kept() -> None:
    """Code holding no site syntax comes through cleaning character for character.

    (Code that sits in a Tera string argument, where Zola unescapes \\" and \\', is
    left out: it changes as it should.)
    """
    lost = []
    for path in _corpus_posts():
        body = load_post(path).body
        before = [
            code
            for code in codes(body)
            if not any(mark in code[1] for mark in ("{{", "{%", '\\"', "\\'"))
        ]
        after = set(codes(clean_markdown(body)))
        lost += [(path.name, code) for code in before if code not in after]
    assert lost == []


@needs_corpus
def test_corpus_cleaning_is_idempotent() -> None:
    for path in _corpus_posts():
        once = clean_markdown(load_post(path).body)
        assert clean_markdown(once) == once, path.name
