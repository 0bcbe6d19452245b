-- The staging table of one quarter's fetch, once its records were swapped in.
drop table if exists incoming_records;
