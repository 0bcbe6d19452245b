-- staging.int_drugs: every staged drug entry with its target medicine (if any) and its
-- normalised fields, for all raw records (main.drugs keeps those of cleaned reports, and
-- int_drug_summaries sums the products up per record). One row per row of staging.stg_openfda__drugs.
-- Build-only (lives in `staging`). The field rules are listed in sql/clean/drugs.sql.
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
--   KETAMINE. Only the entries whose names contain KETA, SPRAVATO or VETALAR are run
--   through the regular expressions (the others cannot match), which keeps this step cheap.
attach if not exists ':memory:' as staging;

create or replace table staging.int_drugs as

with

drugs as (
    select * from staging.stg_openfda__drugs
),

names as (
    select
        *,
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

-- The patterns run only on the entries whose names contain KETA, SPRAVATO or VETALAR (the
-- others cannot match): a plain substring test first, the regular expressions after.
identified as (
    select
        *,
        case
            when not (
                contains(drug_names, 'KETA')
                or contains(drug_names, 'SPRAVATO')
                or contains(drug_names, 'VETALAR')
            ) then null
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
    from names
),

normalised as (
    select
        raw_rowid,
        quarter,
        record_seq,
        drug_seq,
        element_json_type,
        nullif(trim(medicinalproduct), '') as medicinal_product,
        product,
        case trim(drugcharacterization_code)
            when '1' then 'suspect'
            when '2' then 'concomitant'
            when '3' then 'interacting'
        end as role,
        nullif(trim(drugcharacterization_code), '') as role_code,
        case
            when regexp_full_match(trim(drugadministrationroute_code), '[0-9]{1,3}')
                then lpad(trim(drugadministrationroute_code), 3, '0')
            else nullif(trim(drugadministrationroute_code), '')
        end as route_code,
        nullif(trim(drugindication), '') as indication,
        nullif(trim(drugdosagetext), '') as dose_text,
        nullif(trim(drugdosageform), '') as dosage_form,
        staging.faers_date(drugstartdate) as start_parsed,
        nullif(trim(drugstartdate), '') as start_date_raw,
        staging.faers_date(drugenddate) as end_parsed,
        nullif(trim(drugenddate), '') as end_date_raw,
        case trim(actiondrug_code)
            when '1' then 'drug withdrawn'
            when '2' then 'dose reduced'
            when '3' then 'dose increased'
            when '4' then 'dose not changed'
            when '5' then 'unknown'
            when '6' then 'not applicable'
        end as action_taken,
        nullif(trim(activesubstancename), '') as active_substance,
        openfda_generic_name as generic_names,
        openfda_brand_name as brand_names,
        openfda_substance_name as substance_names
    from identified
)

select * from normalised;
