"""The errors the service answers with, and the query errors behind its 500s.

openFDA reports its own checks as ``{"error": {"code", "message"}}`` and passes Elasticsearch
failures on as ``SERVER_ERROR`` with the backend's text in ``details``. The messages are
reproduced word for word because clients and tests match on them.
"""

from __future__ import annotations

from typing import Any


class QuerySyntaxError(ValueError):
    """The query does not parse (Elasticsearch's query_shard_exception)."""


class QueryError(ValueError):
    """The query parses but cannot be executed against the mapping."""


FIELDDATA_ERROR = (
    "[illegal_argument_exception] Text fields are not optimised for operations that require "
    "per-document field data like aggregations and sorting, so these operations are disabled "
    "by default. Please use a keyword field instead. Alternatively, set fielddata=true on "
    "[{field}] in order to load field data by uninverting the inverted index. Note that this "
    "can use significant memory."
)


class ApiError(Exception):
    """An openFDA error answer: ``{"error": {"code", "message"[, "details"]}}``."""

    STATUS = {"BAD_REQUEST": 400, "NOT_FOUND": 404, "SERVER_ERROR": 500}

    def __init__(self, code: str, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    @property
    def status(self) -> int:
        return self.STATUS[self.code]

    def payload(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str) -> ApiError:
    return ApiError("BAD_REQUEST", message)


def server_error(details: str) -> ApiError:
    return ApiError("SERVER_ERROR", "Check your request and try again", details)


def escape_html(text: str) -> str:
    """npm escape-html, which openFDA applies to names and values echoed in messages."""
    for char, entity in (
        ("&", "&amp;"),
        ('"', "&quot;"),
        ("'", "&#39;"),
        ("<", "&lt;"),
        (">", "&gt;"),
    ):
        text = text.replace(char, entity)
    return text
