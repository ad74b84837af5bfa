"""Measuring the matcher: the labelled-question evaluation and the speed benchmark."""
