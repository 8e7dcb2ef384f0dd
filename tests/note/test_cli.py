"""The command line drafts a note from a transcript file and verifies a note against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.note.builders import MEETING
from wire.note import Note

LINES = """Socialsekreterare: Syftet med mötet är att prata om skolan.
Mamman: Leo går inte till skolan på måndagar.
Socialsekreterare: Vi kommer överens om att du ringer skolan på torsdag.
"""
PRESENT = ["--present", "Anna Berg:socialsekreterare:Socialsekreterare", "--present", "Maria:mamma"]


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "device.note", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "meeting.txt"
    path.write_text(LINES, encoding="utf-8")
    return path


def test_draft_from_plain_text_prints_valid_note(plain: Path) -> None:
    """Plain ``SPEAKER: text`` lines give a schema-valid note with the agreement and its date."""
    result = _cli("draft", plain, "--date", "2026-11-12", *PRESENT)
    assert result.returncode == 0, result.stderr
    note = Note.from_dict(json.loads(result.stdout))
    assert [s.datum for s in note.overenskommelser] == ["2026-11-19"]
    assert note.framkom[0].text.startswith("Maria berättar att Leo inte går")


def test_draft_from_transcript_json(tmp_path: Path) -> None:
    """Transcript v1 JSON is read with its own meeting date."""
    path = tmp_path / "t.json"
    path.write_text(json.dumps(MEETING.to_dict()), encoding="utf-8")
    result = _cli("draft", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["datum"] == "2026-11-12"


def test_plain_text_without_date_is_a_clear_error(plain: Path) -> None:
    """Plain text needs --date; the error says so and the file is untouched."""
    result = _cli("draft", plain)
    assert result.returncode == 2
    assert "--date" in result.stderr
    assert plain.read_text(encoding="utf-8") == LINES


def test_bad_line_is_a_clear_error(tmp_path: Path) -> None:
    """A line without a speaker is reported with its line number."""
    path = tmp_path / "bad.txt"
    path.write_text("Mamman: hej\nbara text utan talare\n", encoding="utf-8")
    result = _cli("draft", path, "--date", "2026-11-12")
    assert result.returncode == 2
    assert "line 2" in result.stderr


def test_verify_passes_fresh_note(plain: Path, tmp_path: Path) -> None:
    """A freshly drafted note verifies with exit status 0."""
    note_path = tmp_path / "note.json"
    note_path.write_text(_cli("draft", plain, "--date", "2026-11-12", *PRESENT).stdout)
    result = _cli("verify", note_path, plain)
    assert (result.returncode, result.stdout) == (0, "")


def test_verify_fails_edited_note(plain: Path, tmp_path: Path) -> None:
    """A note whose agreement was edited to another day fails with the reason on a line."""
    data = json.loads(_cli("draft", plain, "--date", "2026-11-12", *PRESENT).stdout)
    data["overenskommelser"][0]["text"] = "Vi kommer överens om att du ringer skolan på fredag."
    note_path = tmp_path / "note.json"
    note_path.write_text(json.dumps(data), encoding="utf-8")
    result = _cli("verify", note_path, plain)
    assert result.returncode == 1
    assert result.stdout.startswith("ej_verifierad\t")
    assert "fredag" in result.stdout
