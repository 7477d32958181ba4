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

    def action_page_up(self) -> None:
        """Move a page up; at the top, stay on the first row that can be chosen."""
        super().action_page_up()  # type: ignore[no-untyped-call]  # unannotated in Textual
        if self.highlighted is None:  # the page ended on a group heading, which is skipped
            self.action_first()

    def action_page_down(self) -> None:
        """Move a page down; at the bottom, stay on the last row that can be chosen."""
        super().action_page_down()  # type: ignore[no-untyped-call]  # unannotated in Textual
        if self.highlighted is None:
            self.action_last()
