"""Dates: every shape front matter and file names give, normalised to aware datetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as clock

import pytest
from conftest import PostFiles, problem_messages
from growth import assert_linear

from reader.model.dates import InvalidDateError, parse_date, split_file_name_date
from reader.model.library import load_library
from reader.model.reading_time import DEFAULT_SPEEDS

PLUS_2 = timezone(timedelta(hours=2))
PLUS_9 = timezone(timedelta(hours=9))
MINUS_8 = timezone(timedelta(hours=-8))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 5), datetime(2024, 3, 5, tzinfo=UTC)),
        (datetime(2024, 3, 5, 10, 30), datetime(2024, 3, 5, 10, 30, tzinfo=UTC)),
        (datetime(2024, 3, 5, 10, 30, tzinfo=PLUS_9), datetime(2024, 3, 5, 10, 30, tzinfo=PLUS_9)),
        ("2025-11-08 16:36:57 +0000", datetime(2025, 11, 8, 16, 36, 57, tzinfo=UTC)),
        ("2024-06-01 08:00:00 +0200", datetime(2024, 6, 1, 8, tzinfo=PLUS_2)),
        ("2024-06-01 08:00:00 +02:00", datetime(2024, 6, 1, 8, tzinfo=PLUS_2)),
        ("2024-06-01T08:00:00+09:00", datetime(2024, 6, 1, 8, tzinfo=PLUS_9)),
        ("2024-06-01T08:00:00Z", datetime(2024, 6, 1, 8, tzinfo=UTC)),
        ("2024-06-01T08:00:00.250+02:00", datetime(2024, 6, 1, 8, 0, 0, 250000, tzinfo=PLUS_2)),
        ("2024-06-01 08:00", datetime(2024, 6, 1, 8, tzinfo=UTC)),
        ("2024-06-01", datetime(2024, 6, 1, tzinfo=UTC)),
        ("2019-1-7", datetime(2019, 1, 7, tzinfo=UTC)),
        # Ruby's Time#to_s leftovers, as in a jekyll-docs post.
        ("2023-01-29 18:30:22 2023 -0800", datetime(2023, 1, 29, 18, 30, 22, tzinfo=MINUS_8)),
        ("July 4, 2020", datetime(2020, 7, 4, tzinfo=UTC)),
        ("Sat, 04 Jul 2020 10:00:00 +0900", datetime(2020, 7, 4, 10, tzinfo=PLUS_9)),
        ("  2024-06-01  ", datetime(2024, 6, 1, tzinfo=UTC)),
    ],
)
def test_parse_date(value: object, expected: datetime) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "value",
    [
        "2024-02-30",
        "2024-13-01",
        "2024-06-01T10:00:00+25:00",  # no such offset
        "2023-01-29 18:30:22 2022 -0800",  # the repeated year disagrees
        "not a date",
        "",
        "20240101",
        20240101,
        "12:30",  # no year: not silently the year 2000
        "-5",
        "2024-06-01" + " " * 5000 + "x",
        3.5,
        None,
        clock(10, 30),
        ["2024-06-01"],
    ],
)
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(InvalidDateError):
        parse_date(value)


def _reject_long_dates(length: int) -> None:
    for text in ("2024-06-01" + " " * length + "x", "2024-06-01T" + "1" * length):
        with pytest.raises(InvalidDateError):
            parse_date(text)


def test_long_strings_are_rejected_in_linear_time() -> None:
    assert_linear(lambda length: length, _reject_long_dates, 15_000)


@pytest.mark.parametrize(
    ("stem", "expected_date", "slug"),
    [
        ("2024-06-01-hello-world", datetime(2024, 6, 1, tzinfo=UTC), "hello-world"),
        ("2019-1-7-vim_calendar", datetime(2019, 1, 7, tzinfo=UTC), "vim_calendar"),
        (
            "2013-08-15-vim74mac-7.4(snapshot-70)",
            datetime(2013, 8, 15, tzinfo=UTC),
            "vim74mac-7.4(snapshot-70)",
        ),
        ("2019-13-07-bad-month", None, "2019-13-07-bad-month"),
        ("2024-06-01", None, "2024-06-01"),  # no slug: not a Jekyll post name
        ("hello-world", None, "hello-world"),
    ],
)
def test_split_file_name_date(stem: str, expected_date: datetime | None, slug: str) -> None:
    assert split_file_name_date(stem) == (expected_date, slug)


# --- the date of a post ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("---\ndate: 2024-06-01\n---\n", datetime(2024, 6, 1, tzinfo=UTC)),
        ("---\ndate: 2024-06-01T08:00:00+09:00\n---\n", datetime(2024, 6, 1, 8, tzinfo=PLUS_9)),
        ("---\ndate: 2024-06-01 08:00:00\n---\n", datetime(2024, 6, 1, 8, tzinfo=UTC)),
        (
            "---\ndate: 2025-11-08 16:36:57 +0000\n---\n",
            datetime(2025, 11, 8, 16, 36, 57, tzinfo=UTC),
        ),
        ("---\ndate: 2024-06-01 08:00:00 +0200\n---\n", datetime(2024, 6, 1, 8, tzinfo=PLUS_2)),
        ('---\ndate: "2024-06-01T08:00:00Z"\n---\n', datetime(2024, 6, 1, 8, tzinfo=UTC)),
        ("+++\ndate = 2024-06-01T08:00:00+02:00\n+++\n", datetime(2024, 6, 1, 8, tzinfo=PLUS_2)),
        ("+++\ndate = 2024-06-01T08:00:00\n+++\n", datetime(2024, 6, 1, 8, tzinfo=UTC)),
        ("+++\ndate = 2024-06-01\n+++\n", datetime(2024, 6, 1, tzinfo=UTC)),
        ('+++\ndate = "2024-06-01"\n+++\n', datetime(2024, 6, 1, tzinfo=UTC)),
        ('{"date": "2024-06-01T08:00:00+09:00"}\n', datetime(2024, 6, 1, 8, tzinfo=PLUS_9)),
        ("---\npublishDate: 2024-06-02\n---\n", datetime(2024, 6, 2, tzinfo=UTC)),
        ("---\npubdate: 2024-06-03\n---\n", datetime(2024, 6, 3, tzinfo=UTC)),
        ("---\npublished: 2024-06-04\n---\n", datetime(2024, 6, 4, tzinfo=UTC)),
        # date comes first among the aliases
        ("---\ndate: 2024-06-01\npublishDate: 2020-01-01\n---\n", datetime(2024, 6, 1, tzinfo=UTC)),
        ("---\ndate:\npubdate: 2024-06-03\n---\n", datetime(2024, 6, 3, tzinfo=UTC)),
    ],
)
def test_post_date_from_front_matter(
    posts: PostFiles, front_matter: str, expected: datetime
) -> None:
    post = posts.load(front_matter + "Body.\n")
    assert post.date == expected
    assert post.date is not None and post.date.utcoffset() == expected.utcoffset()
    assert post.problems == []


def test_published_false_is_not_a_date(posts: PostFiles) -> None:
    post = posts.load("---\npublished: false\n---\nBody.\n", "2024-06-01-x.md")
    assert post.date == datetime(2024, 6, 1, tzinfo=UTC)
    assert post.draft is True
    assert post.problems == []


def test_published_true_is_not_a_date_either(posts: PostFiles) -> None:
    post = posts.load("---\npublished: true\n---\nBody.\n")
    assert post.date is None
    assert post.draft is False
    assert post.problems == []


def test_date_from_the_file_name(posts: PostFiles) -> None:
    assert posts.load("Body.\n", "2024-06-01-x.md").date == datetime(2024, 6, 1, tzinfo=UTC)
    assert posts.load("Body.\n", "2019-1-7-x.md").date == datetime(2019, 1, 7, tzinfo=UTC)
    assert posts.load("Body.\n", "2019-1-7-x.markdown").date == datetime(2019, 1, 7, tzinfo=UTC)


def test_front_matter_date_beats_the_file_name(posts: PostFiles) -> None:
    post = posts.load("---\ndate: 2020-05-05\n---\n", "2024-06-01-x.md")
    assert post.date == datetime(2020, 5, 5, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2024-02-30", "not a date", "2024-13-01 10:00:00 +0000"])
def test_invalid_date_is_a_problem_and_the_file_name_date_is_used(
    posts: PostFiles, value: str
) -> None:
    post = posts.load(
        f"---\ntitle: Kept\ndate: {value}\ntags: [a]\n---\nBody.\n", "2021-03-04-x.md"
    )
    assert post.date == datetime(2021, 3, 4, tzinfo=UTC)
    assert len(post.problems) == 1
    assert "invalid date" in post.problems[0].message
    assert "file name" in post.problems[0].message
    # the rest of the front matter is still read
    assert post.title == "Kept"
    assert post.tags == ["a"]


def test_invalid_date_without_a_file_name_date(posts: PostFiles) -> None:
    post = posts.load("---\ndate: yesterday\n---\nBody.\n", "x.md")
    assert post.date is None
    assert problem_messages(post) == ["invalid date: yesterday"]


def test_no_date_sorts_last_and_mixed_zones_sort_by_instant(posts: PostFiles) -> None:
    posts.write("---\ntitle: Undated B\n---\n", "b.md")
    posts.write("---\ntitle: Undated A\n---\n", "a.md")
    # 10:00 in Tokyo is 01:00 UTC: earlier than 02:00 UTC.
    posts.write("---\ntitle: Tokyo\ndate: 2024-06-01T10:00:00+09:00\n---\n", "c.md")
    posts.write("---\ntitle: London\ndate: 2024-06-01 02:00:00 +0000\n---\n", "d.md")
    posts.write("---\ntitle: Day only\ndate: 2024-06-02\n---\n", "e.md")
    posts.write("---\ntitle: Far future\ndate: 9999-12-31T23:59:59-05:00\n---\n", "f.md")
    posts.write("---\ntitle: Long ago\ndate: 0001-01-01T00:00:00+05:00\n---\n", "g.md")
    titles = [post.title for post in load_library([posts.folder], speeds=DEFAULT_SPEEDS).posts]
    assert titles == [
        "Far future",
        "Day only",
        "London",
        "Tokyo",
        "Long ago",
        "Undated A",
        "Undated B",
    ]
