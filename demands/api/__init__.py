"""API of the demands app: demands, responses, matches and challenges."""
