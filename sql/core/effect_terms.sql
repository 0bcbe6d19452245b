-- effect_terms: the MedDRA preferred terms of each effect category, loaded from the versioned
-- reference file reference/effect_terms.csv (see reference/effect_terms.md for the sources).
--
-- Rules
--   * scope 'narrow' = the category's core terms; scope 'broad' terms belong only to the broad
--     scope. The broad scope of a category is its narrow terms plus its broad terms.
--   * A term belongs to one category only (term_key is the primary key), so a report's term
--     never counts for two categories; where a term could fit two, reference/effect_terms.md
--     records the choice.
--   * term_key = lower(trim(term)) is what reactions are matched on: the whole term, case
--     folded, never a substring ('Blood pressure decreased' never matches 'Blood pressure
--     increased', 'Transient global amnesia' never matches 'Amnesia').
--
-- The CSV path is bound as the parameter $effect_terms_csv by ketamine_faers.effects_model (a
-- constant inside the project, never user text). DuckDB binds parameters only in the last
-- statement of a file, so the table is declared first and loaded last.

create or replace table effect_terms (
    category varchar not null check (category in ('dissociation', 'hypertension', 'cognitive')),
    term     varchar not null,
    term_key varchar primary key,
    scope    varchar not null check (scope in ('narrow', 'broad')),
    source   varchar not null,
    note     varchar,
    version  date    not null
);

comment on table effect_terms is 'MedDRA preferred terms of the effect categories (dissociation, hypertension, cognitive), with narrow and broad scopes, from reference/effect_terms.csv. One row per term; a term sits in one category only.';
comment on column effect_terms.category is 'Effect category: dissociation, hypertension (blood pressure increased) or cognitive (sedation and cognitive impairment).';
comment on column effect_terms.term is 'MedDRA preferred term, MedDRA spelling and case (e.g. ''Hallucination, auditory'').';
comment on column effect_terms.term_key is 'lower(trim(term)): reactions match on this, whole term only, never substrings.';
comment on column effect_terms.scope is '''narrow'': core term of the category (in both scopes); ''broad'': related term, in the broad scope only.';
comment on column effect_terms.source is 'Short citation of where the term comes from (label section or published FAERS study).';
comment on column effect_terms.note is 'Why the term is here or in this category rather than another, when not obvious.';
comment on column effect_terms.version is 'Date the row was last reviewed; the list''s version is the latest of these dates.';

insert into effect_terms (category, term, term_key, scope, source, note, version)
with

source_rows as (
    select
        category,
        term,
        scope,
        source,
        note,
        version
    from read_csv(
        $effect_terms_csv,
        header = true,
        auto_detect = false,
        quote = '"',
        escape = '"',
        columns = {
            'category': 'varchar',
            'term': 'varchar',
            'scope': 'varchar',
            'source': 'varchar',
            'note': 'varchar',
            'version': 'date'
        }
    )
),

normalised as (
    select
        lower(trim(category)) as category,
        trim(term) as term,
        lower(trim(term)) as term_key,
        lower(trim(scope)) as scope,
        trim(source) as source,
        nullif(trim(note), '') as note,
        version
    from source_rows
),

final as (
    select
        category,
        term,
        term_key,
        scope,
        source,
        note,
        version
    from normalised
)

select
    category,
    term,
    term_key,
    scope,
    source,
    note,
    version
from final
order by category, scope desc, term;
