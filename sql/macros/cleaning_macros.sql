-- Macros shared by the clean tables. They live in the build-only `staging` database, so the
-- published file carries none of them.
--
-- Rule "partial dates keep their precision" (docs/cleaning-rules.md#partial-dates):
--   faers_date(value) reads an openFDA date string by the number of its digits:
--     8 digits YYYYMMDD -> that day,            precision 'day'   (format code 102)
--     6 digits YYYYMM   -> first of the month,  precision 'month' (format code 610)
--     4 digits YYYY     -> first of the year,   precision 'year'  (format code 602)
--   anything else (signs, spaces inside, letters), an impossible day (20231399, 00000000) or
--   a year outside 1900..2100 -> date NULL and precision NULL. FDA's *dateformat codes are documented as "always 102" but
--   are not (real records carry 610 and 602), so the digits decide and the codes are not
--   read (raw.raw_records keeps them).
-- Rule "MedDRA case" (first step): term_clean(value) trims a reaction term and collapses
--   runs of whitespace to one space ('' -> NULL); upper(term_clean(...)) is the key terms
--   are compared by (main.reactions, and the reaction set of main.reports).
-- Rule "reasons are printable": printable(value) shortens a raw value to 40 characters and
-- replaces control characters, so a quarantine reason stays one readable line.
-- Rule "report id": report_id(value) is the safetyreportid every clean table carries, the
--   record's value trimmed. int_record_fates checks and keys on it, and main.drugs, written
--   before the fates, takes it from the same macro, so the two can never disagree.
-- Rule "latest version": version_number(value) is safetyreportversion as a number only when
--   it is plain decimal digits (spaces around allowed): '10' -> 10, while '0x10', '2.5',
--   '1e1', '-1', '+2' or '' -> NULL (a non-integer version counts lowest). A bare try_cast
--   would read '0x10' as 16, '2.5' as 3 and '1e1' as 10.
-- Rule "plausible dates": quarter_start(quarter) is the first day of a raw partition
--   ('2021Q1' -> 2021-01-01), NULL when the text is not a quarter; quarter_end(quarter) is
--   the first day of the next quarter.
create or replace macro staging.report_id(value) as trim(value);

create or replace macro staging.version_number(value) as
    case
        when regexp_full_match(trim(value), '[0-9]{1,18}') then try_cast(trim(value) as bigint)
    end;

create or replace macro staging.quarter_start(quarter) as
    case
        when regexp_full_match(quarter, '[0-9]{4}Q[1-4]') then make_date(
            cast(left(quarter, 4) as integer), cast(right(quarter, 1) as integer) * 3 - 2, 1
        )
    end;

create or replace macro staging.quarter_end(quarter) as
    cast(staging.quarter_start(quarter) + interval 3 month as date);

create or replace macro staging.faers_day(value) as
    case
        when length(trim(value)) not in (4, 6, 8)
            or left(trim(value), 1) not between '0' and '9'
            or try_cast(trim(value) as uinteger) is null
            then null
        when length(trim(value)) = 8 then try_strptime(trim(value), '%Y%m%d')::date
        when length(trim(value)) = 6 then try_strptime(trim(value) || '01', '%Y%m%d')::date
        else try_strptime(trim(value) || '0101', '%Y%m%d')::date
    end;

create or replace macro staging.faers_date(value) as
    case
        when staging.faers_day(value) between date '1900-01-01' and date '2100-12-31'
            then {
                'date': staging.faers_day(value),
                'precision': case length(trim(value))
                    when 8 then 'day' when 6 then 'month' else 'year' end
            }
        else {'date': null::date, 'precision': null::varchar}
    end;

create or replace macro staging.printable(value) as
    regexp_replace(left(value, 40), '[\x00-\x1f\x7f]', '?', 'g')
    || case when length(value) > 40 then '...' else '' end;

create or replace macro staging.term_clean(value) as
    nullif(regexp_replace(trim(value), '\s+', ' ', 'g'), '');
