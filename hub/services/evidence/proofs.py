"""The technical claims of the DPIA, each with the tests that prove it, and their results
in the last test run (a JUnit XML written by ``make test``).

A claim is shown as proven only when every test it names is in the run and passed; a
missing, skipped or failed test shows the claim as not proven. ``tests/hub/
test_evidence_claims.py`` checks that every named test exists, so the registry cannot rot.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hub.errors import HubError

DEFAULT_JUNIT = Path("build/test-results/junit.xml")
"""Where ``make test`` writes the JUnit XML (relative to the repository root)."""


@dataclass(frozen=True)
class TechnicalClaim:
    """One claim the municipality makes about the system, in Swedish, and its proof."""

    text: str
    tests: tuple[str, ...]
    """pytest node ids (``path::name``; a name without ``[...]`` covers all its cases)."""


_PIPE = "tests/device_pipeline/test_meeting_pipeline.py"
_BROKER = "tests/provisioning/test_broker.py"
_ENVELOPE = "tests/delivery/test_envelope.py"
_INGEST = "tests/delivery/test_ingest.py"
_ACK = "tests/delivery/test_ack_handler.py"
_STORE = "tests/hub/test_store.py"
_AUDIT = "tests/hub/test_audit.py"
_REFUSALS = "tests/hub/test_audit_refusals.py"
_AUTH = "tests/hub/test_authorization.py"

CLAIMS: tuple[TechnicalClaim, ...] = (
    TechnicalClaim(
        "Ljudet lämnar aldrig enheten: enheten får bara publicera förseglade anteckningar "
        "med transkript och sin status, och ett meddelande med ljud tas inte emot.",
        (
            f"{_BROKER}::test_device_cannot_publish_outside_its_note_and_status_topics",
            f"{_ENVELOPE}::test_payload_with_an_audio_part_is_refused",
            f"{_ENVELOPE}::test_transcript_with_an_audio_field_is_refused",
        ),
    ),
    TechnicalClaim(
        "Ljudet lagras krypterat på enheten medan mötet pågår.",
        (
            "tests/device/test_spool.py::test_chunks_hold_no_plain_audio",
            "tests/device/test_spool.py::test_other_storage_key_cannot_read",
        ),
    ),
    TechnicalClaim(
        "Ljud och transkript raderas på enheten när hubben har kvitterat anteckningen, "
        "och enheten lämnar ett signerat kvitto på raderingen.",
        (
            f"{_PIPE}::test_ack_deletes_audio_and_transcript_and_tells_the_light",
            f"{_ACK}::test_ack_deletes_copies_and_leaves_a_verifiable_receipt",
            f"{_ACK}::test_failed_deletion_keeps_the_note_queued",
        ),
    ),
    TechnicalClaim(
        "Anteckningen är krypterad och signerad på vägen till hubben; en ändrad byte "
        "upptäcks och meddelandet avvisas.",
        (
            f"{_ENVELOPE}::test_envelope_bytes_do_not_contain_the_note_text",
            f"{_ENVELOPE}::test_flipped_byte_anywhere_is_refused",
            f"{_INGEST}::test_flipped_byte_in_each_part_is_a_dead_letter",
        ),
    ),
    TechnicalClaim(
        "En enhet kan inte utge sig för att vara en annan enhet.",
        (
            f"{_BROKER}::test_device_cannot_publish_to_another_devices_topic",
            f"{_INGEST}::test_note_on_another_devices_topic_is_an_identity_mismatch",
            f"{_INGEST}::test_header_rewritten_to_another_device_fails_the_signature",
        ),
    ),
    TechnicalClaim(
        "En återkallad enhet kan inte lämna anteckningar och inte bokas.",
        (
            f"{_INGEST}::test_revoked_device_is_refused",
            f"{_BROKER}::test_revoked_certificate_is_refused_after_reload",
            "tests/hub/test_claims.py::test_revoked_device_cannot_be_claimed",
        ),
    ),
    TechnicalClaim(
        "Anteckningar och transkript lagras krypterade i hubben.",
        (
            f"{_STORE}::test_note_text_is_not_stored_in_clear",
            f"{_STORE}::test_stored_note_decrypts_to_the_draft",
        ),
    ),
    TechnicalClaim(
        "En handläggare kan inte läsa en annans anteckningar.",
        (
            f"{_AUTH}::test_b_is_refused_on_every_route_for_a",
            f"{_AUTH}::test_b_inbox_does_not_list_a_notes",
            f"{_AUTH}::test_every_route_is_classified",
        ),
    ),
    TechnicalClaim(
        "Varje roll når bara sina egna sidor; IT och dataskyddsombud läser aldrig "
        "anteckningarnas text.",
        (
            "tests/hub/test_access_roles.py::test_every_role_outside_a_rule_is_refused",
            "tests/hub/test_admin.py::test_admin_sees_unassigned_notes_without_content",
        ),
    ),
    TechnicalClaim(
        "Radering gäller även säkerhetskopior (kryptoradering av anteckningens nyckel).",
        (
            f"{_STORE}::test_shredding_the_subject_makes_the_note_unreadable",
            f"{_STORE}::test_shredding_also_defeats_an_old_backup",
            "tests/hub/test_web_notes.py::test_delete_makes_the_note_unreadable_but_keeps_its_audit",
        ),
    ),
    TechnicalClaim(
        "Anteckningar gallras när bevarandetiden har gått ut, och varje gallring loggas.",
        (
            "tests/hub/test_retention.py::test_each_status_has_its_own_deadline",
            "tests/hub/test_retention.py::test_shredded_note_keys_are_gone",
            "tests/hub/test_retention.py::test_retention_is_audited_and_idempotent",
        ),
    ),
    TechnicalClaim(
        "Varje läsning och ändring av en anteckning loggas.",
        (
            "tests/hub/test_web_notes.py::test_viewing_a_note_is_audited",
            "tests/hub/test_web_notes.py::test_inbox_read_is_audited",
            f"{_STORE}::test_ingest_writes_an_audit_entry",
        ),
    ),
    TechnicalClaim(
        "Loggboken kan inte ändras, kortas eller rensas obemärkt.",
        (
            f"{_AUDIT}::test_edited_entry_is_detected",
            f"{_AUDIT}::test_deleted_entry_is_detected",
            f"{_AUDIT}::test_truncated_tail_is_detected",
            f"{_AUDIT}::test_rehashed_entry_still_breaks_the_link",
        ),
    ),
    TechnicalClaim(
        "Nekade åtkomstförsök loggas, så att dataskyddsombudet ser den som prövar andras "
        "anteckningar.",
        (
            f"{_REFUSALS}::test_opening_another_caseworkers_note_is_refused_and_audited",
            f"{_REFUSALS}::test_a_page_the_role_may_not_see_is_audited",
        ),
    ),
    TechnicalClaim(
        "Uppgifter om tredje person flaggas och kan tas bort innan anteckningen exporteras.",
        (
            "tests/note/test_flags.py::test_absent_named_person_is_third_party",
            "tests/hub/test_review_flags.py::test_remove_takes_the_statement_out_of_the_current_note",
            "tests/hub/test_review_flags.py::test_approval_is_refused_while_flags_are_open",
        ),
    ),
    TechnicalClaim(
        "Inget exporteras utan att handläggaren har granskat och godkänt anteckningen.",
        (
            "tests/hub/test_web_notes.py::test_export_before_approval_is_refused",
            "tests/hub/test_review_approval.py::test_approval_without_the_confirmation_is_refused",
        ),
    ),
    TechnicalClaim(
        "Ett rum kan bara bokas för inspelning när handläggaren intygar att klienten är "
        "informerad.",
        ("tests/hub/test_claims.py::test_claim_without_the_consent_tick_is_refused",),
    ),
)


class Outcome(StrEnum):
    """A test's result in the run, as the evidence pack prints it."""

    PASSED = "godkänt"
    FAILED = "underkänt"
    SKIPPED = "hoppades över"
    MISSING = "saknas i testkörningen"


class JunitUnreadableError(HubError):
    """The JUnit XML is missing or not a JUnit report; the message says how to make one."""


@dataclass(frozen=True)
class TestRun:
    """The results of one test run, by (classname, name) as JUnit records them."""

    path: Path
    timestamp: str | None
    results: dict[tuple[str, str], Outcome]


def _outcome(case: ET.Element) -> Outcome:
    if case.find("failure") is not None or case.find("error") is not None:
        return Outcome.FAILED
    if case.find("skipped") is not None:
        return Outcome.SKIPPED
    return Outcome.PASSED


def read_junit(path: Path) -> TestRun:
    """Read pytest's JUnit XML at ``path``; raise :class:`JunitUnreadableError` if unusable."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - written by our own pytest run
    except (OSError, ET.ParseError) as exc:
        msg = f"cannot read the test results {path}: {exc}; run make test or pass --junit PATH"
        raise JunitUnreadableError(msg) from exc
    if root.tag not in ("testsuite", "testsuites"):
        msg = f"{path} is not a JUnit XML report (root element <{root.tag}>)"
        raise JunitUnreadableError(msg)
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    results: dict[tuple[str, str], Outcome] = {}
    for case in root.iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        if results.get(key) is not Outcome.FAILED:  # a teardown error adds a second case
            results[key] = _outcome(case)
    return TestRun(path, None if suite is None else suite.get("timestamp"), results)


def junit_key(node_id: str) -> tuple[str, str]:
    """``tests/a/test_b.py::Cls::test_c`` → (``tests.a.test_b.Cls``, ``test_c``), as pytest."""
    path, *names = node_id.split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *names[:-1]]), names[-1]


def outcome(run: TestRun, node_id: str) -> Outcome:
    """The result of one named test; all cases of a parametrized test must pass."""
    classname, name = junit_key(node_id)
    found = [
        result
        for (cls, case), result in run.results.items()
        if cls == classname and (case == name or ("[" not in name and case.startswith(name + "[")))
    ]
    if not found:
        return Outcome.MISSING
    for bad in (Outcome.FAILED, Outcome.SKIPPED):
        if bad in found:
            return bad
    return Outcome.PASSED


@dataclass(frozen=True)
class JudgedClaim:
    """A claim with each of its tests' result in the run."""

    claim: TechnicalClaim
    results: tuple[tuple[str, Outcome], ...]

    @property
    def proven(self) -> bool:
        return all(result is Outcome.PASSED for _, result in self.results)


def judge(run: TestRun, claims: tuple[TechnicalClaim, ...] = CLAIMS) -> tuple[JudgedClaim, ...]:
    """Each claim with the results of its tests in ``run``."""
    return tuple(JudgedClaim(c, tuple((t, outcome(run, t)) for t in c.tests)) for c in claims)
