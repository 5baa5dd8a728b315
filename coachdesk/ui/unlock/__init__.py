"""Unlock screen: choose or create a profile, unlock, recover."""
