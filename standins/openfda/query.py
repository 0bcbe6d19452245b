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
date, a wildcard on a number) raises :class:`QueryError`. openFDA answers both with HTTP 500.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

SUPPORTED_QUERY_RE = re.compile(r"[&0-9a-zA-Z@%/\\',._:()\"\[\]{}\-+><=* ]+")
"""Characters openFDA lets through to Elasticsearch in ``search`` and ``sort``."""

_MISSING_RE = re.compile(r'_missing_:("?[\w.]+"?)')
_DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1)

# openFDA's drug/event mapping (schemas/faers_mapping.json), by Elasticsearch type.
_MAPPING = {
    "keyword": "@version @case_number @checksum",
    "double": "@epoch",
    "date": (
        "@timestamp patient.drug.drugenddate patient.drug.drugstartdate "
        "patient.patientdeath.patientdeathdate receiptdate receivedate transmissiondate"
    ),
    "text+exact": (
        "authoritynumb companynumb occurcountry patient.drug.activesubstance.activesubstancename "
        "patient.drug.drugadministrationroute patient.drug.drugauthorizationnumb "
        "patient.drug.drugbatchnumb patient.drug.drugdosageform patient.drug.drugdosagetext "
        "patient.drug.drugindication patient.drug.drugrecurrence.drugrecuraction "
        "patient.drug.drugstructuredosagenumb patient.drug.drugtreatmentduration "
        "patient.drug.medicinalproduct patient.drug.openfda.application_number "
        "patient.drug.openfda.brand_name patient.drug.openfda.dosage_form "
        "patient.drug.openfda.generic_name patient.drug.openfda.manufacturer_name "
        "patient.drug.openfda.nui patient.drug.openfda.package_ndc "
        "patient.drug.openfda.pharm_class_cs patient.drug.openfda.pharm_class_epc "
        "patient.drug.openfda.pharm_class_moa patient.drug.openfda.pharm_class_pe "
        "patient.drug.openfda.product_ndc patient.drug.openfda.product_type "
        "patient.drug.openfda.route patient.drug.openfda.rxcui patient.drug.openfda.rxstring "
        "patient.drug.openfda.rxtty patient.drug.openfda.spl_id patient.drug.openfda.spl_set_id "
        "patient.drug.openfda.substance_name patient.drug.openfda.unii patient.drug.openfda.upc "
        "patient.reaction.reactionmeddrapt primarysource.reportercountry primarysourcecountry "
        "receiver.receiverorganization reportduplicate.duplicatenumb "
        "reportduplicate.duplicatesource safetyreportid sender.senderorganization"
    ),
    "short": (
        "duplicate patient.drug.drugintervaldosagedefinition "
        "patient.drug.drugintervaldosageunitnumb receiver.receivertype"
    ),
    "byte": (
        "fulfillexpeditecriteria patient.drug.drugcharacterization "
        "patient.drug.drugrecurreadministration patient.patientagegroup patient.patientsex "
        "patient.reaction.reactionoutcome primarysource.qualification reporttype "
        "sender.sendertype serious seriousnesscongenitalanomali seriousnessdeath "
        "seriousnessdisabling seriousnesshospitalization seriousnesslifethreatening "
        "seriousnessother"
    ),
    "long": "patient.drug.actiondrug patient.drug.drugadditional",
    "float": (
        "patient.drug.drugcumulativedosagenumb patient.patientonsetage patient.patientweight"
    ),
    "text": (
        "patient.drug.drugcumulativedosageunit patient.drug.drugenddateformat "
        "patient.drug.drugrecurrence.drugrecuractionmeddraversion "
        "patient.drug.drugstartdateformat patient.drug.drugstructuredosageunit "
        "patient.drug.drugtreatmentdurationunit patient.patientdeath.patientdeathdateformat "
        "patient.patientonsetageunit patient.reaction.reactionmeddraversionpt "
        "patient.summary.narrativeincludeclinical primarysource.literaturereference "
        "receiptdateformat receivedateformat transmissiondateformat"
    ),
    "boolean": "patient.drug.openfda.is_original_packager",
}
FIELD_TYPES: dict[str, str] = {
    name: es_type for es_type, names in _MAPPING.items() for name in names.split()
}
"""Elasticsearch type of every mapped drug/event field; ``text+exact`` has a ``.exact``."""

_OBJECT_PATHS = frozenset(
    ".".join(name.split(".")[:depth])
    for name in FIELD_TYPES
    for depth in range(1, name.count(".") + 1)
)
INTEGRAL_TYPES = frozenset({"byte", "short", "integer", "long"})
_NUMBER_TYPES = INTEGRAL_TYPES | {"float", "double"}


class QuerySyntaxError(ValueError):
    """The query does not parse (Elasticsearch's query_shard_exception)."""


class QueryError(ValueError):
    """The query parses but cannot be executed against the mapping."""


# --------------------------------------------------------------------------- fields & values


@dataclass(frozen=True)
class FieldSpec:
    """A field reference resolved against the mapping.

    ``kind`` is how values compare: ``text`` (tokens), ``keyword`` (whole string), ``date``,
    ``number``, ``object`` (a path to nested objects), ``absent`` (e.g. ``.exact`` of a
    non-text field: no such field) or ``all`` (the default field: every value).
    Unmapped paths count as text fields with a ``.exact`` sub-field, so small test records
    with their own fields behave like openFDA's.
    """

    name: str
    parts: tuple[str, ...]
    kind: str
    es_type: str


_KIND_BY_TYPE = {
    "text": "text",
    "text+exact": "text",
    "keyword": "keyword",
    "boolean": "keyword",
    "date": "date",
    "object": "object",
}


@lru_cache(maxsize=1024)
def resolve_field(name: str) -> FieldSpec:
    if name in ("", "*"):
        return FieldSpec(name, (), "all", "text")
    exact = name.endswith(".exact")
    base = name[: -len(".exact")] if exact else name
    es_type = FIELD_TYPES.get(base) or ("object" if base in _OBJECT_PATHS else "text+exact")
    if exact:
        kind = "keyword" if es_type == "text+exact" else "absent"
        es_type = "keyword" if kind == "keyword" else es_type
    else:
        kind = "number" if es_type in _NUMBER_TYPES else _KIND_BY_TYPE[es_type]
    return FieldSpec(name, tuple(base.split(".")), kind, es_type)


def _flatten_into(out: list[Any], items: list[Any]) -> None:
    """Append the non-null items of a list, nested lists flattened."""
    for item in items:
        if type(item) is list:
            _flatten_into(out, item)
        elif item is not None:
            out.append(item)


def path_values(record: dict[str, Any], parts: tuple[str, ...]) -> list[Any]:
    """Every non-null value at ``parts``, walking through lists at any level. Tolerates
    malformed records: a dict where a list was expected is walked like a one-item list and
    scalars on the way are skipped, never raised on."""
    nodes: list[Any] = [record]
    for part in parts:
        found: list[Any] = []
        for node in nodes:
            if type(node) is dict:
                value = node.get(part)
                if type(value) is list:
                    _flatten_into(found, value)
                elif value is not None:
                    found.append(value)
        nodes = found
        if not nodes:
            break
    return nodes


def scalar_values(record: dict[str, Any], parts: tuple[str, ...]) -> list[Any]:
    return [value for value in path_values(record, parts) if type(value) is not dict]


def _has_scalar(value: Any) -> bool:
    if type(value) is dict:
        return any(_has_scalar(item) for item in value.values())
    if type(value) is list:
        return any(_has_scalar(item) for item in value)
    return value is not None


def has_value(record: dict[str, Any], parts: tuple[str, ...]) -> bool:
    """Elasticsearch's ``exists``: a non-null value at or below ``parts``."""
    return any(_has_scalar(value) for value in path_values(record, parts))


def all_scalars(value: Any) -> Iterator[Any]:
    if type(value) is dict:
        for item in value.values():
            yield from all_scalars(item)
    elif type(value) is list:
        for item in value:
            yield from all_scalars(item)
    elif value is not None:
        yield value


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


_TOKEN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=262_144)
def tokens(text: str) -> tuple[str, ...]:
    """The analysed form of a text value: lower-cased alphanumeric runs."""
    return tuple(_TOKEN_RE.findall(text.lower()))


@lru_cache(maxsize=262_144)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(tokens(text))


@lru_cache(maxsize=65_536)
def date_millis(text: str) -> int | None:
    """Parse like the mapping's ``basic_date||date||epoch_millis``; None if it cannot."""
    text = text.strip()
    try:
        if len(text) == 8 and text.isdigit():
            day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        elif len(text) == 10 and text[4] == "-" and text[7] == "-":
            day = date.fromisoformat(text)
        elif text.lstrip("-").isdigit():
            return int(text)
        else:
            return None
    except ValueError:
        return None
    return (day - _EPOCH).days * _DAY_MS


def millis_to_basic_date(millis: int) -> str:
    day = date.fromordinal(_EPOCH.toordinal() + millis // _DAY_MS)
    return day.strftime("%Y%m%d")


def number_value(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- lexer


class _Token(NamedTuple):
    kind: str  # ( ) : AND OR NOT + - TERM PHRASE REGEX RANGE EOF
    text: str = ""
    pos: int = 0
    wildcard: bool = False
    low: str | None = None
    high: str | None = None
    include_low: bool = True
    include_high: bool = True


_OPERATOR_WORDS = {"AND": "AND", "&&": "AND", "OR": "OR", "||": "OR", "NOT": "NOT"}
_SPACE_RE = re.compile(r"\s*")  # \s is str.isspace
# A term runs to whitespace or a special character; a backslash escapes any character.
_TERM_RE = re.compile(r'(?:[^ \t\n\r()":\[\]{}^~/\\]|\\.)*', re.DOTALL)
_DELIMITED_RE = {
    closing: re.compile(rf"\{closing}((?:[^\\{closing}]|\\.)*)\{closing}", re.DOTALL)
    for closing in '"/'
}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


def _unescape_regex(match: re.Match[str]) -> str:
    # A regex keeps its escapes (\d); only the delimiter is unescaped.
    return "/" if match[1] == "/" else match[0]


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def error(self, found: str, pos: int) -> QuerySyntaxError:
        return QuerySyntaxError(f'Encountered "{found}" at line 1, column {pos + 1}.')

    def tokens(self) -> list[_Token]:
        out: list[_Token] = []
        text = self.text
        skip_space = _SPACE_RE.match
        while True:
            self.i = skip_space(text, self.i).end()
            if self.i >= len(text):
                out.append(_Token("EOF", pos=self.i))
                return out
            out.append(self._next(text[self.i]))

    def _next(self, char: str) -> _Token:
        start = self.i
        if char in "():+-!":
            self.i += 1
            return _Token("NOT" if char == "!" else char, char, start)
        if char == '"':
            return _Token("PHRASE", self._delimited('"'), start)
        if char == "/":
            return _Token("REGEX", self._delimited("/"), start)
        if char in "[{":
            return self._range()
        if char in "]}^~":
            raise self.error(char, start)
        return self._term()

    def _delimited(self, closing: str) -> str:
        """The body of a ``"phrase"`` or ``/regex/`` starting at ``self.i``, unescaped."""
        match = _DELIMITED_RE[closing].match(self.text, self.i)
        if match is None:
            raise QuerySyntaxError(
                f"Lexical error at line 1, column {len(self.text) + 1}.  Encountered: <EOF> "
                f'after : "{self.text[self.i :]}"'
            )
        self.i = match.end()
        body = match[1]
        if "\\" not in body:
            return body
        return _ESCAPE_RE.sub(r"\1" if closing == '"' else _unescape_regex, body)

    def _term(self) -> _Token:
        start = self.i
        self.i = _TERM_RE.match(self.text, start).end()
        if self.text.startswith("\\", self.i):  # only a backslash at the very end stops here
            raise self.error("\\", self.i)
        raw = self.text[start : self.i]
        if raw in _OPERATOR_WORDS:
            return _Token(_OPERATOR_WORDS[raw], raw, start)
        if "\\" not in raw:
            return _Token("TERM", raw, start, wildcard="*" in raw or "?" in raw)
        plain = _ESCAPE_RE.sub("", raw)  # escaped * and ? are not wildcards
        wildcard = "*" in plain or "?" in plain
        return _Token("TERM", _ESCAPE_RE.sub(r"\1", raw), start, wildcard=wildcard)

    def _range(self) -> _Token:
        start = self.i
        include_low = self.text[self.i] == "["
        self.i += 1
        parts: list[str] = []
        while True:
            while self.i < len(self.text) and self.text[self.i] == " ":
                self.i += 1
            if self.i >= len(self.text):
                raise self.error("<EOF>", self.i)
            char = self.text[self.i]
            if char in "]}":
                self.i += 1
                break
            if char == '"':
                parts.append(self._delimited('"'))
                continue
            begin = self.i
            while self.i < len(self.text) and self.text[self.i] not in " ]}":
                self.i += 1
            parts.append(self.text[begin : self.i])
        if len(parts) == 3 and parts[1] == "TO":
            parts = [parts[0], parts[2]]
        if len(parts) != 2 or "TO" in parts:
            raise self.error(self.text[start : self.i], start)
        low, high = (None if part == "*" else part for part in parts)
        return _Token(
            "RANGE",
            self.text[start : self.i],
            start,
            low=low,
            high=high,
            include_low=include_low,
            include_high=char == "]",
        )


# --------------------------------------------------------------------------- parser


class Occur(Enum):
    MUST = "must"
    SHOULD = "should"
    MUST_NOT = "must_not"


@dataclass(frozen=True)
class Leaf:
    """One field condition. ``kind``: term, phrase, wildcard, regexp, range or exists."""

    field: str
    kind: str
    text: str = ""
    low: str | None = None
    high: str | None = None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class BoolNode:
    clauses: tuple[tuple[Occur, Node], ...]


Node = Leaf | BoolNode


class _Parser:
    """Lucene's classic grammar: ``Query := (Conjunction? Modifier? Clause)+``."""

    def __init__(self, text: str) -> None:
        self.tokens = _Lexer(text).tokens()
        self.i = 0

    def peek(self, offset: int = 0) -> _Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.peek()
        self.i += 1
        return token

    def unexpected(self, token: _Token) -> QuerySyntaxError:
        found = "<EOF>" if token.kind == "EOF" else token.text
        return QuerySyntaxError(f'Encountered "{found}" at line 1, column {token.pos + 1}.')

    def parse(self) -> Node:
        node = self.query("")
        if self.peek().kind != "EOF":
            raise self.unexpected(self.peek())
        return node

    def query(self, field: str) -> Node:
        clauses: list[list[Any]] = []
        while self.peek().kind not in ("EOF", ")"):
            conj = None
            if self.peek().kind in ("AND", "OR"):
                if not clauses:
                    raise self.unexpected(self.peek())
                conj = self.take().kind
            modifier = self.take().kind if self.peek().kind in ("+", "-", "NOT") else None
            _add_clause(clauses, conj, modifier, self.clause(field))
        if not clauses:
            raise self.unexpected(self.peek())
        if len(clauses) == 1 and clauses[0][0] is Occur.SHOULD:
            return clauses[0][1]
        return BoolNode(tuple((occur, node) for occur, node in clauses))

    def clause(self, field: str) -> Node:
        if self.peek().kind == "TERM" and self.peek(1).kind == ":":
            field = self.take().text
            self.take()
        token = self.take()
        if token.kind == "(":
            node = self.query(field)
            if self.take().kind != ")":
                raise self.unexpected(self.tokens[self.i - 1])
            return node
        if token.kind not in ("TERM", "PHRASE", "REGEX", "RANGE"):
            raise self.unexpected(token)
        return _leaf(field, token)


def _add_clause(
    clauses: list[list[Any]], conj: str | None, modifier: str | None, node: Node
) -> None:
    """Lucene's QueryParserBase.addClause with the default operator OR."""
    if conj == "AND" and clauses and clauses[-1][0] is not Occur.MUST_NOT:
        clauses[-1][0] = Occur.MUST
    prohibited = modifier in ("-", "NOT")
    required = modifier == "+" or (conj == "AND" and not prohibited)
    occur = Occur.MUST if required else Occur.MUST_NOT if prohibited else Occur.SHOULD
    clauses.append([occur, node])


_COMPARISON_RE = re.compile(r"^(>=|<=|>|<)(.+)$")


def _leaf(field: str, token: _Token) -> Leaf:
    if field == "_exists_":
        return Leaf(token.text, "exists")
    if token.kind == "RANGE":
        return Leaf(
            field,
            "range",
            token.text,
            token.low,
            token.high,
            token.include_low,
            token.include_high,
        )
    if token.kind == "PHRASE":
        return Leaf(field, "phrase", token.text)
    if token.kind == "REGEX":
        return Leaf(field, "regexp", token.text)
    if token.text == "*":
        return Leaf(field, "exists") if field else Leaf("", "all")
    comparison = _COMPARISON_RE.match(token.text)
    if comparison and field:
        operator, value = comparison.groups()
        if operator[0] == ">":
            return Leaf(field, "range", token.text, value, None, operator == ">=", True)
        return Leaf(field, "range", token.text, None, value, True, operator == "<=")
    return Leaf(field, "wildcard" if token.wildcard else "term", token.text)


def rewrite_missing(search: str) -> str:
    """openFDA's rewrite of the deprecated ``_missing_:f`` into ``(NOT (_exists_:f))``."""
    return _MISSING_RE.sub(r"(NOT (_exists_:\1))", search)


def parse(search: str) -> Node:
    """Parse an openFDA ``search`` value (already URL-decoded, ``_missing_`` rewritten)."""
    return _Parser(search).parse()


# --------------------------------------------------------------------------- matching

Record = dict[str, Any]
Memo = dict[tuple[str, ...], list[Any]]
Predicate = Callable[[Record, Memo], bool]
"""A compiled condition. ``Memo`` caches one record's values per field path, so a group
like ``field:(a OR b OR c)`` walks the record once."""


def _never(record: Record, memo: Memo) -> bool:
    return False


def _always(record: Record, memo: Memo) -> bool:
    return True


def _field_values(record: Record, parts: tuple[str, ...], memo: Memo) -> list[Any]:
    values = memo.get(parts)
    if values is None:
        values = memo[parts] = scalar_values(record, parts)
    return values


def compile_node(node: Node) -> Predicate:
    if isinstance(node, Leaf):
        return _compile_leaf(node)
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


def _compile_leaf(leaf: Leaf) -> Predicate:
    if leaf.kind == "all":
        return _always
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
        string_test = _string_test(leaf)
        return lambda value: string_test(as_text(value))
    convert, test = _converted_test(spec, leaf)
    return lambda value: (converted := convert(value)) is not None and test(converted)


def _date_of(value: Any) -> int | None:
    return date_millis(as_text(value))


def _converted_test(
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
    convert = _date_of if spec.kind == "date" else number_value
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
            return lambda value: not wanted_set.isdisjoint(_token_set(as_text(value)))
        return lambda value: _contains_run(tokens(as_text(value)), wanted)
    token_test = _token_test(leaf)
    return lambda value: any(map(token_test, tokens(as_text(value))))


def _token_test(leaf: Leaf) -> Callable[[str], bool]:
    """Analysed fields, wildcard/regexp/range: the test on one token."""
    if leaf.kind in ("wildcard", "regexp"):
        regex = (
            _glob_regex(leaf.text.lower()) if leaf.kind == "wildcard" else _user_regex(leaf.text)
        )
        return lambda token: regex.fullmatch(token) is not None
    low = None if leaf.low is None else leaf.low.lower()
    high = None if leaf.high is None else leaf.high.lower()
    return _bounds_test(low, high, leaf.include_low, leaf.include_high)


def _string_test(leaf: Leaf) -> Callable[[str], bool]:
    """``.exact`` and keyword fields: the test on the whole stored string, case-sensitive."""
    if leaf.kind in ("term", "phrase"):
        wanted = leaf.text
        return lambda text: text == wanted
    if leaf.kind in ("wildcard", "regexp"):
        regex = _glob_regex(leaf.text) if leaf.kind == "wildcard" else _user_regex(leaf.text)
        return lambda text: regex.fullmatch(text) is not None
    return _bounds_test(leaf.low, leaf.high, leaf.include_low, leaf.include_high)


def _contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    width = len(needle)
    first = needle[0]
    return any(
        haystack[start : start + width] == needle
        for start, token in enumerate(haystack[: len(haystack) - width + 1])
        if token == first
    )


# --------------------------------------------------------------------------- many records at once


def _texts(record: Record, parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple([as_text(value) for value in scalar_values(record, parts)])


# Views hold tuples, not frozensets: for the few items of one record a tuple is nearly as
# quick to test (``wanted.isdisjoint(view)``, ``item in view``) at a fraction of the memory.


def _distinct_tokens(texts: tuple[str, ...]) -> tuple[str, ...]:
    if len(texts) == 1:
        return tokens(texts[0])  # cached: shared by equal values
    return tuple(set(itertools.chain.from_iterable(map(tokens, texts))))


def _distinct_strings(texts: tuple[str, ...]) -> tuple[str, ...]:
    return texts if len(texts) < 2 else tuple(set(texts))


def _converted(convert: Callable[[Any], Any]) -> Callable[[Record, tuple[str, ...]], tuple]:
    def extract(record: Record, parts: tuple[str, ...]) -> tuple[Any, ...]:
        found = [convert(value) for value in scalar_values(record, parts)]
        return tuple([value for value in found if value is not None])

    return extract


_EXTRACTORS: dict[str, Callable[[Record, tuple[str, ...]], Any]] = {
    # the tokens of every value (analysed fields)
    "tokens": lambda record, parts: _distinct_tokens(_texts(record, parts)),
    # the whole stored strings (.exact and keyword fields)
    "strings": lambda record, parts: _distinct_strings(_texts(record, parts)),
    "dates": _converted(_date_of),
    "numbers": _converted(number_value),
    "exists": has_value,
}


class RecordViews:
    """What the matcher reads from each record of a fixed list: per field path, the distinct
    tokens (analysed fields) or whole strings (``.exact``) of its values, the parsed dates or
    numbers, or whether the field exists. Each view is extracted on first use, only for the
    records asked for, and kept, so a query costs a few lookups per record instead of walking
    and tokenising it. The records must not change afterwards. Safe to share between
    threads."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = records
        self._views: dict[tuple[str, tuple[str, ...]], tuple[list[Any], set[int]]] = {}
        self._lock = threading.Lock()

    def get(self, kind: str, parts: tuple[str, ...], rows: set[int]) -> list[Any]:
        """The ``kind`` view of field ``parts``, a list by row, filled in at least at
        ``rows``."""
        entry = self._views.get((kind, parts))
        if entry is None:
            with self._lock:
                entry = self._views.setdefault((kind, parts), ([None] * len(self.records), set()))
        values, done = entry
        if len(done) < len(values) and not rows <= done:
            with self._lock:
                extract, records = _EXTRACTORS[kind], self.records
                missing = rows - done
                for row in missing:
                    values[row] = extract(records[row], parts)
                done |= missing  # only after the values are in place, for lock-free readers
        return values


Rows = set[int]
Selector = Callable[[RecordViews, Rows], Rows]
"""A compiled condition over many records: the subset of the candidate rows that match.
Never changes the set it is given."""


def _select_none(views: RecordViews, rows: Rows) -> Rows:
    return set()


def _select_all(views: RecordViews, rows: Rows) -> Rows:
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
            and any(_contains_run(tokens(text), wanted) for text in _texts(records[row], parts))
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
        return _LOOKUP, _select_all
    spec = resolve_field(leaf.field)
    if leaf.kind == "exists":
        if spec.kind == "absent":
            return _LOOKUP, _select_none
        return _SCAN, _select_exists(spec.parts)
    if spec.kind in ("absent", "object"):
        return _LOOKUP, _select_none
    if spec.kind == "all":
        return _RECORD, _select_by_record(_compile_leaf(leaf))
    found = _lookup(leaf)
    if found is not None:
        return _LOOKUP, _select_any_of(*found)
    if spec.kind == "text":
        if leaf.kind == "phrase":
            return _PHRASE, _select_phrase(spec.parts, tokens(leaf.text))
        return _UNIVERSE, _select_matching("tokens", spec.parts, _token_test(leaf))
    if spec.kind == "keyword":
        return _UNIVERSE, _select_matching("strings", spec.parts, _string_test(leaf))
    _, test = _converted_test(spec, leaf)
    return _SCAN, _select_values("dates" if spec.kind == "date" else "numbers", spec.parts, test)


# --------------------------------------------------------------------------- compiled search


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
    found = [required_bounds(child, field) for child in should]
    if not found or any(bounds is None for bounds in found):
        return None
    lows = [bounds[0] for bounds in found if bounds]
    highs = [bounds[1] for bounds in found if bounds]
    return (
        None if None in lows else min(low for low in lows if low is not None),
        None if None in highs else max(high for high in highs if high is not None),
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
        return _always if self.node is None else compile_node(self.node)

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
        return CompiledSearch("", None, _select_all)
    node = parse(rewrite_missing(search))
    return CompiledSearch(search, node, compile_selector(node)[1])


def is_supported(text: str) -> bool:
    """openFDA's character check, done before the query reaches Elasticsearch."""
    return SUPPORTED_QUERY_RE.fullmatch(text) is not None
