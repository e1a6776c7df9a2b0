"""Every route of every service × GET/POST/PUT/PATCH/DELETE × seven callers, against one table.

The routes come from each service's URLconf (the Django admin on :8001 has its own tests), so a
route without a row in EXPECTED fails `test_every_route_has_a_row`, and a row without a route
fails too. Callers: no token, an expired token, a patient's account naming its own patient's
rows, the same account naming another patient's rows, and staff, doctor and admin tokens.

EXPECTED is architecture.md's permission matrix and API contract written out per route: 401 with
no valid token; 403 for a role the service or the resource is not for (the role check comes
before anything else); 405 for a method the route does not serve; 404 for an id outside the
caller's scope; 400 for the empty body an allowed caller sends to a write (validation comes after
permissions, so the 400 proves the door is open); 200/201/204 where the request succeeds. A
refused request (401/403/404/405) changes no table, except that on :8001-:8004 each 403 and each
404 of a signed-in caller adds exactly one `denied` row to the audit log (issue 19 item 8). records_mobile's own matrix
(records_mobile/tests/test_access_matrix.py) has the finer scenarios: consent, revocation, held rows.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver
from django.utils.module_loading import import_string
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from calculator import services as calculator_services
from records.audit import audit_record
from records.models import AuditAction, AuditLog
from records.tests.resources import RESOURCES
from records_mobile.tests.conftest import Chart, make_chart
from records_mobile.tests.test_access_matrix import RESOURCE_PATHS
from records_mobile.tests.test_access_matrix import ROUTES as MOBILE_ROUTES

pytestmark = pytest.mark.django_db

SERVICES = ("auth", "records", "rag", "records_mobile", "rag_mobile", "calculator")
CALLERS = ("no_token", "expired", "patient_own", "patient_other", "staff", "doctor", "admin")
METHODS = ("get", "post", "put", "patch", "delete")
REFUSED = {401, 403, 404, 405}
SKIPPED_PREFIXES = ("admin/",)  # the Django admin on :8001: records/tests/test_admin*.py
BMI = {"weight_kg": 70, "height_cm": 175}


# --- the world ------------------------------------------------------------------------------------


@dataclass
class World:
    """A patient's account linked to `own` (a chart: a visit and one of every row); `other` is someone else's.

    Everything besides `own` is built on first use, so a route pays only for the rows it names.
    """

    make_user: Callable
    account: object
    own: Chart
    _cache: dict = field(default_factory=dict)

    def _once(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def other(self) -> Chart:
        """Another family's chart, with its own account."""
        return self._once("other", lambda: make_chart(user=self.make_user(None)))

    @property
    def petugas(self):
        """A staff member's petugas row, for /petugas/{id}."""
        return self._once("petugas", lambda: self.make_user("staff").petugas)

    @property
    def audit_entry(self):
        """An access audit log row about `own`."""
        request = RequestFactory().get("/")
        return self._once(
            "audit", lambda: audit_record(request=request, action=AuditAction.READ, instances=[self.own.patient])[0]
        )

    def calculation(self, target: str):
        """A BMI saved by the target chart's account about the target's patient."""

        def build():
            patient = getattr(self, target).patient
            outcome = calculator_services.calculation_run(
                user=patient.user, calculator="bmi", raw_inputs=BMI, lang="id", save=True, patient=patient
            )
            return outcome["calculation"]

        return self._once(f"calculation-{target}", build)


@pytest.fixture
def world(make_user, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    account = make_user(None)
    return World(make_user=make_user, account=account, own=make_chart(user=account))


# --- how each route is called ---------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """How to call a route: its URL for a target chart ("own" or "other") and the body of a write.

    `url` is a format string over `w` (the world) and `t` (the target chart), or a function of
    (world, target). POST and PUT send `body` (default: empty, a 400 for an allowed caller);
    PATCH sends `patch` (default: `body`).
    """

    url: str | Callable[[World, str], str]
    body: Callable[[World, str], dict] | None = None
    patch: dict | None = None

    def path(self, world: World, target: str) -> str:
        if callable(self.url):
            return self.url(world, target)
        chart = getattr(world, target) if "{t." in self.url else None  # build a chart only when named
        return self.url.format(w=world, t=chart)

    def data(self, world: World, target: str, method: str) -> dict | None:
        if method in ("get", "delete"):
            return None
        if method == "patch" and self.patch is not None:
            return self.patch
        return self.body(world, target) if self.body else {}


SHARED_ROUTES = {"health": "/health", "schema": "/api/schema/", "swagger-ui": "/api/docs/", "redoc": "/api/redoc/"}
RECORDS_PATHS = {"patient": "patients", **RESOURCE_PATHS}  # route name prefix: path, on :8001


def _patient_body(**fields):
    return lambda world, target: {**fields, "patient_id": getattr(world, target).patient.pk}


CALLS: dict[tuple[str, str], Call] = {
    **{(service, name): Call(url) for service in SERVICES for name, url in SHARED_ROUTES.items()},
    # auth :8000
    ("auth", "register"): Call("/auth/register"),
    ("auth", "login"): Call("/auth/login"),
    ("auth", "login-otp"): Call("/auth/login/otp"),
    ("auth", "token-refresh"): Call("/auth/refresh"),
    ("auth", "logout"): Call("/auth/logout"),
    ("auth", "me"): Call("/auth/me"),
    ("auth", "change-password"): Call("/auth/change-password"),
    ("auth", "petugas-list"): Call("/petugas/"),
    ("auth", "petugas-detail"): Call("/petugas/{w.petugas.pk}/", patch={"nama": "Petugas Baru"}),
    # rm :8001: every resource, on the target patient's rows
    **{("records", f"{name}-list"): Call(f"/{path}/") for name, path in RECORDS_PATHS.items()},
    ("records", "patient-detail"): Call("/patients/{t.patient.pk}/", patch=dict([RESOURCES["patients"].change])),
    **{
        ("records", f"{name}-detail"): Call(f"/{path}/{{t.rows[{path}].pk}}/", patch=dict([RESOURCES[path].change]))
        for name, path in RESOURCE_PATHS.items()  # a visit and its children, by the mobile matrix's names
    },
    ("records", "patient-fhir"): Call("/patients/{t.patient.pk}/fhir"),
    ("records", "medical-document-download"): Call("/medical-documents/{t.document.pk}/download"),
    ("records", "audit-log-list"): Call("/audit-logs/"),
    ("records", "audit-log-detail"): Call("/audit-logs/{w.audit_entry.pk}/"),
    # rag :8002 and rag_mobile :8004: a real question about the target patient
    ("rag", "rag-query"): Call("/rag/query", body=_patient_body(question="Apa diagnosisnya?")),
    ("rag", "rag-search"): Call("/rag/search", body=_patient_body(query="diabetes")),
    ("rag_mobile", "rag-mobile-query"): Call("/rag/query", body=_patient_body(question="Apa diagnosis saya?")),
    # rm_mobile :8003: the URLs of its own matrix
    **{("records_mobile", name): Call(route.url) for name, route in MOBILE_ROUTES.items()},
    # health_calc :8005: measurements about the target patient
    ("calculator", "calculator-list"): Call("/calculator/"),
    ("calculator", "calculator-run"): Call(
        "/calculator/bmi", body=lambda world, target: {**BMI, "patient": getattr(world, target).patient.pk}
    ),
    ("calculator", "child-growth-chart"): Call(
        "/metrics/child-growth/chart?patient={t.patient.pk}&indicator=bmi_for_age"
    ),
    ("calculator", "trend-chart"): Call("/metrics/trend/chart?calculator=bmi&patient={t.patient.pk}"),
    ("calculator", "metric-list"): Call("/metrics/?patient={t.patient.pk}"),
    ("calculator", "metric-summary"): Call("/metrics/summary?patient={t.patient.pk}"),
    ("calculator", "metric-detail"): Call(lambda world, target: f"/metrics/{world.calculation(target).pk}"),
}


# --- what each caller gets: the table ------------------------------------------------------------


def _statuses(value: int | str) -> tuple[int, ...]:
    """One status for all five methods, or five in METHODS order ("200 400 405 405 405")."""
    codes = tuple(int(code) for code in str(value).split())
    codes = codes * len(METHODS) if len(codes) == 1 else codes
    assert len(codes) == len(METHODS), value
    return codes


def expect(*, anon=401, patient=None, own=None, other=None, petugas=None, staff=None, doctor=None, admin=None):
    """Each caller's statuses; `anon` is no token and an expired one, `patient` both patient callers,
    `petugas` staff, doctor and admin (each overridable by its own keyword)."""
    by_caller = {
        "no_token": anon,
        "expired": anon,
        "patient_own": own if own is not None else patient,
        "patient_other": other if other is not None else patient,
        "staff": staff if staff is not None else petugas,
        "doctor": doctor if doctor is not None else petugas,
        "admin": admin if admin is not None else petugas,
    }
    assert None not in by_caller.values(), by_caller
    return {caller: dict(zip(METHODS, _statuses(value), strict=True)) for caller, value in by_caller.items()}


READ_ONLY = "200 405 405 405 405"
POST_ONLY = "405 400 405 405 405"
PUBLIC_PAGE = expect(anon=READ_ONLY, patient=READ_ONLY, petugas=READ_ONLY)
PUBLIC_POST = expect(anon=POST_ONLY, patient=POST_ONLY, petugas=POST_ONLY)

# :8001, by the model permissions of the matrix. A list serves GET and POST, a detail every method
# but POST; the role's permission for the method is checked first (403), then the route (405).
# An allowed POST or PUT sends an empty body (400), PATCH a valid change (200), DELETE voids (204).
CRUD_LIST, CRUD_DETAIL = "200 400 405 405 405", "200 405 400 200 204"
CRU_LIST, CRU_DETAIL = "200 400 405 405 403", "200 405 400 200 403"
READ = "200 403 403 403 403"
PETUGAS_ONLY = {"anon": 401, "patient": 403}


def records_resource(*, staff: str, doctor: str, kind: str) -> dict:
    """A clinical resource: CRUD for admins, `staff`/`doctor` are "cru" or "read"."""
    rows = {"cru": {"list": CRU_LIST, "detail": CRU_DETAIL}, "read": {"list": READ, "detail": READ}}
    admin = {"list": CRUD_LIST, "detail": CRUD_DETAIL}
    return expect(**PETUGAS_ONLY, admin=admin[kind], staff=rows[staff][kind], doctor=rows[doctor][kind])


RECORDS_RESOURCES = {  # name: (staff, doctor), from architecture.md's matrix
    "patient": ("cru", "cru"),
    "medical-record": ("read", "cru"),
    "diagnosis": ("read", "cru"),
    "prescription": ("read", "cru"),
    "allergy": ("cru", "cru"),
    "lab-result": ("cru", "cru"),
    "medical-document": ("cru", "cru"),
    "relation": ("cru", "read"),
}
# A GET-only action of a resource every petugas may read and change, only admins delete.
GET_ACTION = expect(**PETUGAS_ONLY, admin=READ_ONLY, petugas="200 405 405 405 403")

# :8003 and the patient-facing routes of :8005: patients only (mobile) or anyone signed in (calculator);
# a named id outside the caller's scope is a 404, writes are 405.
MOBILE_READ = expect(own=READ_ONLY, other="404 405 405 405 405", petugas=403)
CALC_READ = expect(own=READ_ONLY, other="404 405 405 405 405", petugas=READ_ONLY)

EXPECTED: dict[tuple[str, str], dict[str, dict[str, int]]] = {
    # Every service: liveness and the API docs are public.
    **{(service, name): PUBLIC_PAGE for service in SERVICES for name in SHARED_ROUTES},
    # auth :8000 — public sign-up and tokens; own profile; petugas accounts are the admin's.
    ("auth", "register"): PUBLIC_POST,
    ("auth", "login"): PUBLIC_POST,
    ("auth", "login-otp"): PUBLIC_POST,
    ("auth", "token-refresh"): PUBLIC_POST,
    ("auth", "logout"): PUBLIC_POST,
    ("auth", "me"): expect(patient="200 405 405 200 405", petugas="200 405 405 200 405"),
    ("auth", "change-password"): expect(patient=POST_ONLY, petugas=POST_ONLY),
    ("auth", "petugas-list"): expect(patient=403, petugas=403, admin=CRUD_LIST),
    ("auth", "petugas-detail"): expect(patient=403, petugas=403, admin=CRUD_DETAIL),
    # rm :8001 — petugas only; a patient's account is refused even for its own rows.
    **{
        ("records", f"{name}-{kind}"): records_resource(staff=staff, doctor=doctor, kind=kind)
        for name, (staff, doctor) in RECORDS_RESOURCES.items()
        for kind in ("list", "detail")
    },
    ("records", "patient-fhir"): GET_ACTION,
    ("records", "medical-document-download"): GET_ACTION,
    # The audit log: admins read it; nobody writes it (405 for every petugas, before the role check).
    ("records", "audit-log-list"): expect(**PETUGAS_ONLY, petugas="403 405 405 405 405", admin=READ_ONLY),
    ("records", "audit-log-detail"): expect(**PETUGAS_ONLY, petugas="403 405 405 405 405", admin=READ_ONLY),
    # rag :8002 — petugas, over every patient.
    ("rag", "rag-query"): expect(**PETUGAS_ONLY, petugas="405 200 405 405 405"),
    ("rag", "rag-search"): expect(**PETUGAS_ONLY, petugas="405 200 405 405 405"),
    # rag_mobile :8004 — patients, over their own scope.
    ("rag_mobile", "rag-mobile-query"): expect(own="405 200 405 405 405", other="405 404 405 405 405", petugas=403),
    # rm_mobile :8003 — patients, read-only, own data.
    **{("records_mobile", name): MOBILE_READ for name in MOBILE_ROUTES},
    ("records_mobile", "mobile-me"): expect(patient=READ_ONLY, petugas=403),
    ("records_mobile", "mobile-me-link"): expect(patient=POST_ONLY, petugas=403),
    # health_calc :8005 — anyone signed in; petugas may name any patient, a patient only their scope.
    ("calculator", "calculator-list"): expect(patient=READ_ONLY, petugas=READ_ONLY),
    ("calculator", "calculator-run"): expect(
        own="405 200 405 405 405", other="405 404 405 405 405", petugas="405 200 405 405 405"
    ),
    ("calculator", "child-growth-chart"): CALC_READ,
    ("calculator", "trend-chart"): CALC_READ,
    ("calculator", "metric-list"): CALC_READ,
    ("calculator", "metric-summary"): CALC_READ,
    # One saved measurement: its author reads and deletes it; petugas read it (a patient in scope)
    # but delete only what they saved themselves.
    ("calculator", "metric-detail"): expect(
        own="200 405 405 405 204", other="404 405 405 405 404", petugas="200 405 405 405 404"
    ),
}


# --- the routes the services really have ----------------------------------------------------------


def route_names(urlconf: str) -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                names.add(pattern.name)

    walk(import_string(f"{urlconf}.urlpatterns"))
    return names


def test_every_route_has_a_row():
    served = {(service, name) for service in SERVICES for name in route_names(f"healthkon.urls.{service}")}
    assert served - set(EXPECTED) == set(), "routes without a row"
    assert set(EXPECTED) - served == set(), "rows without a route"
    assert set(CALLS) == set(EXPECTED)


# --- the matrix ---------------------------------------------------------------------------------


@functools.cache
def snapshot_models() -> tuple:
    labels = (
        "accounts.User",
        "accounts.Petugas",
        "records.Patient",
        "records.MedicalRecord",
        "records.Allergy",
        "records.Diagnosis",
        "records.Prescription",
        "records.LabResult",
        "records.MedicalDocument",
        "records.Relation",
        "records.AuditLog",
        "calculator.HealthCalculation",
        "token_blacklist.OutstandingToken",
        "token_blacklist.BlacklistedToken",
        "accounts.EndedSession",
        "otp_totp.TOTPDevice",
    )
    return tuple(apps.get_model(label) for label in labels)


def snapshot() -> dict:
    """Every row of every table a request could write, voided ones included (raw SQL: it runs often).

    The audit log's `denied` rows are counted apart (`denied_rows`): writing them is what a refusal does.
    """
    tables = {}
    with connection.cursor() as cursor:
        for model in snapshot_models():
            table, pk = (connection.ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
            where = " WHERE action <> 'denied'" if model._meta.label == "records.AuditLog" else ""
            cursor.execute(f"SELECT * FROM {table}{where} ORDER BY {pk}")  # noqa: S608 (names from the models)
            tables[model._meta.label] = cursor.fetchall()
    return tables


def denied_rows() -> int:
    return AuditLog.objects.filter(action=AuditAction.DENIED).count()


# The services whose refusals are audited (:8001-:8004); auth and calculator refuse without a row.
AUDITED_REFUSALS = {"records", "rag", "records_mobile", "rag_mobile"}


_schemas: dict = {}


@pytest.fixture
def schema_once(monkeypatch, settings):
    """Each service's OpenAPI schema is generated once (it does not depend on the caller; 0.5 s each)."""
    generate = SchemaGenerator.get_schema

    def get_schema(self, request=None, public=False):
        if settings.ROOT_URLCONF not in _schemas:
            _schemas[settings.ROOT_URLCONF] = generate(self, request=request, public=public)
        return _schemas[settings.ROOT_URLCONF]

    monkeypatch.setattr(SchemaGenerator, "get_schema", get_schema)


@pytest.fixture
def rag_without_index(monkeypatch):
    """Retrieval finds nothing: scope is decided before it (rag.selectors), so no model or Chroma loads."""
    monkeypatch.setattr("rag.services._search", lambda **kwargs: [])


@pytest.fixture
def clients(world, make_user, client_for, api_client) -> dict:
    """An API client per caller; both patient callers are the world's account."""
    account = client_for(world.account)
    expired = AccessToken.for_user(world.account)
    expired.set_exp(lifetime=-datetime.timedelta(minutes=1))
    by_caller = {
        "no_token": api_client,
        "expired": APIClient(HTTP_AUTHORIZATION=f"Bearer {expired}"),
        "patient_own": account,
        "patient_other": account,
        **{role: client_for(make_user(role)) for role in ("staff", "doctor", "admin")},
    }
    for client in by_caller.values():
        # One middleware chain for all: loading one scans every static file (WhiteNoise), 80 ms.
        client.handler = api_client.handler
    return by_caller


def check(client, url: str, data: dict, expected_row: dict, *, audits_refusals: bool = False) -> list[str]:
    """Each method's status against the row; a run of refused requests must leave every table as it was.

    With `audits_refusals`, each 403 or 404 must add one `denied` audit row and nothing else may.
    """
    wrong, run = [], None  # run: the refused methods in a row, and the data before them

    def close(run):
        if snapshot() != run[1]:
            wrong.append(f"{'/'.join(run[0])} {url}: refused, but the data changed")

    for method in METHODS:
        expected = expected_row[method]
        if expected in REFUSED:
            run = run or ([], snapshot())
            run[0].append(method.upper())
        elif run:
            close(run)
            run = None
        denied_before = denied_rows()
        response = getattr(client, method)(url, data[method], format="json")
        denied_added = denied_rows() - denied_before
        wanted = 1 if audits_refusals and expected in (403, 404) and _signed_in(response) else 0
        if denied_added != wanted and response.status_code == expected:
            wrong.append(f"{method.upper()} {url}: {denied_added} denied audit rows, expected {wanted}")
        if response.status_code != expected:
            json = response.get("Content-Type", "").startswith("application/json")
            wrong.append(
                f"{method.upper()} {url}: {response.status_code}, expected {expected} {json and response.data}"
            )
    if run:
        close(run)
    return wrong


def _signed_in(response) -> bool:
    """Whether the request carried a valid token (a refused token names nobody to audit)."""
    user = getattr((getattr(response, "renderer_context", None) or {}).get("request"), "user", None)
    return bool(user and user.is_authenticated)


@pytest.mark.parametrize("service, name", sorted(EXPECTED), ids=[f"{s}:{n}" for s, n in sorted(EXPECTED)])
def test_access(settings, world, clients, rag_without_index, schema_once, service, name):
    """One route, seven callers, five methods; each caller's requests are rolled back before the next."""
    settings.ROOT_URLCONF = f"healthkon.urls.{service}"
    settings.SERVICE_NAME = service
    call = CALLS[service, name]
    # Everything a URL or a body names is built now, outside the callers' savepoints.
    requests = {
        target: (call.path(world, target), {method: call.data(world, target, method) for method in METHODS})
        for target in ("own", "other")
    }

    wrong = []
    for caller in CALLERS:
        url, data = requests["other" if caller == "patient_other" else "own"]
        with transaction.atomic():
            cache.clear()  # throttles count per caller
            wrong += [
                f"{caller}: {line}"
                for line in check(
                    clients[caller],
                    url,
                    data,
                    EXPECTED[service, name][caller],
                    audits_refusals=service in AUDITED_REFUSALS,
                )
            ]
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_the_snapshot_sees_a_change_and_a_new_row(world):
    before = snapshot()
    world.own.allergy.reaction = "Sesak napas"
    world.own.allergy.save()
    changed = snapshot()
    assert changed != before
    world.make_user(None)
    assert snapshot() != changed
