-- What the update plan reads (ketamine_faers/case_set_update.py): the case set's private
-- state and the landing's record of landed zips, both read-only, under the names
-- case_set_state reads them by.
attach $case_set_db as case_set (read_only);
attach $landing_db as landed (read_only);
