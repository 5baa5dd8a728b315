"""The sync hub: a zero-knowledge ASGI server and its storage backends (no Qt)."""
