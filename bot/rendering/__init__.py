"""Turning a language-neutral Answer into words: phrases, Block Kit, terminal text, JSON. Pure."""
