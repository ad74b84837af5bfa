"""Samverka: a Slack assistant that matches municipalities with social enterprises."""

__version__ = "0.1.0"
