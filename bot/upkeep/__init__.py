"""Upkeep for maintainers: question log, reports, digests, feedback, retention of personal data."""
