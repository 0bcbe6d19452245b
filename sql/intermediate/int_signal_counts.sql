-- built_by: ketamine_faers.signals
-- int_signal_counts: the 2x2 table of every signal row, before any statistic (a temporary table:
-- ketamine_faers.signals turns it into `signals` with ketamine_faers.disproportionality, the
-- one implementation of the formulas).
--
-- For product P, event E and window W:
--   a = our reports with P (this exposure) and E, probable duplicates left out
--   b = our reports with P (this exposure) without E, probable duplicates left out
--   c = all-FAERS reports with E (openFDA background) minus every one of our reports naming
--       P in any role (duplicates included) that has E
--   d = all-FAERS reports in W minus every one of our reports naming P in any role minus c
-- so the comparator is every report that does not name P at all, for both exposures; reports
-- where P is only concomitant, and probable duplicates, are in neither row for
-- 'suspect only' (see ketamine_faers/sources/openfda/background.py).
--
-- Rules
--   * Events: each category in each scope (level 'category', E = any term of the scope) and
--     each effect term (level 'term'; scope = the term's own scope in effect_terms).
--   * Windows: every quarter that has both our fetched reports (raw.raw_fetches) and the
--     background total (raw.background_counts), and 'all' = those quarters summed. A row is
--     made only when the background has the event for every quarter of the window, and only
--     when the product has reports in the window (a + b > 0).
--   * Only background rows fetched with today's search count: `background_expected` (registered
--     by ketamine_faers.signals from background_queries and the current effect_terms) lists
--     the searches; a row cached before the term list changed is stale and ignored until
--     refetched, never mixed in.
--   * Should our own count exceed openFDA's (different fetch times, an unusual spelling), c
--     and d are floored at 0 and background_clamped says so.

create or replace temp table int_signal_counts as
with

exposures as (
    select
        safetyreportid,
        product,
        exposure,
        quarter,
        is_probable_duplicate
    from main.report_exposures
),

reactions as (
    select distinct
        safetyreportid,
        lower(trim(term)) as term_key
    from main.reactions
    where term is not null
),

effect_terms as (
    select
        category,
        term,
        term_key,
        scope
    from main.effect_terms
),

reports as (
    select
        quarter,
        max(source_last_updated) as source_last_updated
    from main.reports
    group by quarter
),

background as (
    select
        background_counts.quarter,
        background_counts.measure,
        background_counts.key,
        background_counts.report_count,
        background_counts.fetched_at,
        background_counts.source_last_updated
    from raw.background_counts as background_counts
    inner join background_expected
        on background_expected.quarter = background_counts.quarter
        and background_expected.measure = background_counts.measure
        and background_expected.key = background_counts.key
        and background_expected.search = background_counts.search
),

fetched_quarters as (
    select distinct quarter from raw.raw_fetches
),

window_quarters as (
    select background.quarter
    from background
    inner join fetched_quarters on fetched_quarters.quarter = background.quarter
    where background.measure = 'total_reports'
),

windows as (
    select
        'quarter' as window_kind,
        quarter as window_label,
        quarter
    from window_quarters
    union all
    select
        'all' as window_kind,
        (select min(quarter) || '..' || max(quarter) from window_quarters) as window_label,
        quarter
    from window_quarters
),

events as (
    select
        'category' as level,
        categories.category,
        scopes.scope,
        cast(null as varchar) as term,
        'category_reports' as measure,
        categories.category || '/' || scopes.scope as background_key
    from (select distinct category from effect_terms) as categories
    cross join (values ('narrow'), ('broad')) as scopes(scope)
    union all
    select
        'term' as level,
        category,
        scope,
        term,
        'reports_with_term' as measure,
        term as background_key
    from effect_terms
),

matched_terms as (
    select distinct
        reactions.safetyreportid,
        effect_terms.category,
        effect_terms.term,
        effect_terms.scope
    from reactions
    inner join effect_terms on effect_terms.term_key = reactions.term_key
),

report_events as (
    select safetyreportid, 'term' as level, category, scope, term
    from matched_terms
    union
    select safetyreportid, 'category' as level, category, 'broad' as scope, null as term
    from matched_terms
    union
    select safetyreportid, 'category' as level, category, 'narrow' as scope, null as term
    from matched_terms
    where scope = 'narrow'
),

exposed_by_quarter as (
    select
        quarter,
        product,
        exposure,
        count(*) as exposed_reports
    from exposures
    where not is_probable_duplicate
    group by all
),

product_all_by_quarter as (
    select
        quarter,
        product,
        count(*) as product_reports_all
    from exposures
    where exposure = 'any role'
    group by all
),

a_by_quarter as (
    select
        exposures.quarter,
        exposures.product,
        exposures.exposure,
        report_events.level,
        report_events.category,
        report_events.scope,
        report_events.term,
        count(*) as a
    from exposures
    inner join report_events on report_events.safetyreportid = exposures.safetyreportid
    where not exposures.is_probable_duplicate
    group by all
),

a_all_by_quarter as (
    select
        exposures.quarter,
        exposures.product,
        report_events.level,
        report_events.category,
        report_events.scope,
        report_events.term,
        count(*) as a_all
    from exposures
    inner join report_events on report_events.safetyreportid = exposures.safetyreportid
    where exposures.exposure = 'any role'
    group by all
),

window_totals as (
    select
        windows.window_kind,
        windows.window_label,
        min(windows.quarter) as first_quarter,
        max(windows.quarter) as last_quarter,
        count(*) as quarters,
        sum(background.report_count) as n_total,
        max(background.source_last_updated) as background_last_updated,
        max(background.fetched_at) as background_fetched_at,
        max(reports.source_last_updated) as reports_last_updated
    from windows
    inner join background
        on background.quarter = windows.quarter
        and background.measure = 'total_reports'
    left join reports on reports.quarter = windows.quarter
    group by windows.window_kind, windows.window_label
),

window_events as (
    select
        windows.window_kind,
        windows.window_label,
        events.level,
        events.category,
        events.scope,
        events.term,
        sum(background.report_count) as n_event,
        count(*) as event_quarters,
        max(background.source_last_updated) as event_last_updated,
        max(background.fetched_at) as event_fetched_at
    from windows
    cross join events
    inner join background
        on background.quarter = windows.quarter
        and background.measure = events.measure
        and background.key = events.background_key
    group by all
),

window_exposed as (
    select
        windows.window_kind,
        windows.window_label,
        exposed_by_quarter.product,
        exposed_by_quarter.exposure,
        sum(exposed_by_quarter.exposed_reports) as exposed_reports
    from windows
    inner join exposed_by_quarter on exposed_by_quarter.quarter = windows.quarter
    group by all
),

window_product_all as (
    select
        windows.window_kind,
        windows.window_label,
        product_all_by_quarter.product,
        sum(product_all_by_quarter.product_reports_all) as product_reports_all
    from windows
    inner join product_all_by_quarter on product_all_by_quarter.quarter = windows.quarter
    group by all
),

window_openfda_products as (
    select
        windows.window_kind,
        windows.window_label,
        background.key as product,
        sum(background.report_count) as openfda_product_reports,
        count(*) as product_quarters
    from windows
    inner join background
        on background.quarter = windows.quarter
        and background.measure = 'product_reports'
    group by all
),

window_a as (
    select
        windows.window_kind,
        windows.window_label,
        a_by_quarter.product,
        a_by_quarter.exposure,
        a_by_quarter.level,
        a_by_quarter.category,
        a_by_quarter.scope,
        a_by_quarter.term,
        sum(a_by_quarter.a) as a
    from windows
    inner join a_by_quarter on a_by_quarter.quarter = windows.quarter
    group by all
),

window_a_all as (
    select
        windows.window_kind,
        windows.window_label,
        a_all_by_quarter.product,
        a_all_by_quarter.level,
        a_all_by_quarter.category,
        a_all_by_quarter.scope,
        a_all_by_quarter.term,
        sum(a_all_by_quarter.a_all) as a_all
    from windows
    inner join a_all_by_quarter on a_all_by_quarter.quarter = windows.quarter
    group by all
),

grid as (
    select
        window_exposed.product,
        window_exposed.exposure,
        window_events.level,
        window_events.category,
        window_events.scope,
        window_events.term,
        window_totals.window_kind,
        window_totals.window_label,
        window_totals.first_quarter,
        window_totals.last_quarter,
        window_totals.quarters,
        window_exposed.exposed_reports,
        coalesce(window_product_all.product_reports_all, 0) as product_reports_all,
        window_events.n_event,
        window_totals.n_total,
        case
            when window_openfda_products.product_quarters = window_totals.quarters
                then window_openfda_products.openfda_product_reports
        end as openfda_product_reports,
        greatest(
            window_totals.background_last_updated,
            window_events.event_last_updated,
            window_totals.reports_last_updated
        ) as data_last_updated,
        greatest(
            window_totals.background_fetched_at,
            window_events.event_fetched_at
        ) as background_fetched_at
    from window_exposed
    inner join window_totals
        on window_totals.window_kind = window_exposed.window_kind
        and window_totals.window_label = window_exposed.window_label
    inner join window_events
        on window_events.window_kind = window_exposed.window_kind
        and window_events.window_label = window_exposed.window_label
        and window_events.event_quarters = window_totals.quarters
    left join window_product_all
        on window_product_all.window_kind = window_exposed.window_kind
        and window_product_all.window_label = window_exposed.window_label
        and window_product_all.product = window_exposed.product
    left join window_openfda_products
        on window_openfda_products.window_kind = window_exposed.window_kind
        and window_openfda_products.window_label = window_exposed.window_label
        and window_openfda_products.product = window_exposed.product
    where window_exposed.exposed_reports > 0
),

cells as (
    select
        grid.*,
        coalesce(window_a.a, 0) as a,
        grid.exposed_reports - coalesce(window_a.a, 0) as b,
        grid.n_event - coalesce(window_a_all.a_all, 0) as c_unfloored
    from grid
    left join window_a
        on window_a.window_kind = grid.window_kind
        and window_a.window_label = grid.window_label
        and window_a.product = grid.product
        and window_a.exposure = grid.exposure
        and window_a.level = grid.level
        and window_a.category = grid.category
        and window_a.scope = grid.scope
        and window_a.term is not distinct from grid.term
    left join window_a_all
        on window_a_all.window_kind = grid.window_kind
        and window_a_all.window_label = grid.window_label
        and window_a_all.product = grid.product
        and window_a_all.level = grid.level
        and window_a_all.category = grid.category
        and window_a_all.scope = grid.scope
        and window_a_all.term is not distinct from grid.term
),

final as (
    select
        product,
        exposure,
        level,
        category,
        scope,
        term,
        window_kind,
        window_label,
        make_date(
            cast(left(first_quarter, 4) as integer),
            3 * (cast(right(first_quarter, 1) as integer) - 1) + 1,
            1
        ) as window_start,
        cast(
            make_date(
                cast(left(last_quarter, 4) as integer),
                3 * (cast(right(last_quarter, 1) as integer) - 1) + 1,
                1
            ) + interval 3 month - interval 1 day
            as date
        ) as window_end,
        quarters,
        cast(a as bigint) as a,
        cast(b as bigint) as b,
        cast(greatest(c_unfloored, 0) as bigint) as c,
        cast(
            greatest(n_total - product_reports_all - greatest(c_unfloored, 0), 0) as bigint
        ) as d,
        cast(n_event as bigint) as n_event,
        cast(n_total as bigint) as n_total,
        cast(product_reports_all as bigint) as product_reports_all,
        cast(openfda_product_reports as bigint) as openfda_product_reports,
        c_unfloored < 0
            or n_total - product_reports_all - greatest(c_unfloored, 0) < 0
            as background_clamped,
        data_last_updated,
        background_fetched_at
    from cells
)

select
    product,
    exposure,
    level,
    category,
    scope,
    term,
    window_kind,
    window_label,
    window_start,
    window_end,
    quarters,
    a,
    b,
    c,
    d,
    n_event,
    n_total,
    product_reports_all,
    openfda_product_reports,
    background_clamped,
    data_last_updated,
    background_fetched_at
from final
order by product, exposure, level, category, scope, term, window_kind, window_label;
