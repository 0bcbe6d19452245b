-- The probable-duplicate groups a new quarter can change, and the rules' input restricted to
-- them (ketamine_faers/case_set_increment.py, docs/faers-files-dedup.md).
--
-- Run after int_files_case_keys and the view int_files_match_keys were built for the
-- affected cases' kept versions. Their rows are kept aside (new_*), then:
--   touched keys      every key an affected case carried before or carries now: only these
--                     keys' groups of cases can have changed;
--   touched cases     the affected cases and every case carrying a touched key now;
--   regrouped cases   the touched cases and every member of a duplicate group one of them
--                     was in (main.cases.duplicate_group): a changed link can split or join
--                     only these groups, so their members are grouped again, and no others;
--   regrouped keys    every key a regrouped case carries now;
--   carriers          every case carrying a regrouped key now;
--   case keys         the rules' input (staging.int_files_case_keys): the carriers' keys, as
--                     the state will hold them. Links are then made of whole
--                     groups of cases per key; the links of the other keys these cases carry
--                     are dropped (delete_unscoped_links.sql), as their groups are incomplete
--                     here and unchanged in the case set.
-- key_hash only selects cases: two keys sharing a hash bring both keys' cases, whose groups
-- are then formed on the keys themselves, so a collision costs time, never a wrong link.
create temp table new_case_keys as
from staging.int_files_case_keys;

create temp table new_match_keys as
select
    caseid,
    key_hash
from staging.int_files_match_keys;

create temp view match_keys_after as
select
    built.caseid,
    built.key_hash
from case_set.increment.match_keys as built
anti join affected_cases
    on built.caseid = affected_cases.caseid
union all
select
    caseid,
    key_hash
from new_match_keys;

create temp table touched_keys as
select built.key_hash
from case_set.increment.match_keys as built
semi join affected_cases
    on built.caseid = affected_cases.caseid
union
select key_hash from new_match_keys;

create temp table touched_cases as
select caseid from affected_cases
union
select after.caseid
from match_keys_after as after
semi join touched_keys
    on after.key_hash = touched_keys.key_hash;

create temp table regrouped_cases as
select caseid from touched_cases
union
select cases.caseid
from case_set.main.cases as cases
semi join (
    select touched.duplicate_group
    from case_set.main.cases as touched
    semi join touched_cases
        on touched.caseid = touched_cases.caseid
    where touched.duplicate_group is not null
) as touched_groups
    on cases.duplicate_group = touched_groups.duplicate_group;

create temp table regrouped_keys as
select distinct after.key_hash
from match_keys_after as after
semi join regrouped_cases
    on after.caseid = regrouped_cases.caseid;

create temp table carriers as
select distinct after.caseid
from match_keys_after as after
semi join regrouped_keys
    on after.key_hash = regrouped_keys.key_hash;

create or replace table staging.int_files_case_keys as
select built.*
from case_set.increment.case_keys as built
semi join carriers
    on built.caseid = carriers.caseid
anti join affected_cases
    on built.caseid = affected_cases.caseid
union all by name
select new_keys.*
from new_case_keys as new_keys
semi join carriers
    on new_keys.caseid = carriers.caseid;
