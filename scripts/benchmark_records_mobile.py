#!/usr/bin/env python
"""Benchmark the patients' records service (rm_mobile, :8003) under gunicorn against MariaDB.

    .venv/bin/python scripts/benchmark_records_mobile.py --patients 1000 100000 \\
        --database-url mysql://root@127.0.0.1:3306/healthkon_bench

The databases, gunicorn handling and load generator are those of scripts/benchmark_records.py
(same `<prefix>_<N>` databases, reused when they hold ≥ N patients). What differs:

- The callers are patient accounts: the helper links up to `--accounts` benchmark accounts
  (`bench.patient<k>@bench.healthkon.id`, random passwords nobody knows) to household heads who
  may view a child and have no account yet, once; later runs reuse them. Each request is signed
  by one of those accounts and names only its own data, as the app would.
- Endpoints: the visit list (`GET /medical-records/`, own + dependents, 20 a page) and the
  visit detail (`GET /medical-records/{id}/`, a visit of the account's own patient or child),
  each three ways: plain JSON, with `Accept-Encoding: gzip`, and with `If-None-Match` carrying
  the ETag of the previous answer (the app's "nothing changed" case → 304).
- Bytes per response (body as sent, after gzip) are reported next to req/s and latencies.
- Results go into docs/benchmarks.md between `<!-- mobile-benchmark:N -->` markers, placed
  above the section that scripts/benchmark_records.py rewrites, so neither script drops the
  other's results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark_records as base  # noqa: E402 -- the sibling script, reused for databases and gunicorn

REPO = base.REPO
PYTHON = base.PYTHON
SETTINGS = "healthkon.settings.records_mobile"
HELPER_FLAG = "--django-helper"
BENCH_EMAIL = "bench.patient{k}@bench.healthkon.id"
BLOCK_START = "<!-- mobile-benchmarks: written by scripts/benchmark_records_mobile.py -->"
BLOCK_END = "<!-- /mobile-benchmarks -->"
SECTION_RE = re.compile(r"<!-- mobile-benchmark:(\d+) -->\n.*?<!-- /mobile-benchmark:\1 -->\n", re.S)


@dataclass(frozen=True)
class Endpoint:
    pattern: str
    kind: str  # "list" | "detail" | "health"
    variant: str  # "plain" | "gzip" | "304"


ENDPOINTS = [
    Endpoint("GET /health", "health", "plain"),
    Endpoint("GET /medical-records/", "list", "plain"),
    Endpoint("GET /medical-records/", "list", "gzip"),
    Endpoint("GET /medical-records/", "list", "304"),
    Endpoint("GET /medical-records/{id}/", "detail", "plain"),
    Endpoint("GET /medical-records/{id}/", "detail", "gzip"),
    Endpoint("GET /medical-records/{id}/", "detail", "304"),
]
VARIANT_TEXT = {"plain": "JSON", "gzip": "gzip", "304": "If-None-Match → 304"}


# --- Django side (a subprocess with the records_mobile settings) ------------------------------


def django_helper() -> None:
    """Patient accounts and their tokens, (token, url) samples, and per-endpoint SQL query counts."""
    params = json.loads(sys.stdin.read())
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import services as account_services
    from accounts.models import User
    from records import selectors
    from records.models import (
        Allergy,
        Diagnosis,
        LabResult,
        MedicalDocument,
        MedicalRecord,
        Patient,
        Prescription,
        Relation,
    )

    wanted = params["accounts"]
    accounts = list(User.objects.filter(email__startswith="bench.patient", email__endswith="@bench.healthkon.id"))
    if len(accounts) < wanted:
        heads = (
            Relation.objects.filter(
                relationship="child",
                can_view_records=True,
                patient__user__isnull=True,
                patient__medical_records__voided=False,
                related_patient__medical_records__voided=False,
            )
            .order_by("patient_id")
            .values_list("patient_id", flat=True)
            .distinct()[: wanted - len(accounts)]
        )
        with transaction.atomic():
            for k, patient_id in enumerate(heads, start=len(accounts) + 1):
                user = account_services.user_register(
                    email=BENCH_EMAIL.format(k=k), password=secrets.token_urlsafe(32), full_name="Benchmark Pasien"
                )
                Patient.objects.filter(pk=patient_id).update(user=user)
                accounts.append(user)
    if not accounts:
        raise SystemExit("No household head with a consented child and no account: nothing to benchmark.")

    tokens, visits = [], []
    for user in accounts:
        token = str(account_services.tokens_for_user(user=user).access_token)
        tokens.append(token)
        ids = list(selectors.medical_record_list(fetched_by=user).values_list("id", flat=True)[:5])
        visits.extend((token, visit) for visit in ids)
    samples = {
        "list": [(token, "/medical-records/") for token in tokens],
        "detail": [(token, f"/medical-records/{visit}/") for token, visit in visits],
        "health": [(tokens[0], "/health")],
    }
    counts = {
        model.__name__: model.all_objects.count()
        for model in (Patient, MedicalRecord, Diagnosis, Prescription, LabResult, Allergy, MedicalDocument, Relation)
    }

    queries = {}
    for kind in ("health", "list", "detail"):
        token, url = samples[kind][0]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries[kind] = {"url": url, "status": response.status_code, "count": len(captured.captured_queries)}
    print(json.dumps({"accounts": len(accounts), "samples": samples, "counts": counts, "queries": queries}))


def run_helper(env: dict, *, accounts: int) -> dict:
    completed = subprocess.run(  # noqa: S603 -- this very script, fixed argv
        [str(PYTHON), str(Path(__file__).resolve()), HELPER_FLAG],
        cwd=REPO,
        env=env,
        input=json.dumps({"accounts": accounts}),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit("The Django helper (accounts, samples, query counts) failed.")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- Load -------------------------------------------------------------------------------------


@dataclass
class Result:
    endpoint: Endpoint
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    timed_out: bool = False

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        return base.Result(endpoint=None, latencies=self.latencies).percentile(fraction)

    @property
    def mean_bytes(self) -> float:
        return sum(self.sizes) / len(self.sizes) if self.sizes else 0.0


def request(connection, url: str, headers: dict) -> tuple[int, int, dict]:
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body), dict(response.getheaders())


def collect_etags(port: int, pairs: list[tuple[str, str]]) -> dict:
    """The ETag each (token, url) answers now, fetched once with gzip (a weak tag matches both)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    etags = {}
    for token, url in pairs:
        headers = {"Authorization": f"Bearer {token}", "Host": "127.0.0.1", "Accept-Encoding": "gzip"}
        _status, _size, response_headers = request(connection, url, headers)
        etags[(token, url)] = response_headers.get("ETag", "")
    connection.close()
    return etags


def drive(port, endpoint: Endpoint, pairs, etags, *, total, concurrency, duration, stop) -> Result:
    expected = 304 if endpoint.variant == "304" else 200
    counter = itertools.count()
    deadline = time.monotonic() + duration
    result = Result(endpoint=endpoint)
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while not stop.is_set():
            if time.monotonic() >= deadline:
                result.timed_out = True
                break
            index = next(counter)
            if index >= total:
                break
            token, url = pairs[index % len(pairs)]
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Host": "127.0.0.1"}
            if endpoint.variant in ("gzip", "304"):
                headers["Accept-Encoding"] = "gzip"
            if endpoint.variant == "304":
                headers["If-None-Match"] = etags[(token, url)]
            started = time.perf_counter()
            try:
                status, size, _headers = request(connection, url, headers)
            except (OSError, http.client.HTTPException) as error:
                status, size = type(error).__name__, 0
                connection.close()
            mine.append((time.perf_counter() - started, status, size))
        connection.close()
        with lock:
            for latency, status, size in mine:
                result.latencies.append(latency)
                result.sizes.append(size)
                if status != expected:
                    result.errors[str(status)] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)
    result.seconds = time.perf_counter() - started
    result.requests = len(result.latencies)
    return result


# --- Report -------------------------------------------------------------------------------------

INTRO = """## Patients' app (rm_mobile, :8003)

Measured like the records API below (gunicorn sync workers, DEBUG off, MariaDB filled by
`load_demo_data`, the same databases), with `healthkon.settings.records_mobile` and patient
accounts as callers: each request is signed by one of the benchmark patient accounts and names
its own data. The visit list is the account's own and its consented children's visits, 20 a
page; the detail nests the visit's diagnoses, prescriptions, lab results, allergies and
documents. Each is measured three ways: plain JSON, gzip (`Accept-Encoding: gzip`), and the
app's "nothing changed" request (`If-None-Match` with the last ETag → 304, no body). A 304
still runs the query and writes the audit rows: it saves bytes on the phone's network, not
server time. **bytes** is the mean body size as sent.
"""


def code_version() -> str:
    """The commit, and which tracked files differ from it (the report itself excepted)."""

    def git(*args):
        return subprocess.run(  # noqa: S603 -- read-only git queries
            ["git", "--no-optional-locks", *args],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
    changed = [path for path in changed if (REPO / path).resolve() != base.DEFAULT_OUTPUT]
    if not changed:
        return f"commit `{commit}`"
    return f"commit `{commit}` plus uncommitted changes in " + ", ".join(f"`{path}`" for path in changed[:8])


def render_section(size, args, database, helper, results, facts, date, total_seconds, load) -> str:
    counts = helper["counts"]
    rerun = shlex.join(
        [
            ".venv/bin/python",
            "scripts/benchmark_records_mobile.py",
            "--patients",
            str(size),
            "--database-url",
            base.redact(args.database_url),
            "--workers",
            str(args.workers),
            "--concurrency",
            str(args.concurrency),
            "--requests",
            str(args.requests),
            "--duration",
            f"{args.duration:g}",
            "--accounts",
            str(args.accounts),
        ]
    )
    lines = [
        f"<!-- mobile-benchmark:{size} -->",
        f"### :8003 at {size:,} patients",
        "",
        f"- **Date:** {date}; run time {base.duration_text(total_seconds)}; load average (1 min) "
        f"{load[0]:.1f} at the start, {load[1]:.1f} at the end (the machine is shared: compare rows of one "
        "run with each other, and `/health` with the same row of other runs)",
        f"- **Machine:** {facts['cpus']} CPUs ({facts['cpu_model'] or 'unknown model'}), {facts['memory']}; "
        f"MariaDB {facts['mariadb']}; Python {facts['python']}, {facts['versions']}",
        f"- **Code:** {code_version()}",
        f"- **Server:** gunicorn, {args.workers} sync workers, `{SETTINGS}`, DEBUG off",
        f"- **Load:** {args.concurrency} concurrent connections, per endpoint {args.warmup} warm-up requests then up "
        f"to {args.requests:,} requests or {args.duration:g} s; {helper['accounts']} patient accounts, "
        f"{len(helper['samples']['detail'])} of their visits",
        f"- **Data:** `{database.name}`: {counts['Patient']:,} patients, {counts['MedicalRecord']:,} visits, "
        f"{counts['LabResult']:,} lab results, {counts['MedicalDocument']:,} documents, "
        f"{counts['Relation']:,} relations" + (" (reused)" if database.reused else ""),
        f"- **Rerun:** `{rerun}`",
        "",
        "| endpoint | as | requests | req/s | p50 ms | p95 ms | bytes | errors | SQL queries |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for result in results:
        query = helper["queries"][result.endpoint.kind]
        errors = sum(result.errors.values())
        error_text = "0" if not errors else f"**{errors}** ({dict(result.errors)})"
        lines.append(
            f"| `{result.endpoint.pattern}` | {VARIANT_TEXT[result.endpoint.variant]} | "
            f"{result.requests:,}{' ⏱' if result.timed_out else ''} | {result.rps:,.1f} | "
            f"{result.percentile(0.5):,.1f} | {result.percentile(0.95):,.1f} | {result.mean_bytes:,.0f} | "
            f"{error_text} | {query['count']} |"
        )
    lines += ["", f"<!-- /mobile-benchmark:{size} -->", ""]
    return "\n".join(lines)


def write_report(path: Path, size: int, section: str) -> None:
    text = path.read_text() if path.exists() else base.INTRO
    if BLOCK_START not in text:
        block = f"{BLOCK_START}\n{INTRO}\n{BLOCK_END}\n"
        marker = text.find(base.RESULTS_MARKER)
        text = text[:marker] + block + "\n" + text[marker:] if marker >= 0 else text.rstrip("\n") + "\n\n" + block
    start, end = text.index(BLOCK_START), text.index(BLOCK_END)
    block = text[start:end]
    sections = {int(m.group(1)): m.group(0) for m in SECTION_RE.finditer(block)}
    sections[size] = section
    intro_part = SECTION_RE.sub("", block).rstrip("\n")
    block = intro_part + "\n\n" + "\n".join(sections[key] for key in sorted(sections))
    path.write_text(text[:start] + block + text[end:])
    print(f"  wrote {path}", flush=True)


# --- Main -----------------------------------------------------------------------------------------


def run_size(size: int, args, base_env: dict, stop: threading.Event) -> None:
    print(f"\n=== {size:,} patients (rm_mobile) ===", flush=True)
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    database = base.prepare_database(args.database_url, size, fresh=False, no_history=False, env=base_env)
    env = {**base_env, "DATABASE_URL": database.url}
    helper = run_helper(env, accounts=args.accounts)
    for kind, query in helper["queries"].items():
        print(f"  {kind}: {query['count']} SQL queries (status {query['status']})", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="benchmark-mobile-") as tmp:
        server = base.Gunicorn(env=env, workers=args.workers, log_path=Path(tmp) / "gunicorn.log")
        try:
            server.start()
            all_pairs = helper["samples"]["list"] + helper["samples"]["detail"]
            etags = collect_etags(server.port, [tuple(pair) for pair in all_pairs])
            for endpoint in ENDPOINTS:
                pairs = [tuple(pair) for pair in helper["samples"][endpoint.kind]]
                options = {"concurrency": args.concurrency, "duration": args.duration, "stop": stop}
                if args.warmup:
                    drive(server.port, endpoint, pairs, etags, total=args.warmup, **options)
                result = drive(server.port, endpoint, pairs, etags, total=args.requests, **options)
                results.append(result)
                print(
                    f"  {endpoint.pattern:<28} {VARIANT_TEXT[endpoint.variant]:<20} {result.requests:>6} req "
                    f"{result.rps:>8.1f} req/s p50 {result.percentile(0.5):>7.1f} ms "
                    f"p95 {result.percentile(0.95):>7.1f} ms {result.mean_bytes:>8.0f} B "
                    f"errors {sum(result.errors.values())} {dict(result.errors) or ''}",
                    flush=True,
                )
            if any(result.errors for result in results):
                print("  gunicorn log (tail):\n" + server.log_tail(), flush=True)
        finally:
            server.stop()
    total = time.monotonic() - started
    if not args.no_write:
        facts = base.machine_facts(database.version)
        load = (load_before, os.getloadavg()[0])
        section = render_section(size, args, database, helper, results, facts, date, total, load)
        write_report(args.output, size, section)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, nargs="+", default=[1000], metavar="N")
    parser.add_argument("--database-url", default=base.DEFAULT_DATABASE_URL)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=int, default=16)
    parser.add_argument("--accounts", type=int, default=50, help="Benchmark patient accounts (default 50).")
    parser.add_argument("--output", type=Path, default=base.DEFAULT_OUTPUT)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    args.output = args.output.resolve()
    # benchmark_records' helpers read these: the project's connection age (60 s with DEBUG off).
    args.conn_max_age = None
    return args


def main(argv) -> int:
    if argv[:1] == [HELPER_FLAG]:
        django_helper()
        return 0
    args = parse_args(argv)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    stop = threading.Event()
    env = {**base.django_env(args), "DJANGO_SETTINGS_MODULE": SETTINGS}
    try:
        for size in args.patients:
            run_size(size, args, env, stop)
    except KeyboardInterrupt:
        stop.set()
        print("\nInterrupted: gunicorn stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
