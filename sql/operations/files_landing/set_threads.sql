-- The number of threads DuckDB runs statements on: one while a small quarter lands (each of its
-- statements is small, and handing it to more threads costs more than it saves), then the
-- number before. Results do not depend on it: reads and inserts keep the files' order.
SET threads = $threads;
