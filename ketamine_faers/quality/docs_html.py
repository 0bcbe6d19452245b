"""Making GX's Data Docs safe to open: FAERS text shown as text, nothing loaded from elsewhere.

GX's renderer escapes some values and not others (the table of unexpected values of a
compound key is emitted raw), so a hostile ``safetyreportid`` seen twice in a quarter would
run as script in ``validations/.../raw.raw_records.html``. And every GX page loads jQuery,
Bootstrap and Vega from public CDNs, which leaks each visit and fails offline. So:

* before a validation result reaches the renderer, every observed string in it is turned
  into numeric character references (:func:`neutralise_result`): ``<`` becomes ``&#60;``,
  which a browser shows as ``<`` where GX emits it raw, and which cannot open a tag anywhere;
* where GX does escape, it turns our ``&#60;`` into ``&amp;#60;``; :func:`harden_page`
  restores exactly those five references, so the value is shown once, as text, either way;
* :func:`harden_page` also removes every ``<script>`` (GX's inline scripts only drive the CDN
  libraries) and every stylesheet from another host, and puts a strict
  Content-Security-Policy first in ``<head>``, so even markup that slipped through could not
  run script or fetch anything but the site's own files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

#: Script never runs; styles, images and fonts come only from the site itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'"
)
_HEAD_META = (
    f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    '<meta name="referrer" content="no-referrer">'
)

# Characters with a meaning in HTML, each as a numeric character reference.
_REFERENCES = {"&": "&#38;", "<": "&#60;", ">": "&#62;", '"': "&#34;", "'": "&#39;"}
_MARKUP = re.compile("[&<>\"']")
# Our references after GX escaped them once more (html.escape, or Jinja's autoescape).
_ESCAPED_REFERENCE = re.compile(r"&amp;#(38|60|62|34|39);")

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
# GX's logo, linked from its web-assets bucket; the site ships a copy in static/images/.
_REMOTE_LOGO = re.compile(r"https://great-expectations-web-assets\.[^\s\"')]*")
LOCAL_LOGO = "static/images/logo-long.png"

#: The parts of one expectation's result that carry what GX observed in the data.
_OBSERVED_KEYS = ("result", "exception_info")


def neutralise_text(text: str) -> str:
    """``text`` with ``& < > " '`` as numeric character references: shown unchanged by a
    browser wherever GX puts it, never read as markup."""
    return _MARKUP.sub(lambda m: _REFERENCES[m.group(0)], text)


def neutralise_value(value: Any) -> Any:
    """Every string in ``value`` (nested lists and dicts, keys too) neutralised."""
    if isinstance(value, str):
        return neutralise_text(value)
    if isinstance(value, dict):
        return {neutralise_value(k): neutralise_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [neutralise_value(v) for v in value]
    return value


def neutralise_result(result_json: dict[str, Any]) -> dict[str, Any]:
    """A copy of a suite's validation result (GX's JSON) whose observed values, samples of
    unexpected values and exception messages are neutralised. The expectations themselves
    (kwargs from the suite files, the project's own text) are left as they are: GX renders
    them, and escapes them, itself."""
    results = []
    for item in result_json.get("results", []):
        item = dict(item)
        for key in _OBSERVED_KEYS:
            if key in item:
                item[key] = neutralise_value(item[key])
        results.append(item)
    meta = dict(result_json.get("meta") or {})
    if isinstance(meta.get("batch_not_built"), str):
        meta["batch_not_built"] = neutralise_text(meta["batch_not_built"])
    return {**result_json, "results": results, "meta": meta}


def harden_page(text: str, logo: str = LOCAL_LOGO) -> str:
    """One Data Docs page without scripts or remote stylesheets, its GX logo read from
    ``logo`` (the site's copy, relative to the page), the strict CSP first in its head, and
    our character references shown once (see the module's docstring)."""
    text = _SCRIPT.sub("", text)
    text = _REMOTE_LINK.sub("", text)
    text = _REMOTE_LOGO.sub(logo, text)
    text = _ESCAPED_REFERENCE.sub(r"&#\1;", text)
    head = _HEAD.search(text)
    if head is None:
        raise ValueError("a Data Docs page without <head>: cannot add its CSP")
    return text[: head.end()] + _HEAD_META + text[head.end() :]


def harden_site(site: Path) -> int:
    """Harden every HTML page under ``site``; returns how many there were."""
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        logo = Path(os.path.relpath(site / LOCAL_LOGO, page.parent)).as_posix()
        hardened = harden_page(page.read_text(encoding="utf-8"), logo)
        incoming = page.with_name(page.name + ".tmp")
        incoming.write_text(hardened, encoding="utf-8")
        incoming.replace(page)
    return len(pages)
