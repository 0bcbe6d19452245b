-- The number of threads DuckDB runs a statement on, restored after a small quarter's landing.
SELECT current_setting('threads');
