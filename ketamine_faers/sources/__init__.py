"""The upstream sources, one sibling package each with the same shape: a client, its landing
in the raw database and its background counts."""
