"""The listing: what the library shows, worked out once, and the keys that read it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.model.filters import SortOrder
from reader.model.grouping import Grouping, reading_order
from reader.model.listing import ListChoice, Listing
from reader.model.post import PostSummary


def post(name: str, categories: list[str], day: int = 1) -> PostSummary:
    """A post of ``categories`` dated ``day`` January 2024."""
    return PostSummary(
        path=Path(f"/{name}.md"), title=name, date=datetime(2024, 1, day), categories=categories
    )


def test_a_post_in_two_categories_is_stepped_through_once() -> None:
    posts = [post("a", ["x", "y"], 3), post("b", ["y"], 2), post("c", ["x"], 1)]
    listing = Listing.of(posts, ListChoice(Grouping.CATEGORY))
    assert [p.title for p in listing.order] == ["a", "c", "b"]
    assert listing.step(posts[0], 1) is posts[2]
    assert listing.step(posts[2], 1) is posts[1]
    assert listing.step(posts[1], 1) is None
    assert listing.step(posts[0], -1) is None


def test_a_post_read_afresh_from_its_file_is_found_by_its_path() -> None:
    posts = [post("a", []), post("b", [])]
    listing = Listing.of(posts, ListChoice(Grouping.ALL))
    assert listing.position(post("b", ["other"])) == 1
    assert listing.position(post("elsewhere", [])) is None


def test_next_unread_wraps_around_and_skips_the_post_itself() -> None:
    posts = [post(name, [], day) for name, day in [("a", 4), ("b", 3), ("c", 2), ("d", 1)]]
    listing = Listing.of(posts, ListChoice(Grouping.ALL))
    read = {"b", "d"}
    assert listing.next_unread(posts[2], lambda p: p.title in read) is posts[0]
    assert listing.next_unread(posts[0], lambda p: p.title in read) is posts[2]
    assert listing.next_unread(posts[0], lambda p: p.title != "a") is None


def test_the_filter_leaves_posts_out_of_the_order() -> None:
    posts = [post("python tips", []), post("cooking", [])]
    listing = Listing.of(posts, ListChoice(Grouping.ALL, filter_text="python"))
    assert [p.title for p in listing.order] == ["python tips"]


@given(
    st.lists(
        st.tuples(st.sampled_from(["x", "y", "z"]), st.booleans(), st.integers(1, 28)),
        max_size=30,
    ),
    st.sampled_from(list(Grouping)),
    st.sampled_from(list(SortOrder)),
)
def test_the_order_is_the_groups_reading_order(
    shapes: list[tuple[str, bool, int]], grouping: Grouping, order: SortOrder
) -> None:
    posts = [
        post(f"p{number}", [category, "w"] if twice else [category], day)
        for number, (category, twice, day) in enumerate(shapes)
    ]
    posts.sort(key=lambda one: one.sort_key)
    listing = Listing.of(posts, ListChoice(grouping, order))
    assert listing.order == reading_order(listing.groups)
    assert listing.prepare() == len(listing.order)


def test_a_listing_is_described_without_its_posts() -> None:
    """Textual describes a worker by its arguments' repr(): a listing's is short."""
    few = Listing.of([post("a", ["x"])], ListChoice())
    many = Listing.of([post(f"p{n}", ["x", "y"], n % 28 + 1) for n in range(1000)], ListChoice())
    assert repr(few) == repr(many)
    assert "p999" not in repr(many)
