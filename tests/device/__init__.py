"""Tests of the device: app, state machine, hardware adapters, capture and CLI."""
