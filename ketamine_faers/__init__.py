"""The Dagster-free core of ketamine-faers: the sources (openFDA client, landing, background
counts), the SQL runner and model graph, the clean and effect builds, statistics, quality,
incremental build state, dashboards and publishing. Importable and testable without Dagster;
it never imports the layers above it (assets, pipelines) nor the stand-ins."""
