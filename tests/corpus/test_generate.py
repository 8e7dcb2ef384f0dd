"""Generation: determinism, caching, and clear errors for bad input."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from models.corpus import Corpus, CorpusError, ensure_corpus, generate_corpus, verify_corpus
from models.corpus.__main__ import main
from models.corpus.conditions import NO_ROOMS
from models.corpus.generate import LayoutSettings, render_meeting
from models.corpus.scripts import ENGLISH_MEETINGS, MEETINGS
from models.corpus.synth import SynthSettings, check_voice, synthesize

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_same_seed_gives_same_bytes(corpus: Corpus, tmp_path: Path) -> None:
    """A fresh generation hashes identically to the cached corpus, file by file."""
    manifest = generate_corpus(tmp_path / "again")
    shutil.rmtree(tmp_path / "again")
    assert manifest["files"] == corpus.manifest["files"]


def test_cached_corpus_verifies(corpus: Corpus) -> None:
    """Every file of the cached corpus matches the sha256 in its manifest."""
    assert verify_corpus(corpus.root) == []


def test_small_corpus_generates_twice_identically(tmp_path: Path) -> None:
    """Generating the shortest meeting twice into two directories gives identical hashes."""
    one = generate_corpus(
        tmp_path / "a", meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
    )
    two = generate_corpus(
        tmp_path / "b", meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
    )
    assert one["files"] == two["files"]


def test_current_corpus_is_not_regenerated(tmp_path: Path) -> None:
    """ensure_corpus leaves a current corpus untouched (same file, same mtime)."""
    out = tmp_path / "v1"
    first = ensure_corpus(
        out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
    )
    stamp = first.english.wav.stat().st_mtime_ns
    assert (
        ensure_corpus(out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=())
        .english.wav.stat()
        .st_mtime_ns
        == stamp
    )


def test_changed_generator_version_triggers_regeneration(tmp_path: Path) -> None:
    """A manifest from another generator version makes ensure_corpus regenerate."""
    out = tmp_path / "v1"
    generate_corpus(out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=())
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["generator_version"] = "0.0.0"
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert (
        ensure_corpus(
            out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
        ).manifest["generator_version"]
        != "0.0.0"
    )


def test_unknown_voice_is_a_clear_error() -> None:
    """An espeak-ng variant that does not exist is refused, naming the variant."""
    with pytest.raises(CorpusError, match="no variant 'zz9'"):
        synthesize("Hej", "sv+zz9", SynthSettings())


def test_unknown_language_is_a_clear_error() -> None:
    """A language espeak-ng lacks is refused before synthesis."""
    with pytest.raises(CorpusError, match="no language 'qq'"):
        check_voice("qq+m1")


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """An output directory that is an existing file gives a clear error and keeps the file."""
    target = tmp_path / "not-a-dir"
    target.write_text("keep me")
    with pytest.raises(CorpusError, match="is not a directory"):
        generate_corpus(target / "v1")
    assert target.read_text() == "keep me"


def test_failed_generation_keeps_the_previous_corpus(tmp_path: Path) -> None:
    """A generation that fails midway leaves the existing corpus and no temp dir behind."""
    out = tmp_path / "v1"
    good = generate_corpus(
        out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
    )
    script = MEETINGS[0]
    bad_speaker = dataclasses.replace(script.speakers[1], voice="sv+zz9")
    bad = dataclasses.replace(script, speakers=(script.speakers[0], bad_speaker))
    with pytest.raises(CorpusError):
        generate_corpus(out, meetings=[bad], held_out=(), english=(), rooms=NO_ROOMS, demo=())
    assert verify_corpus(out) == []
    assert json.loads((out / "manifest.json").read_text()) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [".v1.lock", "v1"]


def test_speaker_type_is_frozen() -> None:
    """Speakers are immutable so a script cannot be altered by a test by accident."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        MEETINGS[0].speakers[0].name = "x"  # type: ignore[misc]


def test_edited_script_triggers_regeneration(tmp_path: Path) -> None:
    """Changing a line's text (same meeting id) makes ensure_corpus regenerate that corpus."""
    out = tmp_path / "v1"
    ensure_corpus(out, meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=())
    script = MEETINGS[0]
    edited_line = dataclasses.replace(script.lines[-1], text="Hej då och tack för i dag.")
    edited = dataclasses.replace(script, lines=(*script.lines[:-1], edited_line))
    corpus = ensure_corpus(out, meetings=[edited], held_out=(), english=(), rooms=NO_ROOMS, demo=())
    assert corpus[script.id].reference.utterances[-1].text == "Hej då och tack för i dag."


def test_cli_reports_a_bad_output_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`generate --out` under a regular file exits with status 2 and an error line."""
    target = tmp_path / "file"
    target.write_text("")
    assert main(["generate", "--out", str(target / "v1")]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_concurrent_callers_both_get_a_complete_corpus(tmp_path: Path) -> None:
    """Two processes calling ensure_corpus at once both succeed and the result verifies."""
    code = (
        "import sys; from pathlib import Path; from models.corpus import ensure_corpus;"
        "from models.corpus.scripts import MEETINGS;"
        "from models.corpus.conditions import NO_ROOMS;"
        "ensure_corpus(Path(sys.argv[1]), meetings=MEETINGS[:1], held_out=(), english=(),"
        " rooms=NO_ROOMS, demo=())"
    )
    out = tmp_path / "v1"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=REPO_ROOT) for _ in range(2)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert verify_corpus(out) == []


def test_another_seed_gives_other_gaps(tmp_path: Path) -> None:
    """A different seed moves the utterances (other gaps) while the speech stays the same."""
    one = ensure_corpus(
        tmp_path / "a", meetings=MEETINGS[:1], held_out=(), english=(), rooms=NO_ROOMS, demo=()
    )
    two = ensure_corpus(
        tmp_path / "b",
        meetings=MEETINGS[:1],
        held_out=(),
        english=(),
        rooms=NO_ROOMS,
        demo=(),
        settings=LayoutSettings(seed=7),
    )
    utts_one = one[MEETINGS[0].id].reference.utterances
    utts_two = two[MEETINGS[0].id].reference.utterances
    assert [u.start for u in utts_one] != [u.start for u in utts_two]
    durations_one = [u.end - u.start for u in utts_one]
    assert [u.end - u.start for u in utts_two] == pytest.approx(durations_one, abs=0.002)


def test_a_meetings_own_rate_reaches_espeak() -> None:
    """A script's ``words_per_minute`` is the rate its lines are read at: the same one-line
    meeting at 120 wpm is longer than at 200 wpm."""
    english = ENGLISH_MEETINGS[0]
    one_line = dataclasses.replace(english, lines=english.lines[:1])
    with ThreadPoolExecutor(1) as pool:
        slow, fast = (
            render_meeting(
                dataclasses.replace(one_line, words_per_minute=rate), LayoutSettings(), pool
            )
            for rate in (120, 200)
        )
    assert len(slow.mono) > 1.3 * len(fast.mono)
