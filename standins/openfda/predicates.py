"""A parsed search compiled into a test of one record at a time.

This is the reference semantics of a search: :mod:`.selection` evaluates the same tree over
many records at once, must agree with it, and reuses its per-value tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import QueryError
from .mapping import FieldSpec, resolve_field
from .query_parser import Leaf, Node, Occur
from .values import (
    Record,
    all_scalars,
    as_text,
    date_millis,
    date_of,
    has_value,
    number_value,
    scalar_values,
    token_set,
    tokens,
)

Memo = dict[tuple[str, ...], list[Any]]
Predicate = Callable[[Record, Memo], bool]
"""A compiled condition. ``Memo`` caches one record's values per field path, so a group
like ``field:(a OR b OR c)`` walks the record once."""


def _never(record: Record, memo: Memo) -> bool:
    return False


def always(record: Record, memo: Memo) -> bool:
    """The predicate of an empty search: every record matches."""
    return True


def _field_values(record: Record, parts: tuple[str, ...], memo: Memo) -> list[Any]:
    values = memo.get(parts)
    if values is None:
        values = memo[parts] = scalar_values(record, parts)
    return values


def compile_node(node: Node) -> Predicate:
    if isinstance(node, Leaf):
        return compile_leaf(node)
    must = [compile_node(child) for occur, child in node.clauses if occur is Occur.MUST]
    should = [compile_node(child) for occur, child in node.clauses if occur is Occur.SHOULD]
    must_not = [compile_node(child) for occur, child in node.clauses if occur is Occur.MUST_NOT]

    def matches(record: Record, memo: Memo) -> bool:
        for predicate in must:
            if not predicate(record, memo):
                return False
        for predicate in must_not:
            if predicate(record, memo):
                return False
        if must or not should:
            # A purely negative group matches everything else, as Elasticsearch's
            # fixNegativeQueryIfNeeded makes it.
            return True
        return any(predicate(record, memo) for predicate in should)

    return matches


def compile_leaf(leaf: Leaf) -> Predicate:
    if leaf.kind == "all":
        return always
    spec = resolve_field(leaf.field)
    if leaf.kind == "exists":
        if spec.kind == "absent":
            return _never
        return lambda record, memo: has_value(record, spec.parts)
    if spec.kind in ("absent", "object"):
        return _never
    test = _value_test(spec, leaf)
    if spec.kind == "all":
        return lambda record, memo: any(test(value) for value in all_scalars(record))
    parts = spec.parts
    return lambda record, memo: any(test(value) for value in _field_values(record, parts, memo))


def _value_test(spec: FieldSpec, leaf: Leaf) -> Callable[[Any], bool]:
    """Whether one stored value of field ``spec`` satisfies ``leaf``."""
    if spec.kind in ("text", "all"):
        return _text_test(leaf)
    if spec.kind == "keyword":
        test_string = string_test(leaf)
        return lambda value: test_string(as_text(value))
    convert, test = converted_test(spec, leaf)
    return lambda value: (converted := convert(value)) is not None and test(converted)


def converted_test(
    spec: FieldSpec, leaf: Leaf
) -> tuple[Callable[[Any], Any], Callable[[Any], bool]]:
    """Date and number fields: how a stored value converts (None: it does not count) and
    the test on a converted value."""
    if leaf.kind in ("wildcard", "regexp"):
        raise QueryError(
            f"[query_shard_exception] Can only use {leaf.kind} queries on keyword and text "
            f"fields - not on [{spec.name}] which is of type [{spec.es_type}]"
        )
    parse_value = _date_parser(spec) if spec.kind == "date" else _number_parser(spec)
    convert = date_of if spec.kind == "date" else number_value
    if leaf.kind in ("term", "phrase"):
        wanted = parse_value(leaf.text)
        return convert, lambda value: value == wanted
    low = None if leaf.low is None else parse_value(leaf.low)
    high = None if leaf.high is None else parse_value(leaf.high)
    return convert, _bounds_test(low, high, leaf.include_low, leaf.include_high)


def _date_parser(spec: FieldSpec) -> Callable[[str], int]:
    def parse_date(text: str) -> int:
        millis = date_millis(text)
        if millis is None:
            raise QueryError(
                f"[parse_exception] failed to parse date field [{text}] with format "
                f"[basic_date||date||epoch_millis]: [failed to parse date field [{text}] "
                f"with format [basic_date||date||epoch_millis]] (field [{spec.name}])"
            )
        return millis

    return parse_date


def _number_parser(spec: FieldSpec) -> Callable[[str], float]:
    def parse_number(text: str) -> float:
        value = number_value(text)
        if value is None:
            raise QueryError(
                f'[query_shard_exception] failed to create query: For input string: "{text}" '
                f"(field [{spec.name}])"
            )
        return value

    return parse_number


def _bounds_test(
    low: Any, high: Any, include_low: bool, include_high: bool
) -> Callable[[Any], bool]:
    """Whether a (converted, non-null) value lies within the bounds; None is unbounded."""
    if include_low and include_high and low is not None and high is not None:
        if low == low and high == high:  # not NaN: then the chained comparison agrees
            return lambda value: low <= value <= high

    def in_range(value: Any) -> bool:
        if low is not None and (value < low or (value == low and not include_low)):
            return False
        return high is None or value < high or (value == high and include_high)

    return in_range


def _glob_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    body = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.compile(body, flags | re.DOTALL)


def _user_regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error as exc:
        raise QueryError(f"[query_shard_exception] invalid regular expression: {exc}") from exc


def _text_test(leaf: Leaf) -> Callable[[Any], bool]:
    """Analysed fields: compare tokens. An unquoted multi-token term is an OR of its tokens
    (Lucene without auto phrase queries); a phrase needs consecutive tokens."""
    if leaf.kind in ("term", "phrase"):
        wanted = tokens(leaf.text)
        if not wanted:
            return lambda value: False
        if leaf.kind == "term" or len(wanted) == 1:
            wanted_set = frozenset(wanted)
            return lambda value: not wanted_set.isdisjoint(token_set(as_text(value)))
        return lambda value: contains_run(tokens(as_text(value)), wanted)
    test_token = token_test(leaf)
    return lambda value: any(map(test_token, tokens(as_text(value))))


def token_test(leaf: Leaf) -> Callable[[str], bool]:
    """Analysed fields, wildcard/regexp/range: the test on one token."""
    if leaf.kind in ("wildcard", "regexp"):
        regex = (
            _glob_regex(leaf.text.lower()) if leaf.kind == "wildcard" else _user_regex(leaf.text)
        )
        return lambda token: regex.fullmatch(token) is not None
    low = None if leaf.low is None else leaf.low.lower()
    high = None if leaf.high is None else leaf.high.lower()
    return _bounds_test(low, high, leaf.include_low, leaf.include_high)


def string_test(leaf: Leaf) -> Callable[[str], bool]:
    """``.exact`` and keyword fields: the test on the whole stored string, case-sensitive."""
    if leaf.kind in ("term", "phrase"):
        wanted = leaf.text
        return lambda text: text == wanted
    if leaf.kind in ("wildcard", "regexp"):
        regex = _glob_regex(leaf.text) if leaf.kind == "wildcard" else _user_regex(leaf.text)
        return lambda text: regex.fullmatch(text) is not None
    return _bounds_test(leaf.low, leaf.high, leaf.include_low, leaf.include_high)


def contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    width = len(needle)
    first = needle[0]
    return any(
        haystack[start : start + width] == needle
        for start, token in enumerate(haystack[: len(haystack) - width + 1])
        if token == first
    )
