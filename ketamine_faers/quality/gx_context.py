"""The GX objects every validation and the Data Docs need, made the same way each time.

GX runs in an ephemeral context, so nothing is written to the repository, and without
progress bars, which would only clutter the Dagster logs. GX is imported inside the
functions: importing it takes seconds, and most callers of the package never validate.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context import AbstractDataContext, EphemeralDataContext

#: The pandas data source each suite's batch is handed to GX through.
DATA_SOURCE = "ketamine_faers"


def ephemeral_context() -> EphemeralDataContext:
    """A fresh in-memory GX context without progress bars."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def batch_definition(context: AbstractDataContext, name: str) -> BatchDefinition:
    """The whole-dataframe batch definition of suite ``name``, made on first use in
    ``context`` (one context validates many suites)."""
    from great_expectations.datasource.fluent import PandasDatasource
    from great_expectations.datasource.fluent.pandas_datasource import DataFrameAsset

    try:
        source = context.data_sources.get(DATA_SOURCE)
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas(DATA_SOURCE)
    if not isinstance(source, PandasDatasource):  # only this module adds it, as pandas
        raise TypeError(f"GX data source {DATA_SOURCE!r} is a {type(source).__name__}")
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name)
    if not isinstance(asset, DataFrameAsset):  # only this module adds it, as a dataframe
        raise TypeError(f"GX data asset {name!r} is a {type(asset).__name__}")
    try:
        return asset.get_batch_definition("whole table")
    except KeyError:
        return asset.add_batch_definition_whole_dataframe("whole table")


def aware(moment: datetime) -> datetime:
    """A naive UTC time (as the package keeps them) as GX wants it: with its zone."""
    return moment.replace(tzinfo=UTC)


def run_identifier(run_id: str, validated_at: datetime) -> RunIdentifier:
    """GX's name for one validation run: the pipeline run and when it validated."""
    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=run_id, run_time=aware(validated_at))
