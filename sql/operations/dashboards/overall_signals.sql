-- Disproportionality over the whole loaded period (window_kind 'all'), for the forest plots
-- and the signal summary: one row per product, exposure, level (category or term), category,
-- scope and term.
select
    product,
    exposure,
    level,
    category,
    scope,
    term,
    window_label,
    a,
    b,
    c,
    d,
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
    signal_ror,
    signal_prr,
    signal_ic,
    signal,
    continuity_corrected,
    background_clamped,
    data_last_updated
from main.signals
where window_kind = 'all'
order by product, exposure, level, category, scope, term;
