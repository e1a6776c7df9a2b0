"""Fuzz every service through its own OpenAPI schema with schemathesis, as an outside tester would.

A throwaway Healthkon (its own var/ folder and SQLite file, or `--database-url` naming a new,
empty database), demo data, the six services under gunicorn on ports BASE…BASE+5, then
`st run` against each running `/api/schema/`:

- with the caller each service is for: the demo admin on auth, records and rag; the demo patient
  account on records_mobile, rag_mobile and calculator;
- and once with no token at all.

Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, negative_data_rejection, ignored_auth. Any failure exits 1.

    make fuzz                                               # what CI runs (MariaDB there)
    .venv/bin/python scripts/fuzz_services.py               # 25 examples per operation, SQLite
    .venv/bin/python scripts/fuzz_services.py -n 5 --service calculator

Never point it at data you want to keep: the admin token really creates, edits and deactivates.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from throwaway import ROOT, SERVICES, Throwaway

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,negative_data_rejection,ignored_auth"
)
STAFF_SERVICES = {"auth", "records", "rag"}
# Whoever may change accounts goes last: an admin fuzzing :8000 edits petugas, perhaps its own.
ORDER = ("calculator", "records_mobile", "rag_mobile", "rag", "records", "auth")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--max-examples", type=int, default=25, help="examples per operation (default 25)")
    parser.add_argument("--service", action="append", choices=ORDER, help="only this service (repeatable)")
    parser.add_argument("--base-port", type=int, default=18000, help="first of six free ports (default 18000)")
    parser.add_argument("--database-url", default="", help="a new, empty database (default: throwaway SQLite)")
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed, for a reproducible run")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (reports, logs)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    instance = Throwaway(prefix="healthkon-fuzz-", base_port=args.base_port, database_url=args.database_url)
    work = instance.work
    print(f"Throwaway Healthkon in {work}", flush=True)
    tokens = instance.prepare()

    services = [s for name in ORDER for s in SERVICES if s.name == name and (not args.service or name in args.service)]
    failed: list[str] = []
    try:
        # All six as deployed, under gunicorn with two workers each, with the Chroma server and
        # the index worker: the fuzzer's writes on :8001 reach the index while :8002 answers.
        instance.start(gunicorn=True)
        instance.wait_healthy([service.name for service in SERVICES], timeout=240)

        for caller in ("token", "none"):
            for service in services:
                port = instance.port(service.name)
                who = ("admin" if service.name in STAFF_SERVICES else "patient") if caller == "token" else "no token"
                label = f"{service.name} ({who})"
                print(f"\n=== {label}: st run http://127.0.0.1:{port}/api/schema/", flush=True)
                command = [
                    str(Path(sys.executable).parent / "st"),
                    "--config-file",
                    str(ROOT / "scripts" / "schemathesis.toml"),
                    "run",
                    f"http://127.0.0.1:{port}/api/schema/",
                    "--url",
                    f"http://127.0.0.1:{port}",
                    "--checks",
                    CHECKS,
                    "--max-examples",
                    str(args.max_examples),
                    "--phases",
                    "examples,coverage,fuzzing",
                    # One worker: with two, hypothesis' lambda-source cache races inside
                    # schemathesis ("AST constructor recursion depth mismatch").
                    "--workers",
                    "1",
                    "--request-timeout",
                    "60",
                    "--suppress-health-check",
                    "all",
                    "--report",
                    "junit",
                    "--report-junit-path",
                    str(work / f"{service.name}-{caller}.xml"),
                    "--no-color",
                ]
                if caller == "token":
                    command += ["--header", f"Authorization: Bearer {tokens[who]}"]
                if args.seed is not None:
                    command += ["--seed", str(args.seed)]
                if subprocess.run(command, env=instance.env, cwd=ROOT).returncode != 0:  # noqa: S603
                    failed.append(label)
    finally:
        instance.stop()
        if args.keep or failed:
            print(f"\nLogs and reports kept in {work}")
        else:
            instance.remove()

    if failed:
        print(f"\nschemathesis found failures in: {', '.join(failed)}")
        return 1
    print(f"\nschemathesis: no failures on {len(services)} services, with their caller and with no token")
    return 0


if __name__ == "__main__":
    sys.exit(main())
