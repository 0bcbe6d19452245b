-- main.case_drugs (case_set.duckdb): one row per drug of every kept case, all drugs and all
-- roles, from the DRUG rows of the case's kept version. Grain: (caseid, drug_seq).
--
-- Rules:
--   exact duplicates      DRUG rows equal in every landed column but line_no count once;
--   kept version only     rows join the kept version on (primaryid, quarter), so a
--                         republished primaryid takes the later quarter's drugs and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   role                  PS 'primary suspect', SS 'secondary suspect', C 'concomitant',
--                         I 'interacting', anything else NULL (role_code keeps it);
--   no primary suspect    a report without a PS drug keeps all its drugs (FAQ Q30); its first
--                         listed drug (lowest drug_seq) gets acts_as_primary_suspect = true,
--                         as does the PS drug of every other report;
--   not a drug            a row with neither drugname nor prod_ai names no drug (the 2012Q4
--                         rows of FAQ Q24) and is left out;
--   ingredients           prod_ai upper-cased, else drugname (legacy and 2012Q4-2014Q2 files
--                         have no prod_ai), split on the backslash that joins several
--                         ingredients ('KETAMINE\XYLAZINE'), trimmed, distinct and sorted;
--   product               'esketamine', 'ketamine' or NULL by staging.target_product, the
--                         rule openFDA's main.drugs uses (sql/macros/product_macros.sql), on
--                         drugname and prod_ai upper-cased and joined with ' | '.
-- depends_on: stg_faers_files__drug, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_drugs_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__drug', 'staging.int_files_kept_versions',
        for_quarter
    )
    where drugname is not null or prod_ai is not null
),

-- not materialized: per_case reads three narrow columns of it and primary_suspects streams
-- the wide rows; held whole, 73 M wide rows would spill tens of GB at FAERS's real size
identified as not materialized (
    select
        *,
        staging.files_role(role_cod) as role,
        upper(coalesce(prod_ai, drugname)) as ingredient,
        staging.target_product(upper(concat_ws(' | ', drugname, prod_ai))) as product
    from case_rows
),

per_case as (
    select
        caseid,
        bool_or(role = 'primary suspect') as has_primary_suspect,
        arg_min(line_no, (drug_seq is null, drug_seq, line_no)) as first_listed_line
    from identified
    group by caseid
),

primary_suspects as (
    select
        identified.*,
        per_case.has_primary_suspect,
        identified.line_no = per_case.first_listed_line as is_first_listed
    from identified
    join per_case
        on identified.caseid = per_case.caseid
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        era,
        drug_seq,
        role,
        upper(role_cod) as role_code,
        coalesce(role = 'primary suspect', false)
        or (not has_primary_suspect and is_first_listed) as acts_as_primary_suspect,
        drugname,
        prod_ai,
        ingredient,
        list_sort(list_distinct(list_filter(
            list_transform(string_split(ingredient, '\'), lambda name: trim(name)),
            lambda name: name <> ''
        ))) as ingredients,
        product,
        val_vbm,
        route,
        dose_vbm,
        cum_dose_chr,
        cum_dose_unit,
        upper(dechal) as dechal,
        upper(rechal) as rechal,
        lot_num,
        exp_dt as exp_date,
        exp_dt_precision as exp_date_precision,
        exp_dt_raw,
        nda_num,
        dose_amt,
        dose_unit,
        dose_form,
        dose_freq
    from primary_suspects
)

select * from final;

create or replace table main.case_drugs as
from staging.case_drugs_of_quarter(null)
with no data;

insert into main.case_drugs
from staging.case_drugs_of_quarter($quarter);

comment on table main.case_drugs is
    'One row per drug of every kept case of the whole FAERS (all drugs, all roles), from the kept version''s DRUG rows. Key (caseid, drug_seq). Rules: docs/faers-files-dedup.md.';
comment on column main.case_drugs.caseid is 'The case (main.cases.caseid).';
comment on column main.case_drugs.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_drugs.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_drugs.era is '''aers'' (legacy, 2004Q1-2012Q3) or ''faers''.';
comment on column main.case_drugs.drug_seq is 'FDA''s drug sequence number: 1..n within a FAERS version, a 10-digit number in legacy files.';
comment on column main.case_drugs.role is '''primary suspect'', ''secondary suspect'', ''concomitant'' or ''interacting'' (role_cod PS/SS/C/I); NULL for another code.';
comment on column main.case_drugs.role_code is 'role_cod as reported, upper-cased.';
comment on column main.case_drugs.acts_as_primary_suspect is 'True for the PS drug, and for the first listed drug of a report that has no PS drug (FAQ Q30).';
comment on column main.case_drugs.drugname is 'Drug name as reported (trade name when validated, else verbatim), trimmed.';
comment on column main.case_drugs.prod_ai is 'Active ingredient(s) as reported (2014Q3 on), several joined by a backslash.';
comment on column main.case_drugs.ingredient is 'prod_ai upper-cased, else drugname upper-cased when the file has no prod_ai.';
comment on column main.case_drugs.ingredients is 'ingredient split on the backslash, trimmed, distinct and sorted.';
comment on column main.case_drugs.product is '''esketamine'', ''ketamine'' or NULL: the same rule as openFDA''s main.drugs.product (sql/macros/product_macros.sql), on drugname and prod_ai. Never merges the two medicines.';
