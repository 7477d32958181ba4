"""The one way a post file is read: regular files only, never waiting, at most 10 MB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.model.library import load_library
from reader.model.post_file import UnreadablePostError, read_post_file
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.search import search


def test_a_regular_file_is_read_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: T\n---\nBody\n")
    read = read_post_file(path)
    assert (read.data, read.size) == (path.read_bytes(), path.stat().st_size)


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)  # opening it to read would block until someone writes
    with pytest.raises(UnreadablePostError, match="not a regular file"):
        read_post_file(fifo)


def test_search_passes_over_a_fifo_in_the_library(tmp_path: Path) -> None:
    (tmp_path / "kept.md").write_text("---\ntitle: Kept\n---\nmiso soup\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    library = load_library([tmp_path], speeds=DEFAULT_SPEEDS)
    hits = search(library, "miso", use_index=False)
    assert [hit.post.title for hit in hits.hits] == ["Kept"]
