"""Helpers shared by the device, the hub and the IT tools that are not wire formats.

``common.files`` writes private files atomically; ``common.mqtt`` builds the paho MQTT 5
client with a TLS client identity; ``common.db`` builds SQLAlchemy engines and units of work.
Nothing here imports another package of this project.
"""
