-- A build-only schema ({schema}: staging, build_state) removed from the copy being published.
drop schema if exists {schema} cascade;
