-- The 2x2 counts are a step of the build, not a published table.
drop table if exists int_signal_counts;
