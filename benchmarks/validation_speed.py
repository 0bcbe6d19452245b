"""Times the Great Expectations suites of ``expectations/`` at a million reports.

Builds synthetic clean-shaped tables in an in-memory DuckDB (nothing is written to disk):
``reports`` with N rows, ``drugs`` and ``reactions`` with 2.5 and 2 rows per report, a
``quarantine`` of 1 % and raw records that reconcile, every value valid, so every expectation
is evaluated over every row (a failing expectation costs the same). Then runs
:func:`ketamine_faers.quality.validate_table` for each suite and prints, per suite, the rows
validated and the seconds split into the DuckDB batch query (including the pull into pandas)
and the GX validation on pandas. Nothing here is FAERS data; it is for timing only.

    python -m benchmarks.validation_speed 1000000
"""

from __future__ import annotations

import argparse
import time

import duckdb

from ketamine_faers import quality
from ketamine_faers.sql_files import read_sql

BUILD_SQL = """
attach ':memory:' as raw;

create table raw.raw_fetches as
select
    y || 'Q' || q as quarter,
    timestamp '2024-06-01 10:00' as fetched_at,
    0 as records, 0 as api_total, 1 as requests, 0 as retries,
    'http://127.0.0.1' as source_base_url, null::date as source_last_updated,
    true as synthetic
from range(2004, 2024) as years(y), range(1, 5) as quarters(q);

create table reports as
with base as (
    select
        i,
        date '2004-01-01' + cast(i * 7300 // $n as integer) as receive_date
    from range($n) as t(i)
)
select
    cast(1000000 + i as varchar) as safetyreportid,
    1 + i % 3 as safetyreportversion,
    year(receive_date) || 'Q' || quarter(receive_date) as quarter,
    cast(row_number() over (partition by year(receive_date), quarter(receive_date) order by i)
         as integer) as record_seq,
    receive_date,
    ['day', 'month', 'year'][1 + i % 3] as receive_date_precision,
    receive_date + 20 as receipt_date,
    i % 2 = 0 as serious,
    ['US', 'GB', 'CA', 'FR'][1 + i % 4] as country,
    ['physician', 'pharmacist', 'other health professional', 'lawyer', 'consumer'][1 + i % 5]
        as reporter_qualification,
    case when i % 7 = 0 then null else cast(i % 90 as double) + 0.5 end as age_years,
    ['neonate', 'infant', 'child', 'adolescent', 'adult', 'elderly'][1 + i % 6] as age_group,
    ['female', 'male', 'unknown'][1 + i % 3] as sex,
    case when i % 5 = 0 then null else 40 + cast(i % 80 as double) end as weight_kg,
    case i % 3 when 0 then ['ketamine'] when 1 then ['esketamine']
        else ['esketamine', 'ketamine'] end as products,
    i % 50 = 0 as is_probable_duplicate
from base;

create table drugs as
select
    r.safetyreportid,
    cast(s.seq as integer) as drug_seq,
    'DRUG ' || s.seq as medicinal_product,
    case
        when s.seq = 1 then r.products[1]
        when s.seq = 2 and len(r.products) = 2 then r.products[2]
    end as product,
    ['suspect', 'concomitant', 'interacting'][1 + (s.seq - 1) % 3] as role,
    '045' as route_code,
    'nasal' as route,
    r.receive_date - 30 as start_date,
    r.receive_date - 2 as end_date
from reports as r, range(1, 3 + cast(r.safetyreportid as bigint) % 2) as s(seq);

create table reactions as
select
    r.safetyreportid,
    cast(s.seq as integer) as reaction_seq,
    ['Dissociation', 'Nausea', 'Blood pressure increased', 'Somnolence'][1 + s.seq % 4]
        as term,
    ['recovered/resolved', 'unknown', 'fatal'][1 + s.seq % 3] as outcome
from reports as r, range(1, 2 + cast(r.safetyreportid as bigint) % 3) as s(seq);

create table raw.raw_records as
select quarter, record_seq, safetyreportid, '{}'::json as record,
       timestamp '2024-06-01 10:00' as fetched_at, null::date as source_last_updated
from reports;

create table quarantine as
select quarter, record_seq, 'Q' || record_seq as safetyreportid,
       'invalid_receivedate' as reason_code, 'receivedate not a valid date: 2099' as reason,
       '{}'::json as record
from (
    select quarter, 100000 + row_number() over (partition by quarter) as record_seq
    from reports
    where safetyreportid::bigint % 100 = 0
);

insert into raw.raw_records
select quarter, record_seq, safetyreportid, '{}'::json, timestamp '2024-06-01 10:00', null
from quarantine;

update raw.raw_fetches set records = c, api_total = c
from (select quarter as q, count(*) as c from raw.raw_records group by quarter)
where quarter = q;
"""


def build(n: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for statement in con.extract_statements(BUILD_SQL):
        if "$n" in statement.query:
            con.execute(statement, {"n": n})
        else:
            con.execute(statement)
    return con


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    ((count,),) = con.execute(f"select count(*) from {table}").fetchall()  # noqa: S608
    return int(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "n", type=int, nargs="?", default=1_000_000, help="reports to build (default 1,000,000)"
    )
    n = parser.parse_args(argv).n
    started = time.perf_counter()
    con = build(n)
    counts = {
        t: count_rows(con, t)
        for t in ("reports", "drugs", "reactions", "quarantine", "raw.raw_records")
    }
    print(f"built in {time.perf_counter() - started:.1f}s: {counts}")
    started = time.perf_counter()
    import great_expectations  # noqa: F401  (one-off import, about 4 s, not counted below)

    print(f"great_expectations imported in {time.perf_counter() - started:.1f}s")
    total = 0.0
    for suite in ("raw_records", "quarter_counts", "reports", "drugs", "reactions", "quarantine"):
        outcome = quality.validate_table(con, suite, "benchmark")
        started = time.perf_counter()  # the batch again, alone (validate_table made it first)
        frame = con.execute(read_sql(quality.load_suite(suite).meta["batch_query"])).df()
        query = time.perf_counter() - started
        total += outcome.seconds
        failures = [(r.column, r.observed_value) for r in outcome.failures()]
        print(
            f"{suite:15} {len(frame):>9} rows  {len(outcome.results):>2} expectations  "
            f"query+pull {query:5.2f}s  validate_table {outcome.seconds:5.2f}s  "
            f"failures {failures or 'none'}"
        )
    print(f"all suites: {total:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
