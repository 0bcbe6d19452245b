"""A parsed search evaluated over many records at once, as sets of row numbers.

Selecting the matching rows of a whole corpus, cheapest clauses first on ever fewer rows,
is what keeps a page fast; :mod:`.predicates` remains the one-record reference it agrees
with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .mapping import resolve_field
from .predicates import (
    Predicate,
    compile_leaf,
    contains_run,
    converted_test,
    string_test,
    token_test,
)
from .query_parser import Leaf, Node, Occur
from .record_views import RecordViews
from .values import text_values, tokens

Rows = set[int]
Selector = Callable[[RecordViews, Rows], Rows]
"""A compiled condition over many records: the subset of the candidate rows that match.
Never changes the set it is given."""


def _select_none(views: RecordViews, rows: Rows) -> Rows:
    return set()


def select_all(views: RecordViews, rows: Rows) -> Rows:
    """The selector of an empty search: every candidate row matches."""
    return rows


def _select_any_of(kind: str, parts: tuple[str, ...], wanted: frozenset[Any]) -> Selector:
    """Rows whose ``kind`` view (``tokens`` or ``strings``) holds one of ``wanted``."""
    if not wanted:
        return _select_none
    if len(wanted) == 1:
        (item,) = wanted

        def select_one(views: RecordViews, rows: Rows) -> Rows:
            view = views.get(kind, parts, rows)
            return {row for row in rows if item in view[row]}

        return select_one

    isdisjoint = wanted.isdisjoint

    def select_any(views: RecordViews, rows: Rows) -> Rows:
        view = views.get(kind, parts, rows)
        return {row for row in rows if not isdisjoint(view[row])}

    return select_any


def _select_matching(kind: str, parts: tuple[str, ...], test: Callable[[str], bool]) -> Selector:
    """Rows whose ``kind`` view (``tokens`` or ``strings``) holds one passing ``test``: the
    test runs once per distinct string among the rows."""

    def select(views: RecordViews, rows: Rows) -> Rows:
        view = views.get(kind, parts, rows)
        present = frozenset().union(*[view[row] for row in rows])
        return _select_any_of(kind, parts, frozenset(filter(test, present)))(views, rows)

    return select


def _select_phrase(parts: tuple[str, ...], wanted: tuple[str, ...]) -> Selector:
    """Rows with ``wanted`` as consecutive tokens of one value; the ``tokens`` view rules out
    most rows before any value is read again."""
    needed = frozenset(wanted)

    def select(views: RecordViews, rows: Rows) -> Rows:
        view = views.get("tokens", parts, rows)
        records = views.records
        return {
            row
            for row in rows
            if needed.issubset(view[row])
            and any(contains_run(tokens(text), wanted) for text in text_values(records[row], parts))
        }

    return select


def _select_values(kind: str, parts: tuple[str, ...], test: Callable[[Any], bool]) -> Selector:
    """Rows with a converted value (``dates``/``numbers`` view) passing ``test``."""

    def select(views: RecordViews, rows: Rows) -> Rows:
        view = views.get(kind, parts, rows)
        return {row for row in rows if any(map(test, view[row]))}

    return select


def _select_exists(parts: tuple[str, ...]) -> Selector:
    def select(views: RecordViews, rows: Rows) -> Rows:
        view = views.get("exists", parts, rows)
        return {row for row in rows if view[row]}

    return select


def _select_by_record(predicate: Predicate) -> Selector:
    def select(views: RecordViews, rows: Rows) -> Rows:
        records = views.records
        return {row for row in rows if predicate(records[row], {})}

    return select


# Selector costs, cheapest first: required clauses run in this order on ever fewer rows.
_LOOKUP, _PHRASE, _SCAN, _UNIVERSE, _RECORD = range(5)


def _lookup(leaf: Leaf) -> tuple[str, tuple[str, ...], frozenset[str]] | None:
    """A term (or one-token phrase) as ``(view, parts, wanted)``: it matches the rows whose
    view shares an item with ``wanted``, so several of them on one field OR into one set."""
    if leaf.kind not in ("term", "phrase"):
        return None
    spec = resolve_field(leaf.field)
    if spec.kind == "keyword":
        return "strings", spec.parts, frozenset((leaf.text,))
    if spec.kind != "text":
        return None
    wanted = tokens(leaf.text)
    if leaf.kind == "phrase" and len(wanted) > 1:
        return None
    return "tokens", spec.parts, frozenset(wanted)


def compile_selector(node: Node) -> tuple[int, Selector]:
    """``node`` as a :data:`Selector`, with its cost. Raises what :func:`compile_node` raises:
    it checks the same clauses in the same order, so the first error is the same."""
    if isinstance(node, Leaf):
        return _leaf_selector(node)
    must = [compile_selector(child) for occur, child in node.clauses if occur is Occur.MUST]
    should = _optional(child for occur, child in node.clauses if occur is Occur.SHOULD)
    must_not = [compile_selector(child) for occur, child in node.clauses if occur is Occur.MUST_NOT]
    if must:
        should = []  # beside a required clause the optional ones decide nothing
    must.sort(key=lambda item: item[0])  # the cheapest first, on the most rows
    should.sort(key=lambda item: item[0])
    cost = max((item[0] for item in must + must_not + should), default=_LOOKUP)
    required = [selector for _, selector in must]
    prohibited = [selector for _, selector in must_not]
    optional = [selector for _, selector in should]

    def select(views: RecordViews, rows: Rows) -> Rows:
        for selector in required:
            if not rows:
                return rows
            rows = selector(views, rows)
        for selector in prohibited:
            if not rows:
                return rows
            rows = rows - selector(views, rows)
        if required or not optional:
            return rows  # a purely negative group matches everything else
        matched: Rows = set()
        for selector in optional:
            if not rows:
                break
            hit = selector(views, rows)
            if hit:
                matched |= hit
                rows = rows - hit
        return matched

    return cost, select


def _optional(children: Iterable[Node]) -> list[tuple[int, Selector]]:
    """Selectors for OR-ed clauses; terms on one field become one lookup of all of them."""
    groups: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    selectors: list[tuple[int, Selector]] = []
    for child in children:
        found = _lookup(child) if isinstance(child, Leaf) else None
        if found is None:
            selectors.append(compile_selector(child))
        else:
            groups.setdefault(found[:2], set()).update(found[2])
    merged = [(_LOOKUP, _select_any_of(*key, frozenset(wanted))) for key, wanted in groups.items()]
    return merged + selectors


def _leaf_selector(leaf: Leaf) -> tuple[int, Selector]:
    if leaf.kind == "all":
        return _LOOKUP, select_all
    spec = resolve_field(leaf.field)
    if leaf.kind == "exists":
        if spec.kind == "absent":
            return _LOOKUP, _select_none
        return _SCAN, _select_exists(spec.parts)
    if spec.kind in ("absent", "object"):
        return _LOOKUP, _select_none
    if spec.kind == "all":
        return _RECORD, _select_by_record(compile_leaf(leaf))
    found = _lookup(leaf)
    if found is not None:
        return _LOOKUP, _select_any_of(*found)
    if spec.kind == "text":
        if leaf.kind == "phrase":
            return _PHRASE, _select_phrase(spec.parts, tokens(leaf.text))
        return _UNIVERSE, _select_matching("tokens", spec.parts, token_test(leaf))
    if spec.kind == "keyword":
        return _UNIVERSE, _select_matching("strings", spec.parts, string_test(leaf))
    _, test = converted_test(spec, leaf)
    return _SCAN, _select_values("dates" if spec.kind == "date" else "numbers", spec.parts, test)
