-- Whether any landed quarter came from the bundled synthetic sample.
select coalesce(bool_or(synthetic), false) as synthetic
from raw_fetches;
