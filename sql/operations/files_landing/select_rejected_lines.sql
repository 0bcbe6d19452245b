-- The lines the quarter's '$' reads rejected, per file (1-based, the header is line 1): they
-- share files_rejects (emptied before each quarter by reset_read_tables.sql), and each file of
-- a quarter has its own path.
SELECT scans.file_path, list(DISTINCT rejects.line ORDER BY rejects.line) AS lines
FROM files_rejects AS rejects
JOIN files_reject_scans AS scans USING (scan_id, file_id)
GROUP BY scans.file_path;
