"""Views: every chart and block of numbers exists once per view (exposure x scope), and the
page's script shows the one chosen with the controls.

Views that would draw the same figure or the same markup share it, so a page carries each
distinct one once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ketamine_faers.dashboards.figures import Figure
from ketamine_faers.dashboards.markup import Html, join, tag
from ketamine_faers.dashboards.site_data import EXPOSURES, SCOPES

DEFAULT_EXPOSURE = "any role"
DEFAULT_SCOPE = "narrow"

# Makes the figure of one view, from (exposure, scope).
ViewFigure = Callable[[str, str], Figure]


def view_key(exposure: str, scope: str) -> str:
    return f"{exposure}|{scope}"


class ChartSet:
    """The charts of one page: for each chart, its distinct figures and which view shows
    which figure."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, chart_id: str, make: ViewFigure) -> str:
        figures_: list[Figure] = []
        seen: dict[str, int] = {}
        views: dict[str, int] = {}
        for exposure in EXPOSURES:
            for scope in SCOPES:
                figure = make(exposure, scope)
                key = json.dumps(figure, sort_keys=True, default=str)
                if key not in seen:
                    seen[key] = len(figures_)
                    figures_.append(figure)
                views[view_key(exposure, scope)] = seen[key]
        self.specs[chart_id] = {"figures": figures_, "views": views}
        return chart_id


def view_blocks(make: Callable[[str, str], Html], css: str = "") -> Html:
    """One block of markup per view; the page script shows the chosen one. Views that give
    the same markup share one block ("exposure|*" when the scope does not matter)."""
    blocks = []
    for exposure in EXPOSURES:
        by_scope = {scope: make(exposure, scope) for scope in SCOPES}
        if len(set(by_scope.values())) == 1:
            blocks.append((f"{exposure}|*", by_scope[SCOPES[0]]))
        else:
            blocks.extend((view_key(exposure, scope), markup) for scope, markup in by_scope.items())
    default = view_key(DEFAULT_EXPOSURE, DEFAULT_SCOPE)
    return join(
        tag(
            "div",
            markup,
            class_=("view " + css).strip(),
            data_view=key,
            hidden=not _view_matches(key, default),
        )
        for key, markup in blocks
    )


def _view_matches(pattern: str, key: str) -> bool:
    return all(p in ("*", k) for p, k in zip(pattern.split("|"), key.split("|"), strict=True))
