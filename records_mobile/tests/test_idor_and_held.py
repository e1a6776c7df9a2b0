"""IDOR probes (another patient's ids wherever an id goes) and held results, which never reach :8003."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from records.models import AuditLog, ReleaseState
from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]

CHILD_PATHS = ["allergies", "diagnoses", "prescriptions", "lab-results", "medical-documents"]
ALL_PATHS = ["medical-records", *CHILD_PATHS, "relations"]


@pytest.fixture
def parent(world, client_for):
    return client_for(world.account)


def body_text(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


# --- IDOR --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("victim", ["stranger", "no_consent", "revoked", "flipped"])
def test_foreign_ids_in_paths_are_404(world, parent, path, victim):
    row = getattr(world, victim).rows[path]
    for url in (f"/{path}/{row.pk}", f"/{path}/{row.pk}/"):
        response = parent.get(url)
        assert response.status_code == 404
        assert getattr(world, victim).patient.name not in body_text(response)


@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("victim", ["stranger", "no_consent", "revoked", "flipped"])
def test_foreign_patient_in_filter_is_404_not_an_empty_list(world, parent, path, victim):
    response = parent.get(f"/{path}/", {"patient": getattr(world, victim).patient.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("path", CHILD_PATHS)
def test_foreign_visit_in_filter_is_404(world, parent, path):
    assert parent.get(f"/{path}/", {"medical_record": world.stranger.visit.pk}).status_code == 404
    assert parent.get(f"/{path}/", {"medical_record": world.no_consent.visit.pk}).status_code == 404
    own = parent.get(f"/{path}/", {"medical_record": world.own.visit.pk})
    assert own.status_code == 200
    assert {row["medical_record"] for row in own.json()["results"]} == {world.own.visit.pk}


def test_foreign_download_link_is_404(world, parent):
    for chart in (world.stranger, world.no_consent, world.revoked, world.flipped):
        response = parent.get(f"/medical-documents/{chart.document.pk}/download")
        assert response.status_code == 404
        assert "Surat untuk" not in body_text(response)


def test_own_and_dependent_downloads_serve_the_file(world, parent):
    for chart in (world.own, world.child):
        response = parent.get(f"/medical-documents/{chart.document.pk}/download")
        assert response.status_code == 200
        assert body_text(response) == f"Surat untuk {chart.patient.name}"
        assert response["Content-Disposition"].startswith("attachment")


def test_visit_detail_nests_only_its_own_children(world, parent):
    """A foreign row pointing at nothing of ours never shows inside our visit."""
    data = parent.get(f"/medical-records/{world.own.visit.pk}").json()
    for key, path in [
        ("allergies", "allergies"),
        ("diagnoses", "diagnoses"),
        ("prescriptions", "prescriptions"),
        ("lab_results", "lab-results"),
        ("medical_documents", "medical-documents"),
    ]:
        assert [row["id"] for row in data[key]] == [world.own.rows[path].pk]
        assert {row["patient"] for row in data[key]} == {world.own.patient.pk}


def test_detail_with_a_foreign_patient_filter_is_404(world, parent):
    own_visit = world.own.visit.pk
    assert parent.get(f"/medical-records/{own_visit}", {"patient": world.stranger.patient.pk}).status_code == 404


def test_the_stranger_who_may_view_our_child_still_cannot_see_us(world, client_for):
    stranger = client_for(world.stranger_account)
    assert stranger.get(f"/medical-records/{world.child.visit.pk}").status_code == 200
    assert stranger.get(f"/medical-records/{world.own.visit.pk}").status_code == 404
    assert stranger.get("/medical-records/", {"patient": world.own.patient.pk}).status_code == 404
    assert stranger.get(f"/relations/{world.relations['child'].pk}").status_code == 404


def test_scope_is_not_transitive(world, parent):
    """Our child's own family link (to a sibling) is not ours: its patient stays out of reach."""
    sibling = world.child.relation.related_patient
    factories.MedicalRecordFactory(patient=sibling)
    assert parent.get("/medical-records/", {"patient": sibling.pk}).status_code == 404
    assert parent.get(f"/relations/{world.child.relation.pk}").status_code == 404


def test_voided_rows_and_voided_patients_vanish(world, parent, make_user):
    from records import services

    admin = make_user("admin")
    services.diagnosis_void(diagnosis=world.own.diagnosis, voided_by=admin, reason="salah")
    assert parent.get(f"/diagnoses/{world.own.diagnosis.pk}").status_code == 404
    services.patient_void(patient=world.child.patient, voided_by=admin, reason="duplikat")
    assert parent.get("/medical-records/", {"patient": world.child.patient.pk}).status_code == 404
    assert parent.get(f"/medical-records/{world.child.visit.pk}").status_code == 404


def test_rows_appear_when_consent_is_given_and_vanish_when_it_is_revoked(world, parent):
    relation = world.relations["flipped"]
    url = f"/medical-records/{world.flipped.visit.pk}"
    assert parent.get(url).status_code == 404
    relation.can_view_records = True
    relation.save()
    assert parent.get(url).status_code == 200
    relation.voided = True
    relation.save()
    assert parent.get(url).status_code == 404


@pytest.mark.parametrize("value", ["abc", "-1", "0", "-1e308", "1e308", "1.5", "99999999999999999999999", "", " "])
@pytest.mark.parametrize("param", ["patient", "medical_record"])
def test_bad_ids_in_filters_are_400_naming_the_parameter(world, parent, param, value):
    # An empty value too: the schema says integer, and `?patient=` naming nobody is a client bug.
    response = parent.get("/lab-results/", {param: value})
    assert response.status_code == 400, response.content
    assert set(response.json()) == {param}


@pytest.mark.parametrize(
    "path", ["/medical-records/abc", "/medical-records/-1", "/medical-records/99999999999999999999"]
)
def test_bad_ids_in_paths_are_404(world, parent, path):
    assert parent.get(path).status_code == 404


# --- held results --------------------------------------------------------------------------------


def test_held_rows_are_absent_from_lists(world, parent):
    held_labs = {world.own.held_lab.pk, world.child.held_lab.pk}
    held_docs = {world.own.held_document.pk, world.child.held_document.pk}
    labs = parent.get("/lab-results/?page_size=100").json()["results"]
    docs = parent.get("/medical-documents/?page_size=100").json()["results"]
    assert labs and not held_labs & {row["id"] for row in labs}
    assert docs and not held_docs & {row["id"] for row in docs}
    for params in ({"patient": world.own.patient.pk}, {"medical_record": world.child.visit.pk}, {"flag": "high"}):
        ids = {row["id"] for row in parent.get("/lab-results/", params).json()["results"]}
        assert not held_labs & ids


def test_held_rows_are_404_in_details_and_downloads(world, parent):
    for chart in (world.own, world.child):
        assert parent.get(f"/lab-results/{chart.held_lab.pk}").status_code == 404
        assert parent.get(f"/medical-documents/{chart.held_document.pk}").status_code == 404
        response = parent.get(f"/medical-documents/{chart.held_document.pk}/download")
        assert response.status_code == 404
        assert "HELD CONTENT" not in body_text(response)


def test_held_rows_are_absent_from_nested_visits(world, parent):
    for chart in (world.own, world.child):
        text = parent.get(f"/medical-records/{chart.visit.pk}").content.decode()
        assert "ditahan" not in text
        data = parent.get(f"/medical-records/{chart.visit.pk}").json()
        assert [row["id"] for row in data["lab_results"]] == [chart.lab.pk]
        assert [row["id"] for row in data["medical_documents"]] == [chart.document.pk]


def test_held_rows_are_absent_from_fhir_but_staff_still_get_them(world, parent, make_user, client_for, settings):
    for params in ({}, {"patient": world.child.patient.pk}):
        response = parent.get("/me/fhir", params)
        assert response.status_code == 200
        Bundle.model_validate(response.json())
        text = response.content.decode()
        assert "ditahan" not in text and "Biopsi" not in text
        ids = {entry["resource"]["id"] for entry in response.json()["entry"]}
        chart = world.child if params else world.own
        assert f"lab-{chart.lab.pk}" in ids and f"lab-{chart.held_lab.pk}" not in ids
        assert str(chart.document.pk) in ids and str(chart.held_document.pk) not in ids

    from django.test import override_settings

    with override_settings(ROOT_URLCONF="healthkon.urls.records"):
        from django.urls import clear_url_caches

        clear_url_caches()
        try:
            staff_bundle = client_for(make_user("doctor")).get(f"/patients/{world.own.patient.pk}/fhir").json()
        finally:
            clear_url_caches()
    staff_ids = {entry["resource"]["id"] for entry in staff_bundle["entry"]}
    assert f"lab-{world.own.held_lab.pk}" in staff_ids and str(world.own.held_document.pk) in staff_ids


def test_releasing_a_held_result_shows_it(world, parent):
    lab = world.own.held_lab
    lab.release_state = ReleaseState.RELEASED
    lab.save()
    assert parent.get(f"/lab-results/{lab.pk}").status_code == 200


def test_held_reads_leave_no_read_rows_only_denied_ones(world, parent):
    before = AuditLog.objects.count()
    parent.get(f"/lab-results/{world.own.held_lab.pk}")
    parent.get(f"/medical-documents/{world.own.held_document.pk}/download")
    assert list(AuditLog.objects.order_by("id")[before:].values_list("action", flat=True)) == ["denied", "denied"]
