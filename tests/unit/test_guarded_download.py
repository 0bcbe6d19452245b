"""GuardedSession.download over real HTTP on 127.0.0.1 (the FDA files stand-in): streamed
to a file, resumed with Range, restarted on a 200, and every protection of the layer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ketamine_faers.http import (
    BodyTooLargeError,
    DeadlineExceededError,
    GuardedSession,
    OffOriginError,
    TransportError,
)
from standins.faers_files import LocalFaersFiles
from tests.support.faers_zips import fda_zips

NAME = "faers_ascii_2022Q4.zip"


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    return fda_zips(tmp_path / "site", ("2022Q4",))[NAME]


@pytest.fixture()
def site(source: Path):
    with LocalFaersFiles({NAME: source}) as running:
        yield running


def _session(site: LocalFaersFiles, **options) -> GuardedSession:
    return GuardedSession(site.url, timeout=5.0, **options)


def test_a_download_streams_the_whole_file_and_reports_progress(site, source, tmp_path):
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "out" / f"{NAME}.part"
    result = _session(site).download(
        site.zip_url(NAME), dest, on_progress=lambda done, total: seen.append((done, total))
    )
    size = source.stat().st_size
    assert result.complete and result.status == 200
    assert (result.size, result.resumed_from, result.received) == (size, 0, size)
    assert dest.read_bytes() == source.read_bytes()
    assert seen[-1] == (size, size) and len(seen) >= 2  # 1.17 MB in 256 KiB chunks
    assert [r.range for r in site.requests] == [None]


def test_a_partial_file_is_resumed_with_a_range_request(site, source, tmp_path):
    data = source.read_bytes()
    dest = tmp_path / f"{NAME}.part"
    dest.write_bytes(data[:300_000])
    result = _session(site).download(site.zip_url(NAME), dest)
    assert result.complete and result.status == 206
    assert (result.resumed_from, result.received) == (300_000, len(data) - 300_000)
    assert dest.read_bytes() == data
    assert [(r.range, r.status, r.body_bytes) for r in site.requests] == [
        ("bytes=300000-", 206, len(data) - 300_000)
    ]


def test_a_server_answering_200_to_a_range_restarts_from_zero(source, tmp_path):
    data = source.read_bytes()
    dest = tmp_path / f"{NAME}.part"
    dest.write_bytes(b"stale bytes that must not survive" * 100)
    with LocalFaersFiles({NAME: source}, accept_ranges=False) as site:
        result = _session(site).download(site.zip_url(NAME), dest)
        asked = [r.range for r in site.requests]
    assert result.complete and result.status == 200 and result.resumed_from == 0
    assert dest.read_bytes() == data
    assert asked == ["bytes=3300-"]


def test_a_partial_that_is_already_whole_is_complete_without_a_body(site, source, tmp_path):
    dest = tmp_path / f"{NAME}.part"
    dest.write_bytes(source.read_bytes())
    result = _session(site).download(site.zip_url(NAME), dest)
    assert result.complete and result.status == 416 and result.received == 0
    assert dest.read_bytes() == source.read_bytes()


def test_resume_false_ignores_the_partial(site, source, tmp_path):
    dest = tmp_path / f"{NAME}.part"
    dest.write_bytes(b"x" * 10)
    result = _session(site).download(site.zip_url(NAME), dest, resume=False)
    assert result.complete and site.requests[0].range is None
    assert dest.read_bytes() == source.read_bytes()


def test_a_dropped_connection_raises_a_transport_error_and_keeps_the_partial(site, tmp_path):
    site.faults.inject("drop", at=700_000)
    dest = tmp_path / f"{NAME}.part"
    with pytest.raises(TransportError) as error:
        _session(site).download(site.zip_url(NAME), dest)
    assert error.value.kind == "dropped"
    assert 0 < dest.stat().st_size <= 700_000


def test_a_trickled_body_is_stopped_by_the_throughput_floor(site, tmp_path):
    site.faults.inject("trickle", pieces=100, delay=0.1)  # 11.7 KB every 0.1 s: about 117 KB/s
    started = time.monotonic()
    with pytest.raises(TransportError) as error:
        _session(site).download(
            site.zip_url(NAME),
            tmp_path / "p",
            min_bytes_per_second=1_000_000,
            stall_window=0.4,
        )
    assert error.value.kind == "stalled" and "slower than" in str(error.value)
    assert time.monotonic() - started < 3


def test_a_slow_answer_hits_the_header_deadline(site, tmp_path):
    site.faults.inject("slow", delay=5)
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError):
        _session(site, deadline=0.5).download(site.zip_url(NAME), tmp_path / "p")
    assert time.monotonic() - started < 3


def test_a_file_over_the_byte_cap_is_refused_and_removed(site, tmp_path):
    dest = tmp_path / f"{NAME}.part"
    dest.write_bytes(b"x" * 10)
    with pytest.raises(BodyTooLargeError, match="more than the 100,000"):
        _session(site).download(site.zip_url(NAME), dest, max_bytes=100_000)
    assert not dest.exists()


def test_a_redirect_to_another_origin_is_refused(site, tmp_path):
    site.faults.inject("redirect_off_origin")
    with pytest.raises(OffOriginError, match="another origin"):
        _session(site).download(site.zip_url(NAME), tmp_path / "p")
    assert not (tmp_path / "p").exists()
    assert len(site.requests) == 1


def test_an_address_on_another_origin_is_never_asked(site, tmp_path):
    port = site.url.rpartition(":")[2]
    with pytest.raises(OffOriginError):
        _session(site).download(f"http://localhost:{port}/content/Exports/{NAME}", tmp_path / "p")
    assert site.requests == []


def test_an_error_status_is_returned_and_the_partial_left_alone(site, tmp_path):
    site.faults.inject("503", retry_after=7)
    dest = tmp_path / "p"
    dest.write_bytes(b"abc")
    result = _session(site).download(site.zip_url(NAME), dest)
    assert not result.complete and result.status == 503
    assert result.headers["Retry-After"] == "7"
    assert dest.read_bytes() == b"abc"


def test_user_info_is_stripped_before_sending(site, source, tmp_path):
    url = site.zip_url(NAME).replace("http://", "http://someone:hunter2@")
    result = _session(site).download(url, tmp_path / "p")
    assert result.complete and "hunter2" not in result.url and "someone" not in result.url


def test_a_size_other_than_the_one_expected_discards_the_partial(site, source, tmp_path):
    dest = tmp_path / "p"
    dest.write_bytes(source.read_bytes()[:1000])
    with pytest.raises(TransportError) as error:
        _session(site).download(site.zip_url(NAME), dest, expected_size=5)
    assert error.value.kind == "changed"
    assert not dest.exists()
