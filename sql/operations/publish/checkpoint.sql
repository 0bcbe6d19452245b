-- Everything the build wrote is in the file itself, not in its write-ahead log, before the
-- file is copied.
checkpoint;
