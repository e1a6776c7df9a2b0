#!/usr/bin/env python
"""Side by side: the records service against bare Django and FastAPI, into docs/benchmarks.md.

    .venv/bin/python scripts/benchmark_side_by_side.py                   # 1,000 then 100,000 patients
    .venv/bin/python scripts/benchmark_side_by_side.py --patients 1000 --rounds 2 --duration 10

Runs the shared harness (`../shared/perf/run.sh`, see its README: `GET /medical-records/?patient=`
on (A) this checkout's records service under gunicorn, (B) a bare Django view and (C) FastAPI +
SQLAlchemy, identical JSON checked first, wrk, interleaved rounds, a py-spy profile of A) once per
size, then copies each size's report (`var/perf/results/latest-<N>.md`, which the harness writes
inside this checkout) into its own section of docs/benchmarks.md, with the command that made it.
Nothing is written into the harness's folder, which may be read-only.

Other sections of docs/benchmarks.md are kept; a rerun replaces only its sizes' sections.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_HARNESS = REPO.parent / "shared" / "perf" / "run.sh"
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks.md"
RESULTS = REPO / "var" / "perf" / "results"
SECTION_RE = r"<!-- side-by-side:{size} -->\n.*?<!-- /side-by-side:{size} -->\n"
PLACE_MARKER = "<!-- Everything below is written by scripts/benchmark_records.py"


def harness_env(args, size: int) -> dict:
    return {
        **os.environ,
        "PATIENTS": str(size),
        "VARIANTS": args.variants,
        "ROUNDS": str(args.rounds),
        "DURATION": f"{args.duration:g}",
        "WARMUP": f"{args.warmup:g}",
    }


def command_text(args, size: int) -> str:
    env = (
        f"PATIENTS={size} VARIANTS={args.variants} ROUNDS={args.rounds} DURATION={args.duration:g} "
        f"WARMUP={args.warmup:g}"
    )
    return f"{env} bash {os.path.relpath(args.harness, REPO)}"


def section(size: int, report: str, command: str, own_command: str) -> str:
    # The harness's report is a document of its own: its headings go one level down here.
    body = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", report.strip(), flags=re.M)
    return "\n".join(
        [
            f"<!-- side-by-side:{size} -->",
            f"### Side by side, {size:,} patients",
            "",
            f"Made by `{own_command}`, which ran `{command}` "
            f"on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} and copied "
            f"`var/perf/results/latest-{size}.md` here:",
            "",
            body,
            "",
            f"<!-- /side-by-side:{size} -->",
            "",
        ]
    )


def write_section(path: Path, size: int, text: str) -> None:
    doc = path.read_text() if path.exists() else "# Records API benchmarks\n"
    pattern = re.compile(SECTION_RE.format(size=size), re.S)
    if pattern.search(doc):
        doc = pattern.sub(lambda _: text, doc)
    elif PLACE_MARKER in doc:  # before the per-endpoint tables of scripts/benchmark_records.py
        head, tail = doc.split(PLACE_MARKER, 1)
        doc = head + text + "\n" + PLACE_MARKER + tail
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, nargs="+", default=[1000, 100000], metavar="N")
    parser.add_argument("--variants", default="A,B,C,A_noaudit", help="Harness variants (default A,B,C,A_noaudit).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15.0, help="Seconds measured per run (default 15).")
    parser.add_argument("--warmup", type=float, default=10.0, help="Seconds of warm-up per run (default 10).")
    parser.add_argument("--harness", type=Path, default=DEFAULT_HARNESS, help=f"run.sh (default {DEFAULT_HARNESS}).")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if not args.harness.exists():
        raise SystemExit(f"{args.harness} not found: pass --harness <path to the shared perf/run.sh>.")
    own = shlex.join([".venv/bin/python", "scripts/benchmark_side_by_side.py", *argv])
    for size in args.patients:
        latest = RESULTS / f"latest-{size}.md"
        before = latest.stat().st_mtime if latest.exists() else None
        subprocess.run(["bash", str(args.harness)], cwd=REPO, env=harness_env(args, size), check=True)  # noqa: S603,S607
        if not latest.exists() or latest.stat().st_mtime == before:
            raise SystemExit(f"the harness did not write {latest}")
        write_section(args.output, size, section(size, latest.read_text(), command_text(args, size), own))
        print(f"wrote the {size:,}-patient side-by-side section of {args.output}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
