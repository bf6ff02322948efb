"""Spaced repetition on top of the `fsrs` package: recording answers, queues, settings, drills."""
