-- faers_files.cases: one row per case of FDA's quarterly files naming ketamine or esketamine
-- in any drug role, from the whole-FAERS case set (case_set.duckdb, attached read-only as
-- `case_set`; docs/faers-files-dedup.md). Grain: caseid.
--
-- Rules:
--   which cases          a kept case of case_set.cases with at least one drug of
--                        case_set.case_drugs whose product is not NULL (the product rule
--                        openFDA's main.drugs shares, sql/macros/product_macros.sql), in any
--                        role; deleted cases are not in the case set, so never here;
--   products             'ketamine', 'esketamine' or 'ketamine+esketamine': the products the
--                        case's drugs name, never merged;
--   roles                ketamine_roles / esketamine_roles: the sorted distinct roles the
--                        product's drugs have on the case; is_primary_suspect_* is true when
--                        a drug of that product acts as the primary suspect
--                        (case_drugs.acts_as_primary_suspect: the PS drug, or the first
--                        listed drug of a report without one); suspect_products names the
--                        products with a primary or secondary suspect drug;
--   dates                initial_receipt_date = init_fda_dt, else fda_dt; receipt_date =
--                        fda_dt of the kept version; event_date with its precision 'day',
--                        'month' or 'year' (8, 6 or 4 digits reported);
--   age group            age_grp N, I, C, T, A, E -> neonate, infant, child, adolescent,
--                        adult, elderly; when absent, derived from age_years as openFDA's
--                        main.reports does (< 28 days, < 2, < 12, < 18, < 65 years);
--   sex                  'female', 'male' or 'unknown', as main.reports;
--   outcome flags        one boolean per OUTC code of the kept version (DE, LT, HO, DS, CA,
--                        RI, OT); no row means the outcome was not reported, so false;
--   probable duplicates  copied from the case set: flagged, never removed.
create or replace table faers_files.cases as

with

case_set_cases as (
    select * from case_set.main.cases
),

target_drugs as (
    select
        caseid,
        product,
        role,
        acts_as_primary_suspect
    from case_set.main.case_drugs
    where product is not null
),

case_outcomes as (
    select
        caseid,
        outcome_code
    from case_set.main.case_outcomes
),

target_caseids as (
    select distinct caseid
    from target_drugs
),

case_drug_counts as (
    select
        case_drugs.caseid,
        count(*) as drugs_count
    from case_set.main.case_drugs as case_drugs
    semi join target_caseids
        on case_drugs.caseid = target_caseids.caseid
    group by case_drugs.caseid
),

case_reaction_counts as (
    select
        case_reactions.caseid,
        count(*) as reactions_count
    from case_set.main.case_reactions as case_reactions
    semi join target_caseids
        on case_reactions.caseid = target_caseids.caseid
    group by case_reactions.caseid
),

product_roles as (
    select
        caseid,
        bool_or(product = 'ketamine') as names_ketamine,
        bool_or(product = 'esketamine') as names_esketamine,
        list_sort(list_distinct(list(role) filter (where product = 'ketamine')))
            as ketamine_role_list,
        list_sort(list_distinct(list(role) filter (where product = 'esketamine')))
            as esketamine_role_list,
        coalesce(bool_or(acts_as_primary_suspect and product = 'ketamine'), false)
            as is_primary_suspect_ketamine,
        coalesce(bool_or(acts_as_primary_suspect and product = 'esketamine'), false)
            as is_primary_suspect_esketamine,
        bool_or(
            product = 'ketamine'
            and (acts_as_primary_suspect or role = 'secondary suspect')
        ) as suspect_ketamine,
        bool_or(
            product = 'esketamine'
            and (acts_as_primary_suspect or role = 'secondary suspect')
        ) as suspect_esketamine
    from target_drugs
    group by caseid
),

outcome_flags as (
    select
        caseid,
        bool_or(outcome_code = 'DE') as death,
        bool_or(outcome_code = 'LT') as life_threatening,
        bool_or(outcome_code = 'HO') as hospitalization,
        bool_or(outcome_code = 'DS') as disability,
        bool_or(outcome_code = 'CA') as congenital_anomaly,
        bool_or(outcome_code = 'RI') as required_intervention,
        bool_or(outcome_code = 'OT') as other_serious
    from case_outcomes
    group by caseid
),

target_cases as (
    select
        case_set_cases.*,
        product_roles.* exclude (caseid),
        coalesce(case_drug_counts.drugs_count, 0) as drugs_count,
        coalesce(case_reaction_counts.reactions_count, 0) as reactions_count,
        coalesce(outcome_flags.death, false) as death,
        coalesce(outcome_flags.life_threatening, false) as life_threatening,
        coalesce(outcome_flags.hospitalization, false) as hospitalization,
        coalesce(outcome_flags.disability, false) as disability,
        coalesce(outcome_flags.congenital_anomaly, false) as congenital_anomaly,
        coalesce(outcome_flags.required_intervention, false) as required_intervention,
        coalesce(outcome_flags.other_serious, false) as other_serious
    from case_set_cases
    join product_roles
        on case_set_cases.caseid = product_roles.caseid
    left join case_drug_counts
        on case_set_cases.caseid = case_drug_counts.caseid
    left join case_reaction_counts
        on case_set_cases.caseid = case_reaction_counts.caseid
    left join outcome_flags
        on case_set_cases.caseid = outcome_flags.caseid
),

labelled as (
    select
        *,
        case
            when names_ketamine and names_esketamine then 'ketamine+esketamine'
            when names_ketamine then 'ketamine'
            else 'esketamine'
        end as products,
        case
            when suspect_ketamine and suspect_esketamine then 'ketamine+esketamine'
            when suspect_ketamine then 'ketamine'
            when suspect_esketamine then 'esketamine'
        end as suspect_products,
        case age_group_code
            when 'N' then 'neonate'
            when 'I' then 'infant'
            when 'C' then 'child'
            when 'T' then 'adolescent'
            when 'A' then 'adult'
            when 'E' then 'elderly'
        end as age_group_reported
    from target_cases
),

final as (
    select
        caseid,
        caseversion,
        primaryid,
        era,
        quarter,
        first_received as initial_receipt_date,
        fda_date as receipt_date,
        event_date,
        case event_date_precision
            when 8 then 'day'
            when 6 then 'month'
            when 4 then 'year'
        end as event_date_precision,
        event_dt_raw as event_date_raw,
        age_years,
        age as age_raw,
        age_cod as age_unit_raw,
        coalesce(
            age_group_reported,
            case
                when age_years is null then null
                when age_years < 28 / 365.25 then 'neonate'
                when age_years < 2 then 'infant'
                when age_years < 12 then 'child'
                when age_years < 18 then 'adolescent'
                when age_years < 65 then 'adult'
                else 'elderly'
            end
        ) as age_group,
        case
            when age_group_reported is not null then 'reported'
            when age_years is not null then 'derived from age_years'
        end as age_group_source,
        case sex
            when 'F' then 'female'
            when 'M' then 'male'
            else 'unknown'
        end as sex,
        sex_code,
        weight_kg,
        wt as weight_raw,
        wt_cod as weight_unit_raw,
        reporter_country_code,
        occurrence_country_code,
        country_code,
        country,
        occupation as reporter_occupation,
        occupation_code as reporter_occupation_code,
        report_type,
        report_type_code,
        mfr_num as manufacturer_case_number,
        mfr_sndr as manufacturer_sender,
        products,
        case when names_ketamine then coalesce(ketamine_role_list, []) end as ketamine_roles,
        case
            when names_esketamine then coalesce(esketamine_role_list, [])
        end as esketamine_roles,
        is_primary_suspect_ketamine,
        is_primary_suspect_esketamine,
        suspect_products,
        drugs_count,
        reactions_count,
        death,
        life_threatening,
        hospitalization,
        disability,
        congenital_anomaly,
        required_intervention,
        other_serious,
        versions_read,
        is_probable_duplicate,
        probable_duplicate_of
    from labelled
)

select * from final
order by caseid;

comment on table faers_files.cases is
    'One row per case of FDA''s quarterly FAERS files (AERS 2004Q1-2012Q3 and FAERS) naming ketamine or esketamine in any drug role: the latest version of each caseid on no deleted list, normalised. Counts of rows are reports, not incidence. Rules: docs/faers-files-dedup.md, docs/data-dictionary.md.';
comment on column faers_files.cases.caseid is 'FDA''s case number (legacy CASE and FAERS caseid share one number space); unique in this table.';
comment on column faers_files.cases.caseversion is 'Version of the kept report (caseversion as an integer); NULL for legacy (AERS) reports and non-integer values.';
comment on column faers_files.cases.primaryid is 'The kept version: FAERS primaryid (caseid followed by caseversion) or legacy ISR.';
comment on column faers_files.cases.era is '''aers'' (legacy files, 2004Q1-2012Q3) or ''faers'' (2012Q4 on): the system of the kept version.';
comment on column faers_files.cases.quarter is 'Quarter (YYYYQn) of the file the kept version was read from.';
comment on column faers_files.cases.initial_receipt_date is 'Date FDA first received the case: init_fda_dt, else fda_dt (legacy files have no init_fda_dt). Day precision.';
comment on column faers_files.cases.receipt_date is 'Date FDA received this (the kept) version: fda_dt. Day precision; NULL when missing or implausible.';
comment on column faers_files.cases.event_date is 'Date of the event; first day of the month or year when partial (see event_date_precision); NULL when missing or implausible (after its quarter, before 1900).';
comment on column faers_files.cases.event_date_precision is '''day'', ''month'' or ''year'': how much of event_date was reported (8, 6 or 4 digits); NULL when event_date is NULL. Legacy files padded partial dates, so they read as ''day''.';
comment on column faers_files.cases.event_date_raw is 'event_dt as reported.';
comment on column faers_files.cases.age_years is 'Age at the event in years, from age and age_cod (DEC x10, YR, MON /12, WK x7/365.25, DY /365.25, HR /8766), rounded to 0.01; NULL for an unknown unit, a non-number or above 120.';
comment on column faers_files.cases.age_raw is 'age as reported.';
comment on column faers_files.cases.age_unit_raw is 'age_cod as reported, upper-cased (DEC, YR, MON, WK, DY, HR).';
comment on column faers_files.cases.age_group is '''neonate'', ''infant'', ''child'', ''adolescent'', ''adult'' or ''elderly'': age_grp (N, I, C, T, A, E) when reported, else derived from age_years (< 28 days, < 2, < 12, < 18, < 65 years, else elderly); NULL when neither.';
comment on column faers_files.cases.age_group_source is '''reported'' (age_grp) or ''derived from age_years''; NULL when age_group is NULL.';
comment on column faers_files.cases.sex is 'Patient sex: ''female'' (F), ''male'' (M) or ''unknown'' (UNK, NS, missing or any other value).';
comment on column faers_files.cases.sex_code is 'sex (legacy gndr_cod) as reported, trimmed.';
comment on column faers_files.cases.weight_kg is 'Patient weight in kg from wt and wt_cod (KG/KGS x1, LBS x0.45359237, GMS /1000), rounded to 0.01; NULL for an unknown unit, 0 or above 650 kg.';
comment on column faers_files.cases.weight_raw is 'wt as reported.';
comment on column faers_files.cases.weight_unit_raw is 'wt_cod as reported, upper-cased.';
comment on column faers_files.cases.reporter_country_code is 'ISO 3166-1 alpha-2 code of reporter_country (legacy full names mapped); NULL for FDA''s fillers (COUNTRY NOT SPECIFIED, A1) and unknown names.';
comment on column faers_files.cases.occurrence_country_code is 'ISO 3166-1 alpha-2 code of occr_country (2014Q3 on); NULL when missing, a filler or unknown.';
comment on column faers_files.cases.country_code is 'occurrence_country_code, else reporter_country_code.';
comment on column faers_files.cases.country is 'Name of country_code.';
comment on column faers_files.cases.reporter_occupation is 'Reporter occupation (occp_cod) as a label: ''physician'' (MD), ''pharmacist'' (PH), ''other health professional'' (OT, HP), ''nurse'' (RN), ''lawyer'' (LW), ''consumer'' (CN); NULL when missing or unknown.';
comment on column faers_files.cases.reporter_occupation_code is 'occp_cod as reported, upper-cased.';
comment on column faers_files.cases.report_type is 'rept_cod as a label: ''expedited (15-day)'' (EXP), ''periodic'' (PER), ''direct'' (DIR), ''5-day (combination product)'', ''30-day (combination product)''; NULL when missing or unknown.';
comment on column faers_files.cases.report_type_code is 'rept_cod as reported, upper-cased.';
comment on column faers_files.cases.manufacturer_case_number is 'Manufacturer''s own case number (mfr_num) as reported; NULL for direct reports.';
comment on column faers_files.cases.manufacturer_sender is 'Manufacturer that sent the report (mfr_sndr) as reported.';
comment on column faers_files.cases.products is 'Target medicines the case''s drugs name, in any role: ''ketamine'', ''esketamine'' or ''ketamine+esketamine''. Ketamine (racemate) and esketamine are never merged.';
comment on column faers_files.cases.ketamine_roles is 'Sorted distinct roles of the case''s ketamine drugs (''concomitant'', ''interacting'', ''primary suspect'', ''secondary suspect''); NULL when the case names no ketamine, empty when only unknown role codes.';
comment on column faers_files.cases.esketamine_roles is 'Sorted distinct roles of the case''s esketamine drugs; NULL when the case names no esketamine, empty when only unknown role codes.';
comment on column faers_files.cases.is_primary_suspect_ketamine is 'True when a ketamine drug acts as the primary suspect: role PS, or the first listed drug of a report without a PS drug (FAQ Q30).';
comment on column faers_files.cases.is_primary_suspect_esketamine is 'True when an esketamine drug acts as the primary suspect (as is_primary_suspect_ketamine).';
comment on column faers_files.cases.suspect_products is 'Target medicines named as a primary or secondary suspect: ''ketamine'', ''esketamine'', ''ketamine+esketamine''; NULL when they are only concomitant or interacting.';
comment on column faers_files.cases.drugs_count is 'Drug rows of the kept version, all drugs and roles (rows in faers_files.drugs).';
comment on column faers_files.cases.reactions_count is 'Distinct reaction rows of the kept version (rows in faers_files.reactions).';
comment on column faers_files.cases.death is 'True when the kept version reports outcome DE (death).';
comment on column faers_files.cases.life_threatening is 'True when the kept version reports outcome LT (life-threatening).';
comment on column faers_files.cases.hospitalization is 'True when the kept version reports outcome HO (hospitalization, initial or prolonged).';
comment on column faers_files.cases.disability is 'True when the kept version reports outcome DS (disability).';
comment on column faers_files.cases.congenital_anomaly is 'True when the kept version reports outcome CA (congenital anomaly).';
comment on column faers_files.cases.required_intervention is 'True when the kept version reports outcome RI (required intervention to prevent permanent impairment).';
comment on column faers_files.cases.other_serious is 'True when the kept version reports outcome OT (other serious, important medical event).';
comment on column faers_files.cases.versions_read is 'Distinct versions of this caseid the files held (all quarters, both eras).';
comment on column faers_files.cases.is_probable_duplicate is 'True when another case is probably the same report and is the copy kept (flagged, never removed; rules in docs/faers-files-dedup.md). Filter on false to count each report once.';
comment on column faers_files.cases.probable_duplicate_of is 'caseid of the copy kept of this case''s duplicate group, when is_probable_duplicate (it may name no target medicine and so be absent here); else NULL.';
