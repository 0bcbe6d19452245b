-- How many blocks of what size the open database says are in use (a file shorter than
-- that many blocks is truncated; ketamine_faers/warehouse.py).
select used_blocks, block_size from pragma_database_size() where database_name = current_database();
