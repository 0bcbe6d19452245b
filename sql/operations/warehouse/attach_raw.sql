-- The raw landing, read-only, under the name every stage reads it by.
attach if not exists $raw_db as raw (read_only);
