-- Every 2x2 table of the signals, for the measures computed in Python.
select * from int_signal_counts;
