"""Write on :8001, ask on :8002 and :8004, with every service a separate process: the new fact
must be searchable within the deadline, with zero errors, every time.

A throwaway Healthkon (see throwaway.py) runs under `manage.py runservices` — runserver, or
gunicorn with two workers per service — with the Chroma server and the index worker (the
built-in `rag_worker`, or Celery with `--broker-url`). For each of `--writes` rounds the demo
admin adds a prescription with a unique medicine name to the demo patient's latest visit on
:8001; then staff search for it on :8002 and the patient asks about it on :8004, alternating,
until both cite the new row. Any non-2xx answer, or a fact not found in time, fails the run.
Prints the commit-to-searchable lag (p50/p95/max, per service) and the request count.

    .venv/bin/python scripts/prove_index_multiprocess.py                       # runserver, SQLite
    .venv/bin/python scripts/prove_index_multiprocess.py --gunicorn \\
        --database-url mysql://root@127.0.0.1:3306/hk_mp --broker-url redis://127.0.0.1:6379/5
"""

import argparse
import secrets
import statistics
import sys
import time

from throwaway import Throwaway, fetch

POLL_SECONDS = 0.05


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gunicorn", action="store_true", help="gunicorn with --workers per service (else runserver)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, default=70, help="prescriptions written (default 70)")
    parser.add_argument("--deadline", type=float, default=5.0, help="seconds a fact may take to be found")
    parser.add_argument("--base-port", type=int, default=19000, help="first of six free ports (default 19000)")
    parser.add_argument("--database-url", default="", help="a new, empty database (default: throwaway SQLite)")
    parser.add_argument("--broker-url", default="", help="Celery broker (redis://… or amqp://…); default: rag_worker")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder")
    return parser.parse_args()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Run:
    def __init__(self, instance: Throwaway, tokens: dict[str, str]):
        self.instance = instance
        self.tokens = tokens
        self.requests = 0
        self.errors: list[str] = []

    def call(self, service: str, path: str, *, who: str, body: dict | None = None, timeout: float = 30) -> dict:
        self.requests += 1
        try:
            url = self.instance.url(service, path)
            status, data = fetch(url, body=body, token=self.tokens[who], timeout=timeout)
        except OSError as error:
            self.errors.append(f"{service} {path}: {error}")
            return {}
        if not 200 <= status < 300:
            self.errors.append(f"{service} {path}: {status} {str(data)[:200]}")
            return {}
        return data

    def cites(self, sources: list[dict], prescription_id: int) -> bool:
        return any(s["source_type"] == "prescription" and s["source_id"] == prescription_id for s in sources)


def main() -> int:
    args = parse_args()
    extra = {"CELERY_BROKER_URL": args.broker_url} if args.broker_url else {}
    instance = Throwaway(
        prefix="healthkon-multiprocess-", base_port=args.base_port, database_url=args.database_url, extra_env=extra
    )
    mode = f"{'gunicorn x' + str(args.workers) if args.gunicorn else 'runserver'}, "
    mode += "MariaDB, " if args.database_url else "SQLite, "
    mode += f"Celery {args.broker_url}" if args.broker_url else "rag_worker"
    print(f"Throwaway Healthkon in {instance.work} ({mode})", flush=True)
    tokens = instance.prepare(patients=8)
    ok = False
    try:
        instance.start(gunicorn=args.gunicorn, workers=args.workers)
        instance.wait_healthy(["auth", "records", "rag", "records_mobile", "rag_mobile", "calculator"])
        run = Run(instance, tokens)
        me = run.call("records_mobile", "/me", who="patient")
        patient_id = me["patient"]["id"]
        visits = run.call("records", f"/medical-records/?patient={patient_id}&page_size=1", who="admin")
        visit_id = visits["results"][0]["id"]
        # Every RAG worker process loads its model at start; time nothing before they all have
        # (a few questions each, so that every gunicorn worker has answered one).
        for _ in range(2 * args.workers):
            run.call("rag", "/rag/search", who="admin", body={"query": "obat", "patient_id": patient_id}, timeout=180)
            body = {"question": "Obat apa yang saya minum?"}
            run.call("rag_mobile", "/rag/query", who="patient", body=body, timeout=180)
        lags = {"rag": [], "rag_mobile": []}
        for round_number in range(1, args.writes + 1):
            medicine = f"Healthkonmycin{secrets.token_hex(3)}"
            created = run.call(
                "records",
                "/prescriptions/",
                who="admin",
                body={"medical_record": visit_id, "medication": medicine, "dosage": "500 mg", "frequency": "3x1"},
            )
            committed = time.monotonic()
            if not created:
                break
            pending = {"rag", "rag_mobile"}
            while pending and time.monotonic() - committed < args.deadline and not run.errors:
                for service in sorted(pending):
                    if service == "rag":
                        body = {"query": medicine, "patient_id": patient_id, "top_k": 3}
                        sources = run.call("rag", "/rag/search", who="admin", body=body).get("results", [])
                    else:
                        body = {"question": f"Kapan saya diberi obat {medicine}?", "top_k": 3}
                        sources = run.call("rag_mobile", "/rag/query", who="patient", body=body).get("sources", [])
                    if run.cites(sources, created["id"]):
                        lags[service].append(time.monotonic() - committed)
                        pending.discard(service)
                if pending:
                    time.sleep(POLL_SECONDS)
            if run.errors:
                break
            if pending:
                run.errors.append(
                    f"round {round_number}: {medicine} not found on {sorted(pending)} in {args.deadline} s"
                )
                break
            if round_number % 10 == 0:
                print(f"  {round_number} writes found on both services", flush=True)
        print(f"\n{mode}: {args.writes} writes, {run.requests} requests, {len(run.errors)} errors")
        for error in run.errors[:10]:
            print(f"  ERROR {error}")
        for service, values in lags.items():
            if values:
                print(
                    f"  commit → searchable on {service}: p50 {statistics.median(values) * 1000:.0f} ms, "
                    f"p95 {percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
                    f"({len(values)} facts)"
                )
        ok = not run.errors and all(len(values) == args.writes for values in lags.values())
    finally:
        instance.stop()
        if args.keep or not ok:
            print(f"Logs kept in {instance.work}")
        else:
            instance.remove()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
