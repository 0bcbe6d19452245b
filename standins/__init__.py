"""Local stand-ins for the project's upstream services, and the synthetic sample they
serve: test and demo material. No production path imports this package; only `demo` does."""
