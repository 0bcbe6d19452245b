"""openFDA's drug/event API: the client, the raw landing and the background counts."""
