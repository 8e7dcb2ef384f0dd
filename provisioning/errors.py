"""Errors of the provisioning tools, each with a message an IT person can act on."""

from __future__ import annotations


class ProvisioningError(Exception):
    """Base of every provisioning error."""


class PkiError(ProvisioningError):
    """A certificate, key, CSR or CRL is unusable."""


class BrokerError(ProvisioningError):
    """The Mosquitto broker could not be configured, started or reloaded."""


class EnrolmentError(ProvisioningError):
    """An enrolment or renewal request was refused."""


class CsvError(ProvisioningError):
    """A bulk-enrolment CSV has bad rows; nothing was enrolled."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = "; ".join(f"line {line}: {text}" for line, text in problems)
        super().__init__(f"{len(problems)} bad row(s), nothing enrolled: {lines}")


class RegistryError(ProvisioningError):
    """A registry operation was refused (unknown device, duplicate name, bad token)."""


class RegistrySchemaError(RegistryError):
    """The hub database lacks the registry's current tables; the hub's migrations fix it."""


class EnrolmentRefusedError(EnrolmentError):
    """A device's enrolment or renewal request was refused; the message is safe to show it."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status the hub answers with: 400 for a malformed request, 403 otherwise."""
