"""Dagster assets and asset checks, one module per stage."""

from assets import background, clean, dashboards, effects, freshness, publish, quality, raw

ASSET_MODULES = [raw, background, clean, effects, quality, publish, dashboards, freshness]
