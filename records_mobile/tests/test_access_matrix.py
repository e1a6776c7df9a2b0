"""The access-control matrix of :8003, through the HTTP API: every route, every caller, every method.

The routes come from the service's URLconf, so a new endpoint without a row in ROUTES fails
`test_every_route_is_in_the_matrix`. Callers are a scenario each: the parent reading their own
patient, a dependent with consent, without consent, with consent revoked (relation voided, or
`can_view_records` switched off), a stranger, an account with no patient, no token, an expired
token, and petugas tokens. Out of scope is 404 with the body of a missing id; writes are 405;
a refused call changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver

from records.models import AuditLog, LabResult, MedicalDocument, MedicalRecord, Patient, Relation
from records_mobile import urls as mobile_urls
from records_mobile.tests.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]

METHODS = ["get", "post", "put", "patch", "delete"]
MISSING_ID = 987654321


@dataclass(frozen=True)
class Route:
    template: str  # the URL, with {id} for the id that names the target's data
    ident: Callable[[World, str], int] | None  # (world, target chart name) -> that id
    reads: str = "get"  # the method that reads ("post" for /me/link)
    own_only: bool = False  # only the caller's own patient's rows (relations)

    @property
    def scoped(self) -> bool:
        return self.ident is not None

    def url(self, world: World, target: str) -> str:
        return self.template.format(id=self.ident(world, target)) if self.scoped else self.template

    def missing_url(self) -> str:
        return self.template.format(id=MISSING_ID)


def chart(world: World, target: str):
    return getattr(world, target)


def patient_id(world: World, target: str) -> int:
    return chart(world, target).patient.pk


def _list(path):
    return Route(f"/{path}/?patient={{id}}", patient_id)


def _detail(path, **kwargs):
    return Route(f"/{path}/{{id}}/", lambda w, t: chart(w, t).rows[path].pk, **kwargs)


RESOURCE_PATHS = {
    "medical-record": "medical-records",
    "allergy": "allergies",
    "diagnosis": "diagnoses",
    "prescription": "prescriptions",
    "lab-result": "lab-results",
    "medical-document": "medical-documents",
    "relation": "relations",
}
ROUTES = {
    **{f"mobile-{name}-list": _list(path) for name, path in RESOURCE_PATHS.items()},
    **{f"mobile-{name}-detail": _detail(path, own_only=path == "relations") for name, path in RESOURCE_PATHS.items()},
    "mobile-medical-document-download": Route("/medical-documents/{id}/download", lambda w, t: chart(w, t).document.pk),
    "mobile-me": Route("/me", None),
    "mobile-me-fhir": Route("/me/fhir?patient={id}", patient_id),
    "mobile-me-link": Route("/me/link", None, reads="post"),
}

# scenario: (who calls, whose data the URL names)
SCENARIOS = {
    "own": ("account", "own"),
    "dependent_with_consent": ("account", "child"),
    "dependent_without_consent": ("account", "no_consent"),
    "consent_revoked_relation_voided": ("account", "revoked"),
    "consent_revoked_flag_off": ("account", "flipped"),
    "stranger": ("stranger_account", "own"),
    "account_without_patient": ("unlinked_account", "own"),
    "no_token": (None, "own"),
    "expired_token": ("expired", "own"),
    "admin": ("admin", "own"),
    "doctor": ("doctor", "own"),
    "staff": ("staff", "own"),
}
IN_SCOPE = {"own", "dependent_with_consent"}
PATIENT_ACCOUNTS = set(SCENARIOS) - {"no_token", "expired_token", "admin", "doctor", "staff"}


def route_names() -> set[str]:
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                names.add(pattern.name)

    walk(mobile_urls.urlpatterns)
    return names


def test_every_route_is_in_the_matrix():
    assert route_names() == set(ROUTES)


def client_of(scenario, world, make_user, client_for, expired_client, api_client):
    who = SCENARIOS[scenario][0]
    if who is None:
        return api_client
    if who == "expired":
        return expired_client(world.account)
    if who in ("admin", "doctor", "staff"):
        return client_for(make_user(who))
    return client_for(getattr(world, who))


def expected_read_status(scenario: str, route: Route) -> int:
    if scenario in ("no_token", "expired_token"):
        return 401
    if scenario in ("admin", "doctor", "staff"):
        return 403
    if route.reads == "post":  # /me/link: every target already has an account, or the caller a patient
        return 400
    if not route.scoped:
        return 200
    if route.own_only:
        return 200 if scenario == "own" else 404
    return 200 if scenario in IN_SCOPE else 404


def state() -> dict:
    """Everything a write could touch, in a comparable form."""
    return {
        model.__name__: sorted(model.all_objects.values_list("pk", "updated_at", "voided"))
        for model in (Patient, MedicalRecord, LabResult, MedicalDocument, Relation)
    } | {"patient_users": sorted(Patient.all_objects.values_list("pk", "user_id"))}


def body_of(client, method, url, world, target):
    if url == "/me/link":
        patient = chart(world, target).patient
        data = {"nik": patient.nik, "bpjs_number": patient.bpjs_number, "birth_date": str(patient.birth_date)}
        return getattr(client, method)(url, data, format="json")
    return getattr(client, method)(url, {"note": "tamper"}, format="json") if method != "get" else client.get(url)


CASES = [(scenario, name) for scenario in SCENARIOS for name in sorted(ROUTES)]


@pytest.mark.parametrize("scenario, name", CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_matrix(world, make_user, client_for, expired_client, api_client, scenario, name):
    route = ROUTES[name]
    target = SCENARIOS[scenario][1]
    client = client_of(scenario, world, make_user, client_for, expired_client, api_client)
    url = route.url(world, target)
    before = state()

    for method in METHODS:
        response = body_of(client, method, url, world, target)
        if method == route.reads:
            expected = expected_read_status(scenario, route)
        elif scenario in ("no_token", "expired_token"):
            expected = 401
        elif scenario in ("admin", "doctor", "staff"):
            expected = 403
        else:
            expected = 405
        assert response.status_code == expected, (method, url, getattr(response, "data", None))
        if expected == 404:  # indistinguishable from an id that does not exist
            missing = client_for(world.account).get(route.missing_url())
            assert missing.status_code == 404 and missing.content == response.content

    assert state() == before


@pytest.mark.parametrize("path", sorted(RESOURCE_PATHS.values()))
def test_missing_id_and_out_of_scope_id_answer_the_same(world, client_for, path):
    client = client_for(world.account)
    stranger_row = world.stranger.rows[path]
    missing = client.get(f"/{path}/{MISSING_ID}/")
    foreign = client.get(f"/{path}/{stranger_row.pk}/")
    assert missing.status_code == foreign.status_code == 404
    assert missing.content == foreign.content
    assert {k: v for k, v in missing.headers.items() if k != "ETag"} == {
        k: v for k, v in foreign.headers.items() if k != "ETag"
    }


@pytest.mark.parametrize("scenario", sorted(PATIENT_ACCOUNTS))
@pytest.mark.parametrize("path", sorted(RESOURCE_PATHS.values()))
def test_plain_lists_hold_only_the_callers_own_rows(world, make_user, client_for, scenario, path):
    """Without `?patient=` a list is the caller's own (architecture.md); dependents are read with it."""
    who = SCENARIOS[scenario][0]
    account = getattr(world, who)
    response = client_for(account).get(f"/{path}/?page_size=100")
    assert response.status_code == 200
    shown = {row["id"] for row in response.json()["results"]}
    viewer = {"account": world.own, "stranger_account": world.stranger}.get(who)
    if viewer is None:
        allowed = set()
    elif path == "relations":
        allowed = set(Relation.objects.filter(patient=viewer.patient).values_list("pk", flat=True))
    else:
        allowed = {viewer.rows[path].pk}
    assert shown == allowed


@pytest.mark.parametrize("path", sorted(set(RESOURCE_PATHS.values()) - {"relations"}))
def test_a_dependents_rows_are_read_with_patient_or_their_visit(world, client_for, path):
    client = client_for(world.account)
    by_patient = client.get(f"/{path}/", {"patient": world.child.patient.pk}).json()
    assert {row["id"] for row in by_patient["results"]} == {world.child.rows[path].pk}
    if path != "medical-records":
        by_visit = client.get(f"/{path}/", {"medical_record": world.child.visit.pk}).json()
        assert {row["id"] for row in by_visit["results"]} == {world.child.rows[path].pk}
    own = client.get(f"/{path}/", {"patient": world.own.patient.pk}).json()
    assert {row["id"] for row in own["results"]} == {world.own.rows[path].pk}


def test_refused_reads_are_denied_rows_never_reads(world, client_for):
    client = client_for(world.account)
    before = AuditLog.objects.count()
    for path in RESOURCE_PATHS.values():
        assert client.get(f"/{path}/{world.stranger.rows[path].pk}").status_code == 404
    added = AuditLog.objects.order_by("id")[before:]
    assert [row.action for row in added] == ["denied"] * len(RESOURCE_PATHS)
