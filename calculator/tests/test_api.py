"""The calculator service through HTTP: listing, validation, worked examples, history privacy."""

import datetime

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import timezone

from calculator.models import HealthCalculation
from records.models import MedicalRecord, Patient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]

ALL_CALCULATORS = {
    "bmi",
    "bmr",
    "tdee",
    "ideal-weight",
    "body-fat",
    "waist-ratio",
    "blood-pressure",
    "egfr",
    "heart-rate-zones",
    "water-intake",
    "pregnancy",
    "child-growth",
    "findrisc",
    "blood-glucose",
    "hba1c",
    "muac",
    "antenatal",
    "head-circumference",
    "immunisation",
}


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def client(user, client_for):
    return client_for(user)


class TestAccess:
    @pytest.mark.parametrize(
        "method, path",
        [
            ("get", "/calculator/"),
            ("post", "/calculator/bmi"),
            ("get", "/metrics/"),
            ("get", "/metrics/summary"),
            ("delete", "/metrics/1"),
        ],
    )
    def test_no_token_is_401(self, api_client, method, path):
        assert getattr(api_client, method)(path).status_code == 401

    @pytest.mark.parametrize("role", [None, "admin", "doctor", "staff"])
    def test_every_signed_in_role_may_calculate(self, make_user, client_for, role):
        response = client_for(make_user(role)).post("/calculator/bmi", {"weight_kg": 70, "height_cm": 175})
        assert response.status_code == 200

    def test_token_from_the_auth_service_is_accepted_here(self, api_client, make_user):
        user = make_user(email="budi@example.id")
        with override_settings(ROOT_URLCONF="healthkon.urls.auth"):
            clear_url_caches()
            login = api_client.post("/auth/login", {"email": user.email, "password": "Kuat-Sekali-2024"})
        clear_url_caches()
        assert login.status_code == 200
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.data['access']}")
        assert api_client.get("/calculator/").status_code == 200

    def test_auth_routes_are_not_served_here(self, api_client):
        assert api_client.post("/auth/login", {}).status_code == 404


class TestList:
    def test_lists_every_calculator_with_inputs_units_and_ranges(self, client):
        response = client.get("/calculator")
        assert response.status_code == 200
        by_name = {calculator["name"]: calculator for calculator in response.data["results"]}
        assert set(by_name) == ALL_CALCULATORS
        height = next(item for item in by_name["bmi"]["inputs"] if item["name"] == "height_cm")
        # 90 cm: the BMI calculator grades children from 5 years (BMI-for-age) since issue 20.
        assert (height["unit"], height["min"], height["max"], height["required"]) == ("cm", 90, 250, True)

    def test_english_on_request(self, client):
        indonesian = client.get("/calculator/").data["results"][0]["title"]
        english = client.get("/calculator/", HTTP_ACCEPT_LANGUAGE="en").data["results"][0]["title"]
        assert indonesian != english


WORKED_EXAMPLES = [
    (
        "bmi",
        {"weight_kg": 70, "height_cm": 175},
        lambda r: r["value"] == 22.9 and {c["code"] for c in r["categories"].values()} == {"normal"},
    ),
    (
        "bmi",
        {"weight_kg": 60, "height_cm": 160},
        lambda r: (
            r["value"] == 23.4
            and r["categories"]["who"]["code"] == "normal"
            and r["categories"]["asia_pacific"]["code"] == "at_risk"
            and r["categories"]["kemenkes"]["code"] == "normal"
        ),
    ),
    ("bmr", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "M"}, lambda r: r["value"] == 1648.75),
    (
        "tdee",
        {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "M", "activity": "moderate"},
        lambda r: r["value"] == 2555.6,
    ),
    (
        "ideal-weight",
        {"height_cm": 160, "sex": "F"},
        lambda r: (
            (r["methods"]["broca"]["value"], r["methods"]["devine"]["value"], r["methods"]["robinson"]["value"])
            == (54.0, 52.4, 54.1)
        ),
    ),
    ("body-fat", {"sex": "M", "height_cm": 180, "waist_cm": 90, "neck_cm": 40}, lambda r: r["value"] == 18.4),
    (
        "waist-ratio",
        {"waist_cm": 91, "height_cm": 178, "sex": "M"},
        lambda r: r["value"] == 0.51 and r["category"]["code"] == "increased",
    ),
    (
        "blood-pressure",
        {"systolic": 150, "diastolic": 85},
        lambda r: (
            (
                r["categories"]["acc_aha_2017"]["code"],
                r["categories"]["jnc7"]["code"],
                r["categories"]["esh_2018"]["code"],
            )
            == ("stage_2", "stage_1", "isolated_systolic")
            and r["categories"]["esh_2018"]["grade"] == "grade_1"
        ),
    ),
    (
        "egfr",
        {"creatinine_mg_dl": 1.2, "age": 55, "sex": "M"},
        lambda r: r["value"] == 71 and r["category"]["code"] == "G2",
    ),
    ("heart-rate-zones", {"age": 40, "resting_hr": 60}, lambda r: r["max_hr"] == 180 and r["method"] == "karvonen"),
    ("water-intake", {"age": 30, "sex": "M"}, lambda r: r["value"] == 2500),
    ("water-intake", {"age": 3, "sex": "M", "weight_kg": 14}, lambda r: r["holliday_segar"]["value"] == 1200),
    (
        "pregnancy",
        {"last_period_date": "2020-01-18", "on_date": "2020-06-01"},
        lambda r: (
            (r["due_date"], r["due_date_naegele"], r["gestational_age"]["weeks"], r["gestational_age"]["days"])
            == ("2020-10-24", "2020-10-25", 19, 2)
        ),
    ),
    (
        "child-growth",
        {"sex": "M", "age_months": 24, "weight_kg": 12.2, "length_cm": 87, "measured": "standing"},
        lambda r: r["indicators"]["weight_for_age"]["z"] == 0.03,
    ),
    (
        "findrisc",
        {
            "age": 35,
            "bmi": 24.2,
            "sex": "M",
            "waist_cm": 90,
            "physically_active": False,
            "daily_vegetables": False,
            "bp_medication": False,
            "high_glucose_history": False,
            "family_history": "none",
        },
        lambda r: r["value"] == 3 and r["category"]["code"] == "low",
    ),
]


@pytest.mark.parametrize(
    "name, body, check", WORKED_EXAMPLES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(WORKED_EXAMPLES)]
)
def test_worked_examples_through_the_api(client, user, name, body, check):
    response = client.post(f"/calculator/{name}", body)
    assert response.status_code == 200, response.data
    assert check(response.data["result"]), response.data["result"]
    assert response.data["saved"] is True
    assert HealthCalculation.objects.get(pk=response.data["id"]).user == user


class TestCalculate:
    def test_result_names_scheme_and_speaks_indonesian_by_default(self, client):
        result = client.post("/calculator/bmi", {"weight_kg": 70, "height_cm": 175}).data["result"]
        english = client.post("/calculator/bmi", {"weight_kg": 70, "height_cm": 175}, HTTP_ACCEPT_LANGUAGE="en")
        assert result["scheme"] == "kemenkes" and result["category"]["code"] == "normal"
        assert result["interpretation"] and result["interpretation"] != english.data["result"]["interpretation"]

    def test_save_false_keeps_no_history(self, client):
        response = client.post("/calculator/bmi/", {"weight_kg": 70, "height_cm": 175, "save": False})
        assert response.status_code == 200
        assert response.data["saved"] is False and response.data["id"] is None
        assert not HealthCalculation.objects.exists()

    @pytest.mark.parametrize(
        "name, body, field",
        [
            ("bmi", {"height_cm": 175}, "weight_kg"),
            ("bmi", {"weight_kg": "seventy", "height_cm": 175}, "weight_kg"),
            ("bmi", {"weight_kg": 70, "height_cm": 20}, "height_cm"),
            ("bmi", {"weight_kg": "NaN", "height_cm": 175}, "weight_kg"),
            ("bmi", {"weight_kg": True, "height_cm": 175}, "weight_kg"),
            ("bmr", {"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "X"}, "sex"),
            ("egfr", {"age": 55, "sex": "M"}, None),
            ("pregnancy", {"last_period_date": "2999-01-01"}, "last_period_date"),
            ("child-growth", {"sex": "M", "weight_kg": 12, "length_cm": 87, "measured": "standing"}, None),
            ("bmi", {"weight_kg": 70, "height_cm": 175, "save": "maybe"}, "save"),
        ],
    )
    def test_bad_input_is_400_with_field_errors_and_nothing_saved(self, client, name, body, field):
        response = client.post(f"/calculator/{name}", body)
        assert response.status_code == 400, response.data
        assert field is None or field in response.data
        assert not HealthCalculation.objects.exists()

    @pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e309"])
    def test_non_finite_json_numbers_are_400(self, client, token):
        body = '{"weight_kg": ' + token + ', "height_cm": 175}'
        response = client.post("/calculator/bmi", body, content_type="application/json")
        assert response.status_code == 400
        assert not HealthCalculation.objects.exists()

    def test_non_object_body_is_400(self, client):
        assert client.post("/calculator/bmi", [1, 2], format="json").status_code == 400

    def test_unknown_calculator_is_404(self, client):
        assert client.post("/calculator/astrology", {}).status_code == 404


def calculate(client, name, body):
    response = client.post(f"/calculator/{name}", body)
    assert response.status_code == 200, response.data
    return response.data["id"]


class TestHistory:
    def test_lists_only_own_history(self, client, make_user, client_for):
        own = calculate(client, "bmi", {"weight_kg": 70, "height_cm": 175})
        calculate(client_for(make_user()), "bmi", {"weight_kg": 80, "height_cm": 175})
        response = client.get("/metrics/")
        assert response.status_code == 200
        assert [row["id"] for row in response.data["results"]] == [own]
        assert set(response.data) == {"count", "next", "previous", "results"}

    def test_filters_by_calculator_and_date_range(self, client, user):
        bmi = calculate(client, "bmi", {"weight_kg": 70, "height_cm": 175})
        bp = calculate(client, "blood-pressure", {"systolic": 120, "diastolic": 80})
        old = calculate(client, "bmi", {"weight_kg": 72, "height_cm": 175})
        HealthCalculation.objects.filter(pk=old).update(created_at=timezone.now() - datetime.timedelta(days=40))
        ids = lambda query: [row["id"] for row in client.get(f"/metrics/?{query}").data["results"]]  # noqa: E731
        assert ids("calculator=bmi") == [bmi, old]
        assert ids("calculator=blood-pressure") == [bp]
        today = timezone.localdate()
        assert set(ids(f"from={today - datetime.timedelta(days=1)}")) == {bmi, bp}
        assert ids(f"to={today - datetime.timedelta(days=30)}") == [old]

    @pytest.mark.parametrize("query", ["calculator=astrology", "from=yesterday", "to=2024-13-45"])
    def test_bad_filters_are_400(self, client, query):
        response = client.get(f"/metrics/?{query}")
        assert response.status_code == 400

    def test_delete_own_only(self, client, make_user, client_for):
        own = calculate(client, "bmi", {"weight_kg": 70, "height_cm": 175})
        other_client = client_for(make_user())
        theirs = calculate(other_client, "bmi", {"weight_kg": 80, "height_cm": 175})
        assert client.delete(f"/metrics/{theirs}").status_code == 404
        assert client.get(f"/metrics/{theirs}/").status_code == 404
        assert HealthCalculation.objects.filter(pk=theirs).exists()
        assert client.delete(f"/metrics/{own}/").status_code == 204
        assert not HealthCalculation.objects.filter(pk=own).exists()

    def test_list_query_count_is_constant(self, client, user, django_assert_max_num_queries):
        for weight in range(60, 90):
            calculate(client, "bmi", {"weight_kg": weight, "height_cm": 175})
        with django_assert_max_num_queries(4):
            assert client.get("/metrics/?page_size=100").status_code == 200


class TestSummary:
    def test_latest_previous_and_trend_per_calculator(self, client):
        calculate(client, "bmi", {"weight_kg": 70, "height_cm": 175})
        calculate(client, "bmi", {"weight_kg": 75, "height_cm": 175})
        calculate(client, "egfr", {"creatinine_mg_dl": 1.2, "age": 55, "sex": "M"})
        response = client.get("/metrics/summary")
        assert response.status_code == 200
        by_name = {item["calculator"]: item for item in response.data["results"]}
        assert by_name["bmi"]["latest"]["value"] == 24.5 and by_name["bmi"]["previous"]["value"] == 22.9
        assert by_name["bmi"]["trend"] == "up" and by_name["bmi"]["change"] == 1.6
        assert by_name["egfr"]["previous"] is None and by_name["egfr"]["trend"] is None

    def test_clinic_visit_vitals_count_as_readings(self, client, user, make_user):
        patient = Patient.objects.create(
            nik="3171011501900001", name="Budi", birth_date="1990-01-15", sex="M", user=user
        )
        calculate(client, "blood-pressure", {"systolic": 150, "diastolic": 95})
        MedicalRecord.objects.create(
            patient=patient,
            visit_date=timezone.now() + datetime.timedelta(minutes=1),
            systolic=130,
            diastolic=85,
            height_cm=175,
            weight_kg=70,
        )
        by_name = {item["calculator"]: item for item in client.get("/metrics/summary").data["results"]}
        assert by_name["blood-pressure"]["latest"]["source"] == "clinic_visit"
        assert by_name["blood-pressure"]["latest"]["value"] == 130
        assert by_name["blood-pressure"]["previous"]["source"] == "calculation"
        assert by_name["blood-pressure"]["trend"] == "down"
        assert by_name["bmi"]["latest"]["value"] == 22.9 and by_name["bmi"]["latest"]["medical_record_id"]

    def test_half_measured_visits_do_not_crowd_out_readings(self, client, user):
        patient = Patient.objects.create(
            nik="3171011501900001", name="Budi", birth_date="1990-01-15", sex="M", user=user
        )
        now = timezone.now()
        MedicalRecord.objects.create(
            patient=patient, visit_date=now - datetime.timedelta(days=30), height_cm=175, weight_kg=70
        )
        MedicalRecord.objects.create(
            patient=patient, visit_date=now - datetime.timedelta(days=20), height_cm=175, weight_kg=80
        )
        for days in (1, 2):  # newer visits that weighed the patient but did not measure height
            MedicalRecord.objects.create(patient=patient, visit_date=now - datetime.timedelta(days=days), weight_kg=75)
        bmi = {item["calculator"]: item for item in client.get("/metrics/summary").data["results"]}["bmi"]
        assert (bmi["latest"]["value"], bmi["previous"]["value"]) == (26.1, 22.9)

    def test_other_peoples_readings_never_appear(self, client, make_user, client_for):
        calculate(client_for(make_user()), "bmi", {"weight_kg": 70, "height_cm": 175})
        assert client.get("/metrics/summary").data["results"] == []

    def test_summary_query_count_is_constant(self, client, django_assert_max_num_queries):
        for weight in range(60, 80):
            calculate(client, "bmi", {"weight_kg": weight, "height_cm": 175})
            calculate(client, "blood-pressure", {"systolic": 100 + weight, "diastolic": 70})
        with django_assert_max_num_queries(6):
            assert client.get("/metrics/summary").status_code == 200
