-- The slice of the case set a new quarter can change, and the inputs of the version rules
-- restricted to it (ketamine_faers/case_set_increment.py, docs/faers-files-dedup.md).
--
-- Run after int_files_demo_versions, int_files_deleted_listings and int_files_quarter_rows
-- were built from the new quarters alone. Their rows are kept aside (new_*), then:
--   affected cases      the caseids of the new versions, of the new deleted lists, and of the
--                       built versions whose (era, primaryid_text) a new quarter publishes
--                       again: no other caseid's versions or deletion change;
--   replaced versions   every built version of an affected caseid (a caseid's fates depend
--                       on all its versions), and every built copy of a republished
--                       primaryid (its is_older_copy changes, whatever its caseid);
--   versions            the rules' input (staging.int_files_demo_versions): the replaced
--                       versions and the new ones, is_older_copy ranked again by the same
--                       macro over every copy of each republished primaryid (all of them are
--                       here); the others keep their own;
--   deleted listings    every listing of an affected caseid (staging.int_files_deleted_listings).
create temp table new_versions as
from staging.int_files_demo_versions;

create temp table new_listings as
from staging.int_files_deleted_listings;

create temp table new_quarter_rows as
from staging.int_files_quarter_rows;

create temp table republished as
select distinct
    era,
    primaryid_text
from new_versions
where primaryid_text is not null;

create temp table affected_cases as
select caseid from new_versions where caseid is not null
union
select caseid from new_listings
union
select built.caseid
from case_set.increment.versions as built
semi join republished
    on built.era = republished.era
    and built.primaryid_text = republished.primaryid_text
where built.caseid is not null;

create temp table replaced_versions as
select built.*
from case_set.increment.versions as built
semi join affected_cases
    on built.caseid = affected_cases.caseid
union
select built.*
from case_set.increment.versions as built
semi join republished
    on built.era = republished.era
    and built.primaryid_text = republished.primaryid_text;

create or replace table staging.int_files_demo_versions as

with

versions as (
    select
        quarter, era, file_name, line_no, primaryid, primaryid_text, caseid,
        caseversion, fda_dt, is_older_copy
    from replaced_versions
    union all
    select
        quarter, era, file_name, line_no, primaryid, primaryid_text, caseid,
        caseversion, fda_dt, is_older_copy
    from new_versions
),

ranked as (
    select
        versions.* exclude (is_older_copy),
        case
            when republished.era is not null
                then staging.files_is_older_copy(
                    versions.era, versions.primaryid_text, versions.quarter, versions.fda_dt,
                    versions.line_no
                )
            else versions.is_older_copy
        end as is_older_copy
    from versions
    left join republished
        on versions.era = republished.era
        and versions.primaryid_text = republished.primaryid_text
)

select * from ranked;

create or replace table staging.int_files_deleted_listings as
select
    caseid,
    quarter
from case_set.increment.deleted_listings as built
semi join affected_cases
    on built.caseid = affected_cases.caseid
union all
select
    caseid,
    quarter
from new_listings;
