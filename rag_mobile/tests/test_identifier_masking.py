"""Issue 19 item 1 on :8004: answers and sources never carry a dependent's NIK, BPJS number or birth date."""

import pytest

from records.tests.factories import MedicalRecordFactory, PatientFactory, RelationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.rag_mobile")]


@pytest.mark.parametrize("asked_for", ["child", "all"])
def test_a_parents_question_never_returns_the_childs_identifiers(make_user, client_for, reindex, asked_for):
    account = make_user()
    own = PatientFactory(user=account, name="Budi Santoso")
    child = PatientFactory(name="Ani Santoso")
    RelationFactory(patient=own, related_patient=child, can_view_records=True)
    born = child.birth_date.strftime("%d-%m-%Y")
    nik = " ".join(child.nik[i : i + 4] for i in range(0, 16, 4))
    MedicalRecordFactory(
        patient=child,
        chief_complaint="Rujukan imunisasi",
        notes=f"Surat rujukan imunisasi: NIK {nik}, BPJS {child.bpjs_number}, tgl lahir {born}.",
    )
    MedicalRecordFactory(patient=own, chief_complaint="Kontrol", notes=f"NIK pasien {own.nik}.")
    reindex()

    body = {"question": "Apa isi surat rujukan imunisasi dan NIK?"}
    if asked_for == "child":
        body["patient_id"] = child.pk
    response = client_for(account).post("/rag/query", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert any(source["patient_id"] == child.pk for source in data["sources"])  # the passage was found
    text = response.content.decode()
    for typed in (child.nik, nik, child.bpjs_number, born):
        assert typed not in text
    assert "••••" in text
