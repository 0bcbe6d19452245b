-- The end of a clean build: the staging database and everything in it go.
detach database if exists staging;
