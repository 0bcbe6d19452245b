-- staging.stg_openfda__reactions: one row per element of patient.reaction, for every raw
-- record whose patient.reaction is a JSON array (whatever else is wrong with the record).
--
-- Source: the reaction list staging.stg_openfda__reports already parsed (the raw record is
-- parsed once). A view: int_reactions reads it once. reaction_seq is the element's 1-based
-- position in patient.reaction. element_json_type says what the element is ('OBJECT', or the
-- JSON type stg_openfda__reports read for an element that is not one); an element that is
-- not an object still gets a row (its fields NULL) so the clean layer can quarantine the
-- record. Only renames and unnests; MedDRA case and outcome labels live in
-- sql/core/reactions.sql.
create or replace view staging.stg_openfda__reactions as

with

reports as (
    select
        raw_rowid,
        quarter,
        record_seq,
        reactions,
        reaction_element_types
    from staging.stg_openfda__reports
    where reactions is not null
),

elements as (
    select
        raw_rowid,
        quarter,
        record_seq,
        reaction_element_types,
        unnest(reactions) as r,
        generate_subscripts(reactions, 1) as reaction_seq
    from reports
),

renamed as (
    select
        raw_rowid,
        quarter,
        record_seq,
        reaction_seq::integer as reaction_seq,
        coalesce(reaction_element_types[reaction_seq], 'OBJECT') as element_json_type,
        r.reactionmeddrapt as reactionmeddrapt,
        r.reactionmeddraversionpt as reactionmeddraversionpt,
        r.reactionoutcome as reactionoutcome_code
    from elements
)

select * from renamed;
