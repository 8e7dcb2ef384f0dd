"""Tests of delivery from the device outbox over MQTT to the hub's ingest."""
