-- staging.int_drug_summaries: one row per raw record with a drug list (raw_rowid), what its
-- drug entries say about the whole record. Read by int_record_fates (is any entry not an
-- object, does any name a target medicine) and by main.reports (drug count, products, the
-- drug set of the probable-duplicate rule), so the 2.5 drug entries per record are
-- aggregated once. It reads main.drugs while that still holds the entries of every staged
-- record, with their build-only raw_rowid and element_json_type (sql/core/drugs.sql).
-- Build-only (lives in `staging`).
--
-- drug_set is the set of the record's drugs for rule "probable duplicates"
-- (sql/core/reports.sql): each entry is its target product, else its upper-cased
-- medicinal_product; the set is fingerprinted in 64 bits as the XOR of the hashes of its
-- distinct members (order and repeats do not change it, and no list is built); NULL when no
-- entry has a name.

create or replace table staging.int_drug_summaries as

with

drugs as (
    select
        raw_rowid,
        drug_seq,
        element_json_type,
        product,
        coalesce(product, upper(medicinal_product)) as set_member
    from main.drugs
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
        bit_xor(distinct hash(set_member)) filter (where set_member is not null) as drug_set
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
        drug_set
    from summarised
)

select * from final;
