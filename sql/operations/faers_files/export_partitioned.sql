-- One faers_files table ({table_name}) as Parquet under the folder $path, hive-partitioned by
-- quarter (quarter=YYYYQn/data_0.parquet).
copy (select * from faers_files.{table_name})
to $path (format parquet, partition_by (quarter));
