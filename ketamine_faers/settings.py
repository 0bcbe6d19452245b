"""The public contract's environment variables and the file locations derived from them.

Read through :func:`Settings.from_env`; nothing else reads these variables. The API key is
kept out of ``repr`` so that printing settings can never print it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE_URL = "https://api.fda.gov"
DEFAULT_REQUESTS_PER_MINUTE = 200.0

BASE_URL_ENV = "OPENFDA_BASE_URL"
API_KEY_ENV = "OPENFDA_API_KEY"
DATA_DIR_ENV = "FAERS_DATA_DIR"
REQUESTS_PER_MINUTE_ENV = "OPENFDA_REQUESTS_PER_MINUTE"


class SettingsError(ValueError):
    """A setting of the public contract is unusable; the message is one line saying which and
    what to do, for the command line to print as it is."""


@dataclass(frozen=True)
class Settings:
    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    data_dir: Path = Path("data")
    requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            base_url=os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL,
            api_key=os.environ.get(API_KEY_ENV) or None,
            data_dir=Path(os.environ.get(DATA_DIR_ENV) or "data"),
            requests_per_minute=float(
                os.environ.get(REQUESTS_PER_MINUTE_ENV) or DEFAULT_REQUESTS_PER_MINUTE
            ),
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
