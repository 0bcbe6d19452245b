-- Every landed quarter with the SHA-256 of the zip it came from.
SELECT quarter, zip_name, sha256
FROM main.landed_zips
ORDER BY quarter;
