"""Run a DeviceMqtt as its own process (for last-will tests): ``python -m ... SETTINGS KEY``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from device.delivery.mqtt_client import DeviceMqtt
from device.delivery.outbox import Outbox
from device.delivery.settings import DeliverySettings
from provisioning import keys

PATHS = ("ca_file", "cert_file", "key_file", "outbox_path")


def main() -> None:
    raw = json.loads(sys.argv[1])
    settings = DeliverySettings(**{k: Path(v) if k in PATHS else v for k, v in raw.items()})
    mqtt = DeviceMqtt(
        settings,
        Outbox(settings.outbox_path),
        keys.load_ed25519_private(Path(sys.argv[2])),
        on_delivered=lambda _: None,
    )
    mqtt.start()
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
