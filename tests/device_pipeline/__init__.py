"""Tests of one meeting through the device pipeline, from capture to sealed note."""
