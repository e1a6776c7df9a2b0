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
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from healthkon.service_map import SERVICES  # noqa: E402

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,negative_data_rejection,ignored_auth"
)
STAFF_SERVICES = {"auth", "records", "rag"}
# Whoever may change accounts goes last: an admin fuzzing :8000 edits petugas, perhaps its own.
ORDER = ("calculator", "records_mobile", "rag_mobile", "rag", "records", "auth")
TOKENS_SCRIPT = """
from accounts.models import User
from accounts.services import tokens_for_user
from records.management.commands.load_demo_data import DEMO_PATIENT_EMAIL
admin = User.objects.get(email="admin@demo.healthkon.id")
patient = User.objects.get(email=DEMO_PATIENT_EMAIL)
print("admin", tokens_for_user(user=admin).access_token)
print("patient", tokens_for_user(user=patient).access_token)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--max-examples", type=int, default=25, help="examples per operation (default 25)")
    parser.add_argument("--service", action="append", choices=ORDER, help="only this service (repeatable)")
    parser.add_argument("--base-port", type=int, default=18000, help="first of six free ports (default 18000)")
    parser.add_argument("--database-url", default="", help="a new, empty database (default: throwaway SQLite)")
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed, for a reproducible run")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (reports, logs)")
    return parser.parse_args()


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, **kwargs)  # noqa: S603


def prepare(env: dict, manage: list[str]) -> dict[str, str]:
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "ensure_demo_admin"], env, stdout=subprocess.DEVNULL)
    run([*manage, "load_demo_data", "--patients", "12", "-v", "0"], env, stdout=subprocess.DEVNULL)
    run([*manage, "rag_index"], env, stdout=subprocess.DEVNULL)
    printed = run([*manage, "shell", "-c", TOKENS_SCRIPT], env, capture_output=True).stdout
    return dict(line.split(" ", 1) for line in printed.splitlines() if line.startswith(("admin ", "patient ")))


def wait_until_up(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- loopback only
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer in time")
        time.sleep(0.5)


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="healthkon-fuzz-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "CHROMA_URL", "LLM_API_KEY", "LLM_BASE_URL"}
    }
    env |= {
        "HEALTHKON_VAR_DIR": str(work / "var"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "healthkon.settings.local",
        "DJANGO_DEBUG": "false",  # as deployed: JSON error pages, no debug 404s
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "JWT_ACCESS_MINUTES": "240",  # one token outlives the whole run
        "PYTHONUNBUFFERED": "1",
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    manage = [sys.executable, "manage.py"]
    print(f"Throwaway Healthkon in {work}", flush=True)
    tokens = prepare(env, manage)

    services = [s for name in ORDER for s in SERVICES if s.name == name and (not args.service or name in args.service)]
    ports = {service.name: args.base_port + offset for offset, service in enumerate(SERVICES)}  # as 8000…8005
    servers: list[subprocess.Popen] = []
    failed: list[str] = []
    try:
        for service in services:
            port = ports[service.name]
            log = open(work / f"{service.name}.log", "w")  # noqa: SIM115 -- open for the server's life
            server_env = env | {"DJANGO_SETTINGS_MODULE": service.settings_module}
            servers.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "gunicorn", "healthkon.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                    + ["--workers", "2", "--timeout", "120"],
                    env=server_env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 180
        for service in services:
            wait_until_up(f"http://127.0.0.1:{ports[service.name]}/health", deadline)

        for caller in ("token", "none"):
            for service in services:
                port = ports[service.name]
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
                if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:  # noqa: S603
                    failed.append(label)
    finally:
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        if args.keep or failed:
            print(f"\nLogs and reports kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    if failed:
        print(f"\nschemathesis found failures in: {', '.join(failed)}")
        return 1
    print(f"\nschemathesis: no failures on {len(services)} services, with their caller and with no token")
    return 0


if __name__ == "__main__":
    sys.exit(main())
