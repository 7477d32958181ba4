"""The filter box's language and the sort orders, without a UI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reader.model.filters import PostFilter, SortOrder, sort_posts
from reader.model.post import PostSummary


def _post(title: str, **fields: object) -> PostSummary:
    return PostSummary(path=Path(f"{title}.md"), title=title, **fields)  # type: ignore[arg-type]


POSTS = [
    _post(
        "Structured logging in Python",
        date=datetime(2024, 5, 1, tzinfo=UTC),
        categories=["Post Formats"],
        tags=["python"],
        authors=["Mara Lindqvist"],
        estimated_minutes=9,
    ),
    _post(
        "毎朝の味噌汁",
        date=datetime(2023, 4, 2, tzinfo=UTC),
        categories=["料理"],
        tags=["japan", "food"],
        authors=["山田"],
        estimated_minutes=4,
    ),
    _post("A draft about Python", draft=True, tags=["python"], estimated_minutes=1),
]


def _titles(query: str) -> list[str]:
    return [post.title for post in PostFilter.parse(query).apply(POSTS)]


def test_free_text_needs_every_word_somewhere() -> None:
    assert _titles("logging python") == ["Structured logging in Python"]  # title and tag
    assert _titles("PYTHON") == ["Structured logging in Python", "A draft about Python"]
    assert _titles("味噌汁") == ["毎朝の味噌汁"]
    assert _titles("logging rust") == []


def test_fields_narrow_the_list() -> None:
    assert _titles("tag:python") == ["Structured logging in Python", "A draft about Python"]
    assert _titles("tag:Python is:draft") == ["A draft about Python"]
    assert _titles("tag:python -is:draft") == ["Structured logging in Python"]
    assert _titles("author:lind") == ["Structured logging in Python"]
    assert _titles("year:2023") == ["毎朝の味噌汁"]
    assert _titles("category:料理 tag:food") == ["毎朝の味噌汁"]
    assert _titles('category:"post formats"') == ["Structured logging in Python"]


def test_what_is_not_a_field_is_text() -> None:
    assert PostFilter.parse("year:soon") == PostFilter(text="year:soon")
    assert PostFilter.parse("colour:red") == PostFilter(text="colour:red")
    assert PostFilter.parse('tag:x "still typing') == PostFilter(text='"still typing', tag="x")
    assert PostFilter.parse("don't panic") == PostFilter(text="don't panic")


def _dated(name: str, title: str, day: int, minutes: int) -> PostSummary:
    return PostSummary(
        path=Path(f"{name}.md"),
        title=title,
        date=datetime(2024, 1, day, tzinfo=UTC),
        estimated_minutes=minutes,
    )


def test_sort_orders_keep_ties_newest_first() -> None:
    # Ties in title (whatever the case) and in reading time, each tie in an order that
    # neither the file names nor the titles would give: only "newest first" gives it.
    library = [
        _dated("a", "Notes", 1, 5),
        _dated("b", "notes", 3, 2),
        _dated("c", "Kyoto", 2, 5),
        _dated("d", "NOTES", 4, 9),
        _dated("e", "Aomori", 5, 2),
    ]
    newest_first = sorted(library, key=lambda post: post.sort_key)
    assert [post.path.stem for post in newest_first] == ["e", "d", "b", "c", "a"]

    def stems(order: SortOrder) -> list[str]:
        return [post.path.stem for post in sort_posts(newest_first, order)]

    assert stems(SortOrder.TITLE) == ["e", "c", "d", "b", "a"]  # Notes: 4th, 3rd, 1st
    assert stems(SortOrder.READING_TIME) == ["e", "b", "c", "a", "d"]  # 2, 2, 5, 5, 9 min
    assert stems(SortOrder.DATE) == ["e", "d", "b", "c", "a"]
    assert [order.label for order in SortOrder] == ["newest first", "by title", "shortest first"]
    assert SortOrder.READING_TIME.next() is SortOrder.DATE
