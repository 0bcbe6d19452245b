-- The catalogs of an incremental add (ketamine_faers/case_set_increment.py): the case set it
-- updates (written only in the last transaction), the whole landing, read-only, as `landed`,
-- and an in-memory `landing` that shows only the rows the add reads (the new quarters, then
-- the earlier rows of the kept versions it touches; create_scratch_landing.sql), under the
-- name the stg_faers_files__* views read. `main` is the connection's in-memory database: the models' tables made there
-- hold only the cases the add touches.
attach $case_set_db as case_set;
attach $landing_db as landed (read_only);
attach ':memory:' as landing;
