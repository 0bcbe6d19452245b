-- staging.int_record_fates: the fate of every raw record: cleaned (reason NULL) or quarantined
-- (reason and reason_code set). One row per row of raw.raw_records. Build-only.
--
-- Rules, checked in this order; the first that fails is the record's reason
-- (docs/cleaning-rules.md#quarantine and #latest-version):
--   not_an_object            'record is not a JSON object (found ARRAY)'
--   duplicate_keys           'duplicate key in the record: patient.drug[2].drugstartdate'
--                            (a key twice in one object read: the record has no single
--                            reading; ' and N more' when there are several)
--   missing_safetyreportid   'missing safetyreportid'
--   invalid_safetyreportid   'safetyreportid is not a valid id: <value>' (an id is 1 to 64
--                            letters, digits, '-', '_' or '.', starting with a letter or digit;
--                            a number is read as its digits)
--   receivedate_outside_quarter 'receivedate 20210405 is outside the fetched quarter 2021Q1'
--                            (rule "plausible dates": the record is not what the quarter's
--                            fetch asked for)
--   superseded               'superseded by version N of the same safetyreportid' or
--                            'superseded by a later fetch of the same safetyreportid
--                            (version N)': rule "latest version" below
--   missing_receivedate      'missing receivedate'
--   invalid_receivedate      'receivedate not a valid date: <value>' (rule "partial dates")
--   future_receivedate       'receivedate is after the build date: 20991231' (rule
--                            "plausible dates": later than current_date)
--   missing_patient          'missing patient'
--   patient_not_object       'patient is not an object (found ARRAY)'
--   missing_drug             'missing patient.drug'
--   drug_not_list            'patient.drug is not a list (found OBJECT)'
--   drug_element_not_object  'patient.drug[N] is not an object (found VARCHAR)'
--   reaction_not_list        'patient.reaction is not a list (found OBJECT)'
--   reaction_element_not_object 'patient.reaction[N] is not an object (found VARCHAR)'
--   no_target_drug           'no drug entry names ketamine or esketamine'
-- A missing or null patient.reaction is not a failure (the report has no reactions).
--
-- Rule "latest version": among the records with a valid safetyreportid (across all quarters)
-- the one kept is the highest safetyreportversion read as an integer (staging.version_number:
-- only plain decimal digits; a missing or non-integer version such as '0x10', '2.5' or '1e1'
-- counts lowest), then the latest fetched_at, then the latest quarter, then the highest
-- record_seq. Every other copy is quarantined as superseded; the check runs before the
-- content checks, because the latest version is the truth of a case: when it is malformed
-- the case goes to quarantine with that reason and older copies do not stand in.
-- Two kinds of record take no part in the choice, because they are not a reading of the
-- case the fetch can stand behind: a record with duplicate keys (its id and version have no
-- single value) and a record whose receivedate lies outside the quarter it was fetched for
-- (a copy fetched for its own quarter must not be superseded by it).
--
-- Rule "plausible dates": the quarter's bounds come from the raw partition
-- (staging.quarter_start, staging.quarter_end: '2021Q1' is 2021-01-01 to 2021-03-31); a
-- receivedate of month or year precision counts as the first day of its month or year, the
-- same date main.reports.receive_date and its quarter check use. "Future" is after
-- current_date, the build's date.

create or replace table staging.int_record_fates as

with

reports as (
    select
        raw_rowid,
        quarter,
        record_seq,
        fetched_at,
        record_json_type,
        safetyreportid_json_type,
        staging.report_id(safetyreportid) as safetyreportid,
        staging.version_number(safetyreportversion) as safetyreportversion,
        receivedate,
        staging.faers_date(receivedate).date as receive_date,
        staging.quarter_start(quarter) as quarter_start,
        staging.quarter_end(quarter) as quarter_end,
        duplicate_keys,
        patient_json_type,
        drug_json_type,
        reaction_json_type
    from staging.stg_openfda__reports
),

drug_checks as (
    select
        raw_rowid,
        bad_drug_seq,
        bad_drug_type,
        names_target_product
    from staging.int_drug_summaries
),

-- Only records holding a reaction element that did not parse as an object carry
-- reaction_element_types (stg_openfda__reports), so only those are looked at.
reaction_checks as (
    select
        raw_rowid,
        first_bad as bad_reaction_seq,
        reaction_element_types[first_bad] as bad_reaction_type
    from (
        select
            raw_rowid,
            reaction_element_types,
            list_position(
                list_transform(reaction_element_types, lambda t: t <> 'OBJECT'), true
            ) as first_bad
        from staging.stg_openfda__reports
        where reaction_element_types is not null
    )
    where first_bad is not null
),

identified as (
    select
        reports.*,
        record_json_type = 'OBJECT'
        and safetyreportid_json_type in ('VARCHAR', 'BIGINT', 'UBIGINT')
        and regexp_full_match(safetyreportid, '[0-9A-Za-z][0-9A-Za-z._-]{0,63}') as has_valid_id,
        receive_date is not null and coalesce(
            receive_date < quarter_start or receive_date >= quarter_end, true
        ) as outside_quarter
    from reports
),

versions as (
    select
        raw_rowid,
        row_number() over latest as version_rank,
        first_value(safetyreportversion) over latest as kept_version
    from identified
    where has_valid_id and duplicate_keys is null and not outside_quarter
    window latest as (
        partition by safetyreportid
        order by safetyreportversion desc nulls last, fetched_at desc, quarter desc,
            record_seq desc
    )
),

checked as (
    select
        identified.raw_rowid,
        identified.quarter,
        identified.record_seq,
        case
            when identified.has_valid_id
                and not coalesce(list_contains(identified.duplicate_keys, 'safetyreportid'), false)
                then identified.safetyreportid
        end as safetyreportid,
        case
            when identified.record_json_type is distinct from 'OBJECT' then struct_pack(
                code := 'not_an_object',
                reason := 'record is not a JSON object (found '
                    || coalesce(identified.record_json_type, 'nothing') || ')'
            )
            when identified.duplicate_keys is not null then struct_pack(
                code := 'duplicate_keys',
                reason := 'duplicate key in the record: '
                    || staging.printable(identified.duplicate_keys[1])
                    || case
                        when len(identified.duplicate_keys) > 1
                            then ' and ' || (len(identified.duplicate_keys) - 1) || ' more'
                        else ''
                    end
            )
            when identified.safetyreportid_json_type is null
                or identified.safetyreportid_json_type = 'NULL'
                or trim(identified.safetyreportid) = '' then struct_pack(
                code := 'missing_safetyreportid',
                reason := 'missing safetyreportid'
            )
            when not identified.has_valid_id then struct_pack(
                code := 'invalid_safetyreportid',
                reason := 'safetyreportid is not a valid id: '
                    || staging.printable(identified.safetyreportid)
            )
            when identified.outside_quarter then struct_pack(
                code := 'receivedate_outside_quarter',
                reason := 'receivedate ' || staging.printable(trim(identified.receivedate))
                    || ' is outside the fetched quarter ' || staging.printable(identified.quarter)
            )
            when versions.version_rank > 1 then struct_pack(
                code := 'superseded',
                reason := case
                    when versions.kept_version is not null
                        and (identified.safetyreportversion is null
                            or versions.kept_version > identified.safetyreportversion)
                        then 'superseded by version ' || versions.kept_version
                            || ' of the same safetyreportid'
                    else 'superseded by a later fetch of the same safetyreportid (version '
                        || coalesce(versions.kept_version::varchar, 'unknown') || ')'
                end
            )
            when identified.receivedate is null then struct_pack(
                code := 'missing_receivedate',
                reason := 'missing receivedate'
            )
            when staging.faers_date(identified.receivedate).date is null then struct_pack(
                code := 'invalid_receivedate',
                reason := 'receivedate not a valid date: '
                    || staging.printable(identified.receivedate)
            )
            when identified.receive_date > current_date then struct_pack(
                code := 'future_receivedate',
                reason := 'receivedate is after the build date: '
                    || staging.printable(trim(identified.receivedate))
            )
            when identified.patient_json_type is null
                or identified.patient_json_type = 'NULL' then struct_pack(
                code := 'missing_patient',
                reason := 'missing patient'
            )
            when identified.patient_json_type <> 'OBJECT' then struct_pack(
                code := 'patient_not_object',
                reason := 'patient is not an object (found '
                    || identified.patient_json_type || ')'
            )
            when identified.drug_json_type is null
                or identified.drug_json_type = 'NULL' then struct_pack(
                code := 'missing_drug',
                reason := 'missing patient.drug'
            )
            when identified.drug_json_type <> 'ARRAY' then struct_pack(
                code := 'drug_not_list',
                reason := 'patient.drug is not a list (found '
                    || identified.drug_json_type || ')'
            )
            when drug_checks.bad_drug_seq is not null then struct_pack(
                code := 'drug_element_not_object',
                reason := 'patient.drug[' || drug_checks.bad_drug_seq
                    || '] is not an object (found ' || drug_checks.bad_drug_type || ')'
            )
            when identified.reaction_json_type is not null
                and identified.reaction_json_type not in ('NULL', 'ARRAY') then struct_pack(
                code := 'reaction_not_list',
                reason := 'patient.reaction is not a list (found '
                    || identified.reaction_json_type || ')'
            )
            when reaction_checks.bad_reaction_seq is not null then struct_pack(
                code := 'reaction_element_not_object',
                reason := 'patient.reaction[' || reaction_checks.bad_reaction_seq
                    || '] is not an object (found ' || reaction_checks.bad_reaction_type || ')'
            )
            when not coalesce(drug_checks.names_target_product, false) then struct_pack(
                code := 'no_target_drug',
                reason := 'no drug entry names ketamine or esketamine'
            )
        end as failure
    from identified
    left join versions
        on identified.raw_rowid = versions.raw_rowid
    left join drug_checks
        on identified.raw_rowid = drug_checks.raw_rowid
    left join reaction_checks
        on identified.raw_rowid = reaction_checks.raw_rowid
),

final as (
    select
        raw_rowid,
        quarter,
        record_seq,
        safetyreportid,
        failure.code as reason_code,
        failure.reason as reason
    from checked
)

select * from final;
