"""Search, filters and ordering; a filter narrows the caller's rows and never widens them."""

import datetime

import pytest
from django.utils import timezone

from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"]]


def at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


class TestPatientSearch:
    @pytest.fixture
    def patients(self):
        siti = factories.PatientFactory(name="Siti Aminah", bpjs_number="0001112223334")
        budi = factories.PatientFactory(name="Budi Hartono")
        return siti, budi

    def test_by_name(self, doctor_api, patients):
        siti, _ = patients
        assert ids(doctor_api.get("/patients/", {"search": "amin"})) == [siti.pk]

    def test_by_nik(self, doctor_api, patients):
        _, budi = patients
        assert ids(doctor_api.get("/patients/", {"search": budi.nik})) == [budi.pk]

    def test_by_bpjs_number(self, doctor_api, patients):
        siti, _ = patients
        assert ids(doctor_api.get("/patients/", {"search": "0001112223334"})) == [siti.pk]

    def test_voided_patients_are_not_found(self, doctor_api):
        factories.PatientFactory(name="Hilang", voided=True)
        assert ids(doctor_api.get("/patients/", {"search": "Hilang"})) == []

    def test_filters_and_ordering(self, doctor_api, make_user):
        older = factories.PatientFactory(name="Ani", sex="F", birth_date=datetime.date(1950, 3, 1))
        younger = factories.PatientFactory(name="Bayu", sex="M", birth_date=datetime.date(2010, 3, 1))
        linked = factories.PatientFactory(
            name="Citra", sex="F", birth_date=datetime.date(1980, 3, 1), user=make_user(None)
        )
        assert ids(doctor_api.get("/patients/", {"sex": "F", "ordering": "name"})) == [older.pk, linked.pk]
        assert ids(doctor_api.get("/patients/", {"birth_date_after": "2000-01-01"})) == [younger.pk]
        assert ids(doctor_api.get("/patients/", {"has_account": "true"})) == [linked.pk]
        assert ids(doctor_api.get("/patients/", {"ordering": "-birth_date"}))[0] == younger.pk


class TestMedicalRecordFilters:
    def test_by_patient_and_visit_date_range(self, doctor_api):
        patient = factories.PatientFactory()
        old = factories.MedicalRecordFactory(patient=patient, visit_date=at(40))
        recent = factories.MedicalRecordFactory(patient=patient, visit_date=at(3))
        factories.MedicalRecordFactory(visit_date=at(3))  # someone else's

        assert ids(doctor_api.get("/medical-records/", {"patient": patient.pk})) == [recent.pk, old.pk]
        after = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
        assert ids(doctor_api.get("/medical-records/", {"patient": patient.pk, "visit_date_after": after})) == [
            recent.pk
        ]
        assert ids(doctor_api.get("/medical-records/", {"patient": patient.pk, "visit_date_before": after})) == [old.pk]
        assert ids(doctor_api.get("/medical-records/", {"patient": patient.pk, "ordering": "visit_date"})) == [
            old.pk,
            recent.pk,
        ]

    def test_unknown_patient_gives_an_empty_list(self, doctor_api):
        factories.MedicalRecordFactory()
        assert ids(doctor_api.get("/medical-records/", {"patient": 999_999})) == []

    def test_created_range(self, doctor_api):
        record = factories.MedicalRecordFactory()
        today = timezone.localdate().isoformat()
        assert ids(doctor_api.get("/medical-records/", {"created_after": today})) == [record.pk]
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        assert ids(doctor_api.get("/medical-records/", {"created_before": yesterday})) == []

    def test_bad_date_is_400(self, doctor_api):
        response = doctor_api.get("/medical-records/", {"visit_date_after": "kemarin"})
        assert response.status_code == 400


class TestChildFilters:
    def test_patient_and_medical_record(self, doctor_api):
        first = factories.AllergyFactory()
        second = factories.AllergyFactory(medical_record=factories.MedicalRecordFactory(patient=first.patient))
        other = factories.AllergyFactory()
        assert set(ids(doctor_api.get("/allergies/", {"patient": first.patient_id}))) == {first.pk, second.pk}
        assert ids(doctor_api.get("/allergies/", {"medical_record": first.medical_record_id})) == [first.pk]
        assert ids(doctor_api.get("/allergies/", {"medical_record": other.medical_record_id})) == [other.pk]

    @pytest.mark.parametrize("path", ["allergies", "diagnoses", "prescriptions", "lab-results", "medical-documents"])
    def test_every_child_filters_by_patient(self, doctor_api, path):
        factory = {
            "allergies": factories.AllergyFactory,
            "diagnoses": factories.DiagnosisFactory,
            "prescriptions": factories.PrescriptionFactory,
            "lab-results": factories.LabResultFactory,
            "medical-documents": factories.MedicalDocumentFactory,
        }[path]
        mine, _ = factory(), factory()
        assert ids(doctor_api.get(f"/{path}/", {"patient": mine.patient_id})) == [mine.pk]
        assert ids(doctor_api.get(f"/{path}/", {"medical_record": mine.medical_record_id})) == [mine.pk]

    def test_allergy_severity(self, doctor_api):
        severe = factories.AllergyFactory(severity="severe")
        factories.AllergyFactory(severity="mild")
        assert ids(doctor_api.get("/allergies/", {"severity": "severe"})) == [severe.pk]

    def test_diagnosis_code_and_kind(self, doctor_api):
        diabetes = factories.DiagnosisFactory(icd10_code="E11.9")
        other_diabetes = factories.DiagnosisFactory(icd10_code="E11.6", kind="secondary")
        factories.DiagnosisFactory(icd10_code="I10")
        assert set(ids(doctor_api.get("/diagnoses/", {"icd10_code": "E11"}))) == {diabetes.pk, other_diabetes.pk}
        assert ids(doctor_api.get("/diagnoses/", {"icd10_code": "e119"})) == [diabetes.pk]
        assert ids(doctor_api.get("/diagnoses/", {"kind": "secondary"})) == [other_diabetes.pk]

    def test_lab_flag_and_resulted_range(self, doctor_api):
        critical = factories.LabResultFactory(flag="critical", resulted_at=at(2))
        old = factories.LabResultFactory(flag="normal", resulted_at=at(60))
        assert ids(doctor_api.get("/lab-results/", {"flag": "critical"})) == [critical.pk]
        cutoff = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
        assert ids(doctor_api.get("/lab-results/", {"resulted_after": cutoff})) == [critical.pk]
        assert ids(doctor_api.get("/lab-results/", {"resulted_before": cutoff})) == [old.pk]
        assert ids(doctor_api.get("/lab-results/", {"ordering": "resulted_at"})) == [old.pk, critical.pk]

    def test_prescription_medication(self, doctor_api):
        metformin = factories.PrescriptionFactory(medication="Metformin")
        factories.PrescriptionFactory(medication="Amlodipin")
        assert ids(doctor_api.get("/prescriptions/", {"medication": "metf"})) == [metformin.pk]

    def test_document_type(self, doctor_api):
        referral = factories.MedicalDocumentFactory(document_type="referral")
        factories.MedicalDocumentFactory(document_type="lab_report")
        assert ids(doctor_api.get("/medical-documents/", {"document_type": "referral"})) == [referral.pk]
        assert ids(doctor_api.get("/medical-documents/", {"has_file": "true"})) == []


class TestRelationFilters:
    def test_patient_relationship_and_can_view(self, doctor_api):
        child = factories.RelationFactory(relationship="child", can_view_records=True)
        spouse = factories.RelationFactory(relationship="spouse", can_view_records=False)
        assert ids(doctor_api.get("/relations/", {"patient": child.patient_id})) == [child.pk]
        assert ids(doctor_api.get("/relations/", {"related_patient": spouse.related_patient_id})) == [spouse.pk]
        assert ids(doctor_api.get("/relations/", {"relationship": "spouse"})) == [spouse.pk]
        assert ids(doctor_api.get("/relations/", {"can_view_records": "true"})) == [child.pk]


ID_FILTERS = [
    ("patients", "user"),
    ("medical-records", "patient"),
    ("medical-records", "attending"),
    ("allergies", "medical_record"),
    ("diagnoses", "patient"),
    ("relations", "related_patient"),
    ("audit-logs", "user"),
    ("audit-logs", "patient"),
]


@pytest.mark.parametrize(("path", "param"), ID_FILTERS)
@pytest.mark.parametrize("value", ["-6.859e+173", "1.79e+308", "1.14e+24", "9223372036854775808", "0", "-1", "1.5"])
def test_an_id_filter_outside_the_id_range_is_a_400_naming_it(admin_api, path, param, value):
    response = admin_api.get(f"/{path}/", {param: value})
    assert response.status_code == 400 and param in response.data
