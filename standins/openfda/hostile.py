"""Answers of a hostile server (the ``HOSTILE_KINDS`` of :mod:`.faults`).

An attack on real runs showed that the server, not the client, controlled what a run cost
and what it stored: links that never end, bodies trickled a byte at a time, compressed
bodies that inflate without bound, charsets the client guessed wrong, redirects to another
host. Each kind here reproduces one of those over real HTTP, so the client's protections
(``ketamine_faers.http``) are tested against bytes on a socket, not against a mock.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .faults import Fault
from .json_body import json_bytes, render_json
from .paging import qs_encode
from .params import EVENT_PATH

if TYPE_CHECKING:
    from .handler import RequestHandler, RequestRecord

DEFAULT_BOMB_BYTES = 256 * 1024 * 1024
DEFAULT_TRICKLE_PIECES = 20


def answer_hostile(
    handler: RequestHandler,
    fault: Fault,
    pairs: Sequence[tuple[str, str]],
    record: RequestRecord,
    headers: Sequence[tuple[str, str]],
) -> None:
    """Answer one request the way ``fault.kind`` says (see :mod:`.faults`)."""
    service = handler.server.service
    link_base = handler._link_base()
    own_url = link_base + handler.path
    kind = fault.kind
    if kind in ("redirect_off_origin", "redirect_same_origin"):
        if kind == "redirect_same_origin":
            location = handler.path
        else:
            port = handler.server.server_address[1]
            location = fault.location or f"http://localhost:{port}{handler.path}"
        service._log_request(record, 302, None)
        page = b"<html><body>Found</body></html>\n"
        handler._send(302, [("Location", location), ("Content-Type", "text/html")], page)
        return
    if kind == "gzip_bomb":
        service._log_request(record, 200, None)
        body = _bomb(fault.size or DEFAULT_BOMB_BYTES)
        handler._send(200, [*headers, ("Content-Encoding", "gzip")], body)
        return
    if kind == "empty_pages_with_link":
        base = [(k, v) for k, v in pairs if k != "search_after"]
        result = service.answer(base, link_base=link_base)
        payload = {**result.payload, "results": []}
        query = [*base, ("search_after", f"0=hostile{fault.fired}")]
        encoded = "&".join(f"{qs_encode(k)}={qs_encode(v)}" for k, v in query)
        service._log_request(record, 200, None)
        _send_page(handler, headers, json_bytes(payload), f"{link_base}{EVENT_PATH}?{encoded}")
        return
    result = service.answer(pairs, link_base=link_base)
    payload = result.payload
    link = result.link
    served = kind in ("link_loop", "drop_link", "charset")
    service._log_request(record, result.status, result, served=served)
    if kind == "link_loop":
        link = own_url
    elif kind == "drop_link":
        link = None
    elif kind == "too_many_records":
        meta = dict(payload.get("meta") or {})
        meta["results"] = {**(meta.get("results") or {}), "total": fault.size or 1}
        payload = {**payload, "meta": meta}
    if kind == "charset":
        body = render_json(payload).encode(fault.encoding, errors="surrogatepass")
        plain = [(k, v) for k, v in headers if k != "Content-Type"]
        _send_page(handler, [*plain, ("Content-Type", "text/plain")], body, link)
    elif kind == "trickle":
        _trickle(handler, headers, json_bytes(payload), link, fault)
    else:
        _send_page(handler, headers, json_bytes(payload), link, status=result.status)


def _send_page(
    handler: RequestHandler,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    link: str | None,
    status: int = 200,
) -> None:
    extra = [("Link", f'<{link}>; rel="next"')] if link else []
    handler._send(status, [*headers, *extra], body)


def _trickle(
    handler: RequestHandler,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    link: str | None,
    fault: Fault,
) -> None:
    """Headers at once, then the body in pieces spaced ``delay`` apart: no single read ever
    waits long, so only a deadline on the whole request stops it."""
    stopping = handler.server.service.stopping
    pieces = max(1, fault.size or DEFAULT_TRICKLE_PIECES)
    step = max(1, -(-len(body) // pieces))
    try:
        handler.send_response(200)
        for name, value in headers:
            handler.send_header(name, value)
        if link:
            handler.send_header("Link", f'<{link}>; rel="next"')
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for start in range(0, len(body), step):
            if stopping.wait(fault.delay):
                break
            handler.wfile.write(body[start : start + step])
    except (ConnectionError, TimeoutError, OSError):
        pass  # the client gave up, as it should
    handler.close_connection = True


@functools.lru_cache(maxsize=4)
def _bomb(size: int) -> bytes:
    """A gzip body inflating to ``size`` bytes of valid JSON: an empty page padded with
    spaces. Built in 1 MiB steps so the server never holds the inflated body."""
    head = b'{"meta": {"results": {"skip": 0, "limit": 1000, "total": 0}}, "results": []'
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    out = [packer.compress(head)]
    left = max(0, size - len(head) - 1)
    chunk = b" " * (1 << 20)
    while left > 0:
        out.append(packer.compress(chunk[: min(left, len(chunk))]))
        left -= len(chunk)
    out.append(packer.compress(b"}"))
    out.append(packer.flush())
    return b"".join(out)
