"""Tests of the IT provisioning tools: enrolment, the registry, revocation, broker and stickers."""
