"""Reliability: a hostile ``safetyreportid`` cannot run script through the Data Docs.

A real build lands a record id that is HTML with script in it, twice in one quarter, so the
``raw_records`` uniqueness warning fails and GX quotes the id as an unexpected value. Every
Data Docs page is then opened in real headless Chromium (Debian's chromium, via Playwright):
no payload may run (it would set a global, change the title and open a dialog), no request
may leave the machine (GX's pages load their scripts and styles from public CDNs), each page
must carry a Content-Security-Policy, and the id must still be shown, as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from standins.openfda import LocalOpenFDA
from tests.support.headless_chromium import CHROMIUM_ARGS, chromium_or_skip, is_local
from tests.support.reliability_helpers import record_figures, run_all, small_corpus

pytestmark = [pytest.mark.reliability, pytest.mark.browser]

PAYLOAD = (
    "<script>window.__pwned = 'script'</script>"
    "<img src=x onerror=\"window.__pwned='img';document.title='pwned';alert(1)\">"
)
TITLE_AND_GLOBAL = "() => ({title: document.title, pwned: window.__pwned || null})"
CSP_JS = """() => [...document.querySelectorAll('meta[http-equiv]')]
    .filter(m => m.httpEquiv.toLowerCase() === 'content-security-policy')
    .map(m => m.content)"""


def _hostile(day: str) -> dict:
    return {
        "safetyreportid": PAYLOAD,
        "receivedate": day,
        "patient": {"drug": [{"medicinalproduct": "KETAMINE", "drugcharacterization": "1"}]},
    }


@pytest.fixture(scope="module")
def data_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Data Docs of a real run whose 2021Q1 holds the hostile id twice."""
    data = tmp_path_factory.mktemp("injection") / "data"
    records = small_corpus(80, seed=5) + [_hostile("20210310"), _hostile("20210311")]
    with LocalOpenFDA(records) as service:
        result = run_all(service, data)
        served = service.served_ids()
    assert result.success  # the duplicate is a warning; the id itself is quarantined
    assert served[PAYLOAD] == 2
    return data / "data_docs"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_no_data_docs_page_runs_the_hostile_id_or_leaves_the_machine(data_docs, browser):
    pages = sorted(data_docs.rglob("*.html"))
    raw_pages = [p for p in pages if p.name == "raw.raw_records.html"]
    assert raw_pages, f"no raw_records validation page among {pages}"
    context = browser.new_context()
    remote: list[str] = []
    dialogs: list[str] = []

    def route(route) -> None:  # nothing leaves the machine, but every attempt is recorded
        if is_local(route.request.url):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    ran: dict[str, dict] = {}
    missing_csp: list[str] = []
    shown_as_text = False
    try:
        for path in pages:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(100)  # let an onerror handler fire, if one could
            state = page.evaluate(TITLE_AND_GLOBAL)
            if state["pwned"] or state["title"] == "pwned":
                ran[str(path.relative_to(data_docs))] = state
            if not any("script-src 'none'" in c for c in page.evaluate(CSP_JS)):
                missing_csp.append(str(path.relative_to(data_docs)))
            if path in raw_pages and PAYLOAD in page.inner_text("body"):
                shown_as_text = True
            page.close()
    finally:
        context.close()
    record_figures(
        "data_docs_injection",
        pages=len(pages),
        payload_ran_on=len(ran),
        dialogs=len(dialogs),
        remote_requests=len(remote),
        pages_without_csp=len(missing_csp),
    )
    assert ran == {}, f"the payload ran on {ran}"
    assert dialogs == []
    assert remote == [], f"{len(remote)} requests left the machine, e.g. {sorted(set(remote))[:5]}"
    assert missing_csp == [], f"no strict CSP on {missing_csp}"
    assert shown_as_text, "the hostile id is not shown, as text, on the raw_records page"


def test_data_docs_files_load_nothing_from_elsewhere(data_docs):
    """Offline and private by construction, not only because the CSP blocks it: no page
    names a script, stylesheet, image or font on another host (plain links may stay)."""
    remote = re.compile(r"""(?:\bsrc\s*=|<link\b[^>]*\bhref\s*=|url\()\s*["']?(?:https?:)?//""")
    for path in sorted(data_docs.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not remote.search(text), f"{path.name} loads {remote.search(text)}"
        assert "<script" not in text.lower(), f"{path.name} still has a script"
