"""What the bad-input corpus (test_bad_input_corpus.py) found, one focused case per rule (issue #13).

Each was a 500, a silent acceptance or a 400 that named no field before the rule in healthkon.api
(or the one view that owns it) was fixed.
"""

import json

import pytest

from records.models import Allergy
from records.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, client_for):
    return client_for(make_user("admin"))


@pytest.fixture
def visit(db):
    return factories.MedicalRecordFactory()


def post_raw(client, path, body: bytes, content_type="application/json"):
    return client.generic("POST", path, body, content_type)


# --- JSON bodies (healthkon.api.parsers.JSONParser) ----------------------------------------------


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000])
def test_json_nested_too_deeply_is_a_400_not_a_recursion_error(admin, body):
    response = post_raw(admin, "/allergies/", body)
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("number", ["1e999", "-1e999", "Infinity", "NaN"])
def test_a_number_no_field_can_hold_is_a_400_naming_the_field(admin, visit, number):
    body = f'{{"medical_record": {number}, "allergen": "Debu", "severity": "mild"}}'.encode()
    response = post_raw(admin, "/allergies/", body)
    assert response.status_code == 400 and set(response.json()) == {"medical_record"}
    assert not Allergy.objects.exists()


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("field", ["allergen", "severity"])
def test_a_lone_surrogate_is_a_400_naming_the_field(admin, visit, field):
    body = json.dumps({"medical_record": visit.pk, "allergen": "Debu", "severity": "mild"})
    body = body.replace(f'"{field}": "', f'"{field}": "\\ud800')
    response = post_raw(admin, "/allergies/", body.encode())
    assert response.status_code == 400 and set(response.json()) == {field}
    assert not Allergy.objects.exists()


@pytest.mark.urls("healthkon.urls.auth")
def test_a_lone_surrogate_at_login_is_a_400_not_a_500(api_client):
    response = post_raw(api_client, "/auth/login", b'{"email": "a\\udfff@example.id", "password": "x"}')
    assert response.status_code == 400 and set(response.json()) == {"email"}


@pytest.mark.urls("healthkon.urls.records")
def test_a_json_body_over_the_memory_limit_is_a_json_413(admin, settings):
    body = json.dumps({"allergen": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}).encode()
    response = post_raw(admin, "/allergies/", body)
    assert response.status_code == 413 and "detail" in response.json()


# --- Ids (healthkon.api.fields) ------------------------------------------------------------------


@pytest.mark.urls("healthkon.urls.records")
def test_a_fraction_names_no_row(admin, visit):
    body = {"medical_record": visit.pk + 0.5, "allergen": "Debu", "severity": "mild"}
    response = admin.post("/allergies/", body, format="json")
    assert response.status_code == 400 and set(response.json()) == {"medical_record"}
    assert not Allergy.objects.exists()


@pytest.mark.urls("healthkon.urls.rag")
@pytest.mark.parametrize("patient_id", [2**63, 10**20])
def test_an_id_beyond_bigint_is_a_400_not_a_404(make_user, client_for, patient_id):
    response = client_for(make_user("doctor")).post(
        "/rag/search", {"query": "gula", "patient_id": patient_id}, format="json"
    )
    assert response.status_code == 400 and set(response.json()) == {"patient_id"}


@pytest.mark.urls("healthkon.urls.calculator")
@pytest.mark.parametrize("query", ["patient=", f"patient={2**63}"])
def test_the_calculator_patient_parameter_is_checked(make_user, client_for, query):
    response = client_for(make_user(None)).get(f"/metrics/?{query}")
    assert response.status_code == 400 and set(response.json()) == {"patient"}


# --- Query strings (pagination, filters, negotiation) -------------------------------------------


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value", ["", "abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_whole_number_is_a_400(admin, value):
    response = admin.get("/patients/", {"page": value})
    assert response.status_code == 400 and set(response.json()) == {"page"}


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value", [str(2**63), "9" * 20])
def test_a_page_beyond_any_offset_is_past_the_end(admin, value):
    assert admin.get("/patients/", {"page": value}).status_code == 404


@pytest.mark.urls("healthkon.urls.records")
def test_page_last_still_works(admin):
    factories.PatientFactory()
    assert admin.get("/patients/", {"page": "last"}).status_code == 200


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value", ["maybe", "2", "null"])
def test_a_yes_no_filter_takes_only_yes_or_no(admin, value):
    response = admin.get("/patients/", {"has_account": value})
    assert response.status_code == 400 and set(response.json()) == {"has_account"}


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize(("value", "expected"), [("yes", 1), ("1", 1), ("TRUE", 1), ("off", 1), ("false", 1)])
def test_a_yes_no_filter_reads_every_usual_spelling(admin, make_user, value, expected):
    factories.PatientFactory(user=make_user(None))
    factories.PatientFactory()
    response = admin.get("/patients/", {"has_account": value})
    assert response.status_code == 200 and response.json()["count"] == expected
    linked = response.json()["results"][0]["user"] is not None
    assert linked == (value.lower() in ("yes", "1", "true"))


@pytest.mark.urls("healthkon.urls.records")
def test_a_bad_range_bound_is_named_as_sent(admin):
    response = admin.get("/patients/", {"created_after": "2024-13-45", "created_before": "2024-01-01"})
    assert response.status_code == 400 and set(response.json()) == {"created_after"}


@pytest.mark.urls("healthkon.urls.records")
def test_a_nul_byte_in_search_is_a_400_naming_search(admin):
    response = admin.get("/patients/?search=Budi%00")
    assert response.status_code == 400 and set(response.json()) == {"search"}


@pytest.mark.urls("healthkon.urls.calculator")
@pytest.mark.parametrize("value", ["json", "", "%00"])
def test_an_unknown_or_empty_format_is_a_400_naming_it(make_user, client_for, value):
    response = client_for(make_user(None)).get(f"/metrics/trend/chart/?calculator=bmi&format={value}")
    assert response.status_code == 400 and set(response.json()) == {"format"}


@pytest.mark.urls("healthkon.urls.calculator")
def test_a_known_format_still_works(make_user, client_for):
    response = client_for(make_user(None)).get("/metrics/trend/chart/?calculator=bmi&format=png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
