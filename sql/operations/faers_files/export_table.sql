-- One faers_files table ({table_name}) as one Parquet file $path (a table without a quarter,
-- or an empty one, so readers still find its columns).
copy (select * from faers_files.{table_name})
to $path (format parquet);
