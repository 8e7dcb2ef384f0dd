"""Tests of the hub: web, ingest, services, store and its command line."""
