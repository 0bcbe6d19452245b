-- Cases the restricted grouping put in a group although they are not regrouped cases: must
-- be 0 (a linked case carries a regrouped key, so it was in a touched group or carries a
-- touched key). The add stops rather than write such a group.
select count(*) as out_of_scope
from staging.int_files_duplicate_groups
where caseid not in (select caseid from regrouped_cases);
