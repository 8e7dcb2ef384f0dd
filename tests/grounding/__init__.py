"""Tests of the grounding checks shared by device and hub."""
