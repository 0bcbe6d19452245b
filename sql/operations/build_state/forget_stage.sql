-- Forget a stage and, transitively, every stage built on it ($stage): called before a rebuild
-- starts, so a build that fails midway is never mistaken for a complete one.
delete from build_state.stages
where stage in (
    with recursive invalid(stage) as (
        select $stage
        union
        select stages.stage
        from build_state.stages as stages
        inner join invalid on list_contains(stages.depends_on, invalid.stage)
    )
    select stage from invalid
)
