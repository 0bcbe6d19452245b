"""Dagster assets and asset checks, one module per stage."""

from assets import background, clean, effects, freshness, publish, raw

ASSET_MODULES = [raw, background, clean, effects, publish, freshness]
