-- The analyst tables are built: the case set is no longer read.
detach case_set;
