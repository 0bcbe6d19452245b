"""Jobs: what a run materializes."""

import dagster as dg

# Every asset and check. Partitioned assets take the run's partition range (a single run for
# any number of quarters); unpartitioned ones rebuild from everything landed so far.
full_refresh_job = dg.define_asset_job(
    "full_refresh",
    selection=dg.AssetSelection.all(),
    description="Fetch the chosen quarters from openFDA and rebuild, check and publish all.",
)
