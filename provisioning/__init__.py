"""The fleet core and IT's tools: PKI, device registry, enrolment, revocation, broker config.

The hub imports this package (the registry, the enrolment service, the authority); this
package never imports the hub. ``python -m provisioning`` is IT's command line.
"""
