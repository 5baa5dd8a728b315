"""Device-side sync: wire format, team keys and the hub client (no Qt)."""
