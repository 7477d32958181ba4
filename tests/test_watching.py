"""The live library: posts added, edited and removed on disk are read as they change."""

from __future__ import annotations

import queue
import threading

from conftest import PostFiles

from reader.model.library import LibraryChange, load_library
from reader.model.post import PostSummary
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.watching import watch_library

WAIT_SECONDS = 10  # the app shows a change within 2 s; a loaded test machine may be slower


def _post(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-06\n---\nText.\n"


def test_changes_on_disk_are_read_as_they_happen(posts: PostFiles) -> None:
    posts.write(_post("Kept"), "kept.md")
    library = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    stop = threading.Event()
    changes: queue.Queue[LibraryChange] = queue.Queue()

    def watch() -> None:
        for change in watch_library(library, stop):
            changes.put(change)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        # watchfiles starts watching in its thread; give it a moment before changing files.
        stop.wait(0.5)
        added = posts.write(_post("Added"), "added.md")
        (posts.folder / "notes.txt").write_text("not a post: never reported")
        change = changes.get(timeout=WAIT_SECONDS)
        assert [post.title for post in change.updated] == ["Added"]
        assert change.updated[0].path == added
        assert type(change.updated[0]) is PostSummary  # no body kept
        assert change.removed == []
        library.apply(change)
        assert sorted(post.title for post in library.posts) == ["Added", "Kept"]

        posts.write(_post("Kept, edited"), "kept.md")
        change = changes.get(timeout=WAIT_SECONDS)
        assert [post.title for post in change.updated] == ["Kept, edited"]
        library.apply(change)

        added.unlink()
        change = changes.get(timeout=WAIT_SECONDS)
        assert (change.updated, change.removed) == ([], [added])

        library.apply(change)
        assert [post.title for post in library.posts] == ["Kept, edited"]
    finally:
        stop.set()
        watcher.join(timeout=WAIT_SECONDS)
    assert not watcher.is_alive()
    # The cache learned the changes too: the next start reads nothing new.
    restarted = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert [post.title for post in restarted.posts] == ["Kept, edited"]
