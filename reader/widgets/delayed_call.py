"""One call that waits on a timer: the debounce and throttle of screens and widgets."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class DelayedCall:
    """``callback`` called ``delay`` seconds later by ``owner``'s timer, at most once waiting.

    ``restart`` waits anew from each call (a debounce: typing pauses, the cursor rests);
    ``soon`` keeps the call already waiting (a throttle: at most one call a delay);
    ``cancel`` forgets it. The callback runs on the owner's thread, as any timer's.
    """

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        self._owner = owner
        self.delay = delay
        self._callback = callback
        self._timer: Timer | None = None

    @property
    def waiting(self) -> bool:
        """Whether a call is waiting."""
        return self._timer is not None

    def restart(self, delay: float | None = None) -> None:
        """Call after ``delay`` (the usual one if None) from now, instead of any waiting call."""
        self.cancel()
        self._timer = self._owner.set_timer(self.delay if delay is None else delay, self._fire)

    def soon(self) -> None:
        """Call after the delay, unless a call is waiting already."""
        if self._timer is None:
            self.restart()

    def cancel(self) -> None:
        """Forget the waiting call, if any."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self._callback()
