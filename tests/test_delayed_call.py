"""DelayedCall: the one debounce and throttle of the screens and widgets."""

from __future__ import annotations

import asyncio

from textual.app import App

from reader.widgets.delayed_call import DelayedCall


async def test_restart_calls_once_after_the_last_restart() -> None:
    calls: list[str] = []
    app: App[None] = App()
    async with app.run_test():
        later = DelayedCall(app, 0.5, lambda: calls.append("called"))
        for _ in range(3):
            later.restart()
            await asyncio.sleep(0.01)
        assert later.waiting and calls == []
        while later.waiting:
            await asyncio.sleep(0.01)
        assert calls == ["called"]


async def test_soon_keeps_the_waiting_call_and_cancel_forgets_it() -> None:
    calls: list[str] = []
    app: App[None] = App()
    async with app.run_test():
        later = DelayedCall(app, 0.05, lambda: calls.append("called"))
        later.soon()
        later.soon()
        while later.waiting:
            await asyncio.sleep(0.01)
        assert calls == ["called"]
        later.soon()
        later.cancel()
        assert not later.waiting
        await asyncio.sleep(0.1)
        assert calls == ["called"]
