"""Whether a web browser can open links from here (over SSH, or headless, none can)."""

from __future__ import annotations

import webbrowser


def can_open_web_pages() -> bool:
    """Whether the standard library finds a browser that runs beside the terminal.

    A text browser (lynx, w3m) would take over the terminal reader is drawn in, so it
    counts as none.
    """
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    console_only = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    )
    return not console_only
