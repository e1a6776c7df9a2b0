"""Check a running `make run` as a newcomer would: six /health, six docs pages, the demo admin reads a
patient, and both RAG services answer a question with citations (no API key, no network).

Standard library only (it runs with the system Python, outside the project's virtualenv).
Usage: python3 scripts/check_running_services.py --log make-run.log [--timeout 900]
Exit 0 when everything answers; 1 with the reason otherwise.
"""

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.request

PORTS = {"auth": 8000, "records": 8001, "rag": 8002, "records_mobile": 8003, "rag_mobile": 8004, "calculator": 8005}
ADMIN_EMAIL = "admin@demo.healthkon.id"
PATIENT_EMAIL = "pasien@demo.healthkon.id"


def fetch(url: str, *, body: dict | None = None, token: str | None = None, timeout: float = 10) -> tuple[int, bytes]:
    headers = {"Accept": "*/*"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 -- loopback only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_healthy(deadline: float) -> None:
    waiting = dict(PORTS)
    while waiting:
        for name, port in list(waiting.items()):
            try:
                status, _body = fetch(f"http://127.0.0.1:{port}/health", timeout=2)
            except OSError:
                continue
            if status == 200:
                print(f"  {name} :{port} /health 200")
                del waiting[name]
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"not healthy in time: {', '.join(f'{n} :{p}' for n, p in waiting.items())}")
        if waiting:
            time.sleep(1)


def check_vector_server() -> None:
    """Six processes share one Chroma server (never each their own embedded store)."""
    for port in (PORTS["rag"], PORTS["rag_mobile"]):
        status, body = fetch(f"http://127.0.0.1:{port}/health")
        store = json.loads(body).get("vector_store", {})
        if status != 200 or store.get("backend") != "server" or store.get("status") != "ok":
            raise SystemExit(f":{port} /health does not report a running vector server: {body[:300]!r}")
        print(f"  :{port} vector store: Chroma server with {store['chunks']} chunks")


def check_docs_pages() -> None:
    for name, port in PORTS.items():
        status, page = fetch(f"http://127.0.0.1:{port}/api/docs/")
        if status != 200 or b"swagger-ui" not in page:
            raise SystemExit(f"{name} :{port} /api/docs/ answered {status}")
        # The page works offline only if its scripts and styles are served here, not from a CDN.
        assets = re.findall(rb'(?:src|href)="([^"]+\.(?:js|css))"', page)
        if not assets:
            raise SystemExit(f"{name} :{port} /api/docs/ references no script")
        for asset in assets:
            url = asset.decode()
            if url.startswith("http"):
                raise SystemExit(f"{name} :{port} /api/docs/ loads {url} from outside")
            status, _body = fetch(f"http://127.0.0.1:{port}{url}")
            if status != 200:
                raise SystemExit(f"{name} :{port} docs asset {url} answered {status}")
        status, schema = fetch(f"http://127.0.0.1:{port}/api/schema/?format=json")
        if status != 200 or not json.loads(schema).get("paths"):
            raise SystemExit(f"{name} :{port} /api/schema/ answered {status}")
        print(f"  {name} :{port} /api/docs/ 200 with {len(assets)} local assets, schema has paths")


def admin_password(log_text: str) -> str:
    match = re.search(re.escape(ADMIN_EMAIL) + r"\s+password:\s*(\S+)", log_text)
    if not match:
        raise SystemExit("make run printed no demo admin password")
    return match.group(1)


def patient_password(log_text: str) -> str:
    """The demo accounts' block lists the emails, then one password for all of them."""
    match = re.search(re.escape(PATIENT_EMAIL) + r"\s+(?:\S+@\S+\s+)*password:\s*(\S+)", log_text)
    if not match:
        raise SystemExit("make run printed no demo patient password")
    return match.group(1)


def sign_in(email: str, password: str) -> str:
    status, body = fetch("http://127.0.0.1:8000/auth/login", body={"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"{email} sign-in answered {status}: {body[:200]!r}")
    return json.loads(body)["access"]


def check_questions_are_answered_with_citations(admin_access: str, patient_access: str) -> None:
    """Both RAG services answer on the embedded default (no key, no network), citing records."""
    status, body = fetch("http://127.0.0.1:8003/me", token=patient_access)
    if status != 200 or not json.loads(body).get("patient"):
        raise SystemExit(f"the demo patient has no linked record on :8003 ({status})")
    patient_id = json.loads(body)["patient"]["id"]
    for port, access, question in (
        (8004, patient_access, {"question": "Apa hasil pemeriksaan dan diagnosis saya?"}),
        (8002, admin_access, {"question": "What was diagnosed at the last visit?", "patient_id": patient_id}),
    ):
        status, body = fetch(f"http://127.0.0.1:{port}/rag/query", body=question, token=access, timeout=120)
        answer = json.loads(body) if status == 200 else {}
        if not answer.get("answer") or not answer.get("sources"):
            raise SystemExit(f":{port} /rag/query answered {status}: {body[:300]!r}")
        cited = {source["patient_id"] for source in answer["sources"]}
        print(f"  :{port} /rag/query answered ({answer['mode']}) citing {len(answer['sources'])} records of {cited}")


def check_admin_reads_a_patient(access: str) -> None:
    status, body = fetch("http://127.0.0.1:8001/patients/?page_size=1", token=access)
    listing = json.loads(body) if status == 200 else {}
    if not listing.get("results"):
        raise SystemExit(f"patient list answered {status}: {body[:200]!r}")
    patient_id = listing["results"][0]["id"]
    status, body = fetch(f"http://127.0.0.1:8001/patients/{patient_id}", token=access)
    if status != 200 or len(json.loads(body).get("nik", "")) != 16:
        raise SystemExit(f"patient {patient_id} answered {status}")
    print(f"  demo admin signed in on :8000 and read patient {patient_id} on :8001 ({listing['count']} patients)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True, help="the output of `make run` so far")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for all six /health")
    args = parser.parse_args()
    started = time.monotonic()
    wait_until_healthy(started + args.timeout)
    print(f"all six services healthy after {time.monotonic() - started:.0f} s")
    check_vector_server()
    check_docs_pages()
    with open(args.log, encoding="utf-8", errors="replace") as log:
        log_text = log.read()
    admin_access = sign_in(ADMIN_EMAIL, admin_password(log_text))
    check_admin_reads_a_patient(admin_access)
    check_questions_are_answered_with_citations(admin_access, sign_in(PATIENT_EMAIL, patient_password(log_text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
