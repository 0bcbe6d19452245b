-- built_by: ketamine_faers.signals
-- signals: disproportionality of each product against all other FAERS reports, per effect
-- category and per effect term, per window and exposure.
--
-- Built by ketamine_faers.signals: sql/intermediate/int_signal_counts.sql makes the 2x2 counts, then
-- ketamine_faers.disproportionality.measures_frame (the tested reference implementation)
-- computes the measures and registers them as `signal_measures`; this file only gives the
-- table its columns, types and comments. Formulas, zero-cell handling and thresholds are in
-- the docstring of ketamine_faers/disproportionality.py and in the column comments below.

create or replace table signals as
with

final as (
    select
        cast(product as varchar) as product,
        cast(exposure as varchar) as exposure,
        cast(level as varchar) as level,
        cast(category as varchar) as category,
        cast(scope as varchar) as scope,
        cast(term as varchar) as term,
        cast(window_kind as varchar) as window_kind,
        cast(window_label as varchar) as window_label,
        cast(window_start as date) as window_start,
        cast(window_end as date) as window_end,
        cast(quarters as integer) as quarters,
        cast(a as bigint) as a,
        cast(b as bigint) as b,
        cast(c as bigint) as c,
        cast(d as bigint) as d,
        cast(n as bigint) as n,
        cast(expected as double) as expected,
        cast(n_event as bigint) as n_event,
        cast(n_total as bigint) as n_total,
        cast(product_reports_all as bigint) as product_reports_all,
        cast(openfda_product_reports as bigint) as openfda_product_reports,
        cast(ror as double) as ror,
        cast(ror_lower as double) as ror_lower,
        cast(ror_upper as double) as ror_upper,
        cast(prr as double) as prr,
        cast(prr_lower as double) as prr_lower,
        cast(prr_upper as double) as prr_upper,
        cast(chi_square as double) as chi_square,
        cast(ic as double) as ic,
        cast(ic025 as double) as ic025,
        cast(ic975 as double) as ic975,
        cast(signal_ror as boolean) as signal_ror,
        cast(signal_prr as boolean) as signal_prr,
        cast(signal_ic as boolean) as signal_ic,
        cast(signal as boolean) as signal,
        cast(continuity_corrected as boolean) as continuity_corrected,
        cast(background_clamped as boolean) as background_clamped,
        cast(data_last_updated as date) as data_last_updated,
        cast(background_fetched_at as timestamp) as background_fetched_at
    from signal_measures
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
    n,
    expected,
    n_event,
    n_total,
    product_reports_all,
    openfda_product_reports,
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
    data_last_updated,
    background_fetched_at
from final
order by product, exposure, level, category, scope, term, window_kind, window_start;

comment on table signals is 'Disproportionality of ketamine and esketamine against all other FAERS reports: one row per product, exposure, level (category or term), category, scope, term and window (key: product, exposure, level, category, scope, term, window_kind, window_label). A signal is a statistical association in spontaneous reports, not proof of causation or a measure of incidence.';
comment on column signals.product is 'ketamine or esketamine.';
comment on column signals.exposure is '''any role'': reports naming the product in any role; ''suspect only'': reports where it is a suspect drug. The comparator (c, d) excludes every report naming the product in either case.';
comment on column signals.level is '''category'': the event is any term of the category in the scope; ''term'': one effect term.';
comment on column signals.category is 'dissociation, hypertension or cognitive (for a term row: the term''s category).';
comment on column signals.scope is 'For a category row: narrow (core terms) or broad (core and related terms). For a term row: the term''s own scope in effect_terms.';
comment on column signals.term is 'MedDRA preferred term for level ''term''; NULL for level ''category''.';
comment on column signals.window_kind is '''quarter'' (one quarter of receivedate) or ''all'' (every quarter with reports and background, summed).';
comment on column signals.window_label is 'The quarter (''2021Q1'') or the span of the ''all'' window (''2019Q1..2024Q4'').';
comment on column signals.window_start is 'First day of the window (receivedate).';
comment on column signals.window_end is 'Last day of the window (receivedate), inclusive.';
comment on column signals.quarters is 'Number of quarters summed in the window.';
comment on column signals.a is 'Reports with the product (this exposure) and the event; probable duplicates left out.';
comment on column signals.b is 'Reports with the product (this exposure) without the event; probable duplicates left out.';
comment on column signals.c is 'Reports with the event that do not name the product in any role: openFDA background minus our product reports with the event (floored at 0).';
comment on column signals.d is 'Reports with neither: all FAERS reports in the window minus every report naming the product minus c (floored at 0).';
comment on column signals.n is 'a + b + c + d.';
comment on column signals.expected is 'Expected a under independence: (a+b)(a+c)/n (used by the IC).';
comment on column signals.n_event is 'All FAERS reports with the event in the window (openFDA total queries, background_counts).';
comment on column signals.n_total is 'All FAERS reports received in the window (openFDA total queries).';
comment on column signals.product_reports_all is 'Our reports naming the product in any role, probable duplicates included: removed from the comparator.';
comment on column signals.openfda_product_reports is 'openFDA''s own count of reports naming the product in the window (reconciliation; not a cell). NULL when a quarter lacks it.';
comment on column signals.ror is 'Reporting odds ratio ad/bc (Haldane-Anscombe corrected, +0.5 to every cell, when a cell is 0).';
comment on column signals.ror_lower is 'Lower bound of the ROR''s 95% CI (Woolf: exp(ln ROR - 1.96 sqrt(1/a+1/b+1/c+1/d))).';
comment on column signals.ror_upper is 'Upper bound of the ROR''s 95% CI (Woolf).';
comment on column signals.prr is 'Proportional reporting ratio (a/(a+b))/(c/(c+d)) (Haldane-Anscombe corrected when a cell is 0).';
comment on column signals.prr_lower is 'Lower bound of the PRR''s 95% CI (log method: exp(ln PRR - 1.96 sqrt(1/a-1/(a+b)+1/c-1/(c+d)))).';
comment on column signals.prr_upper is 'Upper bound of the PRR''s 95% CI (log method).';
comment on column signals.chi_square is 'Pearson chi-square with Yates correction on the observed cells; NULL when a margin is 0.';
comment on column signals.ic is 'Information component log2((a+0.5)/(expected+0.5)) (Norén et al. 2013).';
comment on column signals.ic025 is 'Lower 95% credibility bound of the IC, Norén''s closed form: IC - 3.3(a+0.5)^-1/2 - 2(a+0.5)^-3/2.';
comment on column signals.ic975 is 'Upper 95% credibility bound of the IC: IC + 2.4(a+0.5)^-1/2 - 0.5(a+0.5)^-3/2.';
comment on column signals.signal_ror is 'ROR signal: a >= 3 and ror_lower > 1.';
comment on column signals.signal_prr is 'PRR signal (Evans): a >= 3 and prr >= 2 and chi_square >= 4.';
comment on column signals.signal_ic is 'IC signal: ic025 > 0.';
comment on column signals.signal is 'All three method signals agree (conservative overall flag).';
comment on column signals.continuity_corrected is 'True when a cell was 0 and ROR/PRR were computed with +0.5 added to every cell.';
comment on column signals.background_clamped is 'True when our own counts exceeded openFDA''s background and c or d was floored at 0: read the row with care.';
comment on column signals.data_last_updated is 'Latest openFDA meta.last_updated of the data behind the row (background and reports).';
comment on column signals.background_fetched_at is 'When the newest background count of the row was fetched from openFDA (UTC).';
