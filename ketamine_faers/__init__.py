"""Dagster-free logic of ketamine-faers: openFDA client, local openFDA service, SQL runner,
statistics. Everything here is importable and testable without Dagster."""
