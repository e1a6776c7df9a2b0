"""Scoping, tested directly: the mobile services will rely on these functions for patients' accounts."""

import pytest

from records import selectors
from records.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(make_user):
    """Ibu (with an account) may view Anak's records, not Suami's; Orang lain is a stranger."""
    account = make_user(None)
    ibu = factories.PatientFactory(name="Ibu", user=account)
    anak = factories.PatientFactory(name="Anak")
    suami = factories.PatientFactory(name="Suami")
    stranger = factories.PatientFactory(name="Orang lain")
    factories.RelationFactory(patient=ibu, related_patient=anak, can_view_records=True)
    factories.RelationFactory(patient=ibu, related_patient=suami, relationship="spouse", can_view_records=False)
    # A relation pointing *at* Ibu gives her nothing.
    factories.RelationFactory(patient=stranger, related_patient=ibu, can_view_records=True)
    return {"account": account, "ibu": ibu, "anak": anak, "suami": suami, "stranger": stranger}


class TestPatientsVisibleTo:
    def test_own_patient_and_viewable_dependents(self, family):
        assert set(selectors.patients_visible_to(family["account"])) == {family["ibu"], family["anak"]}

    def test_voided_relation_gives_nothing(self, family):
        relation = family["ibu"].relations.get(related_patient=family["anak"])
        relation.voided = True
        relation.save()
        assert list(selectors.patients_visible_to(family["account"])) == [family["ibu"]]

    def test_voided_dependent_is_hidden(self, family):
        family["anak"].voided = True
        family["anak"].save()
        assert list(selectors.patients_visible_to(family["account"])) == [family["ibu"]]

    def test_voided_own_patient_sees_nothing(self, family):
        family["ibu"].voided = True
        family["ibu"].save()
        assert list(selectors.patients_visible_to(family["account"])) == []

    def test_account_without_patient_sees_nothing(self, make_user, family):
        assert list(selectors.patients_visible_to(make_user(None))) == []

    def test_anonymous_sees_nothing(self, family):
        from django.contrib.auth.models import AnonymousUser

        assert list(selectors.patients_visible_to(AnonymousUser())) == []

    def test_no_duplicates_with_several_relations(self, family):
        factories.RelationFactory(patient=family["ibu"], related_patient=family["anak"], voided=True)
        assert selectors.patients_visible_to(family["account"]).count() == 2


class TestResourceScopes:
    def test_patient_account_sees_own_and_dependent_rows_only(self, family):
        own = factories.DiagnosisFactory(medical_record=factories.MedicalRecordFactory(patient=family["ibu"]))
        child = factories.AllergyFactory(medical_record=factories.MedicalRecordFactory(patient=family["anak"]))
        factories.DiagnosisFactory(medical_record=factories.MedicalRecordFactory(patient=family["suami"]))
        factories.AllergyFactory(medical_record=factories.MedicalRecordFactory(patient=family["stranger"]))
        account = family["account"]

        assert list(selectors.diagnosis_list(fetched_by=account)) == [own]
        assert list(selectors.allergy_list(fetched_by=account)) == [child]
        assert {r.patient for r in selectors.medical_record_list(fetched_by=account)} == {family["ibu"], family["anak"]}
        assert set(selectors.patient_list(fetched_by=account)) == {family["ibu"], family["anak"]}

    def test_patient_account_sees_only_relations_where_it_is_the_viewer(self, family):
        relations = selectors.relation_list(fetched_by=family["account"])
        assert {relation.related_patient for relation in relations} == {family["anak"], family["suami"]}

    def test_patient_account_never_sees_voided_rows_even_if_asking(self, family):
        factories.PrescriptionFactory(medical_record=factories.MedicalRecordFactory(patient=family["ibu"]), voided=True)
        assert not selectors.prescription_list(fetched_by=family["account"], include_voided=True).exists()

    @pytest.mark.parametrize("role", ["doctor", "staff"])
    def test_only_admins_may_include_voided(self, make_user, role):
        factories.LabResultFactory(voided=True)
        assert not selectors.lab_result_list(fetched_by=make_user(role), include_voided=True).exists()
        assert selectors.lab_result_list(fetched_by=make_user("admin"), include_voided=True).count() == 1

    def test_anonymous_sees_nothing(self, family):
        from django.contrib.auth.models import AnonymousUser

        factories.MedicalDocumentFactory()
        assert not selectors.medical_document_list(fetched_by=AnonymousUser()).exists()
        assert not selectors.relation_list(fetched_by=AnonymousUser()).exists()
        assert not selectors.patient_list(fetched_by=AnonymousUser(), include_voided=True).exists()
