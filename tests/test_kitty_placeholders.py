"""Kitty's graphics protocol through Unicode placeholders: the escapes sent, the cells drawn."""

from __future__ import annotations

import base64
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from image_files import png_bytes, write_png
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.model.image_problem import ImageProblem
from reader.model.image_source import image_folders
from reader.render.image_block import ImageBlock
from reader.render.kitty_placeholders import (
    DIACRITICS,
    LARGEST_ID,
    MAX_CELLS,
    PLACEHOLDER,
    delete_sequence,
    new_image_id,
    placeholder_row,
    placeholder_style,
    upload_sequence,
)
from reader.render.pictures import (
    KittyPicture,
    PictureBook,
    PictureRow,
    kitty_picture,
    load_picture,
)

MESSAGE = re.compile(r"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")


def messages(sequence: str) -> list[tuple[dict[str, str], str]]:
    """The protocol's messages in ``sequence``: their keys, and their payload."""
    found = [
        (dict(pair.split("=", 1) for pair in keys.split(",")), payload or "")
        for keys, payload in MESSAGE.findall(sequence)
    ]
    assert MESSAGE.sub("", sequence) == ""  # nothing else in between
    return found


def cells(row: str) -> list[tuple[int, int]]:
    """The (row, column) each placeholder cell of ``row`` names."""
    assert len(row) % 3 == 0
    named = []
    for start in range(0, len(row), 3):
        placeholder, row_mark, column_mark = row[start], row[start + 1], row[start + 2]
        assert placeholder == PLACEHOLDER
        named.append((DIACRITICS.index(ord(row_mark)), DIACRITICS.index(ord(column_mark))))
    return named


def test_an_upload_sends_the_png_in_chunks_then_places_it_without_answers() -> None:
    png = png_bytes((3, 2)) + random.Random(0).randbytes(10_000)  # opaque to the escapes
    sent = messages(upload_sequence(77, png, 30, 10))
    *chunks, (placement, no_payload) = sent
    assert len(chunks) > 1  # a PNG of this size takes several messages
    first, _ = chunks[0]
    assert (first["a"], first["f"], first["i"]) == ("t", "100", "77")
    assert [keys["m"] for keys, _ in chunks] == ["1"] * (len(chunks) - 1) + ["0"]
    assert all(len(payload) <= 4096 for _, payload in chunks)
    assert base64.b64decode("".join(payload for _, payload in chunks)) == png
    assert placement == {"a": "p", "U": "1", "i": "77", "c": "30", "r": "10", "q": "2"}
    assert not no_payload
    assert all(keys["q"] == "2" for keys, _ in sent)  # an answer would arrive as keys


def test_a_placement_larger_than_the_diacritics_can_name_is_refused() -> None:
    with pytest.raises(ValueError, match="cells"):
        upload_sequence(1, b"png", MAX_CELLS + 1, 4)


def test_a_delete_frees_the_image_data() -> None:
    ((keys, payload),) = messages(delete_sequence(123))
    assert keys == {"a": "d", "d": "I", "i": "123", "q": "2"} and not payload


@given(
    st.integers(1, LARGEST_ID),
    st.integers(0, MAX_CELLS - 1),
    st.integers(1, MAX_CELLS),
)
def test_a_placeholder_row_names_its_image_row_and_columns(
    image_id: int, row: int, columns: int
) -> None:
    segment = placeholder_row(image_id, row, columns)
    assert cell_len(segment.text) == columns
    assert cells(segment.text) == [(row, column) for column in range(columns)]
    colour = segment.style.color if segment.style else None
    assert colour is not None and colour.triplet is not None
    red, green, blue = colour.triplet
    assert (red << 16) | (green << 8) | blue == image_id


def test_the_placeholders_colour_survives_the_styles_around_it() -> None:
    around = Style(dim=True, reverse=True, color="red", bgcolor="blue")
    combined = around + placeholder_style(0x123456)
    assert not combined.dim and not combined.reverse
    assert combined.color is not None and combined.color.triplet is not None
    assert combined.color.triplet.hex == "#123456"


def test_image_ids_fit_a_colour_and_are_not_repeated() -> None:
    ids = [new_image_id() for _ in range(1000)]
    assert len(set(ids)) == 1000 and all(0 < image_id <= LARGEST_ID for image_id in ids)


def test_a_placed_picture_is_drawn_as_placeholders_only_when_asked(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    write_png(tmp_path / "wide.png", (64, 32))
    book = PictureBook(post, image_folders(post), max_height=4)
    block = ImageBlock("wide.png", "Wide", "", Text("[image]"))
    console = Console(width=10)
    book.lines(block, console, 10)
    (request,) = book.take_wanted()
    picture = load_picture(request, tmp_path / "cache", remote=False)
    assert not isinstance(picture, ImageProblem)
    book.store(request, picture)
    _first, second, _caption = book.lines(block, console, 10)
    assert isinstance(second, PictureRow)

    sharp = kitty_picture(request, picture, (10, 20), tmp_path / "cache", remote=False)
    assert isinstance(sharp, KittyPicture) and (sharp.columns, sharp.rows) == (8, 2)
    book.placed(request, sharp.columns)
    image_id = book.image_id(request)
    assert "▀" in book.drawn_row(second)[-1].text  # half blocks unless asked
    margin, cells_row = book.drawn_row(second, placeholders=True)
    assert margin.text == " " and cells(cells_row.text) == [(1, column) for column in range(8)]
    assert book.image_ids() == [image_id]

    assert book.forget_placed() == [request]
    assert "▀" in book.drawn_row(second, placeholders=True)[-1].text
