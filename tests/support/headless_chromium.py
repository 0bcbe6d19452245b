"""Debian's chromium driven by Playwright, and what a visit to one page recorded.

``playwright install`` cannot download browsers here: the system chromium is launched by
path. Without it the browser tests skip, unless ``REQUIRE_BROWSER=1`` (CI), where they fail
with a message saying what to install.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
LOCAL_HOSTS = {"127.0.0.1"}


def chromium_or_skip() -> Path:
    """The chromium executable; skip (or fail under REQUIRE_BROWSER=1) without it."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = (
        f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) "
        "to run the browser tests"
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (REQUIRE_BROWSER=1 makes this an error)")
    pytest.skip(message)


def is_local(url: str) -> bool:
    """True for a request that does not leave the machine: file://, data:, blob:, about:,
    or http(s) to 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS


@dataclass
class Visit:
    """What the browser saw while one page was open."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


def visit(context, url: str) -> Visit:
    """Open ``url`` in a new page of ``context`` and wait until the page script has drawn
    every chart. Dialogs are recorded and dismissed."""
    page = context.new_page()
    seen = Visit(page)
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on("request", lambda request: seen.requests.append(request.url))

    def on_dialog(dialog) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    # The pages' Content-Security-Policy forbids eval, which wait_for_function needs:
    # wait on a selector the page script sets once it has drawn.
    page.wait_for_selector("body[data-charts-drawn='true']", state="attached", timeout=20_000)
    return seen


# Every Plotly chart of the page: its id, and per trace its meta and number of points.
CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => ({
    id: plot.id,
    view: plot.dataset.drawnView,
    title: (plot.layout.title && plot.layout.title.text) || '',
    xTitle: (plot.layout.xaxis && plot.layout.xaxis.title && plot.layout.xaxis.title.text) || '',
    traces: plot.data.map(trace => ({
        meta: trace.meta || null,
        name: trace.name,
        points: (trace.x || []).filter(v => v !== null && v !== undefined).length,
    })),
    svgPoints: plot.querySelectorAll('.point, .trace.bars path, .scatterlayer .js-line').length,
}))"""


def charts(page) -> list[dict]:
    return page.evaluate(CHARTS_JS)


def trace_data(page, chart_id: str) -> dict[str, dict]:
    """The plotted data of a chart's product traces, keyed by product."""
    return page.evaluate(
        """id => Object.fromEntries(document.getElementById(id).data
            .filter(trace => trace.meta && trace.meta.product)
            .map(trace => [trace.meta.product, {
                x: trace.x, y: trace.y, customdata: trace.customdata,
                error_x: trace.error_x ? {array: trace.error_x.array,
                                          arrayminus: trace.error_x.arrayminus} : null,
            }]))""",
        f"chart-{chart_id}",
    )
