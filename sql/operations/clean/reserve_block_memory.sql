-- Buffer blocks DuckDB keeps for reuse between statements (clean_model.reserve_block_memory).
set block_allocator_memory = $size;
