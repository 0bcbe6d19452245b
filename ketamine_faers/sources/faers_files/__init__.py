"""FDA's quarterly data files (the Quarterly Data Extract ASCII zips): the source of record.

openFDA is the quick source; these zips are what FDA itself publishes, one per quarter from
2004Q1. This package finds them on FDA's page (:mod:`.index_page`), downloads each once,
resumably and checked, into ``work/files/zips/`` (:mod:`.download`), reads every era's layout
(:mod:`.reader`) and lands each quarter in ``work/files_landing.duckdb`` (:mod:`.landing`).
The design and the seams between the parts are in ``docs/faers-files-design.md``.
"""
