"""Tests of the generated speech corpus (models.corpus) and its audio."""
