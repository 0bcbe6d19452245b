-- The build-only `staging` database: an in-memory catalog for the staging views, the
-- intermediate tables and the cleaning macros. The clean build attaches it first and detaches
-- it at the end, so nothing of it reaches the published file.
attach if not exists ':memory:' as staging;
