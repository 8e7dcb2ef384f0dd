"""Grounding checks and journal-voice rules for the journal note, shared by device and hub.

A statement in a note must follow from the transcript segments it cites: its numbers, dates,
negations and names are checked against them (``grounding.verify``), with the Swedish text
helpers it stands on (``text``, ``numbers``, ``dates``, ``names``). A statement is written in
journal voice: the section its cues choose and its attribution (``phrasing``), third person
and no identifiers (``voice``, over ``speakers`` and ``identifiers``). The device drafts with
them; the hub runs the same code after a caseworker edits a statement or adds a transcript
segment to the note. Pure Python over ``wire`` types: no I/O but the shipped place list.
"""
