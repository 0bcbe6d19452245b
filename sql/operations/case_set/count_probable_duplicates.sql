-- Kept cases flagged as probable duplicates of another case (main.cases).
select count(*) as probable_duplicates
from main.cases
where is_probable_duplicate;
