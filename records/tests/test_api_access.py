"""The permission matrix of architecture.md, for every endpoint, role and method.

A denied write must leave the data exactly as it was.
"""

import pytest
from django.forms.models import model_to_dict

from records.tests.resources import MATRIX, RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

ACTIONS = ["list", "retrieve", "create", "update", "partial_update", "destroy"]
SUCCESS = {"list": 200, "retrieve": 200, "create": 201, "update": 200, "partial_update": 200, "destroy": 204}


def snapshot(resource, pk) -> dict:
    row = resource.model.all_objects.get(pk=pk)
    return {**model_to_dict(row), "updated_at": row.updated_at}


def call(client, resource, action, row, *, put_body=None):
    if action == "list":
        return client.get(resource.url())
    if action == "retrieve":
        return client.get(resource.url(row.pk))
    if action == "create":
        return client.post(resource.url(), resource.create_body())
    if action == "update":
        return client.put(resource.url(row.pk), put_body or {})
    if action == "partial_update":
        field, value = resource.change
        return client.patch(resource.url(row.pk), {field: value})
    if action == "destroy":
        return client.delete(resource.url(row.pk) + "?reason=salah+input")
    raise AssertionError(action)


def full_body(client_for, make_user, resource, row) -> dict:
    """What an admin reads, with the harmless change applied: a valid PUT body."""
    data = dict(client_for(make_user("admin")).get(resource.url(row.pk)).data)
    field, value = resource.change
    return {**data, field: value}


CASES = [(role, path, action) for role in MATRIX for path in RESOURCES for action in ACTIONS]


@pytest.mark.parametrize("role, path, action", CASES, ids=[f"{r}-{p}-{a}" for r, p, a in CASES])
def test_petugas_matrix(role_client, make_user, client_for, role, path, action):
    resource = RESOURCES[path]
    row = resource.make_row()
    put_body = full_body(client_for, make_user, resource, row) if action == "update" else None
    before, count_before = snapshot(resource, row.pk), resource.model.all_objects.count()
    client = role_client(role)

    response = call(client, resource, action, row, put_body=put_body)

    if action in MATRIX[role][path]:
        assert response.status_code == SUCCESS[action], response.data
        if action == "destroy":
            voided = resource.model.all_objects.get(pk=row.pk)
            assert voided.voided and voided.void_reason == "salah input"
    else:
        assert response.status_code == 403, response.data
        assert snapshot(resource, row.pk) == before
        assert resource.model.all_objects.count() == count_before


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize("action", ACTIONS)
def test_patient_account_is_403_even_for_its_own_data(make_user, client_for, path, action):
    resource = RESOURCES[path]
    row = resource.make_row()
    account = make_user(None)
    own_patient = getattr(row, "patient", row)
    own_patient.user = account
    own_patient.save()
    before, count_before = snapshot(resource, row.pk), resource.model.all_objects.count()
    put_body = full_body(client_for, make_user, resource, row) if action == "update" else None

    response = call(client_for(account), resource, action, row, put_body=put_body)

    assert response.status_code == 403
    assert snapshot(resource, row.pk) == before
    assert resource.model.all_objects.count() == count_before


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize("action", ACTIONS)
def test_no_token_is_401(api_client, path, action):
    resource = RESOURCES[path]
    row = resource.make_row()
    before, count_before = snapshot(resource, row.pk), resource.model.all_objects.count()

    response = call(api_client, resource, action, row, put_body={})

    assert response.status_code == 401
    assert snapshot(resource, row.pk) == before
    assert resource.model.all_objects.count() == count_before


def test_download_follows_the_document_read_permission(make_user, client_for):
    document = RESOURCES["medical-documents"].make_row()
    assert client_for(make_user(None)).get(f"/medical-documents/{document.pk}/download").status_code == 403


def test_invalid_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.get("/patients/").status_code == 401


def test_deactivated_petugas_is_refused(make_user, client_for):
    user = make_user("doctor")
    client = client_for(user)
    user.is_active = False
    user.save()
    assert client.get("/patients/").status_code == 401


def test_superuser_without_petugas_row_is_admin(client_for, db):
    from accounts.models import User

    root = User.objects.create_superuser(email="root@example.id", password="x-Kuat-2024")
    patient = RESOURCES["patients"].make_row()
    assert client_for(root).delete(f"/patients/{patient.pk}").status_code == 204
