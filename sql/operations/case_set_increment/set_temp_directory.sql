-- Where the incremental add's in-memory catalogs spill past the memory limit (beside the
-- case set, never the working directory).
set temp_directory = $directory;
