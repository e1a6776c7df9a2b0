"""Every clinical rule answers 400 naming the field, and a refused write changes nothing."""

import datetime

import pytest
from django.utils import timezone

from records.models import Allergy, Diagnosis, LabResult, MedicalRecord, Patient, Relation
from records.tests import factories
from records.tests.factories import make_nik

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

BIRTH = datetime.date(1985, 8, 17)


def patient_body(**changes):
    return {
        "nik": make_nik(BIRTH, "M", serial=1),
        "bpjs_number": "0001234567890",
        "name": "Budi Santoso",
        "birth_date": BIRTH.isoformat(),
        "sex": "M",
        **changes,
    }


def iso(delta: datetime.timedelta) -> str:
    return (timezone.now() + delta).isoformat()


class TestPatient:
    def test_valid_patient_is_created(self, staff_api):
        response = staff_api.post("/patients/", patient_body())
        assert response.status_code == 201, response.data

    @pytest.mark.parametrize(
        "changes, field",
        [
            ({"nik": "31710117084500"}, "nik"),  # 14 digits
            ({"nik": "317101170845000A"}, "nik"),
            ({"nik": "9971011708850001"}, "nik"),  # no such region
            ({"nik": "3171013213850001"}, "nik"),  # month 13
            ({"nik": make_nik(BIRTH, "F", serial=1)}, "nik"),  # encodes a woman
            ({"sex": "F"}, "nik"),  # the NIK encodes a man
            ({"nik": make_nik(datetime.date(1985, 8, 18), "M", serial=1)}, "nik"),  # another day
            ({"nik": make_nik(datetime.date(1986, 8, 17), "M", serial=1)}, "nik"),  # another year
            ({"bpjs_number": "123456789012"}, "bpjs_number"),
            ({"bpjs_number": "12345678901234"}, "bpjs_number"),
            ({"bpjs_number": "12345678901AB"}, "bpjs_number"),
            ({"sex": "X"}, "sex"),
            ({"name": ""}, "name"),
            ({"blood_type": "C+"}, "blood_type"),
        ],
    )
    def test_invalid_identity_is_400(self, staff_api, changes, field):
        response = staff_api.post("/patients/", patient_body(**changes))
        assert response.status_code == 400, response.data
        assert field in response.data
        assert not Patient.all_objects.exists()

    def test_future_birth_date_is_400(self, staff_api):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        body = patient_body(birth_date=tomorrow.isoformat(), nik=make_nik(tomorrow, "M", serial=1))
        response = staff_api.post("/patients/", body)
        assert response.status_code == 400 and "birth_date" in response.data

    def test_a_woman_has_forty_added_to_the_day(self, staff_api):
        body = patient_body(sex="F", nik=make_nik(BIRTH, "F", serial=1))
        assert body["nik"][6:8] == "57"
        assert staff_api.post("/patients/", body).status_code == 201

    def test_changing_birth_date_must_still_match_the_nik(self, staff_api):
        patient = factories.PatientFactory()
        response = staff_api.patch(f"/patients/{patient.pk}", {"birth_date": "2001-01-01"})
        assert response.status_code == 400 and "nik" in response.data
        assert Patient.objects.get(pk=patient.pk).birth_date == patient.birth_date

    def test_duplicate_nik_or_bpjs_even_of_a_voided_patient_is_400(self, staff_api):
        existing = factories.PatientFactory(voided=True, **{"birth_date": BIRTH, "sex": "M"})
        existing.nik = make_nik(BIRTH, "M", serial=1)
        existing.bpjs_number = "0001234567890"
        existing.save()
        response = staff_api.post("/patients/", patient_body())
        assert response.status_code == 400
        assert "nik" in response.data and "bpjs_number" in response.data
        assert Patient.all_objects.count() == 1

    def test_blank_bpjs_number_means_none(self, staff_api):
        first = staff_api.post("/patients/", patient_body(bpjs_number=""))
        second_nik = make_nik(BIRTH, "M", serial=2)
        second = staff_api.post("/patients/", patient_body(bpjs_number="", nik=second_nik))
        assert first.status_code == second.status_code == 201
        assert first.data["bpjs_number"] is None


class TestMedicalRecord:
    def body(self, patient, **changes):
        return {"patient": patient.pk, "visit_date": iso(-datetime.timedelta(hours=2)), **changes}

    def test_valid_vitals_are_accepted(self, doctor_api):
        patient = factories.PatientFactory()
        vitals = {
            "height_cm": "170.5",
            "weight_kg": "0.5",
            "systolic": 300,
            "diastolic": 200,
            "heart_rate": 20,
            "temperature_c": "45.0",
            "spo2": 100,
        }
        response = doctor_api.post("/medical-records/", self.body(patient, **{**vitals, "systolic": 210}))
        assert response.status_code == 201, response.data

    @pytest.mark.parametrize(
        "field, value",
        [
            ("height_cm", "29.9"),
            ("height_cm", "250.1"),
            ("weight_kg", "0.4"),
            ("weight_kg", "400.1"),
            ("systolic", 49),
            ("systolic", 301),
            ("diastolic", 19),
            ("diastolic", 201),
            ("heart_rate", 19),
            ("heart_rate", 301),
            ("temperature_c", "29.9"),
            ("temperature_c", "45.1"),
            ("spo2", 49),
            ("spo2", 101),
            ("spo2", -1),
        ],
    )
    def test_vitals_out_of_range_are_400(self, doctor_api, field, value):
        response = doctor_api.post("/medical-records/", self.body(factories.PatientFactory(), **{field: value}))
        assert response.status_code == 400, response.data
        assert field in response.data
        assert not MedicalRecord.all_objects.exists()

    def test_diastolic_must_be_below_systolic(self, doctor_api):
        response = doctor_api.post(
            "/medical-records/", self.body(factories.PatientFactory(), systolic=120, diastolic=120)
        )
        assert response.status_code == 400 and "diastolic" in response.data

    def test_small_clock_skew_is_allowed_but_the_future_is_not(self, doctor_api):
        patient = factories.PatientFactory()
        ahead = doctor_api.post("/medical-records/", self.body(patient, visit_date=iso(datetime.timedelta(minutes=1))))
        assert ahead.status_code == 201, ahead.data
        future = doctor_api.post("/medical-records/", self.body(patient, visit_date=iso(datetime.timedelta(hours=2))))
        assert future.status_code == 400 and "visit_date" in future.data

    def test_visit_before_birth_is_400(self, doctor_api):
        patient = factories.PatientFactory(birth_date=datetime.date(2000, 1, 1))
        before = datetime.datetime(1999, 12, 31, 10, tzinfo=datetime.UTC).isoformat()
        response = doctor_api.post("/medical-records/", self.body(patient, visit_date=before))
        assert response.status_code == 400 and "visit_date" in response.data

    def test_voided_patient_is_an_unknown_patient(self, doctor_api):
        patient = factories.PatientFactory(voided=True)
        response = doctor_api.post("/medical-records/", self.body(patient))
        assert response.status_code == 400 and "patient" in response.data
        assert not MedicalRecord.all_objects.exists()

    def test_patch_is_validated_as_a_whole(self, doctor_api):
        record = factories.MedicalRecordFactory(systolic=120, diastolic=80)
        response = doctor_api.patch(f"/medical-records/{record.pk}", {"diastolic": 130})
        assert response.status_code == 400 and "diastolic" in response.data
        record.refresh_from_db()
        assert record.diastolic == 80


class TestDiagnosis:
    @pytest.mark.parametrize("code", ["E11.9", "E119", "e11.9", " E119 "])
    def test_code_is_normalised_and_described(self, doctor_api, visit, code):
        response = doctor_api.post("/diagnoses/", {"medical_record": visit.pk, "icd10_code": code})
        assert response.status_code == 201, response.data
        assert response.data["icd10_code"] == "E11.9"
        assert response.data["description"] == "Type 2 diabetes mellitus without complications"

    def test_a_given_description_is_kept(self, doctor_api, visit):
        body = {"medical_record": visit.pk, "icd10_code": "I10", "description": "Hipertensi"}
        assert doctor_api.post("/diagnoses/", body).data["description"] == "Hipertensi"

    @pytest.mark.parametrize("code", ["E11.99", "XYZ", "A00-A09", "I", "", "J45.909"])
    def test_unknown_codes_are_400(self, doctor_api, visit, code):
        response = doctor_api.post("/diagnoses/", {"medical_record": visit.pk, "icd10_code": code})
        assert response.status_code == 400 and "icd10_code" in response.data
        assert not Diagnosis.all_objects.exists()

    def test_update_is_checked_too(self, doctor_api):
        diagnosis = factories.DiagnosisFactory()
        response = doctor_api.patch(f"/diagnoses/{diagnosis.pk}", {"icd10_code": "Q99.99"})
        assert response.status_code == 400 and "icd10_code" in response.data
        diagnosis.refresh_from_db()
        assert diagnosis.icd10_code == "E11.9"


class TestChildAttachment:
    def test_child_on_a_voided_visit_is_400(self, doctor_api):
        record = factories.MedicalRecordFactory(voided=True)
        response = doctor_api.post("/allergies/", {"medical_record": record.pk, "allergen": "X", "severity": "mild"})
        assert response.status_code == 400 and "medical_record" in response.data
        assert not Allergy.all_objects.exists()

    def test_child_on_a_visit_of_a_voided_patient_is_400(self, doctor_api):
        record = factories.MedicalRecordFactory(patient=factories.PatientFactory(voided=True))
        response = doctor_api.post("/allergies/", {"medical_record": record.pk, "allergen": "X", "severity": "mild"})
        assert response.status_code == 400 and "medical_record" in response.data

    def test_child_on_an_unknown_visit_is_400(self, doctor_api):
        response = doctor_api.post("/allergies/", {"medical_record": 987_654, "allergen": "X", "severity": "mild"})
        assert response.status_code == 400 and "medical_record" in response.data

    def test_bad_choice_is_400(self, doctor_api, visit):
        response = doctor_api.post("/allergies/", {"medical_record": visit.pk, "allergen": "X", "severity": "fatal"})
        assert response.status_code == 400 and "severity" in response.data


class TestLabResult:
    def test_future_result_time_is_400(self, staff_api, visit):
        body = {"medical_record": visit.pk, "test_name": "Hb", "resulted_at": iso(datetime.timedelta(days=1))}
        response = staff_api.post("/lab-results/", body)
        assert response.status_code == 400 and "resulted_at" in response.data
        assert not LabResult.all_objects.exists()

    @pytest.mark.parametrize("resulted_at", ["0253-06-09T08:46:32Z", "1899-12-31T23:00:00+07:00"])
    def test_a_result_time_before_1900_is_400(self, staff_api, visit, resulted_at):
        body = {"medical_record": visit.pk, "test_name": "Hb", "resulted_at": resulted_at}
        response = staff_api.post("/lab-results/", body)
        assert response.status_code == 400 and "resulted_at" in response.data
        assert not LabResult.all_objects.exists()

    def test_bad_flag_and_value_are_400(self, staff_api, visit):
        body = {"medical_record": visit.pk, "test_name": "Hb", "flag": "weird", "value": "abc"}
        response = staff_api.post("/lab-results/", body)
        assert response.status_code == 400 and {"flag", "value"} <= set(response.data)


class TestRelation:
    def test_a_patient_cannot_be_related_to_themselves(self, staff_api):
        patient = factories.PatientFactory()
        body = {"patient": patient.pk, "related_patient": patient.pk, "relationship": "other"}
        response = staff_api.post("/relations/", body)
        assert response.status_code == 400 and "related_patient" in response.data
        assert not Relation.all_objects.exists()

    def test_no_duplicate_live_relation_for_the_same_pair(self, staff_api):
        relation = factories.RelationFactory()
        body = {"patient": relation.patient_id, "related_patient": relation.related_patient_id, "relationship": "other"}
        response = staff_api.post("/relations/", body)
        assert response.status_code == 400 and "related_patient" in response.data
        assert Relation.all_objects.count() == 1

    def test_a_voided_relation_does_not_block_a_new_one(self, staff_api):
        relation = factories.RelationFactory(voided=True)
        body = {"patient": relation.patient_id, "related_patient": relation.related_patient_id, "relationship": "other"}
        assert staff_api.post("/relations/", body).status_code == 201

    def test_the_reverse_direction_is_a_different_relation(self, staff_api):
        relation = factories.RelationFactory()
        body = {
            "patient": relation.related_patient_id,
            "related_patient": relation.patient_id,
            "relationship": "parent",
        }
        assert staff_api.post("/relations/", body).status_code == 201

    def test_a_voided_patient_cannot_be_related(self, staff_api):
        body = {
            "patient": factories.PatientFactory().pk,
            "related_patient": factories.PatientFactory(voided=True).pk,
            "relationship": "child",
        }
        response = staff_api.post("/relations/", body)
        assert response.status_code == 400 and "related_patient" in response.data

    def test_update_into_a_self_link_is_400(self, staff_api):
        relation = factories.RelationFactory()
        response = staff_api.patch(f"/relations/{relation.pk}", {"related_patient": relation.patient_id})
        assert response.status_code == 400 and "related_patient" in response.data
        relation.refresh_from_db()
        assert relation.related_patient_id != relation.patient_id
