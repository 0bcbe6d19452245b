"""The code location `dagster dev` and the daemon load (workspace.yaml): the definitions,
configured from the environment variables of the public contract, and nothing else."""

from assets.resources import resources_for
from ketamine_faers.settings import Settings
from pipelines.assembly import build_definitions

defs = build_definitions(resources_for(Settings.from_env()))
