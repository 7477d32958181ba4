"""Sixel pictures: encoded once at the cells they cover, kept, drawn at a cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from image_files import write_png
from PIL import Image
from rich.console import Console
from rich.text import Text

from reader.model.image_problem import ImageProblem
from reader.model.image_source import image_folders
from reader.render import pictures as pictures_module
from reader.render.image_block import ImageBlock
from reader.render.pictures import PictureBook, PictureRequest, load_picture, sixel_picture
from reader.render.sixel import SixelPicture, drawn_at, overlay, sixel_encoded

RASTER = re.compile(r'^\x1bP0;0;0q"1;1;(\d+);(\d+)')


def test_a_picture_is_encoded_padded_to_the_whole_cells_it_covers() -> None:
    picture = Image.new("RGB", (75, 30), (200, 40, 40))
    encoded = sixel_encoded(picture, 8, 2, (10, 20), (0, 0, 0))
    assert (encoded.columns, encoded.rows) == (8, 2)
    found = RASTER.match(encoded.sixel)
    assert found is not None and (int(found[1]), int(found[2])) == (80, 40)
    assert encoded.sixel.endswith("\x1b\\")
    colours = set(re.findall(r"#\d+;2;(\d+;\d+;\d+)", encoded.sixel))
    assert colours == {"78;16;16", "0;0;0"}  # the red (in percent), the background around it


def test_drawn_at_a_cell_with_the_cursor_put_back() -> None:
    picture = SixelPicture("\x1bPq#0!8~\x1b\\", 1, 1)
    drawn = overlay(drawn_at(4, 2, picture))
    assert drawn == "\x1b7\x1b[3;5H\x1bPq#0!8~\x1b\\\x1b8"
    assert overlay("") == ""


def laid_out_picture(tmp_path: Path) -> tuple[PictureBook, PictureRequest, Image.Image]:
    post = tmp_path / "post.md"
    write_png(tmp_path / "wide.png", (64, 32))
    book = PictureBook(post, image_folders(post), max_height=4)
    book.lines(ImageBlock("wide.png", "Wide", "", Text("[image]")), Console(width=10), 10)
    (request,) = book.take_wanted()
    picture = load_picture(request, tmp_path / "cache", remote=False)
    assert not isinstance(picture, ImageProblem)
    return book, request, picture


def test_the_book_keeps_each_pictures_encoding_the_latest_up_to_a_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book, request, picture = laid_out_picture(tmp_path)
    encoded = sixel_picture(request, picture, (10, 20), tmp_path / "cache", False, (0, 0, 0))
    assert isinstance(encoded, SixelPicture) and (encoded.columns, encoded.rows) == (8, 2)
    assert book.sixel_picture(request) is None
    book.store_sixel(request, encoded)
    assert book.sixel_picture(request) is encoded  # the same string, not encoded again

    monkeypatch.setattr(pictures_module, "KEPT_SIXEL_BYTES", len(encoded.sixel) * 2)
    others = [PictureRequest(request.source, (width, 8)) for width in (11, 12)]
    book.store_sixel(others[0], encoded)
    book.sixel_picture(request)  # used lately: kept
    book.store_sixel(others[1], encoded)
    assert book.sixel_picture(request) is encoded and book.sixel_picture(others[1]) is encoded
    assert book.sixel_picture(others[0]) is None  # the one used least lately let go
    book.store_sixel(others[1], encoded)  # stored again: counted once
    assert book.sixel_picture(request) is encoded


def test_a_picture_too_many_cells_across_is_not_encoded(tmp_path: Path) -> None:
    _book, request, _picture = laid_out_picture(tmp_path)
    too_wide = Image.new("RGB", (400, 4))
    assert sixel_picture(request, too_wide, (10, 20), tmp_path / "cache", False, (0, 0, 0)) is None
