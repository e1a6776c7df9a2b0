"""API clients for each role and a throw-away media directory for uploads.

Fixture names avoid pytest-django's own (`admin_user`, `admin_client`), which other tests use.
"""

import pytest

from records.tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents land in the test's own directory, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_account(make_user):
    return make_user("admin")


@pytest.fixture
def doctor_account(make_user):
    return make_user("doctor")


@pytest.fixture
def staff_account(make_user):
    return make_user("staff")


@pytest.fixture
def admin_api(admin_account, client_for):
    return client_for(admin_account)


@pytest.fixture
def doctor_api(doctor_account, client_for):
    return client_for(doctor_account)


@pytest.fixture
def staff_api(staff_account, client_for):
    return client_for(staff_account)


@pytest.fixture
def role_client(make_user, client_for):
    """role_client("admin"|"doctor"|"staff"|None) -> an APIClient for a fresh user in that role."""

    def factory(role):
        return client_for(make_user(role))

    return factory


@pytest.fixture
def visit(db):
    return factories.MedicalRecordFactory()
