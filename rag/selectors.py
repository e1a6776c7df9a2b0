"""Whose records a question may reach: the records app's patient selector, nothing else.

`patient_list(fetched_by=user)` is the one scoping rule: every live patient for petugas, the
account's own patient plus consented dependents (`patients_visible_to`) for a patient account.
A `patient_id` outside it is a 404 that reveals nothing. Patient accounts never reach held rows.
"""

from dataclasses import dataclass, field

from accounts.models import User
from accounts.roles import is_petugas
from records.audit import OutOfScope
from records.models import Patient
from records.selectors import patient_list


@dataclass(frozen=True)
class RagScope:
    """Listed patients; or, for petugas asking across the clinic, every patient but the voided ones.

    "Every live patient" is stated as an exclusion (`everyone=True`, `excluded_ids` = voided
    patients) because a list of every id does not fit in the vector store's filter (SQLite
    refuses ~10,000 bound variables) and the index holds only chunks of existing patients.
    """

    patient_ids: list[int]
    released_only: bool
    requested_patient_id: int | None = None
    everyone: bool = False
    excluded_ids: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.everyone and not self.patient_ids


def rag_scope(*, fetched_by: User, patient_id: int | None = None) -> RagScope:
    patients = patient_list(fetched_by=fetched_by)
    released_only = not is_petugas(fetched_by)
    if patient_id is not None:
        if not patients.filter(pk=patient_id).exists():
            raise OutOfScope(Patient, patient_id)
        return RagScope(
            patient_ids=[int(patient_id)], released_only=released_only, requested_patient_id=int(patient_id)
        )
    if is_petugas(fetched_by):
        # patient_list for petugas is every live patient: say so as "all but the voided ones".
        voided = Patient.all_objects.filter(voided=True).order_by("pk").values_list("pk", flat=True)
        return RagScope(patient_ids=[], released_only=False, everyone=True, excluded_ids=list(voided))
    return RagScope(patient_ids=list(patients.order_by("pk").values_list("pk", flat=True)), released_only=released_only)
