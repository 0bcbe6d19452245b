"""The quarterly-files downloader against the FDA files stand-in over real HTTP, with each
fault the stand-in injects: every one ends in a good zip in place or a clean per-quarter
failure, and nothing broken is ever renamed into place."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ketamine_faers.sources.faers_files.download import (
    DownloadPolicy,
    DownloadProgress,
    FaersFilesDownloader,
    FaersFilesError,
    download_quarters,
    manifest_path,
    zips_dir,
)
from standins.faers_files import LocalFaersFiles
from tests.support.faers_zips import SUBSETS, built_zip, fda_zips

POLICY = DownloadPolicy(max_attempts=3, backoff_base=0.01, backoff_cap=0.05, timeout=5.0)
Q22 = "faers_ascii_2022Q4.zip"  # the largest subset (1.17 MB): room to cut and resume
Q17 = "faers_ascii_2017q2.zip"
Q04 = "aers_ascii_2004q1.zip"


@pytest.fixture()
def zips(tmp_path: Path) -> dict[str, Path]:
    return fda_zips(tmp_path / "site")


@pytest.fixture()
def site(zips):
    with LocalFaersFiles(zips) as running:
        yield running


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    return tmp_path / "work"


def _run(site: LocalFaersFiles, work: Path, quarters=None, policy=POLICY, **options):
    with FaersFilesDownloader(work, site.page_url, policy=policy, **options) as downloader:
        return downloader.download(quarters)


def _outcomes(run) -> dict[str, str]:
    return {result.quarter: result.outcome for result in run.results}


def _manifest(work: Path) -> dict:
    return json.loads(manifest_path(work).read_text(encoding="utf-8"))["quarters"]


def _zip_requests(site: LocalFaersFiles, name: str) -> list:
    return [r for r in site.requests if r.path.endswith("/" + name)]


def _leftovers(work: Path) -> list[str]:
    return sorted(p.name for p in zips_dir(work).glob("*.part"))


def test_every_published_quarter_is_downloaded_checked_and_recorded(site, zips, work):
    progress: list[DownloadProgress] = []
    run = download_quarters(
        work, page_url=site.page_url, policy=POLICY, on_progress=progress.append
    )
    assert _outcomes(run) == {
        "2004Q1": "downloaded",
        "2017Q2": "downloaded",
        "2022Q4": "downloaded",
    }
    manifest = _manifest(work)
    for name, source in zips.items():
        data = source.read_bytes()
        assert (zips_dir(work) / name).read_bytes() == data
        quarter = next(q for q, e in manifest.items() if e["file_name"] == name)
        entry = manifest[quarter]
        assert entry["url"] == site.zip_url(name)
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        stamp = datetime.fromisoformat(entry["downloaded_at"])
        assert stamp.utcoffset() == timedelta(0)
    assert manifest["2022Q4"]["shown_size"] == "1.12MB"  # 1,170,789 bytes as the page shows it
    assert manifest["2022Q4"]["file_name"] == Q22  # upper-case Q, as linked
    assert _leftovers(work) == []
    last = progress[-1]
    assert (last.quarter, last.quarters_done, last.quarters_total) == ("2022Q4", 3, 3)
    assert (last.bytes_done, last.bytes_total) == (1_170_789, 1_170_789)
    assert [p.quarters_done for p in progress if p.quarter == "2004Q1"][-1] == 1


def test_a_second_run_with_unchanged_sizes_downloads_nothing(site, work):
    _run(site, work)
    site.clear_requests()
    again = _run(site, work)
    assert set(_outcomes(again).values()) == {"unchanged"}
    assert [r.path for r in site.requests] == ["/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html"]


def test_a_quarter_not_on_the_page_is_not_published_yet(site, work, tmp_path):
    run = _run(site, work, ["2017q2", "2023Q1"])
    assert _outcomes(run) == {"2017Q2": "downloaded"}
    assert run.not_published == ("2023Q1",)
    # FDA publishes it later: the next run fetches only it
    site.publish("faers_ascii_2023q1.zip", SUBSETS / "faers_ascii_2017q2_subset.zip")
    site.clear_requests()
    later = _run(site, work, ["2017Q2", "2023Q1"])
    assert _outcomes(later) == {"2017Q2": "unchanged", "2023Q1": "downloaded"}
    assert later.not_published == ()
    assert [r.path.rpartition("/")[2] for r in site.requests[1:]] == ["faers_ascii_2023q1.zip"]


def test_a_changed_shown_size_triggers_a_refetch(site, work, tmp_path):
    _run(site, work)
    reissued = built_zip(
        tmp_path / "reissue" / Q17,
        {f"ascii/{t}17Q2.txt": b"primaryid$caseid\n" * 3000 for t in _TABLES},
    )
    site.publish(Q17, reissued)
    site.clear_requests()
    run = _run(site, work)
    assert _outcomes(run) == {"2004Q1": "unchanged", "2017Q2": "downloaded", "2022Q4": "unchanged"}
    assert (zips_dir(work) / Q17).read_bytes() == reissued.read_bytes()
    assert _manifest(work)["2017Q2"]["sha256"] == hashlib.sha256(reissued.read_bytes()).hexdigest()
    assert [r.path.rpartition("/")[2] for r in site.requests[1:]] == [Q17]


@pytest.mark.parametrize(
    ("kind", "retry_after"), [("500", None), ("502", None), ("503", 0), ("429", 0)]
)
def test_a_transient_status_is_retried(site, zips, work, kind, retry_after):
    site.faults.inject(kind, match=Q22, retry_after=retry_after)
    run = _run(site, work)
    result = next(r for r in run.results if r.quarter == "2022Q4")
    assert (result.outcome, result.attempts) == ("downloaded", 2)
    assert [r.status for r in _zip_requests(site, Q22)] == [int(kind), 200]
    assert (zips_dir(work) / Q22).read_bytes() == zips[Q22].read_bytes()


def test_retry_after_is_waited_at_least(site, work):
    site.faults.inject("429", match=Q04, retry_after=3)
    sleeps: list[float] = []
    policy = DownloadPolicy(max_attempts=3, backoff_base=0.01, backoff_cap=10.0, timeout=5.0)
    run = _run(site, work, ["2004Q1"], policy=policy, sleep=sleeps.append)
    assert _outcomes(run) == {"2004Q1": "downloaded"}
    assert len(sleeps) == 1 and sleeps[0] >= 3


def test_a_quarter_that_keeps_failing_fails_alone_with_a_one_line_reason(site, work):
    site.faults.inject("503", match=Q17, times=100)
    run = _run(site, work)
    assert _outcomes(run) == {"2004Q1": "downloaded", "2017Q2": "failed", "2022Q4": "downloaded"}
    failed = run.outcome("failed")[0]
    assert failed.reason == "gave up after 3 attempts (last problem: HTTP 503)"
    assert failed.attempts == 3 and failed.path is None
    assert not (zips_dir(work) / Q17).exists()
    assert "2017Q2" not in _manifest(work)


def test_a_dropped_download_resumes_where_it_stopped(site, zips, work):
    size = zips[Q22].stat().st_size
    site.faults.inject("drop", match=Q22, at=800_000)
    run = _run(site, work, ["2022Q4"])
    result = run.results[0]
    assert (result.outcome, result.attempts, result.resumed) == ("downloaded", 2, True)
    first, second = _zip_requests(site, Q22)
    assert (first.range, first.fault, first.body_bytes) == (None, "drop", 800_000)
    assert second.status == 206 and second.range is not None
    kept = int(second.range.removeprefix("bytes=").removesuffix("-"))
    assert 0 < kept <= 800_000
    assert second.body_bytes == size - kept  # only the rest was sent again
    assert (zips_dir(work) / Q22).read_bytes() == zips[Q22].read_bytes()


def test_a_truncated_body_with_a_fitting_length_is_never_renamed_into_place(site, work):
    site.faults.inject("truncate", match=Q22, times=100)
    run = _run(site, work)
    failed = next(r for r in run.results if r.quarter == "2022Q4")
    assert failed.outcome == "failed"
    assert failed.reason == (
        "gave up after 3 attempts (last problem: not a whole zip file (BadZipFile))"
    )
    assert not (zips_dir(work) / Q22).exists() and _leftovers(work) == []
    assert "2022Q4" not in _manifest(work)
    assert [r.body_bytes for r in _zip_requests(site, Q22)] == [1_170_789 // 2] * 3


def test_a_truncated_body_once_is_fetched_again_whole(site, zips, work):
    site.faults.inject("truncate", match=Q22)
    run = _run(site, work, ["2022Q4"])
    assert (run.results[0].outcome, run.results[0].attempts) == ("downloaded", 2)
    assert (zips_dir(work) / Q22).read_bytes() == zips[Q22].read_bytes()


def test_a_trickled_body_is_cut_by_the_throughput_floor_and_resumed(site, zips, work):
    site.faults.inject("trickle", match=Q22, pieces=200, delay=0.1)
    policy = DownloadPolicy(
        max_attempts=3,
        backoff_base=0.01,
        timeout=5.0,
        min_bytes_per_second=500_000,
        stall_window=0.3,
    )
    run = _run(site, work, ["2022Q4"], policy=policy)
    assert (run.results[0].outcome, run.results[0].attempts) == ("downloaded", 2)
    assert (zips_dir(work) / Q22).read_bytes() == zips[Q22].read_bytes()


def test_a_slow_answer_hits_the_header_deadline_and_is_retried(site, work):
    site.faults.inject("slow", match=Q04, delay=3)
    policy = DownloadPolicy(max_attempts=2, backoff_base=0.01, timeout=5.0, header_deadline=0.5)
    run = _run(site, work, ["2004Q1"], policy=policy)
    assert (run.results[0].outcome, run.results[0].attempts) == ("downloaded", 2)


def test_a_redirect_to_another_origin_is_refused_and_not_retried(site, work):
    site.faults.inject("redirect_off_origin", match=Q17, times=100)
    run = _run(site, work)
    failed = run.outcome("failed")
    assert [r.quarter for r in failed] == ["2017Q2"]
    assert failed[0].attempts == 1 and "another origin" in (failed[0].reason or "")
    assert [r.status for r in _zip_requests(site, Q17)] == [302]
    assert not (zips_dir(work) / Q17).exists()


def test_a_wrong_size_on_the_page_fails_the_quarter_cleanly(site, work):
    site.faults.inject("wrong_size", match=Q17, factor=3.0)
    run = _run(site, work)
    failed = run.outcome("failed")
    assert [r.quarter for r in failed] == ["2017Q2"]
    assert failed[0].reason == "the page shows 0.0608MB but the server sent 21,241 bytes"
    assert not (zips_dir(work) / Q17).exists() and _leftovers(work) == []


def test_user_info_in_links_never_reaches_the_manifest(site, work):
    site.faults.inject("userinfo_links", times=100, userinfo="someone:hunter2")
    run = _run(site, work)
    assert set(_outcomes(run).values()) == {"downloaded"}
    text = manifest_path(work).read_text(encoding="utf-8")
    assert "hunter2" not in text and "someone" not in text and "@" not in text


def test_a_page_address_with_user_info_is_refused_without_showing_it(site, work):
    with pytest.raises(FaersFilesError) as error:
        FaersFilesDownloader(work, site.page_url.replace("http://", "http://someone:hunter2@"))
    assert "hunter2" not in str(error.value) and "\n" not in str(error.value)


def test_a_zip_link_on_another_host_is_reported_not_followed(site, work):
    site.faults.inject("foreign_link")
    run = _run(site, work)
    assert len(run.results) == 3
    assert [s.url for s in run.skipped_links] == [
        "https://downloads.example.org/content/Exports/faers_ascii_2099q1.zip"
    ]


def test_a_zip_without_the_seven_tables_fails_without_retrying(site, work, tmp_path):
    site.publish(Q17, built_zip(tmp_path / "bad" / Q17, {"ascii/DEMO17Q2.txt": b"x\n"}))
    run = _run(site, work, ["2017Q2"])
    failed = run.results[0]
    assert (failed.outcome, failed.attempts) == ("failed", 1)
    assert failed.reason == "the zip lacks the table(s) DRUG, REAC, OUTC, RPSR, THER, INDI"


def test_legacy_and_odd_member_names_are_accepted(site, work, tmp_path):
    members = {f"deep/er/{t}18Q1.txt": b"a$b\n" for t in _TABLES if t != "DEMO"}
    members["deep/DEMO18Q1_new.txt"] = b"a$b\n"
    site.publish("faers_ascii_2018q1.zip", built_zip(tmp_path / "odd" / "x.zip", members))
    run = _run(site, work, ["2018Q1", "2004Q1"])  # 2004Q1: ascii/DEMO04Q1.TXT, upper-case
    assert _outcomes(run) == {"2004Q1": "downloaded", "2018Q1": "downloaded"}


def test_seeded_random_faults_end_in_good_zips_or_clean_failures(site, zips, work):
    for kind, seed in (("500", 1), ("drop", 2), ("truncate", 3), ("429", 4)):
        site.faults.inject(kind, rate=0.3, seed=seed, times=None)
    policy = DownloadPolicy(max_attempts=8, backoff_base=0.01, backoff_cap=0.05, timeout=5.0)
    run = _run(site, work, policy=policy)
    fired = site.faults.fired
    assert sum(fired.values()) >= 1
    for result in run.results:
        assert result.outcome in ("downloaded", "failed")
        target = zips_dir(work) / result.file_name
        if result.outcome == "downloaded":
            assert target.read_bytes() == zips[result.file_name].read_bytes()
        else:
            assert not target.exists() and result.reason and "\n" not in result.reason
    failed = {r.file_name + ".part" for r in run.outcome("failed")}
    assert set(_leftovers(work)) <= failed  # only a failed quarter keeps a partial to resume


def test_a_partial_left_by_a_failed_run_is_resumed_by_the_next(site, zips, work):
    site.faults.inject("drop", match=Q22, at=600_000)
    once = DownloadPolicy(max_attempts=1, timeout=5.0)
    first = _run(site, work, ["2022Q4"], policy=once)
    assert first.results[0].outcome == "failed"
    assert "dropped" in (first.results[0].reason or "")
    assert _leftovers(work) == [Q22 + ".part"] and not (zips_dir(work) / Q22).exists()
    site.clear_requests()
    second = _run(site, work, ["2022Q4"])
    assert (second.results[0].outcome, second.results[0].resumed) == ("downloaded", True)
    (asked,) = _zip_requests(site, Q22)
    assert asked.status == 206 and asked.range not in (None, "bytes=0-")
    assert (zips_dir(work) / Q22).read_bytes() == zips[Q22].read_bytes()


_TABLES = ("DEMO", "DRUG", "REAC", "OUTC", "RPSR", "THER", "INDI")
