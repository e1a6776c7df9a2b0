#!/usr/bin/env python
"""Benchmark the records API (rm, :8001) under gunicorn against MariaDB with N synthetic patients.

    .venv/bin/python scripts/benchmark_records.py --patients 1000 100000 \\
        --database-url mysql://root@127.0.0.1:3306/healthkon_bench

For each size N:

1. Prepare the database `<name>_<N>` (here `healthkon_bench_1000`, `healthkon_bench_100000`):
   create it, `manage.py migrate`, `manage.py load_demo_data --patients N`. A database that
   already holds ≥ N patients is reused (migrate still runs, it is a no-op when up to date);
   `--fresh` drops it first.
2. In a Django subprocess with the records settings: create (once) a benchmark doctor with a
   random password nobody knows, issue an access token, sample patient/visit ids and name parts
   from the data, and count the SQL queries of one request per endpoint with the test client
   and `CaptureQueriesContext` (after one warm-up request).
3. Start gunicorn (records settings, DEBUG off, a random secret key for this run only, a free
   port on 127.0.0.1) and wait for /health.
4. Per endpoint: a few warm-up requests, then up to `--requests` requests or `--duration`
   seconds, whichever ends first, from `--concurrency` threads (http.client). Any non-200 is an
   error and is reported.
5. Rewrite this size's section of docs/benchmarks.md (other sizes' sections and the intro are
   kept). gunicorn is always stopped, on errors and Ctrl-C too.

Load goes to 127.0.0.1 only. The client is pure Python and shares the machine's cores with
gunicorn and MariaDB: its own CPU use is measured and reported next to each result.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
SETTINGS = "healthkon.settings.records"
DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/healthkon_bench"
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks.md"
BENCH_EMAIL = "benchmark.doctor@bench.healthkon.id"
HELPER_FLAG = "--django-helper"
RESULTS_MARKER = "<!-- Everything below is written by scripts/benchmark_records.py"
SECTION_RE = re.compile(r"<!-- benchmark:(\d+) -->\n.*?<!-- /benchmark:\1 -->\n", re.S)


@dataclass(frozen=True)
class Endpoint:
    label: str
    pattern: str  # shown in the table
    template: str  # filled with one sample per request
    sample: str | None = None  # which sample list fills the template: patient, record or name


ENDPOINTS = [
    Endpoint("health (baseline: no auth, SELECT 1)", "GET /health", "/health"),
    Endpoint("patient list", "GET /patients/?page_size=20", "/patients/?page_size=20"),
    Endpoint("patient search", "GET /patients/?search=<name part>", "/patients/?search={name}", "name"),
    Endpoint("patient detail", "GET /patients/{id}/", "/patients/{patient}/", "patient"),
    Endpoint(
        "visits of a patient",
        "GET /medical-records/?patient={id}",
        "/medical-records/?patient={patient}",
        "patient",
    ),
    Endpoint("visit detail (nested)", "GET /medical-records/{id}/", "/medical-records/{record}/", "record"),
    Endpoint(
        "diagnoses of a visit",
        "GET /diagnoses/?medical_record={id}",
        "/diagnoses/?medical_record={record}",
        "record",
    ),
    Endpoint("FHIR bundle", "GET /patients/{id}/fhir", "/patients/{patient}/fhir", "patient"),
]


def endpoint_urls(endpoint: Endpoint, samples: dict) -> list[str]:
    if endpoint.sample is None:
        return [endpoint.template]
    values = samples[endpoint.sample + "s"]
    if endpoint.sample == "name":
        return [endpoint.template.format(name=quote(value)) for value in values]
    return [endpoint.template.format(**{endpoint.sample: value}) for value in values]


# --- Django side (runs in a subprocess with the records settings) -----------------------------


def django_helper() -> None:
    """Token, id samples, data counts and per-endpoint SQL query counts, as JSON on stdout."""
    params = json.loads(sys.stdin.read())
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Max, Min
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import services as account_services
    from accounts.models import Role, User
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

    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is None:  # nobody ever learns this password: the benchmark signs in with a token
        user = account_services.petugas_create(
            email=BENCH_EMAIL, password=secrets.token_urlsafe(32), nama="dr. Benchmark", role=Role.DOCTOR
        ).user
    token = str(account_services.tokens_for_user(user=user).access_token)

    rng = random.Random(params["seed"])
    want = params["sample"]
    bounds = MedicalRecord.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        raise SystemExit("The database holds no visits: nothing to benchmark.")
    span = range(bounds["lo"], bounds["hi"] + 1)
    candidates = rng.sample(span, min(len(span), want * 3))
    pairs = list(
        MedicalRecord.objects.filter(id__in=candidates, patient__voided=False)
        .order_by("id")
        .values_list("id", "patient_id")
    )
    rng.shuffle(pairs)
    pairs = pairs[:want]
    records = [record for record, _ in pairs]
    patients = list(dict.fromkeys(patient for _, patient in pairs))
    words = set()
    for name in Patient.objects.filter(id__in=patients).values_list("name", flat=True):
        words.update(word for word in name.replace(",", " ").split() if word.isalpha() and len(word) >= 4)
    names = sorted(words)
    rng.shuffle(names)
    samples = {"records": records, "patients": patients, "names": names[:want]}

    counts = {
        model.__name__: model.all_objects.count()
        for model in (Patient, MedicalRecord, Diagnosis, Prescription, LabResult, Allergy, MedicalDocument, Relation)
    }

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    durations: list[float] = []

    def timer(execute, sql, params, many, context):  # Django rounds captured times to whole ms
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append(time.perf_counter() - started)

    queries = {}
    for endpoint in ENDPOINTS:
        url = endpoint_urls(endpoint, samples)[0]
        client.get(url)  # warm-up: first-use caches (content types, permissions…) are not counted
        durations.clear()
        with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        timed = sorted(
            zip(durations, (q["sql"] for q in captured.captured_queries), strict=False),
            key=lambda pair: pair[0],
            reverse=True,
        )
        queries[endpoint.pattern] = {
            "url": url,
            "status": response.status_code,
            "count": len(captured.captured_queries),
            "ms": round(elapsed * 1000, 1),
            "slowest": [{"ms": round(seconds * 1000, 2), "sql": sql} for seconds, sql in timed[:2]],
        }
    print(json.dumps({"token": token, "samples": samples, "counts": counts, "queries": queries}))


# --- Database preparation -------------------------------------------------------------------


@dataclass
class Database:
    url: str
    name: str
    reused: bool = False
    migrate_seconds: float = 0.0
    load_seconds: float | None = None
    version: str = ""


def database_url_for(base_url: str, size: int) -> tuple[str, str]:
    parts = urlsplit(base_url)
    if parts.scheme not in ("mysql", "mariadb"):
        raise SystemExit(f"--database-url must be mysql://… (MariaDB), not {parts.scheme}://")
    prefix = parts.path.strip("/") or "healthkon_bench"
    name = f"{prefix}_{size}"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,64}", name):
        raise SystemExit(f"Unusable database name {name!r}: letters, digits and _ only.")
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, "")), name


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":****@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def server_connection(url: str):
    import MySQLdb

    parts = urlsplit(url)
    return MySQLdb.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        charset="utf8mb4",
    )


def patient_count(cursor, name: str) -> int:
    cursor.execute(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = 'patients'", [name]
    )
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute(f"SELECT COUNT(*) FROM `{name}`.patients")  # noqa: S608 -- name checked to be [A-Za-z0-9_]
    return cursor.fetchone()[0]


def run_manage(args: list[str], env: dict) -> float:
    print(f"  $ manage.py {' '.join(args)}", flush=True)
    started = time.monotonic()
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=REPO, env=env, check=True)  # noqa: S603
    return time.monotonic() - started


def prepare_database(base_url: str, size: int, *, fresh: bool, no_history: bool, env: dict) -> Database:
    url, name = database_url_for(base_url, size)
    database = Database(url=url, name=name)
    connection = server_connection(url)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT VERSION()")
        database.version = cursor.fetchone()[0]
        if fresh:
            print(f"  dropping database {name} (--fresh)", flush=True)
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        existing = patient_count(cursor, name)
    finally:
        connection.close()
    env = {**env, "DATABASE_URL": url}
    database.migrate_seconds = run_manage(["migrate", "--noinput", "-v", "0"], env)
    print(f"  migrate: {database.migrate_seconds:.1f} s", flush=True)
    if existing >= size:
        database.reused = True
        print(f"  reusing {name}: it already holds {existing:,} patients (--fresh reloads)", flush=True)
    else:
        print(f"  loading {size:,} patients into {name} ({existing:,} there already)…", flush=True)
        load = ["load_demo_data", "--patients", str(size)] + (["--no-history"] if no_history else [])
        database.load_seconds = run_manage(load, env)
        print(f"  load_demo_data: {database.load_seconds:.1f} s", flush=True)
    return database


def run_helper(env: dict, *, sample: int, seed: int) -> dict:
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 -- this very script, fixed argv
        [str(PYTHON), str(Path(__file__).resolve()), HELPER_FLAG],
        cwd=REPO,
        env=env,
        input=json.dumps({"sample": sample, "seed": seed}),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit("The Django helper (token, samples, query counts) failed.")
    print(f"  token, samples and query counts: {time.monotonic() - started:.1f} s", flush=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- gunicorn ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, *, env: dict, workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        command = [
            str(PYTHON),
            "-m",
            "gunicorn",
            "healthkon.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        log = self.log_path.open("w")
        # Its own session: a Ctrl-C in the terminal reaches us, and stop() ends it cleanly.
        self.process = subprocess.Popen(  # noqa: S603 -- fixed argv, no shell
            command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health")
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    print(f"  gunicorn up on 127.0.0.1:{self.port} ({self.workers} workers)", flush=True)
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /health within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        print("  gunicorn stopped", flush=True)


# --- Load -----------------------------------------------------------------------------------


@dataclass
class Result:
    endpoint: Endpoint
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    client_cpu: float = 0.0
    stopped_by: str = "requests"

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))] * 1000

    def error_text(self) -> str:
        total = sum(self.errors.values())
        if not total:
            return "0"
        return f"**{total}** (" + ", ".join(f"{key}×{n}" for key, n in self.errors.most_common()) + ")"


def drive(
    port: int, token: str, urls: list[str], *, total: int, concurrency: int, duration: float, stop: threading.Event
) -> tuple[list[tuple[float, object]], float, float, bool]:
    """Send up to `total` requests (or for `duration` s) from `concurrency` threads, one connection each."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Host": "127.0.0.1"}
    counter = itertools.count()
    outcomes: list[tuple[float, object]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    timed_out = threading.Event()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while not stop.is_set():
            if time.monotonic() >= deadline:
                timed_out.set()
                break
            index = next(counter)
            if index >= total:
                break
            started = time.perf_counter()
            try:
                # http.client reopens the connection by itself when the server closed it
                # (gunicorn's sync workers answer `Connection: close`).
                connection.request("GET", urls[index % len(urls)], headers=headers)
                response = connection.getresponse()
                response.read()
                status: object = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
            mine.append((time.perf_counter() - started, status))
        connection.close()
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
    except KeyboardInterrupt:
        stop.set()
        raise
    return outcomes, time.perf_counter() - wall_started, time.process_time() - cpu_started, timed_out.is_set()


def benchmark_endpoint(endpoint: Endpoint, urls: list[str], port: int, token: str, args, stop) -> Result:
    if args.warmup:
        drive(port, token, urls, total=args.warmup, concurrency=args.concurrency, duration=args.duration, stop=stop)
    outcomes, seconds, cpu, timed_out = drive(
        port, token, urls, total=args.requests, concurrency=args.concurrency, duration=args.duration, stop=stop
    )
    result = Result(endpoint=endpoint, requests=len(outcomes), seconds=seconds, client_cpu=cpu)
    result.stopped_by = "time limit" if timed_out else "requests"
    for latency, status in outcomes:
        result.latencies.append(latency)
        if status != 200:
            result.errors[str(status)] += 1
    return result


# --- Report ---------------------------------------------------------------------------------


INTRO = """# Records API benchmarks

What is measured: the records service (rm, :8001) as deployed — gunicorn with sync workers,
`healthkon.settings.records`, DEBUG off — against MariaDB filled by `manage.py load_demo_data`
with N synthetic patients (with their visits, diagnoses, prescriptions, labs, documents,
relations and history rows). A doctor's access token signs every request. Each endpoint is
measured on its own: a few warm-up requests, then a bounded number of requests (or a time
limit) from a fixed number of concurrent connections; ids and name parts are sampled at random
from the data, so requests spread over many patients and visits.

How to read the tables:

- **req/s** is throughput of the whole stack on this one machine: the load generator,
  gunicorn and MariaDB share its cores. The client is a pure-Python thread pool; its own CPU
  use is the **client CPU** column (CPU seconds ÷ wall seconds, so 50 % means half a core
  not available to the server). The `/health` row (no auth, `SELECT 1`) is the ceiling of this
  setup; an endpoint near it is limited by HTTP and Django overhead, not by its queries.
- **p50 / p95** are latencies seen by the client, including waiting in gunicorn's backlog:
  with more connections than workers, requests queue, so latency ≈ concurrency ÷ req/s.
- **errors**: every response other than 200 (and every connection failure) is counted and
  listed by status. A benchmark with errors is not a valid result.
- **SQL queries / request** is counted separately, in-process (Django test client with
  `CaptureQueriesContext`, same database and settings), for one request per endpoint after a
  warm-up request. It should not grow with the size of the data; the slowest statement of that
  request is listed under each table.
- Counts and timings include everything a read does at the time of the run. Every API read
  also writes its audit rows: one `INSERT INTO audit_logs` (since issue 12 without a
  transaction around it), and `audit_logs` grows with every run.
- gunicorn's sync workers close the connection after each response, so every request opens a
  new loopback TCP connection (`http.client` reconnects by itself); there is no keep-alive.

Rerun one size with the command printed in its section; a rerun replaces only that section.
Databases are reused when they already hold enough patients (`--fresh` reloads them).
"""


def machine_facts(database_version: str) -> dict:
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    cpu_model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    try:
        cpus = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    except (OSError, subprocess.CalledProcessError):
        cpus = str(os.cpu_count())
    return {
        "cpus": cpus,
        "cpu_model": cpu_model,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mariadb": database_version,
        "versions": package_versions(),
        "code": code_version(),
    }


def package_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("Django", "djangorestframework", "gunicorn", "mysqlclient"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{package} {version(package)}")
    return ", ".join(found)


def code_version() -> str:
    def git(*args):
        return subprocess.run(  # noqa: S603 -- read-only git queries
            ["git", "--no-optional-locks", *args],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line[3:] for line in git("status", "--porcelain").splitlines() if line]
    changed = [path for path in changed if (REPO / path).resolve() != DEFAULT_OUTPUT]  # the report itself
    if not changed:
        return f"commit `{commit}`"
    shown = ", ".join(f"`{path}`" for path in changed[:8]) + (" …" if len(changed) > 8 else "")
    return f"commit `{commit}` plus uncommitted changes in {shown}"


def duration_text(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def rerun_command(args, size: int) -> str:
    argv = [
        ".venv/bin/python",
        "scripts/benchmark_records.py",
        "--patients",
        str(size),
        "--database-url",
        redact(args.database_url),
        "--workers",
        str(args.workers),
        "--concurrency",
        str(args.concurrency),
        "--requests",
        str(args.requests),
        "--duration",
        f"{args.duration:g}",
        "--warmup",
        str(args.warmup),
        "--sample",
        str(args.sample),
        "--seed",
        str(args.seed),
    ]
    if args.conn_max_age is not None:
        argv += ["--conn-max-age", str(args.conn_max_age)]
    if args.no_history:
        argv.append("--no-history")
    return shlex.join(argv)


def render_section(size, args, database: Database, helper: dict, results: list[Result], facts, timings) -> str:
    counts = helper["counts"]
    data = (
        f"{counts['Patient']:,} patients, {counts['MedicalRecord']:,} visits, {counts['Diagnosis']:,} diagnoses, "
        f"{counts['Prescription']:,} prescriptions, {counts['LabResult']:,} lab results, "
        f"{counts['Allergy']:,} allergies, {counts['MedicalDocument']:,} documents, "
        f"{counts['Relation']:,} relations"
    )
    if database.reused:
        prepared = f"reused (it already held the patients; migrate {database.migrate_seconds:.0f} s)"
    else:
        prepared = (
            f"loaded by this run: migrate {database.migrate_seconds:.0f} s, "
            f"load_demo_data {duration_text(database.load_seconds or 0)}"
            + (" (without history rows)" if args.no_history else "")
        )
    lines = [
        f"<!-- benchmark:{size} -->",
        f"## {size:,} patients",
        "",
        f"- **Date:** {timings['date']}",
        f"- **Machine:** {facts['cpus']} CPUs (`nproc`; {facts['cpu_model'] or 'unknown model'}), {facts['memory']}, "
        f"{facts['os']}",
        f"- **Software:** MariaDB {facts['mariadb']}; Python {facts['python']}, {facts['versions']}",
        f"- **Code:** {facts['code']}",
        f"- **Server:** gunicorn, {args.workers} sync workers, `{SETTINGS}`, DEBUG off, "
        + (
            "the project's default connection age (60 s with DEBUG off)"
            if args.conn_max_age is None
            else f"`DATABASE_CONN_MAX_AGE={args.conn_max_age}`"
        ),
        f"- **Load:** {args.concurrency} concurrent connections (Python threads, `http.client`), per endpoint "
        f"{args.warmup} warm-up requests then up to {args.requests:,} requests or {args.duration:g} s; "
        f"ids from {len(helper['samples']['records'])} random visits and "
        f"{len(helper['samples']['names'])} name parts (seed {args.seed})",
        f"- **Data:** `{database.name}`: {data}; {prepared}",
        f"- **Run time for this size:** {duration_text(timings['total'])} "
        f"(data {duration_text(timings['prepare'])}, token/samples/query counts {duration_text(timings['helper'])}, "
        f"load {duration_text(timings['load'])})",
        f"- **Rerun:** `{rerun_command(args, size)}`",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | errors | SQL queries / request | client CPU |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for result in results:
        query = helper["queries"].get(result.endpoint.pattern, {})
        count = str(query.get("count", "?"))
        if query.get("status") not in (None, 200):
            count += f" (status {query['status']}!)"
        limit = " ⏱" if result.stopped_by == "time limit" else ""
        cpu = result.client_cpu / result.seconds * 100 if result.seconds else 0
        lines.append(
            f"| `{result.endpoint.pattern}` | {result.requests:,}{limit} | {result.rps:,.1f} | "
            f"{result.percentile(0.50):,.1f} | {result.percentile(0.95):,.1f} | {result.error_text()} | "
            f"{count} | {cpu:.0f} % |"
        )
    lines.append("")
    if any(result.stopped_by == "time limit" for result in results):
        lines += [f"⏱ = stopped by the {args.duration:g} s time limit before reaching {args.requests:,} requests.", ""]
    lines += [
        "Slowest SQL statement of the one in-process request per endpoint (test client, a single request, "
        "so the timings are indicative):",
        "",
    ]
    for result in results:
        query = helper["queries"].get(result.endpoint.pattern)
        if not query or not query["slowest"]:
            continue
        slowest = query["slowest"][0]
        sql = re.sub(r"\s+", " ", slowest["sql"])
        sql = re.sub(r"^SELECT (?:(?!\bFROM\b).){80,}? FROM ", "SELECT … FROM ", sql)  # long column lists
        sql = sql if len(sql) <= 500 else sql[:500] + " …"
        lines.append(
            f"- `{query['url']}` — {query['count']} {'query' if query['count'] == 1 else 'queries'}, "
            f"{query['ms']:.1f} ms in-process; slowest {slowest['ms']:.2f} ms: `{sql.replace('`', '')}`"
        )
    lines += ["", f"<!-- /benchmark:{size} -->", ""]
    return "\n".join(lines)


def write_report(path: Path, size: int, section: str) -> None:
    text = path.read_text() if path.exists() else ""
    head = text.split("<!-- benchmark:", 1)[0].rstrip("\n")
    if RESULTS_MARKER not in head:
        head = (head or INTRO.rstrip("\n")) + "\n\n" + RESULTS_MARKER + ": one section per size. -->"
    sections = {int(match.group(1)): match.group(0) for match in SECTION_RE.finditer(text)}
    sections[size] = section
    body = "\n".join(sections[key] for key in sorted(sections))
    path.write_text(head + "\n\n" + body)
    print(f"  wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}", flush=True)


# --- Main -----------------------------------------------------------------------------------


def django_env(args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        # A fresh random key per run, never written anywhere: tokens die with the run.
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "JWT_ACCESS_MINUTES": "240",  # outlives the longest run
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    if args.conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    return env


def run_size(size: int, args, base_env: dict, stop: threading.Event) -> None:
    print(f"\n=== {size:,} patients ===", flush=True)
    started = time.monotonic()
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    database = prepare_database(args.database_url, size, fresh=args.fresh, no_history=args.no_history, env=base_env)
    prepared = time.monotonic()
    env = {**base_env, "DATABASE_URL": database.url}
    helper = run_helper(env, sample=args.sample, seed=args.seed)
    helped = time.monotonic()
    for pattern, query in helper["queries"].items():
        noun = "query" if query["count"] == 1 else "queries"
        print(f"  {pattern}: {query['count']} SQL {noun} (status {query['status']})", flush=True)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="benchmark-records-") as tmp:
        server = Gunicorn(env=env, workers=args.workers, log_path=Path(tmp) / "gunicorn.log")
        try:
            server.start()
            for endpoint in ENDPOINTS:
                urls = endpoint_urls(endpoint, helper["samples"])
                if not urls:
                    print(f"  {endpoint.pattern}: no samples, skipped", flush=True)
                    continue
                result = benchmark_endpoint(endpoint, urls, server.port, helper["token"], args, stop)
                results.append(result)
                print(
                    f"  {endpoint.pattern:<40} {result.requests:>6} req {result.rps:>8.1f} req/s "
                    f"p50 {result.percentile(0.5):>7.1f} ms p95 {result.percentile(0.95):>7.1f} ms "
                    f"errors {sum(result.errors.values())} {dict(result.errors) or ''}",
                    flush=True,
                )
            if any(result.errors for result in results):
                print("  gunicorn log (tail):\n" + server.log_tail(), flush=True)
        finally:
            server.stop()
    finished = time.monotonic()
    timings = {
        "date": date,
        "total": finished - started,
        "prepare": prepared - started,
        "helper": helped - prepared,
        "load": finished - helped,
    }
    print(f"  total for {size:,} patients: {duration_text(timings['total'])}", flush=True)
    if not args.no_write:
        facts = machine_facts(database.version)
        write_report(args.output, size, render_section(size, args, database, helper, results, facts, timings))


def parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--patients", type=int, nargs="+", default=[1000], metavar="N", help="Database sizes.")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help=f"MariaDB server and database-name prefix; size N uses <prefix>_N (default {DEFAULT_DATABASE_URL}).",
    )
    parser.add_argument("--fresh", action="store_true", help="Drop and reload each database first.")
    parser.add_argument("--no-history", action="store_true", help="Load without history rows (faster).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2: two cores).")
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent client connections (default 8).")
    parser.add_argument("--requests", type=int, default=2000, help="Requests per endpoint (default 2000).")
    parser.add_argument("--duration", type=float, default=30.0, help="Time limit per endpoint, s (default 30).")
    parser.add_argument("--warmup", type=int, default=16, help="Uncounted requests per endpoint first (default 16).")
    parser.add_argument("--sample", type=int, default=200, help="Random visits to take ids from (default 200).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the id sampling (default 1).")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="DATABASE_CONN_MAX_AGE for gunicorn (default: the project's, 60 s with DEBUG off).",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown report to update.")
    parser.add_argument("--no-write", action="store_true", help="Print results only; leave the report alone.")
    args = parser.parse_args(argv)
    if min(args.patients) < 1 or args.concurrency < 1 or args.requests < 1 or args.workers < 1:
        parser.error("sizes, --concurrency, --requests and --workers must be ≥ 1")
    args.output = args.output.resolve()
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == [HELPER_FLAG]:
        django_helper()
        return 0
    args = parse_args(argv)
    if not PYTHON.exists():
        raise SystemExit(f"{PYTHON} not found: run `make setup` first.")

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)  # `kill` stops gunicorn too, through the finally blocks
    stop = threading.Event()
    base_env = django_env(args)
    started = time.monotonic()
    try:
        for size in args.patients:
            run_size(size, args, base_env, stop)
    except KeyboardInterrupt:
        print("\nInterrupted: gunicorn stopped, report not written for the unfinished size.", file=sys.stderr)
        return 130
    except subprocess.CalledProcessError as error:
        print(f"\nFailed: {shlex.join(map(str, error.cmd))} exited with {error.returncode}", file=sys.stderr)
        return 1
    print(f"\nAll sizes done in {duration_text(time.monotonic() - started)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
