"""Safe HTML for the dashboards: escaping, page templates, JSON in pages, number formats.

FAERS text is free text typed by reporters and manufacturers; a drug can be called
``<script>alert("x")</script> KETAMINE``. Three rules keep it text everywhere:

* HTML: templates are filled by :func:`render`, which escapes every value that is not
  already :class:`Html` (markup this package built itself from escaped parts).
* Plotly: chart labels and hover text go through :func:`plot_text` (or :func:`wrap_label`).
  Plotly reads a small set of tags (``<b>``, ``<a href>``, ``<br>``...) in every string it
  draws and decodes ``&lt;`` ``&gt;`` ``&amp;`` back into characters, so escaping those
  three shows the original text, verbatim, as text.
* JSON in a page: :func:`script_json` escapes ``<``, ``>`` and ``&`` as ``\\u003c`` etc., so
  no string in the data can close the ``<script type="application/json">`` element (this
  covers ``</script>`` and ``<!--``) and ``JSON.parse`` still returns the exact strings.
"""

from __future__ import annotations

import html
import json
import math
import string
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class Html(str):
    """A string of markup that is safe to insert as is: built here from escaped parts."""

    __slots__ = ()


def esc(value: Any) -> Html:
    """``value`` as HTML text (``&``, ``<``, ``>``, both quotes escaped); None is empty."""
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[Any], separator: str = "") -> Html:
    """Concatenate markup, escaping every part that is not :class:`Html`."""
    return Html(esc(separator).join(esc(part) for part in parts))


def tag(name: str, content: Any = "", **attributes: Any) -> Html:
    """``<name attr="...">content</name>``; attribute values and text content are escaped.
    ``class_`` stands for ``class``; an attribute whose value is None or False is left out,
    True writes a bare attribute."""
    rendered = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        attribute = key.rstrip("_").replace("_", "-")
        rendered.append(f" {attribute}" if value is True else f' {attribute}="{esc(value)}"')
    return Html(f"<{name}{''.join(rendered)}>{esc(content)}</{name}>")


@cache
def _template(name: str) -> string.Template:
    return string.Template((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def render(template: str, **values: Any) -> Html:
    """Fill ``templates/<template>`` (``string.Template`` placeholders), escaping every value
    that is not :class:`Html`. A missing value is an error, never a silent blank."""
    return Html(_template(template).substitute({key: esc(v) for key, v in values.items()}))


def plot_text(value: Any) -> str:
    """``value`` as a string Plotly draws verbatim: ``&``, ``<`` and ``>`` become the
    entities Plotly decodes, so no tag in FAERS text is interpreted."""
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_label(text: str, width: int = 22) -> str:
    """``text`` for Plotly (:func:`plot_text`), broken with ``<br>`` at spaces or slashes so
    long category labels don't squeeze the chart on a phone."""
    if len(text) <= width:
        return plot_text(text)
    lines: list[str] = []
    line = ""
    for word in _words(text):
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += word
    lines.append(line.rstrip())
    return "<br>".join(plot_text(line) for line in lines)


def _words(text: str) -> list[str]:
    words, current = [], ""
    for char in text:
        current += char
        if char in " /":
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def script_json(data: Any) -> Html:
    """``data`` as JSON to place inside ``<script type="application/json">``. NaN and
    infinity are refused: JSON has no spelling for them (callers turn them into None)."""
    text = json.dumps(data, allow_nan=False, separators=(",", ":"), default=_json_default)
    return Html(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable: {value!r}")


def finite(value: Any) -> float | None:
    """A float for JSON: None for NULL, NaN or infinity."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def count(value: Any) -> str:
    """An integer with thousands separators: 27,700."""
    return "–" if value is None else f"{int(value):,}"


def percent(share: Any, digits: int = 1) -> str:
    """A share (0..1) as a percentage: 0.1234 -> '12.3%'."""
    if share is None:
        return "–"
    return f"{100 * float(share):.{digits}f}%"


def ratio(value: Any) -> str:
    """A ratio with 3 significant figures: 0.417, 2.40, 12.3, 121."""
    number = finite(value)
    if number is None:
        return "–"
    return f"{number:.3g}" if number < 1000 else f"{number:,.0f}"


def timestamp(value: datetime | None) -> str:
    return "not available" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


def day(value: date | None) -> str:
    return "not available" if value is None else f"{value:%Y-%m-%d}"


def table(
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[Any]],
    caption: Any = None,
    *,
    stack: bool = False,
) -> Html:
    """A ``<table>`` in a horizontally scrolling wrapper. ``columns`` are (label, css class);
    cells are escaped unless :class:`Html`. ``stack``: on a phone each row becomes a block of
    "label: value" lines (the label comes from the cell's ``data-label``)."""
    head = join(tag("th", label, scope="col", class_=css or None) for label, css in columns)
    body = join(
        tag(
            "tr",
            join(
                tag("td", cell, class_=css or None, data_label=label)
                for cell, (label, css) in zip(row, columns, strict=True)
            ),
        )
        for row in rows
    )
    caption_html = tag("caption", caption) if caption is not None else Html("")
    return tag(
        "div",
        tag(
            "table",
            join([caption_html, tag("thead", tag("tr", head)), tag("tbody", body)]),
            class_="stack" if stack else None,
        ),
        class_="table-scroll",
    )
