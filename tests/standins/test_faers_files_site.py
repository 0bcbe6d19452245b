"""The local FDA files site: an FDA-shaped page, zips with Range, FDA's names, and each
injectable fault, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from standins.faers_files import (
    PAGE_PATH,
    FaultPlan,
    LocalFaersFiles,
    companion_name,
    fda_zip_name,
    quarter_of,
    shown_mb,
)
from tests.support.faers_zips import fda_zips

Q22 = "faers_ascii_2022Q4.zip"


@pytest.fixture()
def zips(tmp_path: Path) -> dict[str, Path]:
    return fda_zips(tmp_path / "site", ("2004Q1", "2019Q1", "2022Q4", "2023Q1"))


@pytest.fixture()
def site(zips):
    with LocalFaersFiles(zips) as running:
        yield running


def test_fda_names_follow_the_letter_case_fda_uses():
    assert [fda_zip_name(q) for q in ("2004Q1", "2012Q3", "2012Q4", "2018Q4", "2019Q1")] == [
        "aers_ascii_2004q1.zip",
        "aers_ascii_2012q3.zip",
        "faers_ascii_2012q4.zip",
        "faers_ascii_2018q4.zip",
        "faers_ascii_2019Q1.zip",
    ]
    assert [fda_zip_name(q) for q in ("2022Q2", "2022Q3", "2023Q2", "2023Q4", "2024Q1")] == [
        "faers_ascii_2022q2.zip",
        "faers_ascii_2022Q3.zip",
        "faers_ascii_2023q2.zip",
        "faers_ascii_2023Q4.zip",
        "faers_ascii_2024q1.zip",
    ]
    assert fda_zip_name("2009Q2", "xml") == "aers_sgml_2009q2.zip"
    assert companion_name("faers_ascii_2019Q1.zip") == "faers_xml_2019Q1.zip"
    assert quarter_of("faers_ascii_2019Q1.zip") == "2019Q1" and quarter_of("x.zip") is None
    assert [shown_mb(n) for n in (72_456_192, 144_703_488, 1_170_789)] == [
        "69.1MB",
        "138MB",
        "1.12MB",
    ]


def test_the_page_has_year_panels_period_rows_and_ascii_and_xml_links(site):
    page = requests.get(site.page_url, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    text = page.text
    titles = re.findall(r'href="#collapse\d{4}">(\d{4})</a>', text)
    assert titles == ["2023", "2022", "2019", "2004"]
    rows = re.findall(r"<tr><td><p>([^<]+)</p></td><td><a href=\"([^\"]+)\">([^<]+)</a>", text)
    assert [(period, href.rpartition("/")[2], label) for period, href, label in rows] == [
        ("January - March", "faers_ascii_2023q1.zip", "ASCII 0.0203MB"),
        ("October - December", "faers_ascii_2022Q4.zip", "ASCII 1.12MB"),
        ("January - March", "faers_ascii_2019Q1.zip", "ASCII 0.0203MB"),
        ("January - March", "aers_ascii_2004q1.zip", "ASCII 0.0177MB"),
    ]
    assert f'{site.url}/content/Exports/faers_xml_2022Q4.zip">XML 2.24MB' in text
    assert f'{site.url}/content/Exports/aers_sgml_2004q1.zip">SGML 0.0354MB' in text


def test_zips_are_served_whole_and_by_range(site, zips):
    data = zips[Q22].read_bytes()
    whole = requests.get(site.zip_url(Q22), timeout=5)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["Content-Length"] == str(len(data))
    part = requests.get(site.zip_url(Q22), headers={"Range": "bytes=1000-1999"}, timeout=5)
    assert part.status_code == 206 and part.content == data[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    tail = requests.get(site.zip_url(Q22), headers={"Range": "bytes=-10"}, timeout=5)
    assert tail.status_code == 206 and tail.content == data[-10:]
    past = requests.get(site.zip_url(Q22), headers={"Range": f"bytes={len(data)}-"}, timeout=5)
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{len(data)}"
    assert [r.status for r in site.requests] == [200, 206, 206, 416]


def test_a_site_without_ranges_answers_the_whole_file(zips):
    with LocalFaersFiles(zips, accept_ranges=False) as site:
        answer = requests.get(site.zip_url(Q22), headers={"Range": "bytes=5-"}, timeout=5)
    assert answer.status_code == 200 and answer.content == zips[Q22].read_bytes()
    assert "Accept-Ranges" not in answer.headers


def test_quarters_are_published_and_withdrawn_while_running(site, zips):
    site.withdraw(Q22)
    assert Q22 not in requests.get(site.page_url, timeout=5).text
    assert requests.get(site.zip_url(Q22), timeout=5).status_code == 404
    site.publish("faers_ascii_2024q1.zip", zips[Q22])
    assert "faers_ascii_2024q1.zip" in requests.get(site.page_url, timeout=5).text
    assert requests.get(site.zip_url("faers_xml_2024q1.zip"), timeout=5).status_code == 404


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_status_faults_answer_an_error_page_once(site, status):
    site.faults.inject(str(status), match=Q22, retry_after=4)
    first = requests.get(site.zip_url(Q22), timeout=5)
    assert first.status_code == status
    assert first.headers.get("Retry-After") == ("4" if status in (429, 503) else None)
    assert requests.get(site.zip_url(Q22), timeout=5).status_code == 200
    assert site.faults.fired == {str(status): 1}


def test_drop_cuts_the_body_and_closes_the_connection(site, zips):
    site.faults.inject("drop", at=5000)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(site.zip_url(Q22), timeout=5).content  # noqa: B018
    (record,) = site.requests
    assert (record.status, record.body_bytes, record.fault) == (200, 5000, "drop")


def test_truncate_sends_a_complete_answer_of_a_cut_file(site, zips):
    site.faults.inject("truncate")
    answer = requests.get(site.zip_url(Q22), headers={"Range": "bytes=100-"}, timeout=5)
    data = zips[Q22].read_bytes()
    assert answer.status_code == 200 and answer.content == data[: len(data) // 2]
    assert answer.headers["Content-Length"] == str(len(data) // 2)


def test_slow_and_trickle_take_their_time(site, zips):
    site.faults.inject("slow", delay=0.4)
    started = time.monotonic()
    assert requests.get(site.zip_url(Q22), timeout=5).status_code == 200
    assert time.monotonic() - started >= 0.4
    site.faults.inject("trickle", pieces=5, delay=0.1)
    started = time.monotonic()
    assert requests.get(site.zip_url(Q22), timeout=5).content == zips[Q22].read_bytes()
    assert time.monotonic() - started >= 0.5


def test_redirect_off_origin_points_at_another_origin(site):
    site.faults.inject("redirect_off_origin")
    answer = requests.get(site.zip_url(Q22), allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"http://localhost:{site.port}/content/Exports/{Q22}"


def test_page_faults_misstate_sizes_add_user_info_and_a_foreign_link(site):
    site.faults.inject("wrong_size", match=Q22, factor=2.0)
    site.faults.inject("userinfo_links", match="2019Q1", userinfo="someone:hunter2")
    site.faults.inject("foreign_link")
    text = requests.get(site.page_url, timeout=5).text
    assert f'{Q22}">ASCII 2.23MB' in text
    assert "http://someone:hunter2@127.0.0.1" in text and text.count("hunter2") == 1
    assert "downloads.example.org" in text
    again = requests.get(site.page_url, timeout=5).text
    assert "hunter2" not in again and "1.12MB" in again  # each fired once


def test_seeded_faults_fire_the_same_way_every_run():
    def pattern(seed: int) -> list[bool]:
        plan = FaultPlan()
        plan.inject("500", rate=0.5, seed=seed, times=None)
        return [plan.draw("/content/Exports/x.zip") is not None for _ in range(40)]

    assert pattern(7) == pattern(7)
    assert pattern(7) != pattern(8)
    assert 5 < sum(pattern(7)) < 35


def test_unknown_faults_and_bad_names_are_refused(site, zips):
    with pytest.raises(ValueError, match="unknown fault kind"):
        site.faults.inject("teapot")
    with pytest.raises(ValueError, match="one path segment"):
        site.publish("a/b.zip", zips[Q22])


def test_the_command_line_serves_a_folder(zips, tmp_path):
    folder = next(iter(zips.values())).parent
    process = subprocess.Popen(
        [sys.executable, "-m", "standins.faers_files", "--zips", str(folder), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)" + re.escape(PAGE_PATH), line)
        assert match, line
        assert "4 zips" in line
        page = requests.get(match.group(0), timeout=5)
        assert "faers_ascii_2019Q1.zip" in page.text
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
