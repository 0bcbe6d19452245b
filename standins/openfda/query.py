"""openFDA's ``search`` language, parsed and evaluated over plain record dicts.

openFDA passes ``search`` to Elasticsearch's ``query_string`` query, i.e. Lucene's classic
syntax. This module reproduces the part a FAERS client uses, with the semantics of openFDA's
drug/event mapping, so the local service answers the same records api.fda.gov would:

- analysed (text) fields match lower-cased tokens: the stored string is split on
  non-alphanumeric characters, so ``ketamine`` matches ``KETAMINE HCL`` but not
  ``ESKETAMINE``; a quoted phrase matches a run of consecutive tokens;
- ``<field>.exact`` matches the whole stored string, case-sensitively;
- dates (``YYYYMMDD``, ``YYYY-MM-DD`` or epoch millis) and numbers compare as values;
- clauses combine the Lucene way: whitespace means OR, ``AND`` makes both neighbours
  required, ``NOT``/``-`` prohibits, ``+`` requires, parentheses group, ``field:(a b)``
  applies the field to the group;
- ``[a TO b]``/``{a TO b}`` ranges, ``field:>=x``, ``*`` wildcards, ``/regex/``,
  ``_exists_:field`` and ``_missing_:field`` (rewritten to ``NOT _exists_`` as openFDA does).

Broken syntax raises :class:`QuerySyntaxError`; a query that parses but cannot run (a bad
date, a wildcard on a number) raises :class:`QueryError` (both in :mod:`.errors`). openFDA
answers both with HTTP 500.

This module compiles a ``search`` (:func:`compile_search`); the pieces live in
:mod:`.query_parser` (syntax), :mod:`.predicates` (one record), :mod:`.selection` and
:mod:`.record_views` (many records), :mod:`.mapping` and :mod:`.values` (fields and values).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .mapping import resolve_field
from .predicates import Predicate, always, compile_node
from .query_parser import Leaf, Node, Occur, parse, rewrite_missing
from .record_views import RecordViews
from .selection import Selector, compile_selector, select_all
from .values import Record, date_millis

SUPPORTED_QUERY_RE = re.compile(r"[&0-9a-zA-Z@%/\\',._:()\"\[\]{}\-+><=* ]+")
"""Characters openFDA lets through to Elasticsearch in ``search`` and ``sort``."""


Bounds = tuple[int | None, int | None]


def _leaf_bounds(leaf: Leaf, field: str) -> Bounds | None:
    if resolve_field(leaf.field).parts != (field,) or resolve_field(leaf.field).kind != "date":
        return None
    if leaf.kind in ("term", "phrase"):
        millis = date_millis(leaf.text)
        return None if millis is None else (millis, millis)
    if leaf.kind != "range":
        return None
    low = None if leaf.low is None else date_millis(leaf.low)
    high = None if leaf.high is None else date_millis(leaf.high)
    if low is not None and not leaf.include_low:
        low += 1
    if high is not None and not leaf.include_high:
        high -= 1
    return low, high


def required_bounds(node: Node, field: str) -> Bounds | None:
    """Inclusive millisecond bounds that every match's ``field`` must fall in, when the query
    requires it (a top-level required range, or one in every optional branch); else None.
    Used to narrow candidates with a sorted date index before the full match runs."""
    if isinstance(node, Leaf):
        return _leaf_bounds(node, field)
    must = [child for occur, child in node.clauses if occur is Occur.MUST]
    if must:
        found = [bounds for bounds in (required_bounds(c, field) for c in must) if bounds]
        if not found:
            return None
        lows = [low for low, _ in found if low is not None]
        highs = [high for _, high in found if high is not None]
        return (max(lows) if lows else None, min(highs) if highs else None)
    should = [child for occur, child in node.clauses if occur is Occur.SHOULD]
    branches = [required_bounds(child, field) for child in should]
    if not branches or any(bounds is None for bounds in branches):
        return None
    branch_lows = [bounds[0] for bounds in branches if bounds]
    branch_highs = [bounds[1] for bounds in branches if bounds]
    return (
        None if None in branch_lows else min(low for low in branch_lows if low is not None),
        None if None in branch_highs else max(high for high in branch_highs if high is not None),
    )


@dataclass(frozen=True)
class CompiledSearch:
    """A parsed ``search``: :meth:`select` finds the matching records of a
    :class:`RecordViews`, :meth:`matches` tests one record; :meth:`bounds` tells which
    ``receivedate`` (or other date) window the matches must lie in, if any."""

    text: str
    node: Node | None
    selector: Selector

    @cached_property
    def predicate(self) -> Predicate:
        return always if self.node is None else compile_node(self.node)

    def matches(self, record: Record) -> bool:
        return self.predicate(record, {})

    def select(self, views: RecordViews, rows: Iterable[int] | None = None) -> list[int]:
        """The rows of ``views`` (all, or those of ``rows``) that match, in ascending order:
        the same as testing each record with :meth:`matches`, only faster."""
        candidates = set(range(len(views.records)) if rows is None else rows)
        return sorted(self.selector(views, candidates))

    def bounds(self, field: str) -> Bounds | None:
        return None if self.node is None else required_bounds(self.node, field)


def compile_search(search: str | None) -> CompiledSearch:
    """Compile a decoded ``search`` value; empty means every record. Raises
    :class:`QuerySyntaxError` or :class:`QueryError`."""
    if not search:
        return CompiledSearch("", None, select_all)
    node = parse(rewrite_missing(search))
    return CompiledSearch(search, node, compile_selector(node)[1])


def is_supported(text: str) -> bool:
    """openFDA's character check, done before the query reaches Elasticsearch."""
    return SUPPORTED_QUERY_RE.fullmatch(text) is not None
