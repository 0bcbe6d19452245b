-- Keep only the links of the regrouped keys (select_duplicate_scope.sql): each of those
-- keys' groups of cases is whole in the input, so its links are the full build's; the
-- other keys of the same cases were seen in part and are unchanged in the case set.
delete from staging.int_files_duplicate_links
where key_hash not in (select key_hash from regrouped_keys);
