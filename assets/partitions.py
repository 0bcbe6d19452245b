"""Quarterly partitions of openFDA's receivedate, 2004Q1 to the current quarter."""

import dagster as dg

from ketamine_faers.quarters import all_quarters

# Static keys ("2021Q1") read better in the UI and the CLI than dates; the list is computed
# when the code location loads, so a new quarter appears with the first load inside it.
quarter_partitions = dg.StaticPartitionsDefinition(all_quarters())
