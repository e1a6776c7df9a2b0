"""The bad-input corpus (issue #13): hostile values at every write endpoint and query parameter.

Operations, their body fields and their query parameters come from each service's OpenAPI schema
(healthkon.tests.corpus), the values from the kind of each field. For every value:

- never a 5xx; a refusal is a 4xx — 400 naming the field or parameter (`{field: [...]}`), 415 for
  a body that is not JSON, 413 for one too large — except where GENERIC_REFUSALS says otherwise;
- a refusal changes no stored row: when the request sent any write statement (audit rows aside),
  every table of interest is compared with its state once the case is rolled back;
- a string that is stored reads back exactly as sent, through the service's own detail GET (DRF
  trims leading and trailing whitespace: that is the one change, and it is accepted — clinical
  text gains nothing from edge spaces, and a trimmed value is what a form would keep; see
  `expected_text`). A NUL byte is refused everywhere (DRF's ProhibitNullCharactersValidator on
  every CharField): SQLite and MariaDB would keep it, PostgreSQL would not.

Each case runs in a savepoint that is rolled back, so every case starts from the same rows.
A field or parameter gets its whole corpus where it first appears (a resource's POST, the first
list with that filter, the first calculator with that input) and a sample where it recurs.
Failures are collected and reported together per operation. With CORPUS_DUMP=<file> each test
appends its operation, the requests it sent, the round trips it checked and its failures.
"""

import datetime
import hashlib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

import numpy as np
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.two_factor import login_ticket_issue
from calculator.models import HealthCalculation
from conftest import DEFAULT_PASSWORD, totp_code
from healthkon.tests import corpus
from healthkon.tests.corpus import REJECT, Hostile, Operation
from rag.tests.conftest import chroma  # noqa: F401  (a per-test Chroma directory)
from records.models import AuditLog
from records.tests import factories
from records_mobile.tests.conftest import make_chart

pytestmark = pytest.mark.django_db

# Who calls each service: petugas on the staff services, a linked patient's account on the others.
CALLER = {
    "auth": "admin",
    "records": "admin",
    "rag": "doctor",
    "records_mobile": "patient",
    "rag_mobile": "patient",
    "calculator": "patient",
}
# Refusals that on purpose do not name the field (documented in architecture.md / the schemas).
GENERIC_REFUSALS = {
    # Wrong credentials, whichever field is wrong: 401 with one message (no account enumeration).
    ("auth", "POST", "/auth/login/"): {401},
    # A refresh token that is not one is "invalid or expired": 401, as simplejwt answers.
    ("auth", "POST", "/auth/refresh/"): {401},
    # The second sign-in step: a ticket that is not one, or a code that is not the device's, is 401.
    ("auth", "POST", "/auth/login/otp/"): {401},
    # Linking by NIK/BPJS/birth date: one generic 400 whatever is wrong (no probing of who exists).
    ("records_mobile", "POST", "/me/link/"): {400},
}
# Tables a request may write besides the data it is about: reads and failed links are audited.
NOT_SNAPSHOT = {AuditLog}
AUDIT_TABLE = AuditLog._meta.db_table
WRITE_SQL = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
VOLATILE_COLUMNS = {"last_login"}


# --- The rows every case starts from -------------------------------------------------------------


@dataclass
class World:
    admin: object
    doctor: object
    staff: object  # a petugas row the admin edits
    account: object  # a patient's mobile account, linked
    unlinked: object  # a patient's account with no patient yet
    chart: object  # the linked patient's rows (records_mobile.tests.conftest.Chart)
    dependent: object  # a child the account may view
    loose_patient: object  # no relation, no account: for relation and link bodies
    calculation: object
    refresh: str
    clients: dict = field(default_factory=dict)


@pytest.fixture
def world(make_user, client_for, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    admin, doctor = make_user("admin"), make_user("doctor")
    account = make_user(None)
    chart = make_chart(user=account)
    dependent = make_chart()
    factories.RelationFactory(patient=chart.patient, related_patient=dependent.patient, can_view_records=True)
    world = World(
        admin=admin,
        doctor=doctor,
        staff=make_user("staff").petugas,
        account=account,
        unlinked=make_user(None),
        chart=chart,
        dependent=dependent,
        loose_patient=factories.PatientFactory(),
        calculation=HealthCalculation.objects.create(
            user=account, calculator="bmi", inputs={"weight_kg": 60, "height_cm": 165}, result={"bmi": 22.0}
        ),
        refresh=str(account_services.tokens_for_user(user=admin)),
    )
    callers = {"admin": admin, "doctor": doctor, "patient": account, "unlinked": world.unlinked}
    world.clients = {name: client_for(user) for name, user in callers.items()}
    for client in world.clients.values():
        client.raise_request_exception = False  # a 500 is a finding to report, not a crash
    return world


@pytest.fixture
def fake_embedder(monkeypatch, chroma):  # noqa: F811
    """Deterministic vectors from word hashes: retrieval runs, no model loads."""

    def embed(texts, *, path=None):
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in str(text).lower().split():
                vectors[row, int(hashlib.blake2b(word.encode("utf-8", "replace")).hexdigest(), 16) % 384] += 1
            vectors[row] /= np.linalg.norm(vectors[row]) or 1.0
        return vectors

    monkeypatch.setattr("rag.embeddings.embed", embed)


def snapshot() -> dict:
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in ("accounts", "records", "calculator", "token_blacklist", "rag"):
            if model in NOT_SNAPSHOT or not model._meta.managed:
                continue
            manager = getattr(model, "all_objects", model._default_manager)
            columns = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE_COLUMNS]
            tables[model._meta.label] = sorted(map(repr, manager.values_list(*columns)))
    return tables


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


# --- Valid bodies: each hostile value replaces one field of these ---------------------------------


def path_ids(world: World) -> dict[tuple[str, str], int]:
    """(service, first path segment) -> the row an `{id}` path names."""
    chart = world.chart
    rows = {
        "patients": chart.patient,
        "medical-records": chart.visit,
        "allergies": chart.allergy,
        "diagnoses": chart.diagnosis,
        "prescriptions": chart.prescription,
        "lab-results": chart.lab,
        "medical-documents": chart.document,
        "relations": chart.relation,
    }
    ids = {("records", name): row.pk for name, row in rows.items()}
    ids.update({("records_mobile", name): row.pk for name, row in rows.items()})
    ids[("auth", "petugas")] = world.staff.pk
    ids[("calculator", "metrics")] = world.calculation.pk
    audit = AuditLog.objects.order_by("pk").first()
    ids[("records", "audit-logs")] = audit.pk if audit else 1
    return ids


def concrete_path(op: Operation, world: World) -> str:
    segment = op.path.strip("/").split("/")[0]
    path = op.path
    if "{id}" in path:
        path = path.replace("{id}", str(path_ids(world)[(op.service, segment)]))
    if "{name}" in path:
        path = path.replace("{name}", CALCULATOR_UNDER_TEST.get(op.service, "bmi"))
    return path


CALCULATOR_UNDER_TEST = {}


def second_sign_in_step(user) -> dict:
    """A ticket and the current code of the user's authenticator (made on first use)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "HP"})
    return {"ticket": login_ticket_issue(user=user), "code": totp_code(device)}


def post_bodies(world: World) -> dict[tuple[str, str], dict]:
    """Valid create/action bodies, by (service, path); PUT bodies start from the row as it is."""
    chart, visit = world.chart, world.chart.visit
    birth = datetime.date(1991, 7, 23)
    now = timezone.now()
    return {
        ("auth", "/auth/register/"): {
            "email": "baru@example.id",
            "password": "Kuat-Sekali-2024!",
            "full_name": "Siti Aminah",
            "phone": "081234567890",
        },
        ("auth", "/auth/login/"): {"email": world.admin.email, "password": DEFAULT_PASSWORD},
        ("auth", "/auth/login/otp/"): second_sign_in_step(world.doctor),
        ("auth", "/auth/refresh/"): {"refresh": world.refresh},
        ("auth", "/auth/logout/"): {"refresh": world.refresh},
        ("auth", "/auth/change-password/"): {"old_password": DEFAULT_PASSWORD, "new_password": "Lebih-Kuat-2025!"},
        ("auth", "/auth/me/"): {"full_name": "Budi Santoso", "phone": "081234567890"},
        ("auth", "/petugas/"): {
            "email": "petugas.baru@example.id",
            "password": "Kuat-Sekali-2024!",
            "full_name": "Dewi Lestari",
            "phone": "081234567891",
            "nama": "Dewi Lestari",
            "role": "staff",
            "nip": "",
            "license_number": "",
            "is_active": True,
        },
        ("records", "/patients/"): {
            "nik": factories.make_nik(birth, "F", serial=9876),
            "bpjs_number": "0009876543210",
            "name": "Sri Wahyuni",
            "birth_date": birth.isoformat(),
            "sex": "F",
            "blood_type": "O+",
            "phone": "081298765432",
            "address": "Jl. Merdeka No. 1, Jakarta Pusat",
            "user": None,
        },
        ("records", "/medical-records/"): {
            "patient": chart.patient.pk,
            "visit_date": (now - datetime.timedelta(hours=2)).isoformat(),
            "facility": "Puskesmas Gambir",
            "attending": world.doctor.petugas.pk,
            "chief_complaint": "Batuk dan demam",
            "notes": "Kontrol 3 hari lagi",
            "height_cm": "165.0",
            "weight_kg": "60.5",
            "systolic": 120,
            "diastolic": 80,
            "heart_rate": 72,
            "temperature_c": "37.5",
            "spo2": 98,
        },
        ("records", "/allergies/"): {
            "medical_record": visit.pk,
            "allergen": "Amoksisilin",
            "reaction": "Gatal",
            "severity": "mild",
        },
        ("records", "/diagnoses/"): {
            "medical_record": visit.pk,
            "icd10_code": "J06.9",
            "description": "ISPA",
            "kind": "secondary",
        },
        ("records", "/prescriptions/"): {
            "medical_record": visit.pk,
            "medication": "Parasetamol",
            "dosage": "500 mg",
            "frequency": "3x sehari",
            "duration_days": 5,
            "instructions": "Sesudah makan",
        },
        ("records", "/lab-results/"): {
            "medical_record": visit.pk,
            "test_name": "Hemoglobin",
            "value": "13.5",
            "unit": "g/dL",
            "reference_range": "12-16",
            "flag": "normal",
            "result_text": "Dalam batas normal",
            "resulted_at": (now - datetime.timedelta(hours=1)).isoformat(),
            "release_state": "released",
        },
        ("records", "/medical-documents/"): {
            "medical_record": visit.pk,
            "document_type": "clinical_note",
            "title": "Catatan dokter",
            "content": "Pasien stabil.",
            "release_state": "released",
        },
        ("records", "/relations/"): {
            "patient": chart.patient.pk,
            "related_patient": world.loose_patient.pk,
            "relationship": "spouse",
            "can_view_records": True,
        },
        ("rag", "/rag/query/"): {"question": "Apa diagnosisnya?", "patient_id": chart.patient.pk, "top_k": 5},
        ("rag", "/rag/search/"): {"query": "diabetes", "patient_id": chart.patient.pk, "top_k": 5},
        ("rag_mobile", "/rag/query/"): {"question": "Apa obat saya?", "patient_id": chart.patient.pk, "top_k": 5},
        ("records_mobile", "/me/link/"): {
            "nik": world.loose_patient.nik,
            "bpjs_number": world.loose_patient.bpjs_number,
            "birth_date": world.loose_patient.birth_date.isoformat(),
        },
    }


def caller_for(op: Operation) -> str:
    if (op.service, op.path) == ("records_mobile", "/me/link/"):
        return "unlinked"  # a linked account is refused whatever it sends
    return CALLER[op.service]


def list_path(op: Operation) -> str:
    return op.path.split("{")[0] if "{" in op.path else op.path


def valid_body(op: Operation, world: World) -> dict:
    """A body the operation accepts; PATCH sends only the field under test."""
    if op.method == "PATCH":
        return {}
    if op.service == "calculator":
        return calculator_body(world, CALCULATOR_UNDER_TEST[op.service])
    bodies = post_bodies(world)
    base = dict(bodies[(op.service, list_path(op))])
    if op.method == "PUT":  # the row as it is, in the writable fields; write-only ones from the create body
        current = world.clients[caller_for(op)].get(concrete_path(op, world)).json()
        writable = op.body_fields()
        base = {
            name: current.get(name, base.get(name))
            for name in writable
            if name in current or name in base and writable[name].get("writeOnly")
        }
    return base


# Calculators: the inputs come from GET /calculator/ (the service's own description of them).
CALCULATOR_VALUES = {  # values inside every range that the calculators accept together
    "weight_kg": 60,
    "height_cm": 165,
    "age": 40,
    "sex": "F",
    "waist_cm": 80,
    "neck_cm": 33,
    "hip_cm": 95,
    "systolic": 120,
    "diastolic": 80,
    "creatinine_mg_dl": 0.9,
    "resting_hr": 65,
    "bmi": 22.5,
    "age_months": 18,
    "length_cm": 80,
}


def calculator_inputs(world: World) -> dict[str, list[dict]]:
    response = world.clients["patient"].get("/calculator/")
    assert response.status_code == 200
    return {calculator["name"]: calculator["inputs"] for calculator in response.json()["results"]}


def calculator_body(world: World, name: str) -> dict:
    today = timezone.localdate()
    body = {}
    for spec in calculator_inputs(world)[name]:
        if spec.get("option") or not spec["required"] and spec["name"] not in CALCULATOR_VALUES:
            continue
        if spec["name"] in CALCULATOR_VALUES:
            body[spec["name"]] = CALCULATOR_VALUES[spec["name"]]
        elif spec["type"] == "choice":
            body[spec["name"]] = spec["default"] or spec["choices"][0]["value"]
        elif spec["type"] == "date":
            body[spec["name"]] = (today - datetime.timedelta(days=60)).isoformat()
        elif spec["type"] == "boolean":
            body[spec["name"]] = False
        else:
            low, high = spec["min"], spec["max"]
            body[spec["name"]] = (low + high) / 2 if spec["type"] == "number" else (low + high) // 2
    if name == "child-growth":
        body.update(birth_date=(today - datetime.timedelta(days=540)).isoformat(), weight_kg=11)
        body.pop("age_months", None)
    if name == "findrisc":
        body.pop("bmi", None)  # BMI or weight and height, not both
    if name == "egfr":
        body.pop("creatinine_umol_l", None)
    body.update(NEW_CALCULATOR_VALUES.get(name, {}))
    return body


# What the calculators of issue 20 need besides their required inputs (one of two units, an age, ...).
NEW_CALCULATOR_VALUES = {
    "blood-glucose": {"glucose_mg_dl": 110},
    "hba1c": {"hba1c_percent": 6.0},
    "muac": {"muac_cm": 12.0, "age_months": 24},
    "antenatal": {"gestation_weeks": 20, "pre_pregnancy_weight_kg": 55, "current_weight_kg": 59, "hb_g_dl": 11.5},
    "head-circumference": {"head_cm": 46, "age_months": 12},
}


def calculator_fields(world: World, name: str) -> dict[str, dict]:
    """The inputs as schema-like nodes, so the same corpus applies."""
    nodes = {}
    for spec in calculator_inputs(world)[name]:
        kind = spec["type"]
        if kind == "choice":
            node = {"type": "string", "enum": [choice["value"] for choice in spec["choices"]]}
        elif kind in ("number", "integer", "boolean"):
            node = {"type": kind}
        elif kind == "date":
            node = {"type": "string", "format": "date"}
        else:
            node = {"type": "string"}
        node["nullable"] = spec["name"] == "patient" or not spec["required"]
        nodes[spec["name"]] = node
    return nodes


# --- Sending and judging ------------------------------------------------------------------------

PLACEHOLDER = "\x01HOSTILE\x01"


def body_with(base: dict, name: str, raw_json: str) -> bytes:
    text = json.dumps({**base, name: PLACEHOLDER})
    return text.replace(json.dumps(PLACEHOLDER), raw_json).encode()


def expected_text(value: str) -> str:
    """What a text field keeps of `value`: DRF trims surrounding whitespace (CharField.trim_whitespace)."""
    return value.strip()


@dataclass
class Judge:
    """Sends cases in rolled-back savepoints and collects what is wrong with the answers."""

    op: Operation
    world: World
    failures: list = field(default_factory=list)
    sent: int = 0
    wrote: bool = False  # the last request sent a write statement (other than an audit row)
    pending_checks: list = field(default_factory=list)
    roundtrips: int = 0  # hostile strings stored and read back

    @property
    def client(self):
        return self.world.clients[caller_for(self.op)]

    def send(self, path: str, *, body: bytes | None = None, content_type="application/json", headers=None):
        if "429" in self.op.documented_codes:
            cache.clear()  # throttles count per test elsewhere; here every case is a first attempt
        self.sent += 1
        extra = headers or {}
        with CaptureQueriesContext(connection) as queries:
            if body is None:
                response = self.client.generic(self.op.method, path, **extra)
            else:
                response = self.client.generic(self.op.method, path, body, content_type, **extra)
        self.wrote = any(WRITE_SQL.match(query["sql"]) and AUDIT_TABLE not in query["sql"] for query in queries)
        return response

    def fail(self, case: str, response, why: str) -> None:
        detail = response.content[:300]
        if getattr(response, "exc_info", None):
            detail = repr(response.exc_info[1])[:300]
        self.failures.append(f"{self.op.id} [{case}] → {response.status_code}: {why}; {detail!r}")

    def refused(self, case: str, response, *, names: str | None, query: bool = False) -> bool:
        """True if the answer is a refusal (failures recorded if it is not a proper one); False for a 2xx."""
        status = response.status_code
        if status >= 500:
            self.fail(case, response, "server error")
            return True
        if status < 400:
            return False
        generic = GENERIC_REFUSALS.get((self.op.service, self.op.method, self.op.path))
        if generic and status in generic:
            self.unchanged(case, response)
            return True
        try:
            payload = response.json()
        except ValueError:
            self.fail(case, response, "refusal without a JSON body")
            return True
        if names is None:
            if status not in (400, 404, 413, 415):
                self.fail(case, response, "unexpected refusal status")
        elif status == 404 and query and names == "page":
            pass  # a page past the end (documented)
        elif status != 400:
            self.fail(case, response, f"a bad {names!r} should be a 400")
        elif not (isinstance(payload, dict) and names in payload):
            self.fail(case, response, f"400 does not name {names!r}")
        self.unchanged(case, response)
        return True

    def unchanged(self, case: str, response) -> None:
        """Compared table by table only when the request wrote something (else nothing can differ)."""
        if not self.wrote:
            return
        self.pending_checks.append((case, response, snapshot()))

    @contextmanager
    def case(self):
        """One case: a savepoint rolled back afterwards, so the next case starts from the same rows."""
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
        self.settle()

    def settle(self) -> None:
        """After a case's savepoint is rolled back: the rows as they were, against the rows left by a refusal."""
        if self.pending_checks:
            before = snapshot()
            for case, response, after in self.pending_checks:
                tables = changed_tables(before, after)
                if tables:
                    self.fail(case, response, f"refused but changed {tables}")
            self.pending_checks.clear()

    def report(self) -> None:
        import os

        if os.environ.get("CORPUS_DUMP"):
            with open(os.environ["CORPUS_DUMP"], "a") as dump:
                dump.write(f"#{self.op.id} sent={self.sent} roundtrips={self.roundtrips}\n")
                dump.writelines(line.replace("\n", " ") + "\n" for line in self.failures)
        assert not self.failures, f"{len(self.failures)} bad answers:\n" + "\n".join(self.failures)


def read_back(judge: Judge, path: str, response) -> dict | None:
    """The row as the service shows it after the write (detail GET when the service has one)."""
    op = judge.op
    if op.path.endswith("{id}/"):
        return judge.client.get(path).json()
    detail = f"{op.path}{{id}}/"
    if op.method == "POST" and detail in corpus.schema(op.service)["paths"]:
        created = response.json()
        return judge.client.get(f"{path}{created['id']}/").json()
    if op.method == "PATCH" and "get" in corpus.schema(op.service)["paths"][op.path]:
        return judge.client.get(path).json()
    return response.json() if response.content else None


def check_field(judge: Judge, name: str, node: dict, hostile: Hostile, base: dict) -> None:
    path = concrete_path(judge.op, judge.world)
    case = f"{name}={hostile.label}"
    with judge.case():
        response = judge.send(path, body=body_with(base, name, hostile.json))
        if not judge.refused(case, response, names=name):
            if hostile.outcome == REJECT:
                judge.fail(case, response, "accepted a value it must refuse")
            else:
                value = hostile.decoded()
                kind = corpus.field_kind(judge.op.service, node)
                if isinstance(value, str) and kind == "text" and judge.op.service in ("auth", "records"):
                    shown = read_back(judge, path, response)
                    if shown is not None and name in shown:  # write-only fields (passwords) are not shown
                        judge.roundtrips += 1
                        if shown[name] != expected_text(value):
                            judge.fail(case, response, f"stored {shown[name]!r:.80} instead of the value sent")


# --- Tests --------------------------------------------------------------------------------------


def op_params(ops):
    return [pytest.param(op, id=op.id, marks=pytest.mark.urls(f"healthkon.urls.{op.service}")) for op in ops]


WRITES = [op for op in corpus.write_operations() if op.service != "calculator"]
CALCULATE = next(op for op in corpus.write_operations() if op.service == "calculator")
CALCULATORS = corpus.resolve("calculator", CALCULATE.parameters("path")[0]["schema"])["enum"]
RAG_SERVICES = ("rag", "rag_mobile")


def _body_plan() -> dict:
    """(operation id, field) -> values: the whole corpus where a resource's field first appears (POST)."""
    plan, planned = corpus.Plan(), {}
    for op in WRITES:
        for name, node in op.body_fields().items():
            if not node.get("readOnly"):
                values = corpus.field_corpus(op.service, node)
                planned[(op.id, name)] = plan.values((op.service, list_path(op), name), values)
    return planned


def _query_plan() -> dict:
    plan, planned = corpus.Plan(), {}
    for op in corpus.operations():
        for parameter in op.parameters("query"):
            key = (op.service, parameter["name"], json.dumps(parameter.get("schema"), sort_keys=True))
            planned[(op.id, parameter["name"])] = plan.values(key, corpus.query_corpus(parameter))
    return planned


BODY_PLAN = _body_plan()
QUERY_PLAN = _query_plan()


@pytest.fixture
def judge_for(world, request):
    def factory(op: Operation) -> Judge:
        if op.service in RAG_SERVICES:
            request.getfixturevalue("fake_embedder")
        return Judge(op, world)

    return factory


def attack_baseline(judge: Judge, base: dict) -> None:
    """The valid body each hostile value is planted in: if it is refused, the corpus proves nothing."""
    with judge.case():
        response = judge.send(concrete_path(judge.op, judge.world), body=json.dumps(base).encode())
        assert response.status_code < 300, (judge.op.id, base, response.content[:500])


def attack_body_fields(judge: Judge, base: dict) -> None:
    op = judge.op
    for name, node in op.body_fields().items():
        for hostile in BODY_PLAN.get((op.id, name), []):
            check_field(judge, name, node, hostile, base)


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


MALFORMED_BODIES = [  # (label, body, content type, statuses allowed)
    ("truncated", b'{"a":', "application/json", {400}),
    ("open_brace", b"{", "application/json", {400}),
    ("bare_string", b'"hello"', "application/json", {400}),
    ("bare_number", b"42", "application/json", {400}),
    ("bare_array", b'[1, 2, {"a": 1}]', "application/json", {400}),
    ("bare_null", b"null", "application/json", {400}),
    ("bare_true", b"true", "application/json", {400}),
    ("bare_lone_surrogate", b'"\\ud800"', "application/json", {400}),
    ("non_utf8", b'{"a": "\xff\xfe\xfd"}', "application/json", {400}),
    ("utf16_bom", '{"a": 1}'.encode("utf-16"), "application/json", {400}),
    ("surrogate_key", b'{"\\ud800": 1}', "application/json", {400}),
    ("deep_nesting", _deep(100_000), "application/json", {400}),
    ("deep_object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "application/json", {400}),
    ("text_plain", b'{"a": 1}', "text/plain", {415}),
    ("xml", b"<a>1</a>", "application/xml", {415}),
    ("form", b"a=1&b=2", "application/x-www-form-urlencoded", {415}),
    ("no_content_type", b'{"a": 1}', "", {415}),
]


def attack_body_shape(judge: Judge, base: dict) -> None:
    """Bodies that are not a JSON object, not JSON, or too large."""
    op = judge.op
    path = concrete_path(op, judge.world)
    generic = GENERIC_REFUSALS.get((op.service, op.method, op.path), set())
    for label, body, content_type, allowed in MALFORMED_BODIES:
        with judge.case():
            response = judge.send(path, body=body, content_type=content_type)
            if response.status_code not in allowed | (generic & {400}):
                judge.fail(label, response, f"expected one of {sorted(allowed)}")
            judge.refused(label, response, names=None)
    padding = "x" * django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({**base, "padding": padding}).encode()
    with judge.case():
        response = judge.send(path, body=body)
        if response.status_code != 413:
            judge.fail(f"{len(body)} bytes", response, "expected 413")
        judge.refused("too_large", response, names=None)


# Parameters a query needs besides the one under test (required ones), by (service, path).
REQUIRED_QUERY = {
    ("calculator", "/metrics/trend/chart/"): lambda world: {"calculator": "bmi"},
    ("calculator", "/metrics/child-growth/chart/"): lambda world: {
        "patient": world.chart.patient.pk,
        "indicator": "weight_for_age",
    },
}


def required_query(op: Operation, world: World) -> dict:
    values = REQUIRED_QUERY.get((op.service, op.path), lambda world: {})(world)
    missing = {p["name"] for p in op.parameters("query") if p.get("required")} - set(values)
    assert not missing, f"{op.id}: give a valid value for the required {missing} in REQUIRED_QUERY"
    return values


def attack_query(judge: Judge) -> None:
    op, world = judge.op, judge.world
    path = concrete_path(op, world)
    required = required_query(op, world)
    for parameter in op.parameters("query"):
        name = parameter["name"]
        others = "".join(f"&{key}={quote(str(value))}" for key, value in required.items() if key != name)
        for value in QUERY_PLAN[(op.id, name)]:
            case = f"?{name}={value.label}"
            with judge.case():
                response = judge.send(f"{path}?{quote(name)}={value.encoded}{others}")
                if not judge.refused(case, response, names=name, query=True):
                    if value.outcome == REJECT:
                        judge.fail(case, response, "accepted a value it must refuse")
                    elif op.method == "DELETE" and name == "reason":
                        _check_void_reason(judge, path, value, response, case)
    query = "?" + "&".join(f"{key}={quote(str(value))}" for key, value in required.items()) if required else ""
    for parameter in op.parameters("header"):
        for value in corpus.sample(corpus.QUERY_COMMON):
            raw = unquote(value.encoded, errors="replace").replace("\x00", "")
            header = {f"HTTP_{parameter['name'].upper().replace('-', '_')}": raw}
            with judge.case():
                response = judge.send(f"{path}{query}", headers=header)
                judge.refused(f"{parameter['name']}: {value.label}", response, names=parameter["name"])


def _check_void_reason(judge: Judge, path: str, value, response, case: str) -> None:
    sent = unquote(value.encoded, errors="replace")
    shown = judge.client.get(f"{path}?include_voided=true").json()
    if shown.get("void_reason") != expected_text(sent):
        judge.fail(case, response, f"void_reason stored as {shown.get('void_reason')!r:.80}")


def attack_path_ids(judge: Judge) -> None:
    op, world = judge.op, judge.world
    parameter = op.parameters("path")[0]["name"]
    body = None
    if op.method in ("POST", "PUT", "PATCH"):
        body = json.dumps(valid_body(op, world) if op.method != "PUT" else {}).encode()
    for label, raw in corpus.PATH_IDS:
        path = op.path.replace(f"{{{parameter}}}", raw)
        with judge.case():
            response = judge.send(path, body=body)
            if response.status_code != 404:
                judge.fail(label, response, "expected 404")
            judge.refused(label, response, names=None)


@pytest.mark.parametrize("op", op_params(WRITES))
def test_write_endpoint(op, world, judge_for):
    """Every body field, malformed and oversized bodies, hostile path ids: refused cleanly or kept verbatim."""
    judge = judge_for(op)
    base = valid_body(op, world)
    attack_baseline(judge, base)
    attack_body_fields(judge, base)
    attack_body_shape(judge, base)
    if "{" in op.path:
        attack_path_ids(judge)
    judge.report()


@pytest.mark.urls("healthkon.urls.calculator")
@pytest.mark.parametrize("name", CALCULATORS)
def test_calculator(name, world, judge_for):
    """Every input of every calculator (as GET /calculator/ lists them); body shapes and names once."""
    CALCULATOR_UNDER_TEST["calculator"] = name
    judge = judge_for(CALCULATE)
    base = calculator_body(world, name)
    attack_baseline(judge, base)
    listing = calculator_inputs(world)
    for input_name, node in calculator_fields(world, name).items():
        values = corpus.field_corpus("calculator", node)
        first = next(calculator for calculator in CALCULATORS if input_name in {i["name"] for i in listing[calculator]})
        for hostile in values if first == name else corpus.sample(values):
            check_field(judge, input_name, node, hostile, base)
    if name == CALCULATORS[0]:
        attack_body_shape(judge, base)
        attack_path_ids(judge)
    judge.report()


READS = [
    op
    for op in corpus.operations()
    if op.method in ("GET", "DELETE") and (op.parameters("query") or op.parameters("header") or "{" in op.path)
]


@pytest.mark.parametrize("op", op_params(READS))
def test_read_or_delete_endpoint(op, world, judge_for):
    """Every query parameter and header the schema lists, and hostile path ids."""
    judge = judge_for(op)
    attack_query(judge)
    if "{" in op.path:
        attack_path_ids(judge)
    judge.report()


def test_the_corpus_reaches_every_service():
    """Each service's schema gives operations to attack: an empty schema would make the corpus vacuous."""
    services = {op.service for op in corpus.write_operations()} | {op.service for op in READS}
    assert services == set(corpus.SERVICES)
    assert "/rag/search/" in corpus.schema("rag")["paths"]
    assert "/rag/search/" not in corpus.schema("rag_mobile")["paths"]
