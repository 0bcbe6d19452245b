-- main.reports: one row per case (safetyreportid), its latest version, typed and labelled.
-- Grain: safetyreportid (unique). Drug counts, products and the drug set come from
-- staging.int_drug_summaries (the staged drugs of the same raw record, joined on the raw key
-- quarter, record_seq); reaction counts and the reaction set from the record's own staged
-- reaction list, with the term rule of main.reactions (staging.term_clean).
--
-- Rules applied (docs/cleaning-rules.md):
--   latest version       one row per safetyreportid (staging.int_record_fates; older
--                        copies are in main.quarantine with reason 'superseded ...');
--   partial dates        receivedate/receiptdate -> date + precision; a record whose
--                        receivedate does not parse is quarantined, receiptdate only NULLs;
--   plausible dates      a receiptdate after current_date (the build's date) or before
--                        1990-01-01 -> receipt_date and its precision NULL, receipt_date_raw
--                        kept; a receivedate outside the fetched quarter or in the future
--                        quarantines the record (staging.int_record_fates), so receive_date
--                        always lies in quarter and not after the build date;
--   age in years         patientonsetage x unit: 800 decade x10, 801 year, 802 month /12,
--                        803 week /52.1775, 804 day /365.25, 805 hour /8766; a value without
--                        a unit (or with another unit), non-numeric, negative or over 120
--                        -> NULL; age_raw and age_unit_raw keep what was sent;
--   age group            patientagegroup 1..6 -> neonate, infant, child, adolescent, adult,
--                        elderly; when absent, derived from age_years: < 28 days neonate,
--                        < 2 infant, < 12 child, < 18 adolescent, < 65 adult, else elderly;
--   weight in kg         patientweight is kg; non-numeric, <= 0 or > 500 -> NULL (raw kept);
--   sex codes            patientsex 1 male, 2 female, 0 / missing / other -> unknown;
--   seriousness          serious 1 -> true, 2 -> false, else NULL; each seriousness* is
--                        "1" or absent -> true / false;
--   codes to labels      reporter qualification, report type;
--   country              occurcountry, else primarysourcecountry, else
--                        primarysource.reportercountry, as reported; country_iso2 is the
--                        2-letter code when the value is one, or a country name FAERS uses;
--   products             the sorted distinct target products among the report's drugs;
--   probable duplicates  different ids with the same event date (CASE EVENT DATE from
--                        patient.summary, else receive_date) and its precision, age_years,
--                        sex (female/male), country, drug set (products of the target drugs
--                        + upper-cased names of the others) and reaction set (upper-cased
--                        terms), none of them missing: all but one representative (earliest
--                        receive_date, then lowest numeric id, then lowest id) are flagged.
--                        Sets are fingerprinted in 64 bits (the drug set as the XOR of the
--                        hashes of its distinct members, in staging.int_drug_summaries; the
--                        reaction set as the hash of its sorted distinct members) and the
--                        keys grouped by 64-bit hashes, so a false match needs a hash
--                        collision.
create or replace table main.reports as

with

kept as (
    select
        raw_rowid,
        safetyreportid
    from staging.int_record_fates
    where reason is null
),

staged as (
    select
        kept.safetyreportid,
        stg.*
    from staging.stg_openfda__reports as stg
    inner join kept
        on stg.raw_rowid = kept.raw_rowid
),

country_names as (
    select * from (values
        ('UNITED STATES', 'US'), ('UNITED STATES OF AMERICA', 'US'), ('USA', 'US'),
        ('CANADA', 'CA'), ('UNITED KINGDOM', 'GB'), ('GREAT BRITAIN', 'GB'), ('UK', 'GB'),
        ('GERMANY', 'DE'), ('FRANCE', 'FR'), ('ITALY', 'IT'), ('SPAIN', 'ES'),
        ('JAPAN', 'JP'), ('CHINA', 'CN'), ('BRAZIL', 'BR'), ('AUSTRALIA', 'AU'),
        ('NETHERLANDS', 'NL'), ('BELGIUM', 'BE'), ('SWITZERLAND', 'CH'),
        ('SWEDEN', 'SE'), ('DENMARK', 'DK'), ('NORWAY', 'NO'), ('AUSTRIA', 'AT'),
        ('POLAND', 'PL'), ('IRELAND', 'IE'), ('INDIA', 'IN'), ('MEXICO', 'MX'),
        ('ARGENTINA', 'AR'), ('HUNGARY', 'HU'), ('ISRAEL', 'IL'), ('KOREA, REPUBLIC OF', 'KR')
    ) as t(country_name, iso2)
),

typed as (
    select
        raw_rowid,
        safetyreportid,
        try_cast(staging.version_number(safetyreportversion) as integer) as safetyreportversion,
        quarter,
        record_seq,
        staging.faers_date(receivedate) as receive_parsed,
        nullif(trim(receivedate), '') as receive_date_raw,
        case
            when staging.faers_date(receiptdate).date
                between date '1990-01-01' and current_date
                then staging.faers_date(receiptdate)
            else {'date': null::date, 'precision': null::varchar}
        end as receipt_parsed,
        nullif(trim(receiptdate), '') as receipt_date_raw,
        len(reactions) as reaction_terms,
        staging.faers_date(
            regexp_extract(narrativeincludeclinical, 'CASE EVENT DATE:\s*([0-9]{4,8})', 1)
        ) as event_parsed,
        case trim(reporttype_code)
            when '1' then 'spontaneous'
            when '2' then 'report from study'
            when '3' then 'other'
            when '4' then 'not available to sender (unknown)'
        end as report_type,
        case trim(serious_code) when '1' then true when '2' then false end as serious,
        coalesce(trim(seriousnessdeath_code) = '1', false) as seriousness_death,
        coalesce(trim(seriousnesslifethreatening_code) = '1', false)
            as seriousness_life_threatening,
        coalesce(trim(seriousnesshospitalization_code) = '1', false)
            as seriousness_hospitalization,
        coalesce(trim(seriousnessdisabling_code) = '1', false) as seriousness_disabling,
        coalesce(trim(seriousnesscongenitalanomali_code) = '1', false)
            as seriousness_congenital_anomaly,
        coalesce(trim(seriousnessother_code) = '1', false) as seriousness_other,
        coalesce(
            nullif(trim(occurcountry), ''),
            nullif(trim(primarysourcecountry), ''),
            nullif(trim(reportercountry), '')
        ) as country,
        case trim(qualification_code)
            when '1' then 'physician'
            when '2' then 'pharmacist'
            when '3' then 'other health professional'
            when '4' then 'lawyer'
            when '5' then 'consumer'
        end as reporter_qualification,
        nullif(trim(qualification_code), '') as reporter_qualification_code,
        nullif(trim(senderorganization), '') as sender_organization,
        nullif(trim(companynumb), '') as company_number,
        nullif(trim(patientonsetage), '') as age_raw,
        nullif(trim(patientonsetageunit), '') as age_unit_raw,
        try_cast(trim(patientonsetage) as double) as age_value,
        case trim(patientagegroup_code)
            when '1' then 'neonate'
            when '2' then 'infant'
            when '3' then 'child'
            when '4' then 'adolescent'
            when '5' then 'adult'
            when '6' then 'elderly'
        end as age_group_reported,
        case trim(patientsex_code)
            when '1' then 'male'
            when '2' then 'female'
            else 'unknown'
        end as sex,
        nullif(trim(patientsex_code), '') as sex_code,
        nullif(trim(patientweight), '') as weight_raw,
        try_cast(trim(patientweight) as double) as weight_value,
        fetched_at,
        source_last_updated
    from staged
),

normalised as (
    select
        typed.*,
        case
            when age_in_years between 0 and 120 then age_in_years
        end as age_years,
        case
            when weight_value > 0 and weight_value <= 500 then weight_value
        end as weight_kg,
        coalesce(
            case
                when regexp_full_match(country, '[A-Za-z]{2}') and upper(country) <> 'UK'
                    then upper(country)
            end,
            country_names.iso2
        ) as country_iso2
    from (
        select
            *,
            case age_unit_raw
                when '800' then age_value * 10
                when '801' then age_value
                when '802' then age_value / 12
                when '803' then age_value / 52.1775
                when '804' then age_value / 365.25
                when '805' then age_value / 8766
            end as age_in_years
        from typed
    ) as typed
    left join country_names
        on upper(typed.country) = country_names.country_name
),

drug_summary as (
    select
        raw_rowid,
        drugs_count,
        products
    from staging.int_drug_summaries
),

assembled as (
    select
        normalised.*,
        coalesce(normalised.event_parsed.date, normalised.receive_parsed.date) as event_date,
        case
            when normalised.event_parsed.date is not null
                then normalised.event_parsed.precision
            else normalised.receive_parsed.precision
        end as event_date_precision,
        case
            when normalised.event_parsed.date is not null then 'case event date'
            else 'receive date'
        end as event_date_source,
        coalesce(drug_summary.drugs_count, 0) as drugs_count,
        drug_summary.products,
        coalesce(normalised.reaction_terms, 0) as reactions_count
    from normalised
    left join drug_summary
        on normalised.raw_rowid = drug_summary.raw_rowid
),

final as (
    select
        assembled.safetyreportid,
        assembled.safetyreportversion,
        assembled.quarter,
        assembled.record_seq,
        assembled.receive_parsed.date as receive_date,
        assembled.receive_parsed.precision as receive_date_precision,
        assembled.receive_date_raw,
        assembled.receipt_parsed.date as receipt_date,
        assembled.receipt_parsed.precision as receipt_date_precision,
        assembled.receipt_date_raw,
        assembled.event_date,
        assembled.event_date_precision,
        assembled.event_date_source,
        assembled.report_type,
        assembled.serious,
        assembled.seriousness_death,
        assembled.seriousness_life_threatening,
        assembled.seriousness_hospitalization,
        assembled.seriousness_disabling,
        assembled.seriousness_congenital_anomaly,
        assembled.seriousness_other,
        assembled.country,
        assembled.country_iso2,
        assembled.reporter_qualification,
        assembled.reporter_qualification_code,
        assembled.sender_organization,
        assembled.company_number,
        assembled.age_years,
        assembled.age_raw,
        assembled.age_unit_raw,
        coalesce(
            assembled.age_group_reported,
            case
                when assembled.age_years is null then null
                when assembled.age_years < 28 / 365.25 then 'neonate'
                when assembled.age_years < 2 then 'infant'
                when assembled.age_years < 12 then 'child'
                when assembled.age_years < 18 then 'adolescent'
                when assembled.age_years < 65 then 'adult'
                else 'elderly'
            end
        ) as age_group,
        case
            when assembled.age_group_reported is not null then 'reported'
            when assembled.age_years is not null then 'derived from age_years'
        end as age_group_source,
        assembled.sex,
        assembled.sex_code,
        assembled.weight_kg,
        assembled.weight_raw,
        coalesce(assembled.products, []::varchar[]) as products,
        assembled.drugs_count,
        assembled.reactions_count,
        false as is_probable_duplicate,  -- set below, by rule "probable duplicates"
        null::varchar as probable_duplicate_of,
        assembled.fetched_at,
        assembled.source_last_updated
    from assembled
)

select * from final;


-- Rule "probable duplicates", in two steps so the million-row table is written once and only
-- the few duplicates are updated: the six keys other than the reaction set are hashed for
-- every report; only reports sharing that hash with another report (about 8 % at 1M
-- records) have their reaction set computed, from their staged reaction list.
update main.reports
set
    is_probable_duplicate = true,
    probable_duplicate_of = duplicates.representative
from (
    with

    keyed as (
        select
            reports.safetyreportid,
            fates.raw_rowid,
            reports.receive_date,
            case
                when reports.event_date is not null
                    and reports.age_years is not null
                    and reports.sex in ('female', 'male')
                    and coalesce(reports.country_iso2, upper(reports.country)) is not null
                    and summaries.drug_set is not null
                    then hash(
                        reports.event_date,
                        reports.event_date_precision,
                        reports.age_years,
                        reports.sex,
                        coalesce(reports.country_iso2, upper(reports.country)),
                        summaries.drug_set
                    )
            end as partial_key
        from main.reports as reports
        inner join staging.int_record_fates as fates
            on reports.quarter = fates.quarter
            and reports.record_seq = fates.record_seq
        left join staging.int_drug_summaries as summaries
            on fates.raw_rowid = summaries.raw_rowid
    ),

    shared_partial_keys as (
        select partial_key
        from keyed
        where partial_key is not null
        group by partial_key
        having count(*) > 1
    ),

    candidates as (
        select
            keyed.safetyreportid,
            keyed.partial_key,
            keyed.receive_date,
            list_sort(list_distinct(list_transform(
                stg.reactions, lambda x: upper(staging.term_clean(x.reactionmeddrapt))
            ))) as reaction_set
        from keyed
        inner join shared_partial_keys
            on keyed.partial_key = shared_partial_keys.partial_key
        inner join staging.stg_openfda__reports as stg
            on keyed.raw_rowid = stg.raw_rowid
    ),

    duplicate_keys as (
        select
            safetyreportid,
            receive_date,
            hash(partial_key, reaction_set) as duplicate_key
        from candidates
        where len(reaction_set) > 0
    ),

    duplicate_groups as (
        select
            duplicate_key,
            min({
                'receive_date': receive_date,
                'id_number': try_cast(split_part(safetyreportid, '-', 1) as bigint),
                'id': safetyreportid
            }).id as representative
        from duplicate_keys
        group by duplicate_key
        having count(*) > 1
    )

    select
        duplicate_keys.safetyreportid,
        duplicate_groups.representative
    from duplicate_keys
    inner join duplicate_groups
        on duplicate_keys.duplicate_key = duplicate_groups.duplicate_key
    where duplicate_keys.safetyreportid <> duplicate_groups.representative
) as duplicates
where main.reports.safetyreportid = duplicates.safetyreportid;

comment on table main.reports is
    'One row per FAERS case (safetyreportid) naming ketamine or esketamine in any role, its latest version, typed and labelled. Older versions and records that could not be cleaned are in main.quarantine. Rules: docs/cleaning-rules.md.';
comment on column main.reports.safetyreportid is
    'FAERS case id as sent by openFDA (old style ''5801206-7'' or new style ''10003860''); unique in this table.';
comment on column main.reports.safetyreportversion is
    'Version of the case kept (safetyreportversion as an integer); NULL when not plain decimal digits (''2.5'', ''0x10'', ''1e1''). The highest version wins (rule latest-version).';
comment on column main.reports.quarter is
    'Quarter of receivedate the record was fetched for (the raw partition), e.g. ''2021Q1''.';
comment on column main.reports.record_seq is
    'Position of the record in its quarter''s fetch; (quarter, record_seq) is its key in raw.raw_records.';
comment on column main.reports.receive_date is
    'Date FDA first received the case (receivedate); first day of the month or year when only that was sent (see receive_date_precision). Never NULL, inside quarter and not after the build date: a record without a valid receivedate, or with one outside its fetched quarter or in the future, is quarantined.';
comment on column main.reports.receive_date_precision is
    '''day'', ''month'' or ''year'': how much of receive_date was reported.';
comment on column main.reports.receive_date_raw is
    'receivedate as reported.';
comment on column main.reports.receipt_date is
    'Date FDA received the latest information on the case (receiptdate); NULL when missing, unparseable, after the build date or before 1990-01-01 (receipt_date_raw keeps what was sent).';
comment on column main.reports.receipt_date_precision is
    '''day'', ''month'' or ''year'' for receipt_date; NULL when receipt_date is NULL.';
comment on column main.reports.receipt_date_raw is
    'receiptdate as reported.';
comment on column main.reports.event_date is
    'Date of the event used for probable-duplicate matching: the CASE EVENT DATE in patient.summary.narrativeincludeclinical when present and valid, else receive_date.';
comment on column main.reports.event_date_precision is
    '''day'', ''month'' or ''year'' for event_date.';
comment on column main.reports.event_date_source is
    '''case event date'' or ''receive date'': where event_date came from.';
comment on column main.reports.report_type is
    'Circumstances of the report (reporttype): ''spontaneous'', ''report from study'', ''other'', ''not available to sender (unknown)''; NULL when missing.';
comment on column main.reports.serious is
    'true when the event was serious (serious = 1), false when not (2), NULL when missing.';
comment on column main.reports.seriousness_death is
    'true when the event resulted in death (seriousnessdeath = 1), else false.';
comment on column main.reports.seriousness_life_threatening is
    'true when the event was life threatening (seriousnesslifethreatening = 1), else false.';
comment on column main.reports.seriousness_hospitalization is
    'true when the event caused or prolonged hospitalisation (seriousnesshospitalization = 1), else false.';
comment on column main.reports.seriousness_disabling is
    'true when the event resulted in disability (seriousnessdisabling = 1), else false.';
comment on column main.reports.seriousness_congenital_anomaly is
    'true when the event resulted in a congenital anomaly (seriousnesscongenitalanomali = 1), else false.';
comment on column main.reports.seriousness_other is
    'true when the event was serious for another reason (seriousnessother = 1), else false.';
comment on column main.reports.country is
    'Country as reported: occurcountry, else primarysourcecountry, else primarysource.reportercountry; a mix of ISO codes (''US'') and names (''CANADA'').';
comment on column main.reports.country_iso2 is
    'ISO 3166-1 alpha-2 code of country when it is a 2-letter code or a country name in the rule''s list (''CANADA'' -> ''CA''); NULL otherwise.';
comment on column main.reports.reporter_qualification is
    'Who reported (primarysource.qualification): ''physician'', ''pharmacist'', ''other health professional'', ''lawyer'', ''consumer''; NULL when missing.';
comment on column main.reports.reporter_qualification_code is
    'primarysource.qualification as reported (1 to 5).';
comment on column main.reports.sender_organization is
    'sender.senderorganization as reported (normally ''FDA-Public Use'').';
comment on column main.reports.company_number is
    'Manufacturer''s own case number (companynumb).';
comment on column main.reports.age_years is
    'Age at onset in years, from patientonsetage and its unit (decade x10, month /12, week /52.1775, day /365.25, hour /8766); NULL when missing, without a unit, non-numeric, negative or over 120.';
comment on column main.reports.age_raw is
    'patientonsetage as reported.';
comment on column main.reports.age_unit_raw is
    'patientonsetageunit as reported (800 decade, 801 year, 802 month, 803 week, 804 day, 805 hour).';
comment on column main.reports.age_group is
    'Age group: ''neonate'', ''infant'', ''child'', ''adolescent'', ''adult'', ''elderly''; from patientagegroup, else derived from age_years (see age_group_source).';
comment on column main.reports.age_group_source is
    '''reported'' (patientagegroup) or ''derived from age_years''; NULL when age_group is NULL.';
comment on column main.reports.sex is
    'Patient sex: ''female'', ''male'' or ''unknown'' (patientsex 2, 1; 0, missing or any other value is unknown).';
comment on column main.reports.sex_code is
    'patientsex as reported.';
comment on column main.reports.weight_kg is
    'Patient weight in kg (patientweight); NULL when missing, non-numeric, <= 0 or > 500.';
comment on column main.reports.weight_raw is
    'patientweight as reported.';
comment on column main.reports.products is
    'Target medicines on the report, sorted and distinct: [''esketamine''], [''ketamine''] or [''esketamine'', ''ketamine''], in any drug role.';
comment on column main.reports.drugs_count is
    'Number of drug entries on the report (rows in main.drugs).';
comment on column main.reports.reactions_count is
    'Number of reaction terms on the report (rows in main.reactions).';
comment on column main.reports.is_probable_duplicate is
    'true when another case with a different id has the same event date, age, sex, country, drug set and reaction set (none missing) and was chosen to represent the group; filter on false to count each event once.';
comment on column main.reports.probable_duplicate_of is
    'safetyreportid of the representative case of the probable-duplicate group; NULL unless is_probable_duplicate.';
comment on column main.reports.fetched_at is
    'UTC time the quarter''s fetch started.';
comment on column main.reports.source_last_updated is
    'openFDA meta.last_updated of the page the record came from.';
