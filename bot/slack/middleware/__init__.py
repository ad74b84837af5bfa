"""Bolt middleware: the request log, malformed payloads, the per-person limit, and what a failing
listener tells the user."""
