"""Input the OpenAPI schemas forbid is refused with a 400 naming the field or parameter (issue #13).

Found by schemathesis (scripts/fuzz_services.py): DRF and django-filter are lenient by default —
a number stored as text, a multipart body where JSON is documented, `page_size=null` or `?to=`
silently ignored. Each rule lives in one place in healthkon.api; these tests go through the API.
"""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.urls("healthkon.urls.auth")
@pytest.mark.parametrize("value", [0, 12.5, True, ["0812"], {"n": 1}])
def test_a_text_field_refuses_anything_but_a_string(make_user, client_for, value):
    user = make_user(None, phone="")
    response = client_for(user).patch("/auth/me", {"phone": value}, format="json")
    assert response.status_code == 400 and "phone" in response.json()
    assert User.objects.get(pk=user.pk).phone == ""


@pytest.mark.urls("healthkon.urls.auth")
def test_a_string_is_still_a_string(make_user, client_for):
    user = make_user(None)
    response = client_for(user).patch("/auth/me", {"phone": "081234567890"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "081234567890"


@pytest.mark.urls("healthkon.urls.auth")
@pytest.mark.parametrize("body_format", ["multipart", "form"])
def test_json_endpoints_refuse_form_bodies_with_415(make_user, client_for, body_format):
    admin = make_user("admin")
    target = make_user("staff").petugas
    client = client_for(admin)
    if body_format == "form":
        response = client.generic("PATCH", f"/petugas/{target.pk}", "password=", "application/x-www-form-urlencoded")
    else:
        response = client.patch(f"/petugas/{target.pk}", {"password": ""}, format="multipart")
    assert response.status_code == 415
    assert "detail" in response.json()


@pytest.mark.urls("healthkon.urls.auth")
@pytest.mark.parametrize("value", ["null", "abc", "0", "-1", "1.5", ""])
def test_page_size_that_is_not_a_whole_number_of_at_least_one_is_400(make_user, client_for, value):
    response = client_for(make_user("admin")).get("/petugas/", {"page_size": value})
    assert response.status_code == 400 and set(response.json()) == {"page_size"}


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value", ["null", "maybe", "2", ""])
def test_a_yes_no_parameter_takes_only_yes_or_no(make_user, client_for, value):
    response = client_for(make_user("admin")).get("/patients/", {"include_voided": value})
    assert response.status_code == 400 and set(response.json()) == {"include_voided"}


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value", ["true", "FALSE", "1", "0", "yes", "off"])
def test_yes_and_no_in_their_usual_spellings(make_user, client_for, value):
    assert client_for(make_user("admin")).get("/patients/", {"include_voided": value}).status_code == 200


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("param", ["visit_date_before", "visit_date_after", "patient", "created_after"])
def test_an_empty_value_for_a_typed_filter_is_400(make_user, client_for, param):
    response = client_for(make_user("doctor")).get("/medical-records/", {param: ""})
    assert response.status_code == 400 and set(response.json()) == {param}


@pytest.mark.urls("healthkon.urls.records")
def test_an_empty_text_search_is_no_search(make_user, client_for):
    assert client_for(make_user("doctor")).get("/patients/", {"search": ""}).status_code == 200


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("query", ["patient=1&patient=2", "visit_date_after=2024-01-01&visit_date_after="])
def test_a_filter_given_twice_is_400(make_user, client_for, query):
    response = client_for(make_user("doctor")).get(f"/medical-records/?{query}")
    assert response.status_code == 400 and set(response.json()) == {query.split("=")[0]}


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("value, status", [("null", 400), ("maybe", 400), ("1", 200), ("false", 200), ("YES", 200)])
def test_a_yes_no_filter_knows_yes_and_no_and_nothing_else(make_user, client_for, value, status):
    response = client_for(make_user("doctor")).get("/patients/", {"has_account": value})
    assert response.status_code == status
    if status == 400:
        assert set(response.json()) == {"has_account"}


@pytest.mark.urls("healthkon.urls.auth")
@pytest.mark.parametrize("value", [0, 1, "null", None, [True]])
def test_a_yes_no_field_takes_true_or_false(make_user, client_for, value):
    target = make_user("staff")
    response = client_for(make_user("admin")).patch(f"/petugas/{target.petugas.pk}", {"is_active": value})
    assert response.status_code == 400 and "is_active" in response.json()
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.urls("healthkon.urls.auth")
def test_text_longer_than_documented_is_400_even_if_trimming_would_shorten_it(make_user, client_for):
    target = make_user("staff")
    client = client_for(make_user("admin"))
    response = client.patch(f"/petugas/{target.petugas.pk}", {"nama": "   " + "x" * 150})
    assert response.status_code == 400 and "nama" in response.json()
    assert client.patch(f"/petugas/{target.petugas.pk}", {"nama": " Siti "}).json()["nama"] == "Siti"


@pytest.mark.urls("healthkon.urls.records")
@pytest.mark.parametrize("page", ["58798530814545870848", str(2**63), "9" * 40])
def test_a_page_past_any_table_is_404_not_an_overflow(make_user, client_for, page):
    response = client_for(make_user("doctor")).get("/relations/", {"page": page})
    assert response.status_code == 404 and "detail" in response.json()


@pytest.mark.parametrize(
    "urlconf, path, param",
    [
        ("healthkon.urls.records", "/prescriptions/", "created_after"),
        ("healthkon.urls.records", "/medical-records/", "visit_date_before"),
        ("healthkon.urls.records_mobile", "/medical-records/", "from"),
        ("healthkon.urls.calculator", "/metrics/", "from"),
    ],
)
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_date_filter_before_1900_is_400_not_an_overflow(make_user, client_for, settings, urlconf, path, param, day):
    settings.ROOT_URLCONF = urlconf
    caller = make_user(None) if "records_mobile" in urlconf or "calculator" in urlconf else make_user("doctor")
    response = client_for(caller).get(path, {param: day})
    assert response.status_code == 400 and set(response.json()) == {param}, response.content


@pytest.mark.urls("healthkon.urls.calculator")
@pytest.mark.parametrize("query", ["patient=", "patient=1&patient=2"])
@pytest.mark.parametrize("path", ["/metrics/summary/", "/metrics/", "/metrics/trend/chart/?calculator=bmi&"])
def test_a_views_own_query_parameters_are_as_strict_as_filters(make_user, client_for, path, query):
    joiner = "" if path.endswith("&") else "?"
    response = client_for(make_user(None)).get(f"{path}{joiner}{query}")
    assert response.status_code == 400 and set(response.json()) == {"patient"}, response.content


def test_an_audit_row_without_a_patient_documents_its_null_patient_name(api_client, settings):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    schema = api_client.get("/api/schema/?format=json").json()["components"]["schemas"]["AuditLog"]
    assert schema["properties"]["patient_name"].get("nullable") is True
