"""Generate a deterministic folder of Jekyll posts for benchmarks.

The posts are made up here from small word lists (English and Japanese), so the
benchmarks need nothing outside this repository. The same ``--seed`` and ``--count``
always give the same files, byte for byte.

Layout: ``OUT/_config.yml``, most posts in ``OUT/_posts/`` and about one in ten under a
category folder (``OUT/notes/_posts/``, Jekyll's folder categories). Each post is named
``YYYY-MM-DD-slug.md`` and has YAML front matter (title; date with a ``+0000`` or
``+0900`` offset; categories and tags as flow lists, block lists or space-separated
strings; author; sometimes excerpt and reading_time) and a 2-8 KB Markdown body with
headings, paragraphs, lists, code fences and tables. About 30% are mostly Japanese.

Usage::

    python benchmarks/make_library.py --count 10000 --out library-10k --seed 0

or, from another script in this folder::

    from make_library import make_library
    make_library(Path("library-10k"), count=10_000, seed=0)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    """The space-separated words of ``text`` (keeps the word lists below readable)."""
    return tuple(text.split())


JAPANESE_SHARE = 0.30
FOLDER_CATEGORY_SHARE = 0.10
MIN_BODY_BYTES = 2 * 1024
MAX_BODY_BYTES = 8 * 1024
FIRST_DAY = datetime(2014, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2025, 1, 1, tzinfo=UTC) - FIRST_DAY).total_seconds())
ZONES = (UTC, timezone(timedelta(hours=9)))

EN_WORDS = _words(
    "the a an of to in for on with from by about after before over under into "
    "and or but so because while when then also still just only even more most "
    "we it this that these those our my your their its "
    "is are was were be been has have had can could should would will may might "
    "build run test write read load parse render cache store fetch deploy measure "
    "move keep change fix break ship review merge split format check start stop "
    "server client request response query index table column file folder path "
    "config option value key list map queue thread process memory disk network "
    "function method class module package library framework tool script command "
    "error bug patch release version branch commit feature change note idea plan "
    "fast slow small large simple clear careful cheap stable new old good bad "
    "week day morning evening trip train city coffee book garden walk kitchen "
    "team user reader writer blog post page site theme layout sidebar header "
    "time year data result reason problem answer question example detail part"
)
EN_TITLE_WORDS = _words(
    "notes thoughts lessons tips guide tour look week year journey adventures "
    "python rust go shell git docker postgres sqlite markdown jekyll terminal "
    "cache parser server queue deploy release testing profiling logging backups "
    "coffee garden kyoto osaka tokyo trains books reading cooking bread walking "
    "small simple faster better quiet honest careful practical lazy modern"
)
EN_TITLE_SHAPES = (
    "{A} {b} {c}",
    "{A} and {b}",
    "Notes on {b} {c}",
    "Why {b} {c} matters",
    "How we {v} the {b}",
    "A {b} {c}: part {n}",
    "{A} {b} in {y}",
    "Ten {b} {c} tips",
)
EN_VERBS = _words("built tested moved fixed measured replaced rewrote cached split shipped")

JA_NOUNS = _words(
    "データ 設定 関数 記事 問題 方法 環境 サーバー 開発 結果 理由 時間 名前 ファイル "
    "仕組み 言語 変更 手順 画面 検索 性能 記録 文字 日本語 辞書 駅 電車 旅行 料理 "
    "珈琲 散歩 季節 天気 週末 友人 本 図書館 公園 桜 紅葉 温泉 部屋 仕事 会議 "
    "テスト 実装 設計 変数 配列 例外 端末 キャッシュ 並列処理 文字コード"
)
JA_I_ADJECTIVES = _words("新しい 古い 大きい 小さい 速い 遅い 面白い 難しい 易しい 多い 少ない")
JA_NA_ADJECTIVES = _words("簡単な 便利な 面倒な 静かな 大切な 丁寧な 不思議な 素敵な")
JA_VERBS = _words(
    "使います 確認しました 書きました 試してみました 直しました 読みました "
    "調べました 比べました 変えました 作りました 動かしました 考えています"
)
JA_TITLE_VERBS = _words("使う 確かめる 書く 試す 直す 読む 調べる 比べる 作る 動かす")
JA_ADVERBS = _words("とても 少し まず 次に 実は やはり 結局 もう一度 ようやく 改めて")
JA_TIMES = _words("昨日 今朝 先週 今年 週末に 夕方 最近 久しぶりに")
JA_LATIN = _words("Python Rust Git Docker Markdown Jekyll SQLite Linux macOS UTF-8")
JA_SENTENCE_SHAPES = (
    "{adv}{n1}は{na}{n2}です。",
    "{n1}を{v}。",
    "{n1}の{n2}が{i}ので、{n3}を{v}。",
    "{t}、{n1}で{n2}を{v}。",
    "{l}の{n1}について{v}。",
    "{n1}と{n2}を比べると、{n3}の方が{i}です。",
    "{adv}{n1}が{i}と感じました。",
    "{t}は{n1}の{n2}を{v}けれど、{n3}はまだ{na}ままです。",
)
JA_TITLE_SHAPES = (
    "{n1}の{n2}について",
    "{l}で{n1}を{v}",
    "{t}の{n1}と{n2}",
    "{na}{n1}の話",
    "{n1}メモ その{k}",
)
JA_HEADINGS = ("はじめに", "背景", "やったこと", "結果", "まとめ", "感想", "参考")

CATEGORIES = _words("dev python rust web ops life travel books food photo diary notes")
JA_CATEGORIES = _words("日記 技術 読書 旅行 料理")
TAGS = _words(
    "python rust go git docker linux macos vim emacs markdown jekyll testing "
    "performance sqlite postgres http css tokyo kyoto cooking coffee review "
    "tutorial howto til release"
)
JA_TAGS = _words("メモ 初心者 備忘録 まとめ 雑記 写真 日本語")
AUTHORS = ("Mika Tanaka", "Sam Okafor", "Lena Vogt", "田中 美香", "佐藤 健", "jo")
FOLDERS = ("notes", "travel", "work")
LANGUAGES = ("python", "bash", "rust", "json", "yaml", "javascript", "")
IDENTIFIERS = _words("path data items total count result config cache user name value rows")

CODE_SHAPES: dict[str, tuple[str, ...]] = {
    "python": (
        "def {f}({a}, {b}):",
        '    """Return the {a} for {b}."""',
        "    {a} = [{b} for {b} in {c} if {b}]",
        "    if not {a}:",
        "        return {n}",
        "    return sum({a}) // {n}",
        "",
        'print({f}({c}, "{a}"))',
    ),
    "bash": (
        "set -euo pipefail",
        "for {a} in ./{b}/*.md; do",
        '  wc -c "${a}"',
        "done | sort -n | tail -{n}",
        "git log --oneline -{n} -- {c}/",
    ),
    "rust": (
        "fn {f}({a}: &[u32]) -> u32 {{",
        "    let {b} = {a}.iter().copied().filter(|x| *x > {n});",
        "    {b}.sum()",
        "}}",
    ),
    "json": (
        "{{",
        '  "{a}": {n},',
        '  "{b}": ["{c}", "{f}"],',
        '  "enabled": true',
        "}}",
    ),
    "yaml": (
        "{a}:",
        "  {b}: {n}",
        "  {c}:",
        "    - {f}",
        "    - {a}",
    ),
    "javascript": (
        "const {a} = await fetch(`/api/{b}?limit={n}`);",
        "const {c} = await {a}.json();",
        "console.log({c}.map(({f}) => {f}.{b}));",
    ),
    "": (
        "$ reader list ~/blog --tag {a}",
        "{n} posts, {b} categories",
    ),
}


class _Writer:
    """Builds one post body from random pieces; all randomness comes from ``rng``."""

    def __init__(self, rng: random.Random, japanese: bool) -> None:
        self.rng = rng
        self.random = rng.random
        self.japanese = japanese

    def pick(self, items: Sequence[str]) -> str:
        """``rng.choice`` without its overhead (generation speed matters here)."""
        return items[int(self.random() * len(items))]

    # Sentences and paragraphs -----------------------------------------------------------

    def en_sentence(self) -> str:
        return self.en_sentences(1)[0]

    def en_sentences(self, count: int) -> list[str]:
        random_ = self.random
        lengths = [6 + int(random_() * 13) for _ in range(count)]
        pool = self.rng.choices(EN_WORDS, k=sum(lengths))
        sentences = []
        start = 0
        for length in lengths:
            words = pool[start : start + length]
            start += length
            roll = random_()
            if roll < 0.08:
                words[int(random_() * length)] = f"`{self.pick(IDENTIFIERS)}`"
            elif roll < 0.12:
                word = self.pick(EN_TITLE_WORDS)
                words[-1] = f"[{word}](https://example.com/{word}/)"
            elif roll < 0.16:
                words[int(random_() * length)] = f"**{self.pick(EN_WORDS)}**"
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + self.pick(".....?!"))
        return sentences

    def ja_sentence(self) -> str:
        pick = self.pick
        return pick(JA_SENTENCE_SHAPES).format(
            adv=pick(JA_ADVERBS),
            n1=pick(JA_NOUNS),
            n2=pick(JA_NOUNS),
            n3=pick(JA_NOUNS),
            i=pick(JA_I_ADJECTIVES),
            na=pick(JA_NA_ADJECTIVES),
            v=pick(JA_VERBS),
            t=pick(JA_TIMES),
            l=pick(JA_LATIN),
        )

    def sentence(self) -> str:
        return self.ja_sentence() if self.japanese else self.en_sentence()

    def paragraph(self) -> str:
        count = 2 + int(self.random() * 5)
        if not self.japanese:
            return " ".join(self.en_sentences(count))
        sentences = [self.ja_sentence() for _ in range(count)]
        # Japanese writers often break lines mid-paragraph, without spaces.
        return ("\n" if self.random() < 0.3 else "").join(sentences)

    # Blocks -------------------------------------------------------------------------------

    def heading(self, level: int) -> str:
        if self.japanese:
            text = self.rng.choice(JA_HEADINGS + tuple(f"{n}について" for n in JA_NOUNS[:8]))
        else:
            text = " ".join(self.rng.choices(EN_TITLE_WORDS, k=self.rng.randint(1, 4)))
            text = text[0].upper() + text[1:]
        return "#" * level + " " + text

    def bullet_list(self) -> str:
        ordered = self.rng.random() < 0.3
        lines = []
        for index in range(1, self.rng.randint(3, 7)):
            marker = f"{index}." if ordered else self.pick("-*")
            item = self.sentence() if self.random() < 0.6 else self.short_phrase()
            lines.append(f"{marker} {item}")
            if not ordered and self.random() < 0.15:
                lines.append(f"  - {self.short_phrase()}")
        return "\n".join(lines)

    def short_phrase(self) -> str:
        if self.japanese:
            n1, n2 = self.rng.choices(JA_NOUNS, k=2)
            return f"{n1}の{n2}"
        return " ".join(self.rng.choices(EN_WORDS, k=2 + int(self.random() * 4)))

    def code_fence(self) -> str:
        rng = self.rng
        language = rng.choice(LANGUAGES)
        a, b, c, f = rng.sample(IDENTIFIERS, 4)
        lines = [
            line.format(a=a, b=b, c=c, f=f, n=rng.randint(1, 500)) for line in CODE_SHAPES[language]
        ]
        return "\n".join([f"```{language}", *lines, "```"])

    def table(self) -> str:
        rng = self.rng
        columns = rng.randint(2, 4)
        if self.japanese:
            header = rng.sample(JA_NOUNS, columns)
        else:
            header = [word.capitalize() for word in rng.sample(EN_TITLE_WORDS, columns)]
        rows = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
        for _ in range(rng.randint(2, 6)):
            cells = [self.short_phrase()] + [
                f"{rng.uniform(0, 1000):.1f}" if rng.random() < 0.6 else rng.choice(IDENTIFIERS)
                for _ in range(columns - 1)
            ]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def quote(self) -> str:
        return "> " + self.sentence()

    def image(self) -> str:
        name = self.rng.choice(IDENTIFIERS)
        return f"![{name}](/assets/img/{name}-{self.rng.randint(1, 99)}.png)"

    def body(self, target_bytes: int) -> str:
        rng = self.rng
        blocks = [self.paragraph()]
        if rng.random() < 0.2:
            blocks.append("<!--more-->")
        size = len(blocks[0].encode())
        # Each maker listed as often as its weight (out of 20).
        makers: list[Callable[[], str]] = [
            *[self.paragraph] * 9,
            *[lambda: self.heading(2)] * 2,
            lambda: self.heading(3),
            *[self.bullet_list] * 2,
            *[self.code_fence] * 3,
            self.table,
            self.quote,
            self.image,
        ]
        while size < target_bytes:
            block = makers[int(self.random() * len(makers))]()
            encoded = len(block.encode()) + 2
            if size + encoded > MAX_BODY_BYTES and size >= MIN_BODY_BYTES:
                break
            blocks.append(block)
            size += encoded
        return "\n\n".join(blocks) + "\n"


# Front matter ---------------------------------------------------------------------------


def _quoted(text: str, rng: random.Random) -> str:
    """A YAML scalar for ``text``: plain when safe, else single or double quoted."""
    needs_quotes = ":" in text or " #" in text or text[0] in "!&*[]{}#|>@`\"'%,?-"
    style = rng.random()
    if not needs_quotes and style < 0.5:
        return text
    if style < 0.75:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(key: str, items: list[str], rng: random.Random) -> str:
    """``key`` with ``items`` as a flow list, a block list or a space-separated string."""
    style = rng.random()
    if style < 0.4:
        return f"{key}: [{', '.join(items)}]"
    if style < 0.75:
        indent = rng.choice(("  ", ""))
        return f"{key}:\n" + "\n".join(f"{indent}- {item}" for item in items)
    if len(items) == 1 and rng.random() < 0.5:
        return f"{key}: {items[0]}"
    return f"{key}: {' '.join(items)}"


def _title(rng: random.Random, japanese: bool) -> tuple[str, str]:
    """A post's title and its (ASCII) slug."""
    slug_words = rng.sample(EN_TITLE_WORDS, rng.randint(2, 4))
    slug = "-".join(slug_words)
    if japanese:
        n1, n2 = rng.sample(JA_NOUNS, 2)
        title = rng.choice(JA_TITLE_SHAPES).format(
            n1=n1,
            n2=n2,
            l=rng.choice(JA_LATIN),
            v=rng.choice(JA_TITLE_VERBS),
            t=rng.choice(JA_TIMES),
            na=rng.choice(JA_NA_ADJECTIVES),
            k=rng.randint(1, 12),
        )
        return title, slug
    a, b, c = slug_words[0], slug_words[1], slug_words[-1]
    title = rng.choice(EN_TITLE_SHAPES).format(
        A=a.capitalize(),
        b=b,
        c=c,
        v=rng.choice(EN_VERBS),
        n=rng.randint(1, 5),
        y=rng.randint(2014, 2024),
    )
    return title, slug


def _front_matter(
    rng: random.Random, title: str, moment: datetime, japanese: bool, body: str
) -> str:
    categories = rng.sample(CATEGORIES, rng.randint(1, 2))
    tags = rng.sample(TAGS, rng.randint(0, 5))
    if japanese:
        categories.append(rng.choice(JA_CATEGORIES))
        tags += rng.sample(JA_TAGS, rng.randint(1, 2))
    offset = moment.strftime("%z")
    lines = ["---", "layout: post", f"title: {_quoted(title, rng)}"]
    lines.append(f"date: {moment:%Y-%m-%d %H:%M:%S} {offset}")
    if rng.random() < 0.15:
        lines.append(f"category: {categories.pop()}")
    if categories:
        lines.append(_yaml_list("categories", categories, rng))
    if tags:
        lines.append(_yaml_list("tags", tags, rng))
    lines.append(f"author: {_quoted(rng.choice(AUTHORS), rng)}")
    if rng.random() < 0.3:
        first = body.split("\n", 1)[0][:140]
        lines.append(f"excerpt: {_quoted(first, rng)}")
    if rng.random() < 0.25:
        characters = len(body)
        rate = 500 if japanese else 1200  # characters a minute, roughly
        lines.append(f"reading_time: {max(1, characters // rate)}")
    if rng.random() < 0.2:
        lines.append(f"comments: {rng.choice(('true', 'false'))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _double_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SITE_NAMES = _words("notes field-log paper-trail tinkering weekly night-shift")


def _realistic_front_matter(
    rng: random.Random, title: str, moment: datetime, japanese: bool, body: str
) -> str:
    """Front matter shaped like real themes' posts rather than ``key: value`` lines.

    The shapes (not the text) of the posts in ``../shared/corpus``: Minimal Mistakes posts
    with a nested ``header:`` mapping, quoted values holding colons, ``- item`` lists
    under a key, ``toc`` flags, ISO ``last_modified_at``, comments, a folded
    ``description: >-``; Hugo posts with ISO dates, ``draft:`` and quoted flow lists;
    Jekyll docs posts with a ``+0000`` date and a version number.
    """
    categories = rng.sample(CATEGORIES, rng.randint(1, 2))
    tags = rng.sample(TAGS, rng.randint(1, 5))
    if japanese:
        tags += rng.sample(JA_TAGS, rng.randint(1, 2))
    first = body.split("\n", 1)[0][:120]
    shape = rng.random()
    if shape < 0.45:  # a Minimal Mistakes theme post
        lines = ["---", f"title: {_double_quoted(f'{title}: {rng.choice(TAGS)}')}"]
        lines.append(f"excerpt: {_double_quoted(first)}")
        lines.append(f"last_modified_at: {moment:%Y-%m-%dT%H:%M:%S%z}"[:-2] + ":00")
        if rng.random() < 0.15:
            lines += ["header:", f"  overlay_image: /assets/images/{rng.choice(SITE_NAMES)}.jpg"]
            lines += ["  overlay_filter: 0.5", f'  caption: "Photo: [{rng.choice(AUTHORS)}]()"']
        lines += ["categories:", *(f"  - {name}" for name in categories)]
        lines += ["tags:", *(f"  - {name}" for name in tags)]
        if rng.random() < 0.4:
            lines += ["toc: true", 'toc_label: "On this page"', "toc_sticky: true"]
        if rng.random() < 0.3:
            lines.append("# kept for the old theme")
            lines.append("comments: false")
    elif shape < 0.8:  # a Hugo theme post
        lines = ["---", f"title: {_double_quoted(title)}"]
        lines.append(f"date: {moment:%Y-%m-%dT%H:%M:%S%z}"[:-2] + ":00")
        lines.append(f"draft: {rng.choice(('false', 'false', 'true'))}")
        lines.append(f"tags: [{', '.join(chr(34) + tag + chr(34) for tag in tags)}]")
        lines.append(f'categories: ["{categories[0]}"]')
        lines.append(f'author: "{rng.choice(AUTHORS)}"')
        if rng.random() < 0.1:
            lines += ["description: >-", f"  {first}", f"  {rng.choice(TAGS)} and more."]
    else:  # a Jekyll docs release post
        lines = ["---", f"title: {_quoted(title, rng)}"]
        lines.append(f"date: {moment:%Y-%m-%d %H:%M:%S} {moment:%z}")
        lines.append(f"author: {rng.choice(AUTHORS).split()[0].lower()}")
        lines.append(f"version: {rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}")
        lines.append(f"categories: [{categories[0]}]")
    lines.append("---")
    return "\n".join(lines) + "\n"


FRONT_MATTER_SHAPES = {"generated": _front_matter, "realistic": _realistic_front_matter}


def make_post(rng: random.Random, shapes: str = "generated") -> tuple[str, datetime, str]:
    """One post from ``rng``: ``(slug, date, full text)``.

    ``shapes`` chooses the front matter: ``generated`` (``key: value`` lines) or
    ``realistic`` (the shapes of real themes' posts, see ``_realistic_front_matter``).
    """
    japanese = rng.random() < JAPANESE_SHARE
    zone = ZONES[1] if (japanese or rng.random() < 0.2) and rng.random() < 0.85 else ZONES[0]
    moment = (FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))).astimezone(zone)
    title, slug = _title(rng, japanese)
    writer = _Writer(rng, japanese)
    body = writer.body(rng.randint(MIN_BODY_BYTES, MAX_BODY_BYTES - 600))
    front_matter = FRONT_MATTER_SHAPES[shapes](rng, title, moment, japanese, body)
    text = front_matter + "\n" + body
    return slug, moment, text


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    """The median time of ``action`` over ``rounds`` runs."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def make_library(out: Path, count: int, seed: int = 0, shapes: str = "generated") -> None:
    """Write ``count`` generated Jekyll posts under ``out`` (created if needed).

    ``shapes`` chooses their front matter (see ``make_post``).

    The same ``count`` and ``seed`` always give the same files. Existing files with the
    same names are overwritten; nothing else in ``out`` is touched.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "_config.yml").write_text("title: Generated benchmark blog\n", encoding="utf-8")
    folders = [out / "_posts", *(out / name / "_posts" for name in FOLDERS)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    used: set[Path] = set()
    for _ in range(count):
        slug, moment, text = make_post(rng, shapes)
        folder = folders[0]
        if rng.random() < FOLDER_CATEGORY_SHARE:
            folder = folders[1 + rng.randrange(len(FOLDERS))]
        path = folder / f"{moment:%Y-%m-%d}-{slug}.md"
        suffix = 2
        while path in used:
            path = folder / f"{moment:%Y-%m-%d}-{slug}-{suffix}.md"
            suffix += 1
        used.add(path)
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--count N --out DIR --seed S``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000, help="posts to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    started = time.perf_counter()
    make_library(args.out, args.count, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.count:,} posts to {args.out} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
