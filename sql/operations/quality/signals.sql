-- Batch of the signals suite (expectations/signals.json): one row per signals row, the key,
-- the cells and the measures, plus facts:
--   nonfinite_measures  names of the measures that are NaN or infinite (NULL when none)
--   missing_measures    names of the measures that must always be there but are NULL
--                       (chi_square may be NULL: undefined when a margin is 0)
--   cells_total         a + b + c + d (must equal n)
--   term_fits_level     a 'term' row names its term, a 'category' row none
with

signals as (
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
        a,
        b,
        c,
        d,
        n,
        ror,
        ror_lower,
        ror_upper,
        prr,
        prr_lower,
        prr_upper,
        chi_square,
        ic,
        ic025,
        ic975
    from main.signals
),

measures as (
    select
        *,
        [
            {'name': 'ror', 'value': ror},
            {'name': 'ror_lower', 'value': ror_lower},
            {'name': 'ror_upper', 'value': ror_upper},
            {'name': 'prr', 'value': prr},
            {'name': 'prr_lower', 'value': prr_lower},
            {'name': 'prr_upper', 'value': prr_upper},
            {'name': 'chi_square', 'value': chi_square},
            {'name': 'ic', 'value': ic},
            {'name': 'ic025', 'value': ic025},
            {'name': 'ic975', 'value': ic975}
        ] as measure_list
    from signals
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
        window_start,
        window_end,
        a,
        b,
        c,
        d,
        n,
        a + b + c + d as cells_total,
        ror,
        ror_lower,
        ror_upper,
        prr,
        prr_lower,
        prr_upper,
        chi_square,
        ic,
        ic025,
        ic975,
        nullif(array_to_string(list_transform(
            list_filter(measure_list, lambda m: m.value is not null and not isfinite(m.value)),
            lambda m: m.name
        ), ','), '') as nonfinite_measures,
        nullif(array_to_string(list_transform(
            list_filter(measure_list, lambda m: m.value is null and m.name <> 'chi_square'),
            lambda m: m.name
        ), ','), '') as missing_measures,
        (level = 'term') = (term is not null) as term_fits_level
    from measures
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
    a,
    b,
    c,
    d,
    n,
    cells_total,
    ror,
    ror_lower,
    ror_upper,
    prr,
    prr_lower,
    prr_upper,
    chi_square,
    ic,
    ic025,
    ic975,
    nonfinite_measures,
    missing_measures,
    term_fits_level
from final
