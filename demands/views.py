"""Pages of the demands app."""
