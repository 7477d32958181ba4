"""An option list that moves with the keys a reader expects (j/k, space/b, g/G)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyboardOptionList(OptionList):
    """OptionList with vi and pager keys beside the arrows; the base of reader's lists."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
    ]
