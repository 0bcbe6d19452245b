-- The added quarter is in the case set's file, not only in its write-ahead log.
checkpoint case_set;
