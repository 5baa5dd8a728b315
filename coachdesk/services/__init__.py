"""Use cases the UI and CLI call. Each returns what changed so views refresh only if needed."""
