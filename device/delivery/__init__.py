"""Delivery: seal notes to the hub, keep them in a durable outbox, publish over MQTT."""
