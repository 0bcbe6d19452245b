"""Dagster assets and asset checks, one module per stage."""

from assets import (
    background,
    clean,
    dashboards,
    effects,
    faers_files,
    freshness,
    publish,
    quality,
    raw,
)

ASSET_MODULES = [
    raw,
    background,
    clean,
    effects,
    faers_files,
    quality,
    publish,
    dashboards,
    freshness,
]
