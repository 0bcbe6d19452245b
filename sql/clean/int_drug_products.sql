-- staging.int_drug_products: which target medicine, if any, each staged drug entry names.
-- One row per row of staging.stg_openfda__drugs. Build-only (lives in `staging`).
--
-- Rule "product identification" (docs/cleaning-rules.md#product-identification):
--   Ketamine (the racemate) and esketamine (the S-enantiomer, SPRAVATO) are different
--   medicines and are never merged. A drug entry's names are medicinalproduct,
--   activesubstance.activesubstancename and openfda generic_name, brand_name and
--   substance_name, upper-cased and joined with ' | '. Then:
--   1. 'esketamine' when any name matches, as a word (never inside another word):
--      ESKETAMIN*, SPRAVATO, KETANEST S / KETANEST-S, S-KETAMIN*, (S)-KETAMIN*, (S)KETAMIN*,
--      S(+)-KETAMIN*, (S)-(+)-KETAMIN*, (+)-KETAMIN*, KETAMIN* (S)- / KETAMIN*, (S)-;
--   2. else 'ketamine' when any name, after removing the R-enantiomer's names (ARKETAMINE,
--      R-KETAMIN*, (R)-KETAMIN*, (-)-KETAMIN*), matches as a word: KETAMIN* (KETAMINE,
--      KETAMINE HCL, KETAMINE HYDROCHLORIDE, KETAMINA, KETAMIN), KETALAR, KETANEST,
--      KETASET, KETAJECT, VETALAR;
--   3. else NULL.
--   "As a word" means the name starts at a word boundary (\b): KETOTIFEN, KETOROLAC,
--   KETOCONAZOLE, KETOPROFEN and ARKETAMINE never match, and ESKETAMINE is not read as
--   KETAMINE. Only entries whose names contain KETA, SPRAVATO or VETALAR are run through the
--   regular expressions (the others cannot match), which keeps this step cheap.
attach if not exists ':memory:' as staging;

create or replace table staging.int_drug_products as

with

drugs as (
    select
        quarter,
        record_seq,
        drug_seq,
        element_json_type,
        medicinalproduct,
        activesubstancename,
        openfda_generic_name,
        openfda_brand_name,
        openfda_substance_name
    from staging.stg_openfda__drugs
),

names as (
    select
        quarter,
        record_seq,
        drug_seq,
        element_json_type,
        upper(concat_ws(
            ' | ',
            medicinalproduct,
            activesubstancename,
            array_to_string(openfda_generic_name, ' | '),
            array_to_string(openfda_brand_name, ' | '),
            array_to_string(openfda_substance_name, ' | ')
        )) as drug_names
    from drugs
),

candidates as (
    select
        *,
        contains(drug_names, 'KETA')
        or contains(drug_names, 'SPRAVATO')
        or contains(drug_names, 'VETALAR') as is_candidate
    from names
),

identified as (
    select
        quarter,
        record_seq,
        drug_seq,
        element_json_type,
        case
            when not is_candidate then null
            when regexp_matches(
                drug_names,
                '\bESKETAMIN|\bSPRAVATO\b|\bKETANEST[ -]*S\b|\bS-KETAMIN|\bS ?\(\+\)[ -]*KETAMIN'
                || '|\(S\)[ -]*(\(\+\)[ -]*)?KETAMIN|\(\+\)[ -]*KETAMIN'
                || '|\bKETAMIN[A-Z ]*,? *\(S\)'
            ) then 'esketamine'
            when regexp_matches(
                regexp_replace(
                    drug_names,
                    '\(R\)[ -]*(\(-\)[ -]*)?KETAMIN|\bR-KETAMIN|\bR ?\(-\)[ -]*KETAMIN'
                    || '|\(-\)[ -]*KETAMIN',
                    ' ',
                    'g'
                ),
                '\bKETAMIN|\bKETALAR\b|\bKETANEST\b|\bKETASET\b|\bKETAJECT\b|\bVETALAR\b'
            ) then 'ketamine'
        end as product
    from candidates
)

select * from identified;
