"""Tests of drafting the note from a transcript (device.note)."""
