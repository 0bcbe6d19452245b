-- The whole-FAERS case set (case_set.duckdb), read-only, as the catalog `case_set` the
-- faers_files models read (case_set.main.cases ...).
attach $case_set_db as case_set (read_only);
