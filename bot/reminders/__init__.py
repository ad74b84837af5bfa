"""Reminders: the pure plan, the exactly-once delivery ledger, the service, subscriptions, calendar."""
