-- main.source_reconciliation: one row per ketamine or esketamine case in either source,
-- openFDA's main.reports or the quarterly files' faers_files.cases, matched on FDA's case
-- number, with why a case is in one source only when that can be told. Grain: caseid (one
-- row per unmatched openFDA id whose case number cannot be told, caseid NULL).
--
-- openFDA's side is read through staging.openfda_side_* (sql/operations/reconciliation/):
-- views over main.reports, main.quarantine and main.source_fetches, or the same relations
-- empty when the build holds no openFDA tables (a files-only build), so the table is built
-- whenever the files' tables are.
--
-- Rules:
--   target case          openFDA: a main.reports row whose products list is not empty;
--                        files: a row of faers_files.cases (both by the shared product rule);
--   held, not target     openFDA: a record of main.quarantine with reason_code
--                        'no_target_drug' (openFDA found it, but no drug entry names either
--                        medicine); files: a case of the case set (case_set.cases) that is
--                        not in faers_files.cases;
--   matching ids         an openFDA safetyreportid of plain digits is the FAERS caseid; a
--                        legacy id 'ISR-D' ('5801206-7': ISR and check digit) has its '-D'
--                        stripped and its ISR mapped to the CASE number through the landing's
--                        legacy (aers) DEMO rows; an ISR the landing does not hold, or any
--                        other id, cannot be matched (caseid NULL). Several openFDA ids of
--                        one case are one row (openfda_ids lists them);
--   status               'both', 'openfda only' or 'files only';
--   reason               the first that holds, else NULL (not known):
--                        both: 'newer version in files' / 'newer version in openFDA' when
--                          both versions are integers and differ;
--                        openfda only: 'deleted by FDA' when the case is on one of FDA's
--                          deleted-case lists (faers_files.deleted_cases); 'not a
--                          ketamine/esketamine case in the other source' when the case set
--                          holds the case but none of its drugs names the product; 'received
--                          after the other source's data date' when openFDA's receive_date
--                          is after the end of the newest quarter loaded from the files;
--                        files only: 'openFDA not fetched' when the build holds no openFDA
--                          fetch (no row in main.source_fetches, or no openFDA tables);
--                          'not a ketamine/esketamine case in the other source'
--                          when openFDA holds the case but not as a target case;
--                          'received after ...' when the files' initial receipt date is
--                          after openFDA's latest data (max source_last_updated of
--                          main.source_fetches);
--   versions             openfda_version is the highest safetyreportversion of the case's
--                        openFDA rows (reports and no-target quarantined records), files_version the caseversion of the case set's kept
--                        version (NULL for legacy reports), shown whenever the source holds
--                        the case, target or not.
create or replace table main.source_reconciliation as

with

openfda_reports as (
    select
        safetyreportid,
        safetyreportversion,
        receive_date,
        products
    from staging.openfda_side_reports
),

openfda_not_target as (
    select
        safetyreportid,
        try_cast(json_extract_string(record, '$.safetyreportversion') as integer)
            as safetyreportversion,
        null::date as receive_date,
        []::varchar[] as products
    from staging.openfda_side_quarantine
    where reason_code = 'no_target_drug'
        and safetyreportid is not null
),

openfda_rows as (
    select * from openfda_reports
    union all
    select * from openfda_not_target
),

openfda_fetches as (
    select
        count(*) > 0 as openfda_fetched,
        max(source_last_updated) as openfda_data_date
    from staging.openfda_side_fetches
),

files_cases as (
    select
        caseid,
        caseversion,
        initial_receipt_date,
        products
    from faers_files.cases
),

case_set_cases as (
    select
        caseid,
        caseversion
    from case_set.main.cases
),

deleted_cases as (
    select caseid
    from faers_files.deleted_cases
),

files_quarters as (
    select staging.quarter_end(max(quarter)) as files_data_date
    from faers_files.quarters
    where versions_read is not null
),

legacy_demo as (
    select
        primaryid,
        caseid
    from staging.stg_faers_files__demo
    where era = 'aers'
        and primaryid is not null
        and caseid is not null
),

legacy_case_ids as (
    select
        primaryid as isr,
        min(caseid) as caseid
    from legacy_demo
    group by primaryid
),

openfda_id_kinds as (
    select
        *,
        case
            when regexp_full_match(safetyreportid, '[0-9]{1,18}') then safetyreportid::bigint
        end as faers_caseid,
        case
            when regexp_full_match(safetyreportid, '[0-9]{1,18}-[0-9]')
                then split_part(safetyreportid, '-', 1)::bigint
        end as legacy_isr
    from openfda_rows
),

openfda_matched as (
    select
        openfda_id_kinds.*,
        coalesce(openfda_id_kinds.faers_caseid, legacy_case_ids.caseid) as caseid
    from openfda_id_kinds
    left join legacy_case_ids
        on openfda_id_kinds.legacy_isr = legacy_case_ids.isr
),

openfda_keyed as (
    select
        *,
        coalesce(caseid::varchar, 'openfda id ' || safetyreportid) as case_key
    from openfda_matched
),

openfda_side as (
    select
        case_key,
        any_value(caseid) as caseid,
        list_sort(list(safetyreportid)) as openfda_ids,
        max(safetyreportversion) as openfda_version,
        min(receive_date) as openfda_receive_date,
        list_sort(list_distinct(flatten(list(products)))) as product_list
    from openfda_keyed
    group by case_key
),

openfda_labelled as (
    select
        *,
        case
            when list_contains(product_list, 'ketamine')
                and list_contains(product_list, 'esketamine')
                then 'ketamine+esketamine'
            when list_contains(product_list, 'ketamine') then 'ketamine'
            when list_contains(product_list, 'esketamine') then 'esketamine'
        end as openfda_products
    from openfda_side
),

universe as (
    select
        case_key,
        caseid
    from openfda_labelled
    where openfda_products is not null
    union
    select
        caseid::varchar as case_key,
        caseid
    from files_cases
),

joined as (
    select
        universe.caseid,
        openfda_labelled.openfda_ids,
        coalesce(openfda_labelled.openfda_products is not null, false) as in_openfda,
        files_cases.caseid is not null as in_files,
        openfda_labelled.case_key is not null as openfda_holds_case,
        case_set_cases.caseid is not null as case_set_holds_case,
        deleted_cases.caseid is not null as is_deleted,
        openfda_labelled.openfda_version,
        case_set_cases.caseversion as files_version,
        openfda_labelled.openfda_products,
        files_cases.products as files_products,
        openfda_labelled.openfda_receive_date,
        files_cases.initial_receipt_date as files_initial_receipt_date,
        openfda_fetches.openfda_fetched,
        openfda_fetches.openfda_data_date,
        files_quarters.files_data_date
    from universe
    left join openfda_labelled
        on universe.case_key = openfda_labelled.case_key
    left join files_cases
        on universe.caseid = files_cases.caseid
    left join case_set_cases
        on universe.caseid = case_set_cases.caseid
    left join deleted_cases
        on universe.caseid = deleted_cases.caseid
    cross join openfda_fetches
    cross join files_quarters
),

statuses as (
    select
        *,
        case
            when in_openfda and in_files then 'both'
            when in_openfda then 'openfda only'
            else 'files only'
        end as status
    from joined
),

reasons as (
    select
        *,
        case
            when status = 'both' and files_version > openfda_version
                then 'newer version in files'
            when status = 'both' and openfda_version > files_version
                then 'newer version in openFDA'
            when status = 'openfda only' and is_deleted then 'deleted by FDA'
            when status = 'openfda only' and case_set_holds_case
                then 'not a ketamine/esketamine case in the other source'
            when status = 'openfda only' and openfda_receive_date > files_data_date
                then 'received after the other source''s data date'
            when status = 'files only' and not openfda_fetched then 'openFDA not fetched'
            when status = 'files only' and openfda_holds_case
                then 'not a ketamine/esketamine case in the other source'
            when status = 'files only' and files_initial_receipt_date > openfda_data_date
                then 'received after the other source''s data date'
        end as reason
    from statuses
),

final as (
    select
        caseid,
        openfda_ids,
        in_openfda,
        in_files,
        status,
        reason,
        openfda_version,
        files_version,
        openfda_products,
        files_products,
        openfda_receive_date,
        files_initial_receipt_date,
        openfda_data_date,
        files_data_date
    from reasons
)

select * from final
order by caseid nulls last, openfda_ids;

comment on table main.source_reconciliation is
    'One row per ketamine or esketamine case in either source, openFDA (main.reports) or FDA''s quarterly files (faers_files.cases), matched on the case number: in which source it is and, when it can be told, why it is in one only or differs. Counts are reports, not incidence.';
comment on column main.source_reconciliation.caseid is 'FDA''s case number: the files'' caseid, openFDA''s safetyreportid when plain digits, or the CASE of a legacy openFDA id (ISR-check digit) mapped through the landing''s legacy DEMO rows; NULL when an openFDA id could not be mapped (one row per such id).';
comment on column main.source_reconciliation.openfda_ids is 'The openFDA safetyreportids of the case (several when openFDA holds legacy and FAERS ids of one case), sorted; NULL when openFDA does not hold the case.';
comment on column main.source_reconciliation.in_openfda is 'True when main.reports holds the case naming ketamine or esketamine (non-empty products).';
comment on column main.source_reconciliation.in_files is 'True when faers_files.cases holds the case.';
comment on column main.source_reconciliation.status is '''both'', ''openfda only'' or ''files only''.';
comment on column main.source_reconciliation.reason is 'Why, when it can be told: ''openFDA not fetched'' (files only: the build holds no openFDA fetch, as in a files-only build), ''deleted by FDA'' (on a deleted-case list of the files), ''newer version in files'' / ''newer version in openFDA'' (both hold it, versions differ), ''received after the other source''s data date'' (first receipt after the other source''s latest data), ''not a ketamine/esketamine case in the other source'' (the other source holds the case but its drugs do not name the product: openFDA quarantined it as naming no target drug, or the files'' case set holds it without one); NULL when not known or nothing to explain.';
comment on column main.source_reconciliation.openfda_version is 'Highest safetyreportversion (integer) of the case''s openFDA rows: main.reports, and main.quarantine''s records naming no target drug; NULL when openFDA does not hold the case.';
comment on column main.source_reconciliation.files_version is 'caseversion (integer) of the files'' kept version, target or not; NULL when the case set does not hold the case or for legacy reports.';
comment on column main.source_reconciliation.openfda_products is 'Target medicines openFDA''s rows of the case name: ''ketamine'', ''esketamine'', ''ketamine+esketamine''; NULL when none.';
comment on column main.source_reconciliation.files_products is 'faers_files.cases.products of the case; NULL when not in faers_files.cases.';
comment on column main.source_reconciliation.openfda_receive_date is 'Earliest openFDA receive_date (first receipt by FDA) of the case''s rows; first day of the month or year when partial.';
comment on column main.source_reconciliation.files_initial_receipt_date is 'faers_files.cases.initial_receipt_date (init_fda_dt, else fda_dt).';
comment on column main.source_reconciliation.openfda_data_date is 'openFDA''s latest data: max source_last_updated of main.source_fetches (the same on every row); NULL when openFDA was not fetched.';
comment on column main.source_reconciliation.files_data_date is 'The files'' latest data: last day of the newest quarter loaded (the same on every row).';
