"""Tests of model fetching, conversion, verification and the model store."""
