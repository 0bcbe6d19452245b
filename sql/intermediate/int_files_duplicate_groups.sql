-- staging.int_files_duplicate_groups: one row per kept case that is linked to at least one
-- other (int_files_duplicate_links), with its group and the copy the group keeps
-- (docs/faers-files-dedup.md; notes §5.6, open-altio's "shown copy").
--
-- Rules:
--   transitive groups   links of both rules are joined transitively (A~B and B~C put A, B, C
--                       in one group), by label propagation: each case takes the lowest
--                       caseid it reaches, which names the group (duplicate_group);
--   the copy kept       in each group, the case with the latest first receipt (init_fda_dt,
--                       else fda_dt; a missing date ranks lowest), then the highest caseid;
--                       every other case of the group is a probable duplicate of it. Nothing
--                       is deleted.
create or replace table staging.int_files_duplicate_groups as

with recursive

links as (
    select
        caseid,
        linked_caseid,
        rule
    from staging.int_files_duplicate_links
),

edges as (
    select caseid as from_caseid, linked_caseid as to_caseid from links
    union
    select linked_caseid as from_caseid, caseid as to_caseid from links
),

linked_cases as (
    select distinct from_caseid as caseid from edges
),

components (caseid, duplicate_group) using key (caseid) as (
    select
        caseid,
        caseid as duplicate_group
    from linked_cases
    union
    select
        edges.to_caseid as caseid,
        min(components.duplicate_group) as duplicate_group
    from components
    join edges
        on components.caseid = edges.from_caseid
    join recurring.components as known
        on edges.to_caseid = known.caseid
    group by edges.to_caseid, known.duplicate_group
    having min(components.duplicate_group) < known.duplicate_group
),

receipts as (
    select
        caseid,
        first_received
    from staging.int_files_case_keys
),

link_ends as (
    select caseid, rule from links
    union all
    select linked_caseid as caseid, rule from links
),

rules_per_case as (
    select
        caseid,
        list_sort(list_distinct(list(rule)), 'DESC') as duplicate_rules
    from link_ends
    group by caseid
),

grouped as (
    select
        components.caseid,
        components.duplicate_group,
        receipts.first_received,
        count(*) over (partition by components.duplicate_group) as duplicate_group_size,
        first_value(components.caseid) over (
            partition by components.duplicate_group
            order by receipts.first_received desc nulls last, components.caseid desc
        ) as kept_caseid
    from components
    join receipts
        on components.caseid = receipts.caseid
),

final as (
    select
        grouped.caseid,
        grouped.duplicate_group,
        grouped.duplicate_group_size,
        rules_per_case.duplicate_rules,
        grouped.kept_caseid,
        grouped.caseid <> grouped.kept_caseid as is_probable_duplicate,
        case when grouped.caseid <> grouped.kept_caseid then grouped.kept_caseid end
            as probable_duplicate_of
    from grouped
    join rules_per_case
        on grouped.caseid = rules_per_case.caseid
)

select * from final;
