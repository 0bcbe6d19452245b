-- The term charts of the category pages: the category's own terms (mart_top_terms) and the
-- other terms reported with them (mart_co_reported_terms), ranked per product, exposure,
-- category and scope.
--
-- Rules
--   * Every term of the category is kept (the lists are short).
--   * Co-reported terms: those in the top $max_rank of either product, with the rows of both
--     products, so a term shown for one product shows the other's true count, not a gap
--     caused by the cut-off.
with

top_terms as (
    select
        'top_terms' as chart,
        product,
        exposure,
        category,
        scope,
        rank,
        term,
        reports,
        group_reports,
        share
    from main.mart_top_terms
),

co_reported_shown as (
    select distinct
        exposure,
        category,
        scope,
        term
    from main.mart_co_reported_terms
    where rank <= $max_rank
),

co_reported_terms as (
    select
        'co_reported_terms' as chart,
        terms.product,
        terms.exposure,
        terms.category,
        terms.scope,
        terms.rank,
        terms.term,
        terms.reports,
        terms.group_reports,
        terms.share
    from main.mart_co_reported_terms as terms
    semi join co_reported_shown as shown
        on shown.exposure = terms.exposure
        and shown.category = terms.category
        and shown.scope = terms.scope
        and shown.term = terms.term
)

select * from top_terms
union all
select * from co_reported_terms
order by chart, product, exposure, category, scope, rank;
