"""The Django admin (staff dashboard): role rules as in the API, voiding instead of deleting, history, i18n."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.widgets import AdminSplitDateTime
from django.forms import CheckboxInput, FileInput
from django.urls import reverse
from django.utils import timezone

from conftest import DEFAULT_PASSWORD
from records.admin import ADMIN_VOID_REASON
from records.models import (
    Allergy,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

MODELS = [
    "patient",
    "medicalrecord",
    "diagnosis",
    "prescription",
    "allergy",
    "labresult",
    "medicaldocument",
    "relation",
]


@pytest.fixture
def doctor(make_user):
    return make_user("doctor", nama="dr. Andi")


@pytest.fixture
def staff(make_user):
    return make_user("staff")


@pytest.fixture
def clinic_admin(make_user):
    return make_user("admin")


@pytest.fixture
def chart(doctor):
    """A patient with one visit that produced one row of every kind, plus a family link."""
    patient = Patient.objects.create(
        nik="3171014508850001", bpjs_number="0001234567890", name="Siti Rahayu", birth_date="1985-08-05", sex="F"
    )
    spouse = Patient.objects.create(nik="3171011203830002", name="Budi Santoso", birth_date="1983-03-12", sex="M")
    record = MedicalRecord.objects.create(
        patient=patient,
        visit_date=timezone.make_aware(dt.datetime(2024, 3, 5, 9, 30)),
        facility="Klinik Pratama Sehat",
        attending=doctor.petugas,
        chief_complaint="Batuk tiga hari",
        systolic=120,
        diastolic=80,
        temperature_c=Decimal("37.9"),
    )
    rows = {
        "patient": patient,
        "medicalrecord": record,
        "diagnosis": Diagnosis.objects.create(medical_record=record, icd10_code="J06.9", description="ISPA"),
        "prescription": Prescription.objects.create(medical_record=record, medication="Parasetamol 500 mg"),
        "allergy": Allergy.objects.create(medical_record=record, allergen="Udang", severity="mild"),
        "labresult": LabResult.objects.create(medical_record=record, test_name="Leukosit", value=Decimal("11.2")),
        "medicaldocument": MedicalDocument.objects.create(medical_record=record, title="Surat sakit", content="3 hari"),
        "relation": Relation.objects.create(patient=patient, related_patient=spouse, relationship="spouse"),
    }
    return rows


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:records_{model}_{view}", args=args)


def logged_in(client, user):
    client.force_login(user)
    return client


def form_data(response) -> dict:
    """POST data that re-submits a change page as rendered (main form and every inline formset)."""
    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            key, value, widget = form.add_prefix(name), form[name].value(), field.widget
            if isinstance(widget, AdminSplitDateTime):
                if value:
                    value = timezone.localtime(value) if isinstance(value, dt.datetime) else value
                    data[f"{key}_0"], data[f"{key}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
            elif isinstance(widget, FileInput):
                continue
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = getattr(value, "pk", value)

    add_form(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):  # none on a history version
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add_form(form)
    return data


@pytest.mark.parametrize("model", MODELS)
def test_doctor_opens_every_changelist_add_and_change_page(client, doctor, chart, model):
    logged_in(client, doctor)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", chart[model].pk)).status_code == 200
    # Relations are read-only for doctors (the API's matrix); everything else they may add.
    assert client.get(admin_url(model, "add")).status_code == (403 if model == "relation" else 200)


def test_patient_page_lists_visits_with_links(client, doctor, chart):
    response = logged_in(client, doctor).get(admin_url("patient", "change", chart["patient"].pk))
    content = response.content.decode()
    assert admin_url("medicalrecord", "change", chart["medicalrecord"].pk) in content
    assert "J06.9" in content and "Batuk tiga hari" in content


def test_search_by_name_nik_and_bpjs(client, doctor, chart):
    logged_in(client, doctor)
    for term in ("Rahayu", "3171014508850001", "0001234567890"):
        response = client.get(admin_url("patient", "changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [chart["patient"]], term


def test_staff_may_only_view_visits_and_diagnoses(client, staff, chart):
    logged_in(client, staff)
    assert client.get(admin_url("diagnosis", "add")).status_code == 403
    assert client.get(admin_url("medicalrecord", "add")).status_code == 403
    assert client.get(admin_url("diagnosis", "change", chart["diagnosis"].pk)).status_code == 200  # view only
    response = client.post(admin_url("diagnosis", "change", chart["diagnosis"].pk), {"icd10_code": "A00"})
    assert response.status_code == 403
    assert Diagnosis.objects.get(pk=chart["diagnosis"].pk).icd10_code == "J06.9"
    # ...but staff do manage allergies and lab results.
    assert client.get(admin_url("allergy", "add")).status_code == 200


def test_doctor_cannot_delete(client, doctor, chart):
    logged_in(client, doctor)
    url = admin_url("diagnosis", "delete", chart["diagnosis"].pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert not Diagnosis.all_objects.get(pk=chart["diagnosis"].pk).voided


def test_patient_account_cannot_sign_in(client, make_user, chart):
    patient_user = make_user()  # a mobile account: no petugas
    response = client.post(
        reverse("admin:login"), {"username": patient_user.email, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 200 and response.context["form"].errors  # stays on the login page
    logged_in(client, patient_user)
    response = client.get(admin_url("patient", "changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_void_in_the_dashboard_hides_the_visit_and_what_it_produced_as_the_api_does(
    client, clinic_admin, doctor, chart
):
    record = chart["medicalrecord"]
    response = logged_in(client, clinic_admin).post(admin_url("medicalrecord", "delete", record.pk), {"post": "yes"})

    assert response.status_code == 302
    voided = MedicalRecord.all_objects.get(pk=record.pk)
    assert voided.voided and voided.voided_by == clinic_admin and voided.void_reason == ADMIN_VOID_REASON
    assert voided.voided_at is not None
    assert not MedicalRecord.objects.filter(pk=record.pk).exists()
    # What the visit produced is kept as it was (un-voiding would bring it back) but is no longer live:
    # the dashboard's lists leave it out for doctors, as the API does.
    logged_in(client, doctor)
    for name in ("diagnosis", "prescription", "allergy", "labresult", "medicaldocument"):
        row = chart[name]
        row.refresh_from_db()
        assert not row.voided, name
        listed = client.get(admin_url(name, "changelist")).context["cl"].result_list
        assert row.pk not in {shown.pk for shown in listed}, name
    assert Patient.objects.filter(pk=chart["patient"].pk).exists()  # the patient stays


def test_delete_confirmation_page_is_not_blocked_by_protected_rows(client, clinic_admin, chart):
    response = logged_in(client, clinic_admin).get(admin_url("patient", "delete", chart["patient"].pk))
    assert response.status_code == 200 and not response.context["protected"]


def test_bulk_delete_action_voids(client, clinic_admin, chart):
    logged_in(client, clinic_admin)
    response = client.post(
        admin_url("patient", "changelist"),
        {"action": "delete_selected", "_selected_action": [chart["patient"].pk], "post": "yes"},
    )
    assert response.status_code == 302
    patient = Patient.all_objects.get(pk=chart["patient"].pk)
    assert patient.voided and patient.voided_by == clinic_admin
    # As through the API: the visits and family links stay as they were, no longer live.
    assert not MedicalRecord.objects.filter(patient__voided=False, pk=chart["medicalrecord"].pk).exists()
    assert not Relation.all_objects.get(pk=chart["relation"].pk).voided


def test_admins_see_voided_rows_doctors_do_not(client, clinic_admin, doctor, chart):
    Patient.all_objects.filter(pk=chart["patient"].pk).update(voided=True)
    url = admin_url("patient", "changelist")

    admin_rows = logged_in(client, clinic_admin).get(url, {"voided__exact": "1"}).context["cl"].result_list
    assert list(admin_rows) == [chart["patient"]]
    doctor_response = logged_in(client, doctor).get(url)
    assert chart["patient"] not in doctor_response.context["cl"].result_list
    assert "voided" not in doctor_response.context["cl"].list_display
    assert client.get(admin_url("patient", "change", chart["patient"].pk)).status_code == 302  # "does not exist"
    history = chart["patient"].history.first()
    assert client.get(admin_url("patient", "history", chart["patient"].pk)).status_code == 404
    assert client.get(f"{admin_url('patient', 'history', chart['patient'].pk)}{history.history_id}/").status_code == 404


def test_doctor_edit_keeps_history_and_sets_authorship(client, doctor, chart):
    record = chart["medicalrecord"]
    url = admin_url("medicalrecord", "change", record.pk)
    logged_in(client, doctor)
    data = form_data(client.get(url))
    data["chief_complaint"] = "Batuk dan demam tiga hari"
    data["diagnoses-0-DELETE"] = "on"  # doctors may not delete: the inline has no delete box, this is ignored

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    record.refresh_from_db()
    assert record.chief_complaint == "Batuk dan demam tiga hari" and record.updated_by == doctor
    assert not Diagnosis.all_objects.get(pk=chart["diagnosis"].pk).voided
    assert record.history.count() == 2 and record.history.first().history_user == doctor
    history_page = client.get(admin_url("medicalrecord", "history", record.pk))
    assert history_page.status_code == 200 and doctor.email in history_page.content.decode()


def test_inline_delete_box_voids(client, clinic_admin, chart):
    url = admin_url("medicalrecord", "change", chart["medicalrecord"].pk)
    logged_in(client, clinic_admin)
    data = form_data(client.get(url))
    data["diagnoses-0-DELETE"] = "on"

    assert client.post(url, data).status_code == 302
    diagnosis = Diagnosis.all_objects.get(pk=chart["diagnosis"].pk)
    assert diagnosis.voided and diagnosis.voided_by == clinic_admin and diagnosis.void_reason == ADMIN_VOID_REASON


def test_doctor_adds_a_diagnosis_with_authorship(client, doctor, chart):
    logged_in(client, doctor)
    response = client.post(
        admin_url("diagnosis", "add"),
        {"medical_record": chart["medicalrecord"].pk, "icd10_code": "R50.9", "description": "Demam", "kind": "primary"},
    )
    assert response.status_code == 302
    diagnosis = Diagnosis.objects.get(icd10_code="R50.9")
    assert diagnosis.created_by == doctor and diagnosis.patient == chart["patient"]


def test_history_page_works(client, clinic_admin, chart):
    response = logged_in(client, clinic_admin).get(admin_url("patient", "history", chart["patient"].pk))
    assert response.status_code == 200 and "Siti Rahayu" in response.content.decode()


def test_labels_are_indonesian_by_default_and_english_on_request(client, doctor, chart):
    logged_in(client, doctor)
    url = admin_url("medicalrecord", "change", chart["medicalrecord"].pk)

    indonesian = client.get(url).content.decode()
    assert "Keluhan utama" in indonesian and "Tanda vital" in indonesian and "Diagnosis" in indonesian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Chief complaint" in english and "Vital signs" in english and "Keluhan utama" not in english
