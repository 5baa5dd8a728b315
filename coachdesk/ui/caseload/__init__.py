"""The caseload table and search-as-you-type."""
