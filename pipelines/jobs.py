"""Jobs: what a run materializes, by source (``ketamine-faers run --source``).

Partitioned assets take the run's partition range (a single run for any number of quarters);
unpartitioned ones rebuild from everything landed so far. Each job ends in the same publish
step, so a run of either source publishes the build with the other source's tables as the
last run of it left them.
"""

import dagster as dg

from assets.faers_files import GROUP as FILES_GROUP

_FILES = dg.AssetSelection.groups(FILES_GROUP)
_PUBLISH = dg.AssetSelection.groups("publish")  # published_database, dashboards

#: Every asset but the files source's (and the checks of those assets).
OPENFDA_SELECTION = dg.AssetSelection.all() - _FILES

#: openFDA and everything downstream of it: what the schedule and the openFDA sensor run.
full_refresh_job = dg.define_asset_job(
    "full_refresh",
    selection=OPENFDA_SELECTION,
    description="Fetch the chosen quarters from openFDA and rebuild, check and publish.",
)

#: FDA's quarterly files: download, land, case set, analyst tables, then publish.
files_refresh_job = dg.define_asset_job(
    "files_refresh",
    selection=_FILES | _PUBLISH,
    description=(
        "Download and land the chosen quarters of FDA's quarterly files, rebuild the case set "
        "and the faers_files tables, check and publish."
    ),
)

#: Both sources in one run.
all_refresh_job = dg.define_asset_job(
    "all_refresh",
    selection=dg.AssetSelection.all(),
    description="Both sources: openFDA and FDA's quarterly files, then check and publish.",
)

#: ``--source`` -> job name.
JOB_FOR_SOURCE = {
    "openfda": full_refresh_job.name,
    "files": files_refresh_job.name,
    "all": all_refresh_job.name,
}
