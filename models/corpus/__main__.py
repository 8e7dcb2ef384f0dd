"""Command line: ``generate [--out DIR] [--force] [--seed N]`` and ``verify [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from models.corpus.corpus import (
    default_dir,
    ensure_corpus,
    generate_corpus,
    is_current,
    verify_corpus,
)
from models.corpus.errors import CorpusError
from models.corpus.generate import LayoutSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m models.corpus")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="generate the corpus unless a current one exists")
    gen.add_argument("--out", type=Path, default=None, help="output dir (default: cache)")
    gen.add_argument("--force", action="store_true", help="regenerate even if current")
    gen.add_argument("--seed", type=int, default=LayoutSettings.seed, help="gap/noise seed")
    ver = sub.add_parser("verify", help="check every file against the manifest's sha256")
    ver.add_argument("--out", type=Path, default=None)
    return parser


def _generate(out: Path, *, force: bool, seed: int) -> None:
    started = time.monotonic()
    settings = LayoutSettings(seed=seed)
    if force or not is_current(out, settings):
        generate_corpus(out, settings)
    corpus = ensure_corpus(out, settings=settings)
    for meeting in corpus.by_duration():
        print(f"{meeting.id:26s} {meeting.duration_s:7.1f} s  {meeting.folder}")
    for meeting in corpus.held_out.values():
        print(f"{meeting.id:26s} {meeting.duration_s:7.1f} s  {meeting.folder}  (held out)")
    for meeting in corpus.demo.values():
        print(f"{meeting.id:26s} {meeting.duration_s:7.1f} s  {meeting.folder}  (demo)")
    for meeting in corpus.english_meetings.values():
        print(f"{meeting.id:26s} {meeting.duration_s:7.1f} s  {meeting.folder}  (English)")
    for meeting in corpus.room_meetings():
        print(f"{meeting.id:26s} rooms: {', '.join(meeting.rooms)}")
    print(f"{'english':26s} {corpus.english.wav}")
    print(f"corpus ready in {time.monotonic() - started:.1f} s: {out}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = (args.out or default_dir()).absolute()
    try:
        if args.command == "generate":
            _generate(out, force=args.force, seed=args.seed)
            return 0
        bad = verify_corpus(out)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name in bad:
        print(f"sha256 mismatch or missing: {name}", file=sys.stderr)
    print("corpus verified" if not bad else f"{len(bad)} file(s) differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
