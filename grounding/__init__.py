"""Grounding checks for the journal note, shared by the device and the hub.

A statement in a note must follow from the transcript segments it cites: its numbers, dates,
negations and names are checked against them (``grounding.verify``), with the Swedish text
helpers it stands on (``text``, ``numbers``, ``dates``, ``names``). The device runs it while
drafting; the hub runs the same code again after a caseworker edits a statement, so one
verifier serves both sides. Pure Python over ``wire`` types: no I/O but the shipped place list.
"""
