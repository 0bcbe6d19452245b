-- The zip a quarter was just landed from (run in the landing's transaction).
INSERT OR REPLACE INTO main.landed_zips (quarter, zip_name, sha256, landed_at)
VALUES ($quarter, $zip_name, $sha256, now()::timestamp);
