"""Parsing openFDA's ``search`` value (Lucene's classic query syntax) into a clause tree.

The lexer and parser follow Lucene's ``QueryParser`` closely enough that broken input is
refused with the same ``Encountered ...`` messages Elasticsearch gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from .errors import QuerySyntaxError

_MISSING_RE = re.compile(r'_missing_:("?[\w.]+"?)')


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
            space = skip_space(text, self.i)
            assert space is not None  # \s* matches anywhere
            self.i = space.end()
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
        term = _TERM_RE.match(self.text, start)
        assert term is not None  # the pattern also matches the empty string
        self.i = term.end()
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
