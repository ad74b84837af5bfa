"""Matching a question against a knowledge snapshot; indexes built once per snapshot. Pure."""
