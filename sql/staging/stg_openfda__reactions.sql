-- staging.stg_openfda__reactions: one row per element of patient.reaction, for every raw
-- record whose patient.reaction is a JSON array (whatever else is wrong with the record).
--
-- Source: the reaction array's JSON text in staging.stg_openfda__reports (reaction_json), so
-- the raw record is parsed once. reaction_seq is the element's 1-based position in
-- patient.reaction. element_json_type says what the element is; an element that is not an
-- object still gets a row (its fields NULL) so the clean layer can quarantine the record.
-- Each element is taken out as JSON, then typed (measured faster than typing the whole list
-- in one from_json). Only renames and unnests;
-- MedDRA case and outcome labels live in sql/clean/reactions.sql.
attach if not exists ':memory:' as staging;

create or replace table staging.stg_openfda__reactions as

with

reports as (
    select
        quarter,
        record_seq,
        reaction_json
    from staging.stg_openfda__reports
    where reaction_json is not null
),

lists as (
    select
        quarter,
        record_seq,
        from_json(reaction_json, '["JSON"]') as elements
    from reports
),

elements as (
    select
        quarter,
        record_seq,
        unnest(elements) as element_json,
        generate_subscripts(elements, 1) as reaction_seq
    from lists
),

parsed as (
    select
        quarter,
        record_seq,
        reaction_seq,
        case
            when left(element_json, 1) = '{' then 'OBJECT'
            else json_type(element_json)
        end as element_json_type,
        from_json(element_json, '{
            "reactionmeddrapt": "VARCHAR",
            "reactionmeddraversionpt": "VARCHAR",
            "reactionoutcome": "VARCHAR"
        }') as r
    from elements
),

renamed as (
    select
        quarter,
        record_seq,
        reaction_seq::integer as reaction_seq,
        element_json_type,
        r.reactionmeddrapt as reactionmeddrapt,
        r.reactionmeddraversionpt as reactionmeddraversionpt,
        r.reactionoutcome as reactionoutcome_code
    from parsed
)

select * from renamed;
