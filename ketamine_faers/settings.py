"""The public contract's environment variables and the file locations derived from them.

Read through :func:`Settings.from_env`; nothing else reads these variables. The API key is
kept out of ``repr`` so that printing settings can never print it. Values are checked here,
once, at the edge: an unusable one is a :class:`SettingsError` of one line, not a traceback
or eight failed requests later. A base URL carrying a user name or password is refused
outright, because the base URL is printed, stored and shown: the key belongs in
``OPENFDA_API_KEY``, which is sent only as the Basic-auth user name.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from ketamine_faers.http.errors import InvalidURLError
from ketamine_faers.http.urls import check_base_url, has_userinfo, redact_url

DEFAULT_BASE_URL = "https://api.fda.gov"
DEFAULT_FILES_URL = "https://fis.fda.gov/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html"
DEFAULT_REQUESTS_PER_MINUTE = 200.0

BASE_URL_ENV = "OPENFDA_BASE_URL"
API_KEY_ENV = "OPENFDA_API_KEY"
DATA_DIR_ENV = "FAERS_DATA_DIR"
REQUESTS_PER_MINUTE_ENV = "OPENFDA_REQUESTS_PER_MINUTE"
FILES_URL_ENV = "FAERS_FILES_URL"


class SettingsError(ValueError):
    """A setting of the public contract is unusable; the message is one line saying which and
    what to do, for the command line to print as it is."""


@dataclass(frozen=True)
class Settings:
    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    data_dir: Path = Path("data")
    requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE
    files_url: str = DEFAULT_FILES_URL

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment; :class:`SettingsError` for an unusable value."""
        return cls(
            base_url=_base_url(os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL),
            api_key=os.environ.get(API_KEY_ENV) or None,
            data_dir=Path(os.environ.get(DATA_DIR_ENV) or "data"),
            requests_per_minute=_requests_per_minute(os.environ.get(REQUESTS_PER_MINUTE_ENV)),
            files_url=_files_url(os.environ.get(FILES_URL_ENV) or DEFAULT_FILES_URL),
        )

    @property
    def work_dir(self) -> Path:
        """Private working files: the raw landing and the build database. Analysts never
        open these; they open :attr:`published_db`."""
        return self.data_dir / "work"

    @property
    def raw_db(self) -> Path:
        return self.work_dir / "raw.duckdb"

    @property
    def build_db(self) -> Path:
        return self.work_dir / "build.duckdb"

    @property
    def published_db(self) -> Path:
        return self.data_dir / "faers.duckdb"

    @property
    def dashboards_dir(self) -> Path:
        return self.data_dir / "dashboards"

    @property
    def data_docs_dir(self) -> Path:
        return self.data_dir / "data_docs"

    @property
    def files_dir(self) -> Path:
        """FDA's quarterly zips (``zips/``) and their manifest (``downloads.json``)."""
        return self.work_dir / "files"

    @property
    def downloads_manifest(self) -> Path:
        return self.files_dir / "downloads.json"

    @property
    def files_landing_db(self) -> Path:
        """Every quarter's rows of FDA's files, as read (docs/faers-files-design.md)."""
        return self.work_dir / "files_landing.duckdb"

    @property
    def case_set_db(self) -> Path:
        """The whole-FAERS deduplicated case set (all drugs; private)."""
        return self.work_dir / "case_set.duckdb"

    @property
    def parquet_dir(self) -> Path:
        """The published ``faers_files`` tables as Parquet, one folder per table."""
        return self.data_dir / "parquet"


def _base_url(value: str) -> str:
    """An http(s) address with a host and a valid port, and no user info."""
    try:
        if has_userinfo(value):
            raise SettingsError(
                f"{BASE_URL_ENV} must not carry a user name or password (got "
                f"{redact_url(value)}); remove them and put the openFDA key in {API_KEY_ENV}"
            )
        return check_base_url(value)
    except InvalidURLError as exc:
        raise SettingsError(
            f"{BASE_URL_ENV} is unusable: {exc}; set it to an http(s) address such as "
            f"{DEFAULT_BASE_URL}"
        ) from None


def _files_url(value: str) -> str:
    """An http(s) address of FDA's files page, with no user info (it is stored and shown)."""
    try:
        if has_userinfo(value):
            raise SettingsError(
                f"{FILES_URL_ENV} must not carry a user name or password (got "
                f"{redact_url(value)}); FDA's page needs none"
            )
        check_base_url(value)
    except InvalidURLError as exc:
        raise SettingsError(
            f"{FILES_URL_ENV} is unusable: {exc}; set it to the address of FDA's Quarterly "
            f"Data Extract page, such as {DEFAULT_FILES_URL}"
        ) from None
    return value


def _requests_per_minute(value: str | None) -> float:
    """A finite number >= 0 (0 switches the throttle off, for the local service only)."""
    if not value or not value.strip():
        return DEFAULT_REQUESTS_PER_MINUTE
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not math.isfinite(rate) or rate < 0:
        shown = "".join(c if c.isprintable() else "?" for c in value)
        raise SettingsError(
            f"{REQUESTS_PER_MINUTE_ENV} must be a number of requests a minute, 0 or more "
            f"(got {shown!r}); e.g. {DEFAULT_REQUESTS_PER_MINUTE:g}, or 0 for no throttle"
        )
    return rate
