"""Freshness: the published data are stale when not refreshed for about eight days (a weekly
schedule plus a day of slack)."""

from datetime import timedelta

import dagster as dg

from assets.publish import published_database

STALE_AFTER = timedelta(days=8)

freshness_checks = dg.build_last_update_freshness_checks(
    assets=[published_database], lower_bound_delta=STALE_AFTER
)
