-- Drop the case set's build-only staging database (macros, views, intermediate tables).
detach staging;
