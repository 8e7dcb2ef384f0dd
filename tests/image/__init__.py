"""Tests of the appliance image: its systemd units, encrypted storage, RAUC and the SBOM tool."""
