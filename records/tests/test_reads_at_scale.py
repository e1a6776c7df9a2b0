"""Reads that stay cheap as data grows (issue 12): lean lists, bounded counts, indexed search, one-statement audit."""

import json
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from healthkon.api import lean, pagination
from records import views
from records.models import AuditLog, Patient
from records.tests import factories
from records.tests.resources import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

VIEWSETS = {
    "patients": views.PatientViewSet,
    "medical-records": views.MedicalRecordViewSet,
    "allergies": views.AllergyViewSet,
    "diagnoses": views.DiagnosisViewSet,
    "prescriptions": views.PrescriptionViewSet,
    "lab-results": views.LabResultViewSet,
    "medical-documents": views.MedicalDocumentViewSet,
    "relations": views.RelationViewSet,
}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- Lean list serialization: DRF's JSON, byte for byte -----------------------------------------


@pytest.mark.parametrize("path", list(RESOURCES))
def test_list_json_is_what_drf_serializes(admin_api, path):
    resource = RESOURCES[path]
    rows = [resource.make_row() for _ in range(3)]
    if path == "medical-records":  # decimals, nulls and a voided one among them
        rows[0].temperature_c, rows[0].weight_kg, rows[0].systolic = "37.5", "60.0", None
        rows[0].save()
    response = admin_api.get(f"/{path}/?include_voided=1")
    viewset = VIEWSETS[path]
    view = viewset()
    view.action = "list"
    view.format_kwarg = None
    request = APIRequestFactory().get(f"/{path}/")
    view.request = request
    serializer_class = view.get_serializer_class()
    objects = resource.model.all_objects.filter(pk__in=[row.pk for row in rows]).order_by(
        *resource.model._meta.ordering
    )
    expected = serializer_class(objects, many=True, context={"request": request}).data
    listed = {row["id"]: row for row in response.json()["results"]}
    for row in json.loads(JSONRenderer().render(expected)):
        assert listed[row["id"]] == row
        assert list(listed[row["id"]]) == list(row)  # same keys, same order


def test_plain_serializers_get_a_plan_and_others_do_not():
    from records import serializers

    assert lean.lean_plan(serializers.MedicalRecordSerializer) is not None
    assert lean.lean_plan(serializers.PatientSerializer) is not None
    assert lean.lean_plan(serializers.MedicalDocumentSerializer) is None  # method fields
    assert lean.lean_plan(serializers.MedicalRecordDetailSerializer) is None  # nested
    assert lean.lean_plan(serializers.AuditLogSerializer) is None  # dotted source


# --- Pagination: a short page needs no COUNT, a long list is counted up to a bound ---------------


def test_a_short_page_is_counted_without_a_count_query(doctor_api):
    patient = factories.PatientFactory()
    for _ in range(3):
        factories.MedicalRecordFactory(patient=patient)
    with CaptureQueriesContext(connection) as captured:
        response = doctor_api.get(f"/medical-records/?patient={patient.pk}")
    assert response.json()["count"] == 3
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_counts_are_exact_below_the_bound(doctor_api):
    patients = [factories.PatientFactory() for _ in range(25)]
    first = doctor_api.get("/patients/?page_size=10").json()
    assert first["count"] == 25 and first["next"] and first["previous"] is None
    last = doctor_api.get("/patients/?page_size=10&page=3").json()
    assert last["count"] == 25 and last["next"] is None and len(last["results"]) == 5
    assert sorted(ids(doctor_api.get("/patients/?page_size=100"))) == sorted(p.pk for p in patients)


def test_above_the_bound_count_is_a_lower_bound_and_every_page_is_reachable(doctor_api, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    patients = [factories.PatientFactory() for _ in range(13)]
    first = doctor_api.get("/patients/?page_size=3").json()
    assert first["count"] == 6  # "more than 5"
    assert first["next"]
    seen = []
    for page in range(1, 6):
        body = doctor_api.get(f"/patients/?page_size=3&page={page}").json()
        seen += [row["id"] for row in body["results"]]
        assert body["count"] == min(13, (page - 1) * 3 + 6)
        assert bool(body["next"]) == (page < 5)
    assert sorted(seen) == sorted(p.pk for p in patients)
    assert doctor_api.get("/patients/?page_size=3&page=6").status_code == 404


@pytest.mark.parametrize("page", ["99", str(2**63)])
def test_pages_past_the_end_are_404_not_500(doctor_api, page):
    factories.PatientFactory()
    response = doctor_api.get(f"/patients/?page={page}")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", ""])
def test_pages_that_are_not_whole_numbers_are_400_like_page_size(doctor_api, page):
    factories.PatientFactory()
    response = doctor_api.get(f"/patients/?page={page}")
    assert response.status_code == 400
    assert set(response.json()) == {"page"}


# --- Search: NIK/BPJS prefixes, name words ----------------------------------------------------------


@pytest.fixture
def people():
    siti = factories.PatientFactory(name="Siti Aminah", bpjs_number="0001112223334")
    budi = factories.PatientFactory(name="Budi Hartono", bpjs_number="0009998887776")
    return siti, budi


def test_digits_find_nik_and_bpjs_numbers_by_prefix(doctor_api, people):
    siti, budi = people
    assert ids(doctor_api.get("/patients/", {"search": budi.nik[:8]})) == [budi.pk]
    assert ids(doctor_api.get("/patients/", {"search": "000111"})) == [siti.pk]
    assert ids(doctor_api.get("/patients/", {"search": "0001 1122 2333 4"})) == [siti.pk]
    assert ids(doctor_api.get("/patients/", {"search": budi.nik[4:]})) == []  # not a prefix


def test_digits_search_uses_prefix_lookups(doctor_api, people):
    with CaptureQueriesContext(connection) as captured:
        doctor_api.get("/patients/", {"search": "000111"})
    page = [q["sql"] for q in captured.captured_queries if "FROM" in q["sql"] and "patients" in q["sql"]]
    assert any("LIKE" in sql and "'%000111" not in sql for sql in page)
    assert not any("LIKE BINARY" in sql for sql in page)  # MariaDB cannot use the unique indexes for that


def test_name_words_match_in_any_order(doctor_api, people):
    siti, budi = people
    assert ids(doctor_api.get("/patients/", {"search": "aminah siti"})) == [siti.pk]
    assert ids(doctor_api.get("/patients/", {"search": "Budi Siti"})) == []


@pytest.mark.parametrize(
    "query", ['+siti -"budi', "siti*", "(a)", "~@<>", "'", "%", "_", "\\", "a" * 500, "Ma'ruf", "١٢٣", "\u00a0"]
)
def test_any_search_text_is_answered_never_a_500(doctor_api, people, query):
    assert doctor_api.get("/patients/", {"search": query}).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "mysql", reason="FULLTEXT is a MariaDB/MySQL index")
def test_names_are_found_through_the_fulltext_index(make_user, client_for):
    """Outside a transaction (as served), InnoDB's FULLTEXT index sees the committed patients."""
    api = client_for(make_user("doctor"))
    siti = factories.PatientFactory(name="Siti Aminah")
    factories.PatientFactory(name="Budi Hartono")
    factories.PatientFactory(name="Aminah Hilang", voided=True)
    with CaptureQueriesContext(connection) as captured:
        found = ids(api.get("/patients/", {"search": "amin"}))
    assert found == [siti.pk]
    assert any("MATCH" in q["sql"] for q in captured.captured_queries)
    assert ids(api.get("/patients/", {"search": "Siti Am"})) == [siti.pk]  # a short word is scanned for
    more = [factories.PatientFactory(name=f"Aminah {n}") for n in ("Dewi", "Sari")]
    first = api.get("/patients/", {"search": "aminah", "page_size": 2}).json()
    assert first["count"] == 3 and first["next"]  # counted by COUNT(*) OVER () with the page
    second = api.get("/patients/", {"search": "aminah", "page_size": 2, "page": 2}).json()
    assert second["count"] == 3 and second["next"] is None
    assert sorted(row["id"] for row in first["results"] + second["results"]) == sorted([siti.pk, *(p.pk for p in more)])
    assert api.get("/patients/", {"search": "aminah", "page_size": 2, "page": 3}).status_code == 404


# --- The audit row of a read: one INSERT, no transaction around it ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_read_is_audited_by_one_statement_outside_any_transaction(make_user, client_for):
    api = client_for(make_user("doctor"))
    patients = [factories.PatientFactory() for _ in range(3)]
    entered = []
    real_enter = transaction.Atomic.__enter__

    def spy(self):
        entered.append(self)
        return real_enter(self)

    with mock.patch.object(transaction.Atomic, "__enter__", spy), CaptureQueriesContext(connection) as captured:
        assert ids(api.get("/patients/"))
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "audit_logs" in inserts[0]
    assert entered == []
    assert sorted(int(e.object_id) for e in AuditLog.objects.all()) == sorted(p.pk for p in patients)


@pytest.mark.django_db(transaction=True)
def test_a_read_whose_single_insert_fails_is_not_served(make_user, client_for):
    api = client_for(make_user("doctor"))
    patient = factories.PatientFactory()
    with mock.patch.object(type(AuditLog.objects.all()), "_insert", side_effect=DatabaseError("disk full")):
        response = api.get(f"/patients/{patient.pk}")
    assert response.status_code == 503
    assert patient.nik not in response.content.decode()
    assert not AuditLog.objects.exists()
    assert Patient.objects.filter(pk=patient.pk).exists()


# --- Filters: only the named ones are built, with the same answers ------------------------------------


def test_only_the_filters_a_query_names_are_built(doctor_api):
    from healthkon.api import filters as api_filters
    from records.filters import MedicalRecordFilterSet

    patient = factories.PatientFactory()
    visit = factories.MedicalRecordFactory(patient=patient)
    factories.MedicalRecordFactory()
    built = []
    real = api_filters._narrowed

    def spy(filterset_class, names):
        built.append(set(names))
        return real(filterset_class, names)

    with mock.patch.object(api_filters, "_narrowed", spy):
        assert ids(doctor_api.get(f"/medical-records/?patient={patient.pk}")) == [visit.pk]
        assert ids(doctor_api.get("/medical-records/?visit_date_after=2000-01-01&patient=" + str(patient.pk))) == [
            visit.pk
        ]
        assert len(ids(doctor_api.get("/medical-records/?page_size=5"))) == 2
        assert doctor_api.get("/medical-records/?patient=abc").status_code == 400
    assert built == [{"patient"}, {"patient", "visit_date"}, {"patient"}]
    assert set(MedicalRecordFilterSet.base_filters) >= {"patient", "visit_date", "facility"}  # untouched
