"""Reliability: what the command line says when it cannot do what it was asked.

Every case is a real ``python -m pipelines.cli`` process. A bad argument or setting is one
line on stderr, saying what is wrong and what to do, and a non-zero exit, never a traceback.
After a failed run the summary still prints (also when ``work/raw.duckdb`` is unreadable),
ends with the "Run FAILED." banner, and says the published build is unchanged only when this
run did not replace it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketamine_faers.paths import PROJECT_ROOT
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import cli_env, run_all, small_corpus

pytestmark = pytest.mark.reliability

NOWHERE = "http://127.0.0.1:9"  # nothing listens: a case that reached openFDA would fail late


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=PROJECT_ROOT,
        env=env or cli_env(NOWHERE, PROJECT_ROOT / "test-artifacts" / "cli-messages-unused"),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _assert_one_line(result, *words: str) -> str:
    assert result.returncode != 0, result.stdout[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"{len(lines)} lines on stderr:\n{result.stderr[-3000:]}"
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("run", "--first", "2023Q5"), ("2023Q5", "e.g. 2021Q1")),
        (("run", "--first", "1999Q1"), ("1999Q1", "2004Q1")),
        (("demo", "--last", "2023Q5"), ("2023Q5",)),
        (("run", "--first", "2024Q1", "--last", "2023Q1"), ("2024Q1", "2023Q1", "--first")),
        (("run", "--last", "2999Q1"), ("2999Q1",)),
        (("stats", "1", "2", "3", "9" * 400), ("cell d", "400 digits")),
        (("stats", "1", "2", "3", "9" * 5000), ("cell d",)),
        (("serve", "--port", "70000"), ("70000", "65535")),
        (("serve", "--port", "-1"), ("-1", "65535")),
        (("serve", "--port", "http"), ("http", "65535")),
    ],
)
def test_bad_arguments_are_one_line_and_a_non_zero_exit(args, words):
    _assert_one_line(_cli(*args), *words)


@pytest.mark.parametrize("command", ["run", "serve", "demo"])
def test_a_data_dir_that_is_a_file_is_one_line(tmp_path, command):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file, not a folder")
    line = _assert_one_line(_cli(command, env=cli_env(NOWHERE, not_a_folder)), "FAERS_DATA_DIR")
    assert str(not_a_folder) in line and "folder" in line


@pytest.mark.parametrize("command", ["run", "serve"])
def test_an_unusable_setting_is_one_line(tmp_path, command):
    env = {**cli_env(NOWHERE, tmp_path / "data"), "OPENFDA_REQUESTS_PER_MINUTE": "fast please"}
    _assert_one_line(_cli(command, env=env), "OPENFDA_REQUESTS_PER_MINUTE")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A data folder with one complete build, and the service it was fetched from."""
    data = tmp_path_factory.mktemp("cli") / "data"
    with LocalOpenFDA(small_corpus(120, seed=3)) as service:
        assert run_all(service, data, first="2021Q1", last="2021Q2").success
        yield service, data


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def test_a_run_that_failed_after_publishing_does_not_claim_the_build_unchanged(built):
    service, data = built
    # a real failure after publish: the dashboards' lock file cannot be opened (a folder)
    lock = data / ".dashboards.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    before = _identity(data / "faers.duckdb")
    try:
        result = _cli(
            "run", "--first", "2021Q1", "--last", "2021Q2", env=cli_env(service.url, data)
        )
    finally:
        lock.rmdir()
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert _identity(data / "faers.duckdb") != before  # this run did publish a new build
    assert "Run FAILED." in result.stdout
    assert "unchanged" not in result.stdout, result.stdout[-1500:]
    assert "new build was published" in result.stdout, result.stdout[-1500:]


def test_a_corrupt_raw_database_is_set_aside_and_the_run_completes(built, tmp_path):
    """Once a traceback that hid the "Run FAILED." banner; now the run sets the damaged
    landing aside, refetches its quarters, publishes, and its summary reads the new landing."""
    service, source = built
    data = tmp_path / "data"
    shutil.copytree(source, data, symlinks=True)
    raw = data / "work" / "raw.duckdb"
    raw.write_bytes(b"this is not a duckdb file" * 1000)
    for wal in raw.parent.glob("raw.duckdb.wal"):
        os.remove(wal)
    result = _cli("run", "--first", "2021Q1", "--last", "2021Q2", env=cli_env(service.url, data))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stdout
    [aside] = raw.parent.glob("raw.duckdb.corrupt-*")
    assert str(aside.name) in result.stdout + result.stderr
    assert "Run FAILED." not in result.stdout
    assert "2021Q1" in result.stdout and "2021Q2" in result.stdout  # the summary's counts


def test_the_summary_of_an_unreadable_raw_database_is_one_line_and_keeps_the_banner(
    tmp_path, capsys
):
    """The summary never opens the landing for writing, so it cannot set a damaged one
    aside: it says in one line that the file cannot be read and still prints the banner."""
    from ketamine_faers.settings import Settings
    from pipelines.summary import print_summary

    settings = Settings(data_dir=tmp_path / "data")
    settings.work_dir.mkdir(parents=True)
    settings.raw_db.write_bytes(b"this is not a duckdb file" * 1000)
    print_summary(settings, success=False)
    out = capsys.readouterr().out
    assert "Traceback" not in out
    raw_lines = [line for line in out.splitlines() if "raw.duckdb" in line]
    assert any("cannot be read" in line for line in raw_lines), out
    assert "Run FAILED." in out
