"""`make run`'s demo data: the demo patient account sees its own visits and a consented child's on :8003."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from records.management.commands.load_demo_data import DEMO_PATIENT_EMAIL
from records.models import Patient, Relation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]


def test_demo_patient_account_sees_its_own_and_a_childs_visits(client_for):
    call_command("load_demo_data", patients=30, password="Demo-Kuat-2024", stdout=io.StringIO(), verbosity=0)
    account = User.objects.get(email=DEMO_PATIENT_EMAIL)
    client = client_for(account)

    me = client.get("/me").json()
    own = Patient.objects.get(user=account)
    assert me["patient"]["id"] == own.pk
    children = set(
        Relation.objects.filter(patient=own, relationship="child", can_view_records=True).values_list(
            "related_patient", flat=True
        )
    )
    assert children and children <= {d["id"] for d in me["dependents"]}

    visits = client.get("/medical-records/?page_size=100").json()["results"]
    assert {visit["patient"] for visit in visits} == {own.pk}  # own by default
    child = min(children)
    child_visits = client.get(f"/medical-records/?patient={child}&page_size=100").json()["results"]
    assert child_visits and {visit["patient"] for visit in child_visits} == {child}
