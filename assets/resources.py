"""Resources: where openFDA is and where the data goes. Thin adapters over Dagster-free code,
built from explicit :class:`~ketamine_faers.settings.Settings` (:func:`resources_for`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.run_tags import WORKER_TAG
from ketamine_faers.run_worker import worker_identity
from ketamine_faers.settings import (
    API_KEY_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_FILES_URL,
    DEFAULT_REQUESTS_PER_MINUTE,
    Settings,
)
from ketamine_faers.sources.faers_files.download import DownloadPolicy, FaersFilesDownloader
from ketamine_faers.sources.openfda.client import OpenFDAClient
from ketamine_faers.warehouse import attached_raw, connect_raw, set_aside_if_corrupt


class RunResource(dg.ConfigurableResource):
    """The base of every resource here: set up inside a run, it records the process doing the
    run's work as the run's worker (run tag ``WORKER_TAG``), so that a run killed with SIGKILL
    can be told from a live one (pipelines/refreshes.py).

    Dagster calls ``setup_for_execution`` in the process that runs the steps, for each
    resource they need, before the first of those steps starts; sensors and schedules set
    resources up without a run, and nothing is recorded. A subclass that overrides
    ``setup_for_execution`` calls ``super().setup_for_execution(context)``."""

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        _tag_run_worker(context)


def _tag_run_worker(context: dg.InitResourceContext) -> None:
    """Tag the run of ``context`` with this process's identity, unless it already names it
    (every resource of the run is set up, and the run's tags are then written once). Outside
    a run, or where the process cannot be named (not Linux): nothing."""
    run, instance, identity = context.dagster_run, context.instance, worker_identity()
    if run is None or instance is None or identity is None:
        return
    current = instance.get_run_by_id(run.run_id)
    if current is not None and current.tags.get(WORKER_TAG) == identity:
        return
    instance.add_run_tags(run.run_id, {WORKER_TAG: identity})


class OpenFDAResource(RunResource):
    """The openFDA drug/event API. The key, when given, comes from ``dg.EnvVar`` so Dagster
    shows only the variable's name, never its value."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = None
    requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE
    timeout_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base_seconds: float = 1.0

    def client(self) -> OpenFDAClient:
        return OpenFDAClient(
            self.base_url,
            self.api_key,
            timeout=self.timeout_seconds,
            max_attempts=self.max_attempts,
            backoff_base=self.backoff_base_seconds,
            requests_per_minute=self.requests_per_minute,
        )


class FaersFilesResource(RunResource):
    """FDA's Quarterly Data Extract page and the zips it links (the files source). Requests go
    only to the page's origin, through the guarded HTTP layer."""

    page_url: str = DEFAULT_FILES_URL
    max_attempts: int = 5
    backoff_base_seconds: float = 2.0
    timeout_seconds: float = 60.0

    def downloader(self, work_dir: Path) -> FaersFilesDownloader:
        policy = DownloadPolicy(
            max_attempts=self.max_attempts,
            backoff_base=self.backoff_base_seconds,
            timeout=self.timeout_seconds,
        )
        return FaersFilesDownloader(work_dir, self.page_url, policy=policy)


class WarehouseResource(RunResource):
    """The DuckDB files under ``FAERS_DATA_DIR``: raw landing, build, published copy."""

    data_dir: str = "data"

    @property
    def settings(self) -> Settings:
        return Settings(data_dir=Path(self.data_dir))

    @contextmanager
    def build_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The build database with the raw database attached read-only as ``raw``
        (dagster-duckdb retries while another process holds the file's lock). The build is
        derived data: a corrupt file is set aside and a fresh one started, which every stage
        then rebuilds (ketamine_faers/warehouse.py)."""
        settings = self.settings
        settings.work_dir.mkdir(parents=True, exist_ok=True)
        set_aside_if_corrupt(
            settings.build_db, "build database", "every stage rebuilds from the raw landing"
        )
        if not settings.raw_db.exists():  # a files-only run before any openFDA landing
            connect_raw(settings.raw_db).close()
        with DuckDBResource(database=str(settings.build_db)).get_connection() as con:
            with attached_raw(con, settings.raw_db):
                yield con


def resources_for(settings: Settings) -> dict[str, RunResource]:
    """The resources of a run against ``settings``. A key is passed as ``dg.EnvVar``: settings
    only ever take it from the environment (:meth:`Settings.from_env`), and Dagster then
    stores and shows the variable's name, never the value."""
    return {
        "openfda": OpenFDAResource(
            base_url=settings.base_url,
            api_key=dg.EnvVar(API_KEY_ENV) if settings.api_key else None,
            requests_per_minute=settings.requests_per_minute,
        ),
        "warehouse": WarehouseResource(data_dir=str(settings.data_dir)),
        "faers_files": FaersFilesResource(page_url=settings.files_url),
    }
