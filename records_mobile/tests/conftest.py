"""A small world for the patients' service: a family, a stranger, accounts and clients for each caller."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from records.models import Patient, ReleaseState
from records.tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents land in the test's own directory, never in var/; the service is :8003."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVICE_NAME = "records_mobile"


@dataclass
class Chart:
    """One patient's rows: a visit with one of everything, plus a held lab result and a held document."""

    patient: Patient
    visit: object
    allergy: object
    diagnosis: object
    prescription: object
    lab: object
    document: object
    held_lab: object
    held_document: object
    relation: object  # a family link where this patient is the viewer

    @property
    def rows(self) -> dict:
        return {
            "medical-records": self.visit,
            "allergies": self.allergy,
            "diagnoses": self.diagnosis,
            "prescriptions": self.prescription,
            "lab-results": self.lab,
            "medical-documents": self.document,
            "relations": self.relation,
        }


def make_chart(patient: Patient | None = None, **patient_fields) -> Chart:
    patient = patient or factories.PatientFactory(**patient_fields)
    visit = factories.MedicalRecordFactory(patient=patient)
    document = factories.MedicalDocumentFactory(medical_record=visit)
    document.file.save("surat.txt", ContentFile(f"Surat untuk {patient.name}".encode()), save=False)
    document.file_content_type = "text/plain"
    document.original_filename = "surat.txt"
    document.save()
    held_document = factories.MedicalDocumentFactory(
        medical_record=visit, title="Hasil biopsi (ditahan)", release_state=ReleaseState.HELD
    )
    held_document.file.save("biopsi.txt", ContentFile(b"HELD CONTENT"), save=False)
    held_document.file_content_type = "text/plain"
    held_document.save()
    return Chart(
        patient=patient,
        visit=visit,
        allergy=factories.AllergyFactory(medical_record=visit),
        diagnosis=factories.DiagnosisFactory(medical_record=visit),
        prescription=factories.PrescriptionFactory(medical_record=visit),
        lab=factories.LabResultFactory(medical_record=visit),
        document=document,
        held_lab=factories.LabResultFactory(medical_record=visit, test_name="Biopsi (ditahan)", release_state="held"),
        held_document=held_document,
        # Scope is not transitive: whoever may view this patient does not see this relation's patient.
        relation=factories.RelationFactory(patient=patient, relationship="sibling", can_view_records=True),
    )


@dataclass
class World:
    account: object  # the parent's mobile account
    own: Chart
    child: Chart  # relation with can_view_records=True
    no_consent: Chart  # relation with can_view_records=False
    revoked: Chart  # relation voided after consent
    flipped: Chart  # relation whose consent was switched off
    stranger: Chart  # another family, with its own account
    stranger_account: object
    unlinked_account: object  # an account with no patient
    relations: dict


@pytest.fixture
def world(make_user) -> World:
    account = make_user(None)
    own = make_chart(user=account)
    child, no_consent, revoked, flipped = make_chart(), make_chart(), make_chart(), make_chart()
    relations = {
        "child": factories.RelationFactory(patient=own.patient, related_patient=child.patient, can_view_records=True),
        "no_consent": factories.RelationFactory(
            patient=own.patient, related_patient=no_consent.patient, can_view_records=False
        ),
        "revoked": factories.RelationFactory(patient=own.patient, related_patient=revoked.patient),
        "flipped": factories.RelationFactory(patient=own.patient, related_patient=flipped.patient),
    }
    relations["revoked"].voided = True
    relations["revoked"].save()
    relations["flipped"].can_view_records = False
    relations["flipped"].save()
    stranger_account = make_user(None)
    stranger = make_chart(user=stranger_account)
    # The stranger may view our child too: that must not widen the stranger's view of us, or ours of them.
    factories.RelationFactory(patient=stranger.patient, related_patient=child.patient, can_view_records=True)
    return World(
        account=account,
        own=own,
        child=child,
        no_consent=no_consent,
        revoked=revoked,
        flipped=flipped,
        stranger=stranger,
        stranger_account=stranger_account,
        unlinked_account=make_user(None),
        relations=relations,
    )


@pytest.fixture
def expired_client():
    """expired_client(user) -> a client whose access token expired a minute ago."""

    def factory(user) -> APIClient:
        token = AccessToken.for_user(user)
        token.set_exp(lifetime=-datetime.timedelta(minutes=1))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return factory
