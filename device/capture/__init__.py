"""Capture: the recorder thread and the crash-safe encrypted audio spool."""
