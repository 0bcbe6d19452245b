"""Shared support for tests that run the whole pipeline: the run itself, its resources, and
digests of what it published."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from assets import ASSET_MODULES
from assets.resources import FaersFilesResource, OpenFDAResource, WarehouseResource
from assets.run_tags import partition_range_tags
from ketamine_faers.quarters import all_quarters
from pipelines.jobs import OPENFDA_SELECTION
from standins.openfda import LocalOpenFDA


@dataclass(frozen=True)
class BuiltPipeline:
    """One full Dagster run of every asset and check over the bundled sample."""

    data_dir: Path
    result: dg.ExecuteInProcessResult
    instance: dg.DagsterInstance
    service: LocalOpenFDA

    @property
    def published_db(self) -> Path:
        return self.data_dir / "faers.duckdb"

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.published_db), read_only=True)


def pipeline_resources(service: LocalOpenFDA, data_dir: Path) -> dict:
    return {
        "openfda": OpenFDAResource(
            base_url=service.url, requests_per_minute=0, backoff_base_seconds=0.01
        ),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
        "faers_files": FaersFilesResource(),  # not selected here; Dagster wants it
    }


def materialize_everything(
    service: LocalOpenFDA, data_dir: Path, instance: dg.DagsterInstance, **kwargs
) -> dg.ExecuteInProcessResult:
    """The full_refresh job's selection, every quarter, as one in-process Dagster run."""
    quarters = all_quarters()
    return dg.materialize(
        [
            *dg.load_assets_from_modules(ASSET_MODULES),
            *dg.load_asset_checks_from_modules(ASSET_MODULES),
        ],
        selection=OPENFDA_SELECTION,
        resources=pipeline_resources(service, data_dir),
        tags=partition_range_tags(quarters[0], quarters[-1]),
        instance=instance,
        **kwargs,
    )


def table_digests(database: Path) -> dict[str, str]:
    """sha256 of every table's rows (in a fixed order) in schema main of a DuckDB file: equal
    digests mean equal contents, whatever the bytes of the file."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'main' order by 1"
            ).fetchall()
        ]
        return {
            name: hashlib.sha256(
                repr(
                    con.execute(
                        "select * from query_table($name) order by all", {"name": name}
                    ).fetchall()
                ).encode()
            ).hexdigest()
            for name in tables
        }


def materialization_metadata(result: dg.ExecuteInProcessResult) -> dict[str, dict]:
    """Metadata values of each asset materialized by a run, by asset name."""
    return {
        event.asset_key.to_user_string(): {
            key: value.value for key, value in event.materialization.metadata.items()
        }
        for event in result.get_asset_materialization_events()
    }
