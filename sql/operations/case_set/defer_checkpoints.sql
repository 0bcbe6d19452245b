-- No automatic checkpoint while the case set is built: the build fills its tables with one
-- insert per quarter, and each insert past the WAL's 16 MB default was followed by a
-- checkpoint (0.16 s of a 0.64 s insert at 1/10 of FAERS; case_drugs 35.5-45.1 s instead of
-- 39.8-56.5 s in three alternating pairs, benchmarks/RESULTS.md). The build checkpoints once
-- when it is done (operations/publish/checkpoint.sql). Large inserts write their row groups
-- to the database file directly, so the WAL stays small.
set checkpoint_threshold = '1TB';
