-- A staging view made to read the rows it computed once, from an Arrow table registered on
-- the connection (clean_model.pin_in_arrow). {view} and {registered} are identifiers the
-- runner checked, never values.
create or replace view staging.{view} as
select * from {registered};
