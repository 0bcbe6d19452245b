"""FDA's quarterly FAERS/AERS data files (the Quarterly Data Extract): the source of record."""
