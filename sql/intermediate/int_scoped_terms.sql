-- int_scoped_terms: the term list in each scope, the one place its scope fan-out is defined.
--
-- Rules
--   * Scope 'broad' holds every term of a category, scope 'narrow' its narrow (core) terms
--     only: a narrow term is in both scopes.
--   * term_key is what a reaction matches: lower(trim(reactions.term)).
-- A temporary table: an intermediate step of the build, never published.

create or replace temp table int_scoped_terms as
with

effect_terms as (
    select
        category,
        term,
        term_key,
        scope
    from main.effect_terms
),

scoped_terms as (
    select category, term, term_key, 'broad' as scope from effect_terms
    union all
    select category, term, term_key, 'narrow' as scope from effect_terms where scope = 'narrow'
)

select
    category,
    scope,
    term,
    term_key
from scoped_terms;
