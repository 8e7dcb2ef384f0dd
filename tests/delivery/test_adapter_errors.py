"""The MQTT adapters turn setup failures into our errors with actionable messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from device.delivery.mqtt_client import DeliveryError, DeviceMqtt
from device.delivery.outbox import Outbox
from device.delivery.settings import DeliverySettings
from hub.commands import CommandPublisher, HubMqttError, HubMqttSettings
from tests.delivery.samples import device_key
from tests.provisioning.harness import free_port, make_test_fleet


def test_missing_device_certificate_names_the_file(tmp_path: Path) -> None:
    """A device whose certificate file is missing fails with DeliveryError naming it."""
    settings = DeliverySettings(
        device_id="rum-1",
        broker_host="127.0.0.1",
        broker_port=1,
        ca_file=tmp_path / "ca.pem",
        cert_file=tmp_path / "missing-cert.pem",
        key_file=tmp_path / "missing-key.pem",
        outbox_path=tmp_path / "outbox.db",
    )
    with pytest.raises(DeliveryError, match=r"missing-cert\.pem"):
        DeviceMqtt(
            settings, Outbox(settings.outbox_path), device_key("rum-1"), on_delivered=lambda _: None
        )


def test_unreachable_broker_gives_a_hub_error_naming_host_and_port(tmp_path: Path) -> None:
    """A command publisher that cannot connect says which broker it tried."""
    fleet = make_test_fleet(tmp_path / "fleet", devices=())
    hub = fleet.hubs["hub-1"]
    port = free_port()
    settings = HubMqttSettings("hub-1", "127.0.0.1", port, fleet.ca_cert, hub.cert, hub.key)
    with pytest.raises(HubMqttError, match=re.escape(f"127.0.0.1:{port}")):
        CommandPublisher.open(settings, timeout_s=1.0)
