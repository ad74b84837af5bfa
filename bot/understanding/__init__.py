"""Understanding a question (text folding, language, places, themes, names, intent) and the
language-neutral Answer it gets. Pure."""
