-- The schema of the files source's analyst tables in the build database (published with it).
create schema if not exists faers_files;
