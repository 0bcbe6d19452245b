-- The case set is built: the landing is no longer read.
detach landing;
