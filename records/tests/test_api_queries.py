"""The number of SQL queries per request does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.tests import factories
from records.tests.resources import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

# auth user with its petugas role, permissions (2, only when not cached), page, count (only when the
# page is full), audit INSERT — and one of slack.
MAX_LIST_QUERIES = 6
MAX_DETAIL_QUERIES = 10


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", list(RESOURCES))
def test_list_query_count_is_constant(admin_api, path, django_assert_max_num_queries):
    resource = RESOURCES[path]
    for _ in range(3):
        resource.make_row()
    few = queries_for(admin_api, f"/{path}/?page_size=100")
    for _ in range(27):
        resource.make_row()
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        many = queries_for(admin_api, f"/{path}/?page_size=100")
    assert many == few


def test_visit_detail_query_count_is_constant(doctor_api, django_assert_max_num_queries):
    record = factories.MedicalRecordFactory()
    child_factories = [
        factories.AllergyFactory,
        factories.DiagnosisFactory,
        factories.PrescriptionFactory,
        factories.LabResultFactory,
        factories.MedicalDocumentFactory,
    ]
    for factory in child_factories:
        factory(medical_record=record)
    few = queries_for(doctor_api, f"/medical-records/{record.pk}")
    for factory in child_factories:
        for _ in range(10):
            factory(medical_record=record)
    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        many = queries_for(doctor_api, f"/medical-records/{record.pk}")
    assert many == few
    assert len(doctor_api.get(f"/medical-records/{record.pk}").data["diagnoses"]) == 11


def test_patient_account_list_scope_is_constant_too(db, make_user):
    """The mobile services reuse the selectors: their scope is one ids query, not a loop.

    Role (1), the ids of the caller's own patient and dependents (1), the rows (1).
    """
    from records import selectors

    account = make_user(None)
    own = factories.PatientFactory(user=account)

    def queries() -> int:
        fresh = type(account).objects.get(pk=account.pk)  # no cached role
        with CaptureQueriesContext(connection) as captured:
            rows = list(selectors.medical_record_list(fetched_by=fresh))
        assert rows == []
        return len(captured)

    for _ in range(2):
        factories.RelationFactory(patient=own)
    few = queries()
    for _ in range(20):
        factories.RelationFactory(patient=own)
    assert queries() == few <= 3
