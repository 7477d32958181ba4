"""Python's cycle collector, tuned in one place for what reader makes: many long-lived posts.

reader's objects hold almost no reference cycles, and it makes them in bursts (100,000
posts at a time) that then live as long as the process. The cycle collector runs every
few hundred new objects and walks every object alive, so by default its passes grow with
the library. ``benchmarks/collector.py`` measures both remedies used here:

* ``collector_paused`` while posts are built: building them no longer sets it off again
  and again (20,000 posts: 7.6 s with it running, 5.7 s paused, on a busy machine);
* ``freeze_survivors`` once they are built: what is alive then (the app's modules, the
  library's posts) is left out of every later pass, so passes stay short however big the
  library (a full pass with 100,000 posts alive: 478 ms, under 0.1 ms frozen).
  ``thaw_survivors`` gives them back when they may be dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a burst of objects without cycles is made."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_survivors() -> None:
    """Leave every object alive now out of the collector's later passes."""
    gc.freeze()


def thaw_survivors() -> None:
    """Give the frozen objects back to the collector (they may be dropped now)."""
    gc.unfreeze()
