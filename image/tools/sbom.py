"""Write a CycloneDX 1.5 SBOM of a root filesystem: Debian packages and the appliance venv.

    python image/tools/sbom.py ROOT OUT.json [--venv /opt/samtal/venv]

It reads what is installed (dpkg's status file and the venv's *.dist-info/METADATA), so
the SBOM describes the image as built, not as intended.
"""

from __future__ import annotations

import argparse
import email.parser
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def debian_packages(root: Path) -> list[dict[str, Any]]:
    status = root / "var/lib/dpkg/status"
    if not status.exists():
        return []
    components = []
    for stanza in status.read_text("utf-8", "replace").split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in stanza.splitlines() if ": " in line and line[0] != " "
        )
        if "install ok installed" not in fields.get("Status", ""):
            continue
        name, version = fields["Package"], fields["Version"]
        arch = fields.get("Architecture", "all")
        components.append(
            {
                "type": "library",
                "name": name,
                "version": version,
                "purl": f"pkg:deb/debian/{name}@{version}?arch={arch}",
            }
        )
    return components


def python_packages(site_packages: Path) -> list[dict[str, Any]]:
    components = []
    for metadata in sorted(site_packages.glob("*.dist-info/METADATA")):
        message = email.parser.Parser().parsestr(metadata.read_text("utf-8", "replace"))
        name, version = message["Name"], message["Version"]
        component: dict[str, Any] = {
            "type": "library",
            "name": name,
            "version": version,
            "purl": f"pkg:pypi/{name.lower().replace('_', '-')}@{version}",
        }
        licence = message.get("License-Expression") or message.get("License")
        if licence and len(licence) < 100:
            component["licenses"] = [{"expression": licence}]
        components.append(component)
    return components


def sbom(root: Path, venv: str) -> dict[str, Any]:
    site = next((root / venv.lstrip("/")).glob("lib/python3*/site-packages"), None)
    components = debian_packages(root) + (python_packages(site) if site else [])
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "component": {"type": "operating-system", "name": "samtal-appliance"},
        },
        "components": components,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--venv", default="/opt/samtal/venv")
    args = parser.parse_args()
    document = sbom(args.root, args.venv)
    args.out.write_text(json.dumps(document, indent=2) + "\n")
    print(f"{args.out}: {len(document['components'])} components")


if __name__ == "__main__":
    main()
