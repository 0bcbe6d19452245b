-- The regrouped cases a new quarter did not affect keep their row of main.cases but for the
-- duplicate flags, which cases.sql sets again from the new groups: their fields join the
-- affected cases' (staging.int_files_case_demographics, columns by name).
insert into staging.int_files_case_demographics by name
select cases.* exclude (
    is_probable_duplicate,
    probable_duplicate_of,
    duplicate_group,
    duplicate_group_size,
    duplicate_rules
)
from case_set.main.cases as cases
semi join regrouped_cases
    on cases.caseid = regrouped_cases.caseid
anti join affected_cases
    on cases.caseid = affected_cases.caseid;
