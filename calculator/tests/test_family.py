"""Measurements for the family (issue #11): results about a patient in scope, filtered by ?patient=."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calculator.models import HealthCalculation
from records.models import AuditLog
from records.tests.factories import MedicalRecordFactory, PatientFactory, RelationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]

BMI = {"weight_kg": 70, "height_cm": 175}


def child_growth_body(**extra):
    return {"weight_kg": 12.2, "length_cm": 87, "measured": "standing", **extra}


@pytest.fixture
def parent(make_user):
    return make_user()


@pytest.fixture
def parent_patient(parent):
    return PatientFactory(user=parent, birth_date=datetime.date(1990, 5, 1), sex="F")


@pytest.fixture
def child(parent_patient):
    today = timezone.localdate()
    born = today - datetime.timedelta(days=731)  # 24 months: round-half-up(24 × 30.4375) days
    kid = PatientFactory(birth_date=born, sex="M", name="Anak Budi")
    RelationFactory(patient=parent_patient, related_patient=kid, relationship="child", can_view_records=True)
    return kid


@pytest.fixture
def client(parent, parent_patient, client_for):
    return client_for(parent)


def post(client, name, body, **extra):
    return client.post(f"/calculator/{name}", body, format="json", **extra)


class TestSavingForSomeone:
    def test_parent_saves_a_childs_measurement(self, client, parent, child):
        response = post(client, "child-growth", child_growth_body(patient=child.pk, sex="M", age_months=24))
        assert response.status_code == 200, response.data
        assert response.data["patient"] == child.pk
        saved = HealthCalculation.objects.get(pk=response.data["id"])
        assert (saved.user, saved.patient) == (parent, child)

    def test_without_patient_the_result_is_the_callers_own(self, client, parent_patient):
        response = post(client, "bmi", BMI)
        assert response.data["patient"] == parent_patient.pk
        assert HealthCalculation.objects.get(pk=response.data["id"]).patient == parent_patient

    def test_an_unlinked_account_saves_with_no_patient(self, make_user, client_for):
        response = post(client_for(make_user()), "bmi", BMI)
        assert response.status_code == 200 and response.data["patient"] is None

    @pytest.mark.parametrize("can_view", [False, None])
    def test_patient_out_of_scope_is_404_and_nothing_saved(self, client, parent_patient, can_view):
        stranger = PatientFactory()
        if can_view is False:  # a relation that does not grant viewing is no scope either
            RelationFactory(patient=parent_patient, related_patient=stranger, can_view_records=False)
        response = post(client, "bmi", {**BMI, "patient": stranger.pk})
        assert response.status_code == 404
        assert not HealthCalculation.objects.exists()

    def test_unknown_and_voided_patients_are_404(self, client, child):
        assert post(client, "bmi", {**BMI, "patient": 999_999}).status_code == 404
        child.voided = True
        child.save()
        assert post(client, "bmi", {**BMI, "patient": child.pk}).status_code == 404

    @pytest.mark.parametrize("value", ["abc", 0, -3, True, 1.5])
    def test_malformed_patient_is_400(self, client, value):
        response = post(client, "bmi", {**BMI, "patient": value})
        assert response.status_code == 400 and "patient" in response.data

    def test_no_token_is_401(self, api_client, child):
        assert post(api_client, "bmi", {**BMI, "patient": child.pk}).status_code == 401

    @pytest.mark.parametrize("role", ["doctor", "staff", "admin"])
    def test_petugas_may_name_any_live_patient(self, make_user, client_for, child, role):
        response = post(client_for(make_user(role)), "child-growth", child_growth_body(patient=child.pk))
        assert response.status_code == 200, response.data
        assert response.data["patient"] == child.pk

    def test_naming_a_patient_is_audited_as_a_read(self, client, parent, child):
        post(client, "bmi", {**BMI, "patient": child.pk, "save": False})
        entry = AuditLog.objects.get(patient=child)
        assert (entry.user, entry.action, entry.resource) == (parent, "read", "records.patient")


class TestChildGrowthFromTheRecord:
    def test_sex_and_birth_date_come_from_the_record(self, client, child):
        response = post(client, "child-growth", child_growth_body(patient=child.pk))
        assert response.status_code == 200, response.data
        inputs = response.data["inputs"]
        assert inputs["sex"] == "male" and inputs["birth_date"] == child.birth_date.isoformat()
        assert response.data["result"]["age_days"] == 731
        # Boy, 24 months, 12.2 kg: the documented worked example, now from the record.
        assert response.data["result"]["indicators"]["weight_for_age"]["z"] == 0.03

    def test_agreeing_explicit_inputs_are_accepted(self, client, child):
        body = child_growth_body(patient=child.pk, sex="L", birth_date=child.birth_date.isoformat())
        assert post(client, "child-growth", body).status_code == 200
        assert post(client, "child-growth", child_growth_body(patient=child.pk, age_months=24)).status_code == 200

    @pytest.mark.parametrize(
        "extra, field",
        [
            ({"sex": "F"}, "sex"),
            ({"birth_date": "2020-01-01"}, "birth_date"),
            ({"age_months": 30}, "age_months"),
        ],
    )
    def test_inputs_that_contradict_the_record_are_400(self, client, child, extra, field):
        response = post(client, "child-growth", child_growth_body(patient=child.pk, **extra))
        assert response.status_code == 400 and field in response.data
        assert not HealthCalculation.objects.exists()

    def test_a_patient_older_than_60_months_is_400(self, client, parent_patient):
        response = post(client, "child-growth", child_growth_body(patient=parent_patient.pk))
        assert response.status_code == 400 and "birth_date" in response.data


class TestOtherChildCalculatorsFromTheRecord:
    def test_head_circumference_takes_sex_and_birth_date_from_the_record(self, client, child):
        response = post(client, "head-circumference", {"head_cm": 48, "patient": child.pk})
        assert response.status_code == 200, response.data
        assert response.data["inputs"]["sex"] == "male"
        assert response.data["inputs"]["birth_date"] == child.birth_date.isoformat()
        assert response.data["result"]["age_days"] == 731
        assert HealthCalculation.objects.get(pk=response.data["id"]).patient == child

    def test_head_circumference_contradicting_the_record_is_400(self, client, child):
        response = post(client, "head-circumference", {"head_cm": 48, "sex": "F", "patient": child.pk})
        assert response.status_code == 400 and "sex" in response.data

    def test_immunisation_schedule_for_a_dependent_child(self, client, child):
        response = post(client, "immunisation", {"patient": child.pk, "mr_doses": 2, "dpt_hb_hib_doses": 4})
        assert response.status_code == 200, response.data
        assert response.data["inputs"]["birth_date"] == child.birth_date.isoformat()
        assert response.data["patient"] == child.pk

    def test_immunisation_for_an_adult_patient_is_400(self, client, parent_patient):
        response = post(client, "immunisation", {"patient": parent_patient.pk})
        assert response.status_code == 400 and "birth_date" in response.data


class TestMetricsByPatient:
    def test_history_filters_by_patient(self, client, parent, parent_patient, child, make_user, client_for):
        own = post(client, "bmi", BMI).data["id"]
        kid = post(client, "child-growth", child_growth_body(patient=child.pk)).data["id"]
        # The other parent measured the same child: it is the child's measurement too.
        other_parent = make_user()
        other_patient = PatientFactory(user=other_parent)
        RelationFactory(patient=other_patient, related_patient=child)
        theirs = post(client_for(other_parent), "child-growth", child_growth_body(patient=child.pk)).data["id"]

        ids = lambda query: [row["id"] for row in client.get(f"/metrics/{query}").data["results"]]  # noqa: E731
        assert ids("") == [kid, own]  # what the caller saved
        assert ids(f"?patient={child.pk}") == [theirs, kid]
        assert ids(f"?patient={parent_patient.pk}") == [own]
        assert ids(f"?patient={child.pk}&calculator=bmi") == []
        rows = client.get(f"/metrics/?patient={child.pk}").data["results"]
        assert {row["patient"] for row in rows} == {child.pk}
        # A row about a patient in scope can be read, but only its author deletes it.
        assert client.get(f"/metrics/{theirs}/").status_code == 200
        assert client.delete(f"/metrics/{theirs}/").status_code == 404

    def test_rows_saved_before_the_account_was_linked_count_as_own(self, parent, client, parent_patient):
        unlinked = HealthCalculation.objects.create(
            user=parent, calculator="bmi", inputs=BMI, result={"value": 22.9}, primary_value=22.9
        )
        response = client.get(f"/metrics/?patient={parent_patient.pk}")
        assert [row["id"] for row in response.data["results"]] == [unlinked.pk]

    @pytest.mark.parametrize("path", ["/metrics/", "/metrics/summary"])
    def test_out_of_scope_patient_is_404(self, client, parent_patient, path):
        stranger = PatientFactory()
        HealthCalculation.objects.create(
            user=stranger_user(stranger), patient=stranger, calculator="bmi", inputs=BMI, result={}, primary_value=1
        )
        response = client.get(f"{path}?patient={stranger.pk}")
        assert response.status_code == 404
        assert "results" not in response.data

    @pytest.mark.parametrize("path", ["/metrics/", "/metrics/summary"])
    @pytest.mark.parametrize("value", ["abc", "0", "-1"])
    def test_malformed_patient_filter_is_400(self, client, path, value):
        response = client.get(f"{path}?patient={value}")
        assert response.status_code == 400 and "patient" in response.data

    def test_summary_is_per_person(self, client, parent_patient, child):
        post(client, "bmi", BMI)
        post(client, "child-growth", child_growth_body(patient=child.pk, weight_kg=11))
        post(client, "child-growth", child_growth_body(patient=child.pk, weight_kg=12.2))
        own = {item["calculator"] for item in client.get("/metrics/summary").data["results"]}
        assert own == {"bmi"}
        kid = {item["calculator"]: item for item in client.get(f"/metrics/summary?patient={child.pk}").data["results"]}
        assert set(kid) == {"child-growth"}
        assert kid["child-growth"]["trend"] == "up" and kid["child-growth"]["latest"]["value"] == 0.03

    def test_clinic_vitals_count_for_the_patient_they_belong_to(self, client, parent_patient, child):
        now = timezone.now()
        MedicalRecordFactory(patient=parent_patient, visit_date=now, systolic=128, diastolic=82)
        MedicalRecordFactory(patient=child, visit_date=now, systolic=95, diastolic=60, height_cm=87, weight_kg=12.2)
        own = {item["calculator"]: item for item in client.get("/metrics/summary").data["results"]}
        kid = {item["calculator"]: item for item in client.get(f"/metrics/summary?patient={child.pk}").data["results"]}
        assert own["blood-pressure"]["latest"]["value"] == 128
        assert kid["blood-pressure"]["latest"]["value"] == 95
        assert kid["blood-pressure"]["latest"]["source"] == "clinic_visit"
        assert "bmi" not in kid  # adult BMI is not a child's reading

    def test_petugas_summary_of_a_patient(self, make_user, client_for, child):
        MedicalRecordFactory(patient=child, systolic=100, diastolic=65)
        response = client_for(make_user("doctor")).get(f"/metrics/summary?patient={child.pk}")
        assert response.status_code == 200
        assert response.data["results"][0]["latest"]["value"] == 100

    @pytest.mark.parametrize(
        "path",
        [
            "/metrics/?patient={child}&page_size=100",
            "/metrics/summary?patient={child}",
            "/metrics/child-growth/chart?patient={child}&indicator=weight_for_age",
            "/metrics/trend/chart?calculator=blood-pressure&patient={child}",
        ],
    )
    def test_query_counts_do_not_grow_with_the_history(self, client, child, path):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path.format(child=child.pk)).status_code == 200
            return len(captured)

        def add_measurement(weight):
            post(client, "child-growth", child_growth_body(patient=child.pk, weight_kg=weight))
            post(client, "blood-pressure", {"systolic": 100, "diastolic": 60, "patient": child.pk})
            MedicalRecordFactory(patient=child, systolic=100, diastolic=60)

        add_measurement(10)
        few = queries()
        for weight in (10.5, 11, 11.5, 12, 12.5, 13, 13.5):
            add_measurement(weight)
        assert queries() == few
        assert few <= 9  # auth, scope (its ids read first), audit insert, then one or two reads per source


def stranger_user(patient):
    from accounts.models import User

    user = User.objects.create_user(email=f"stranger{patient.pk}@example.id", password="x" * 12, full_name="X")
    patient.user = user
    patient.save()
    return user


def test_the_calculator_list_describes_patient_and_save(client):
    for calculator in client.get("/calculator/", HTTP_ACCEPT_LANGUAGE="en").data["results"]:
        by_name = {item["name"]: item for item in calculator["inputs"]}
        assert by_name["patient"]["type"] == "integer" and by_name["patient"]["required"] is False
        assert by_name["patient"]["option"] is True and "404" in by_name["patient"]["help"]
        assert by_name["save"]["default"] is True
    growth = next(c for c in client.get("/calculator/").data["results"] if c["name"] == "child-growth")
    sex = next(item for item in growth["inputs"] if item["name"] == "sex")
    assert "data pasien" in sex["help"]
