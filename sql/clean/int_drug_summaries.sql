-- staging.int_drug_summaries: one row per raw record with a drug list (raw_rowid), what its
-- drug entries say about the whole record. Read by int_record_fates (is any entry not an
-- object, does any name a target medicine) and by main.reports (drug count, products, the
-- drug set of the probable-duplicate rule), so the 2.5 drug entries per record are
-- aggregated once.
-- Build-only (lives in `staging`).
--
-- drug_set is the set of the record's drugs for rule "probable duplicates"
-- (sql/clean/reports.sql): each entry is its target product, else its upper-cased
-- medicinal_product; the set is the sorted distinct list of those, hashed to 64 bits; NULL
-- when no entry has a name.
attach if not exists ':memory:' as staging;

create or replace table staging.int_drug_summaries as

with

drugs as (
    select
        raw_rowid,
        drug_seq,
        element_json_type,
        product,
        coalesce(product, upper(medicinal_product)) as set_member
    from staging.int_drugs
),

summarised as (
    select
        raw_rowid,
        count(*) as drugs_count,
        min(drug_seq) filter (where element_json_type <> 'OBJECT') as bad_drug_seq,
        arg_min(element_json_type, drug_seq) filter (where element_json_type <> 'OBJECT')
            as bad_drug_type,
        bool_or(product = 'esketamine') as names_esketamine,
        bool_or(product = 'ketamine') as names_ketamine,
        list_sort(list_distinct(list(set_member))) as drug_set_members
    from drugs
    group by raw_rowid
),

final as (
    select
        raw_rowid,
        drugs_count,
        bad_drug_seq,
        bad_drug_type,
        coalesce(names_esketamine or names_ketamine, false) as names_target_product,
        case
            when names_esketamine and names_ketamine then ['esketamine', 'ketamine']
            when names_esketamine then ['esketamine']
            when names_ketamine then ['ketamine']
            else []::varchar[]
        end as products,
        case when len(drug_set_members) > 0 then hash(drug_set_members) end as drug_set
    from summarised
)

select * from final;
