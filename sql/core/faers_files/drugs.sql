-- faers_files.drugs: one row per drug of every case of faers_files.cases, all drugs and all
-- roles (the target medicines and the others), from the case set's case_drugs (the kept
-- version's DRUG rows). Grain: (caseid, drug_seq).
--
-- Rules:
--   which rows           drugs of the cases in faers_files.cases only;
--   quarter              the quarter of the case (the kept version's file);
--   role                 PS 'primary suspect', SS 'secondary suspect', C 'concomitant',
--                        I 'interacting' (from the case set), role_code keeps the code;
--   product              'ketamine', 'esketamine' or NULL, the rule openFDA's main.drugs
--                        shares (sql/macros/product_macros.sql);
--   dose                 dose_amount is dose_amt as a number (files_number: '60', '60.', '.5'),
--                        NULL when it is not one; dose_amount_raw keeps the text;
--   challenge            dechal / rechal Y 'positive', N 'negative', U 'unknown',
--                        D 'does not apply'; another code -> NULL (the *_code keeps it).
create or replace table faers_files.drugs as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_drugs as (
    select * from case_set.main.case_drugs
),

case_rows as (
    select
        cases.quarter as case_quarter,
        case_drugs.*
    from case_drugs
    join cases
        on case_drugs.caseid = cases.caseid
),

final as (
    select
        caseid,
        case_quarter as quarter,
        drug_seq,
        role,
        role_code,
        acts_as_primary_suspect,
        drugname,
        prod_ai,
        ingredients,
        product,
        val_vbm,
        route,
        dose_vbm,
        staging.files_number(dose_amt) as dose_amount,
        dose_amt as dose_amount_raw,
        upper(dose_unit) as dose_unit,
        dose_form,
        upper(dose_freq) as dose_frequency,
        staging.files_number(cum_dose_chr) as cumulative_dose,
        cum_dose_chr as cumulative_dose_raw,
        upper(cum_dose_unit) as cumulative_dose_unit,
        case dechal
            when 'Y' then 'positive'
            when 'N' then 'negative'
            when 'U' then 'unknown'
            when 'D' then 'does not apply'
        end as dechallenge,
        dechal as dechallenge_code,
        case rechal
            when 'Y' then 'positive'
            when 'N' then 'negative'
            when 'U' then 'unknown'
            when 'D' then 'does not apply'
        end as rechallenge,
        rechal as rechallenge_code,
        lot_num,
        nda_num,
        exp_date,
        case exp_date_precision
            when 8 then 'day'
            when 6 then 'month'
            when 4 then 'year'
        end as exp_date_precision
    from case_rows
)

select * from final
order by caseid, drug_seq;

comment on table faers_files.drugs is
    'One row per drug (DRUG row of the kept version) of every case in faers_files.cases, the target medicines and all others, each with its own role. Key (caseid, drug_seq). Rules: docs/faers-files-dedup.md.';
comment on column faers_files.drugs.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.drugs.quarter is 'Quarter (YYYYQn) of the case''s kept version, the file the row was read from.';
comment on column faers_files.drugs.drug_seq is 'FDA''s drug sequence number: 1..n within a FAERS version, a 10-digit number in legacy files. With caseid the key.';
comment on column faers_files.drugs.role is '''primary suspect'' (PS), ''secondary suspect'' (SS), ''concomitant'' (C) or ''interacting'' (I); NULL for another code.';
comment on column faers_files.drugs.role_code is 'role_cod as reported, upper-cased.';
comment on column faers_files.drugs.acts_as_primary_suspect is 'True for the PS drug, and for the first listed drug of a report that has no PS drug (FAQ Q30).';
comment on column faers_files.drugs.drugname is 'Drug name as reported (trade name when validated, else verbatim), trimmed.';
comment on column faers_files.drugs.prod_ai is 'Active ingredient(s) as reported (2014Q3 on), several joined by a backslash; NULL in older files.';
comment on column faers_files.drugs.ingredients is 'prod_ai (else drugname) upper-cased, split on the backslash, trimmed, distinct and sorted.';
comment on column faers_files.drugs.product is '''ketamine'', ''esketamine'' or NULL (another drug): the rule of openFDA''s main.drugs.product on drugname and prod_ai.';
comment on column faers_files.drugs.val_vbm is 'val_vbm as reported: 1 validated trade name, 2 verbatim name.';
comment on column faers_files.drugs.route is 'Route of administration as reported (FDA''s text, e.g. ''Intravenous'', ''Nasal'').';
comment on column faers_files.drugs.dose_vbm is 'Dose as reported in free text (verbatim).';
comment on column faers_files.drugs.dose_amount is 'dose_amt as a number (in dose_unit); NULL when missing or not a plain number.';
comment on column faers_files.drugs.dose_amount_raw is 'dose_amt as reported.';
comment on column faers_files.drugs.dose_unit is 'Unit of dose_amount as reported, upper-cased (e.g. MG, ML, MG/KG).';
comment on column faers_files.drugs.dose_form is 'Dosage form as reported (e.g. ''INJECTION'', ''SPRAY'').';
comment on column faers_files.drugs.dose_frequency is 'dose_freq as reported, upper-cased (FDA codes, e.g. QD once a day, BID twice a day).';
comment on column faers_files.drugs.cumulative_dose is 'cum_dose_chr as a number (in cumulative_dose_unit); NULL when missing or not a plain number.';
comment on column faers_files.drugs.cumulative_dose_raw is 'cum_dose_chr as reported.';
comment on column faers_files.drugs.cumulative_dose_unit is 'cum_dose_unit as reported, upper-cased.';
comment on column faers_files.drugs.dechallenge is 'Did the event abate when the drug was stopped or reduced: ''positive'' (Y), ''negative'' (N), ''unknown'' (U), ''does not apply'' (D); NULL when missing.';
comment on column faers_files.drugs.dechallenge_code is 'dechal as reported, upper-cased.';
comment on column faers_files.drugs.rechallenge is 'Did the event recur when the drug was given again: ''positive'' (Y), ''negative'' (N), ''unknown'' (U), ''does not apply'' (D); NULL when missing.';
comment on column faers_files.drugs.rechallenge_code is 'rechal as reported, upper-cased.';
comment on column faers_files.drugs.lot_num is 'Lot number as reported.';
comment on column faers_files.drugs.nda_num is 'NDA/ANDA/BLA application number as reported.';
comment on column faers_files.drugs.exp_date is 'Expiry date of the product; first day of the month or year when partial; NULL when missing or implausible (before 1900, after 2100).';
comment on column faers_files.drugs.exp_date_precision is '''day'', ''month'' or ''year'' for exp_date; NULL when exp_date is NULL.';
