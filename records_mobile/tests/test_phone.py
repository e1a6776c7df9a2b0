"""Cheap for a phone: ETag/If-None-Match → 304, gzip, and a query count that does not grow with the data."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import AuditLog
from records.tests import factories
from records_mobile.tests.conftest import make_chart

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]

LISTS = ["medical-records", "allergies", "diagnoses", "prescriptions", "lab-results", "medical-documents", "relations"]


@pytest.fixture
def parent(world, client_for):
    return client_for(world.account)


@pytest.mark.parametrize("path", LISTS)
def test_unchanged_list_and_detail_answer_304_with_no_body(world, parent, path):
    for url in (f"/{path}/", f"/{path}/{world.own.rows[path].pk}"):
        first = parent.get(url)
        etag = first["ETag"]
        assert first.status_code == 200 and etag
        again = parent.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag


def test_etag_changes_when_anything_shown_changes(world, parent):
    url = f"/medical-records/{world.own.visit.pk}"
    etag = parent.get(url)["ETag"]
    world.own.prescription.dosage = "1000 mg"
    world.own.prescription.save()
    changed = parent.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # A newly released result changes the list's tag too.
    list_etag = parent.get("/lab-results/")["ETag"]
    world.own.held_lab.release_state = "released"
    world.own.held_lab.save()
    assert parent.get("/lab-results/", HTTP_IF_NONE_MATCH=list_etag).status_code == 200


def test_etag_differs_by_language(world, parent):
    url = f"/lab-results/{world.own.lab.pk}"
    indonesian = parent.get(url, HTTP_ACCEPT_LANGUAGE="id")
    english = parent.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=indonesian["ETag"])
    assert english.status_code == 200 and english["ETag"] != indonesian["ETag"]
    assert "Accept-Language" in indonesian["Vary"] and "Authorization" in indonesian["Vary"]
    assert "private" in indonesian["Cache-Control"] and "no-cache" in indonesian["Cache-Control"]


def test_a_304_is_still_audited(world, parent):
    url = f"/diagnoses/{world.own.diagnosis.pk}"
    etag = parent.get(url)["ETag"]
    before = AuditLog.objects.count()
    assert parent.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert AuditLog.objects.count() == before + 1


def test_another_accounts_etag_gets_no_304_for_our_url(world, parent, client_for):
    url = f"/medical-records/{world.child.visit.pk}"
    etag = parent.get(url)["ETag"]
    stranger = client_for(world.stranger_account).get(f"/medical-records/{world.own.visit.pk}", HTTP_IF_NONE_MATCH=etag)
    assert stranger.status_code == 404


def test_large_responses_are_gzipped_for_clients_that_accept_it(world, parent):
    for _ in range(15):
        factories.MedicalRecordFactory(patient=world.own.patient, notes="Kontrol rutin. " * 20)
    plain = parent.get("/medical-records/?page_size=100")
    zipped = parent.get("/medical-records/?page_size=100", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) < len(plain.content) / 3
    # The gzipped response's (weak) ETag still revalidates.
    assert (
        parent.get(
            "/medical-records/?page_size=100", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
        ).status_code
        == 304
    )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(world):
    """More visits, children, dependents and relations for the same account."""
    for _ in range(4):
        chart = make_chart()
        factories.RelationFactory(patient=world.own.patient, related_patient=chart.patient, can_view_records=True)
    for _ in range(5):
        make_chart(world.own.patient)


URLS = [
    *[f"/{path}/?page_size=100" for path in LISTS],
    "/medical-records/{visit}",
    "/me",
    "/me/fhir",
    "/lab-results/?patient={patient}&flag=high&from=2000-01-01",
    "/medical-documents/?medical_record={visit}",
]


@pytest.mark.parametrize("template", URLS)
def test_query_count_does_not_grow_with_the_data(world, parent, template):
    url = template.format(visit=world.own.visit.pk, patient=world.own.patient.pk)
    few = queries(parent, url)
    grow(world)
    many = queries(parent, url)
    assert many == few
    assert many <= 14, many
