"""The DPIA claims registry names real tests, and a claim is proven only by passing ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hub.services.evidence.proofs import (
    CLAIMS,
    JunitUnreadableError,
    Outcome,
    judge,
    junit_key,
    outcome,
    read_junit,
)

REPO = Path(__file__).resolve().parents[2]


def _defined(path: Path) -> set[str]:
    """``name`` and ``Class::name`` of every test function defined in ``path``."""
    found: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef):
            found |= {f"{node.name}::{f.name}" for f in node.body if isinstance(f, ast.FunctionDef)}
    return found


def test_every_named_test_exists() -> None:
    """Each node id a claim names is a test function in a file of the tree."""
    missing = []
    for node_id in (t for claim in CLAIMS for t in claim.tests):
        path, _, name = node_id.partition("::")
        file = REPO / path
        if not file.is_file() or name.split("[")[0] not in _defined(file):
            missing.append(node_id)
    assert missing == []


def test_at_least_ten_claims_each_with_tests() -> None:
    """The registry holds at least ten claims and none without a test."""
    assert len(CLAIMS) >= 10
    assert [c.text for c in CLAIMS if not c.tests] == []


def _junit(tmp_path: Path, cases: str) -> Path:
    path = tmp_path / "junit.xml"
    path.write_text(
        '<?xml version="1.0"?><testsuites><testsuite name="pytest" '
        f'timestamp="2026-12-01T10:00:00">{cases}</testsuite></testsuites>'
    )
    return path


def _case(node_id: str, inner: str = "") -> str:
    classname, name = junit_key(node_id)
    return f'<testcase classname="{classname}" name="{name}">{inner}</testcase>'


def _all_pass(skip: str | None = None, fail: str | None = None) -> str:
    cases = []
    for node_id in (t for c in CLAIMS for t in c.tests):
        inner = "<failure>x</failure>" if node_id == fail else ""
        if node_id != skip:
            cases.append(_case(node_id, inner))
    return "".join(cases)


def test_claims_whose_tests_all_passed_are_proven(tmp_path: Path) -> None:
    """With every named test passed in the run, every claim is proven."""
    run = read_junit(_junit(tmp_path, _all_pass()))
    assert all(c.proven for c in judge(run))


def test_a_failed_test_leaves_its_claim_unproven(tmp_path: Path) -> None:
    """One failed test makes exactly its claim not proven, with the test shown as failed."""
    failed = CLAIMS[3].tests[0]
    judged = judge(read_junit(_junit(tmp_path, _all_pass(fail=failed))))
    assert [j.claim for j in judged if not j.proven] == [CLAIMS[3]]
    assert dict(judged[3].results)[failed] is Outcome.FAILED


def test_a_test_missing_from_the_run_leaves_its_claim_unproven(tmp_path: Path) -> None:
    """A named test absent from the JUnit XML shows as missing, never as passed."""
    gone = CLAIMS[0].tests[0]
    judged = judge(read_junit(_junit(tmp_path, _all_pass(skip=gone))))
    assert not judged[0].proven
    assert dict(judged[0].results)[gone] is Outcome.MISSING


def test_a_skipped_test_does_not_prove(tmp_path: Path) -> None:
    """A test that was skipped in the run counts as not proven."""
    node_id = CLAIMS[1].tests[0]
    run = read_junit(_junit(tmp_path, _case(node_id, '<skipped message="no"/>')))
    assert dict(judge(run)[1].results)[node_id] is Outcome.SKIPPED


def test_one_failed_case_of_a_parametrized_test_fails_it(tmp_path: Path) -> None:
    """A name without parameters covers every case, and one failing case fails it."""
    classname, name = junit_key("tests/x/test_y.py::test_z")
    cases = (
        f'<testcase classname="{classname}" name="{name}[a]"/>'
        f'<testcase classname="{classname}" name="{name}[b]"><error>x</error></testcase>'
    )
    run = read_junit(_junit(tmp_path, cases))
    assert outcome(run, "tests/x/test_y.py::test_z") is Outcome.FAILED
    assert outcome(run, "tests/x/test_y.py::test_z[a]") is Outcome.PASSED


def test_unreadable_junit_is_a_clear_error(tmp_path: Path) -> None:
    """A missing or broken JUnit file raises an error that says how to make one."""
    with pytest.raises(JunitUnreadableError, match="make test"):
        read_junit(tmp_path / "absent.xml")
    broken = tmp_path / "broken.xml"
    broken.write_text("<testsuites><testsuite>")
    with pytest.raises(JunitUnreadableError, match="make test"):
        read_junit(broken)


def test_xml_that_is_not_junit_is_refused(tmp_path: Path) -> None:
    """An XML file of another kind is refused, naming its root element."""
    other = tmp_path / "other.xml"
    other.write_text("<html><body/></html>")
    with pytest.raises(JunitUnreadableError, match="<html>"):
        read_junit(other)
