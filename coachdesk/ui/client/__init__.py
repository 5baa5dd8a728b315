"""The client record and the new-client form."""
