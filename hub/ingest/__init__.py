"""The hub's MQTT ingest process: sealed notes, device status and deletion receipts."""
