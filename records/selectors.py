"""Which clinical rows a user may see: one scoping function per resource, used by every read.

- Petugas (admin, doctor, staff) see every live row. Only an admin who asks for it
  (`include_voided=True`) also sees voided rows; everyone else never does.
- A patient's mobile account sees its own patient and the patients it is related to with
  `can_view_records=True` (see `patients_visible_to`); the mobile services reuse these
  functions rather than filtering by hand.
- Lab results and medical documents a clinician holds back (`release_state="held"`) exist only
  for petugas: a patient account never reaches them, in lists, visits or exports.
- Anyone else sees nothing.

A row is live when it is not voided *and* no parent (visit, patient) is voided, so voiding a
patient hides their whole record without touching every child row.
"""

import re

from django.db import connections
from django.db.models import Count, F, Lookup, Prefetch, Q, QuerySet, Window

from accounts.models import Role, User
from accounts.roles import is_petugas, user_role
from healthkon.api.pagination import TOTAL_ANNOTATION
from records.models import (
    AccountLink,
    AccountLinkStatus,
    Allergy,
    AuditLog,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
    ReleaseState,
)


def patients_visible_to(user: User) -> QuerySet[Patient]:
    """A patient account's own patient plus those it may view through a live relation.

    The ids are read first, by one UNION of two index lookups (`patients.user_id`, the relations'
    `(patient, can_view_records)` index), and the rows are then filtered by those few ids. As one
    subquery (`pk IN (own) OR pk IN (dependents)`) MariaDB scanned every patient for each request,
    which grows with the clinic (docs/benchmarks.md, :8003).
    """
    if not user or not user.is_authenticated:
        return Patient.objects.none()
    own = Patient.objects.filter(user=user).order_by().values_list("pk", flat=True)
    dependents = (
        Relation.objects.filter(patient__user=user, patient__voided=False, can_view_records=True)
        .order_by()
        .values_list("related_patient_id", flat=True)
    )
    return Patient.objects.filter(pk__in=set(own.union(dependents)))


def _sees_voided(user: User, include_voided: bool) -> bool:
    return include_voided and user_role(user) == Role.ADMIN


def _scoped(
    all_rows: QuerySet, live_rows: QuerySet, *, fetched_by: User, include_voided: bool, patient_path: str
) -> QuerySet:
    """Everything for an admin asking for voided rows, live rows for petugas, own patients' rows for patients."""
    if not fetched_by or not fetched_by.is_authenticated:
        return live_rows.none()
    if is_petugas(fetched_by):
        return all_rows if _sees_voided(fetched_by, include_voided) else live_rows
    return live_rows.filter(**{f"{patient_path}__in": patients_visible_to(fetched_by)})


def patient_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[Patient]:
    return _scoped(
        Patient.all_objects.all(),
        Patient.objects.all(),
        fetched_by=fetched_by,
        include_voided=include_voided,
        patient_path="pk",
    )


# InnoDB's FULLTEXT index holds words of at least innodb_ft_min_token_size (3) characters.
FULLTEXT_MIN_WORD = 3
SEARCH_SEPARATORS = re.compile(r"[\s.\-/]+")
WORD = re.compile(r"[^\W_]+")  # letters and digits


class _NameMatches(Lookup):
    """`MATCH (name) AGAINST ('+word* …' IN BOOLEAN MODE)`: every word, as a word prefix."""

    lookup_name = "name_matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"MATCH ({lhs}) AGAINST ({rhs} IN BOOLEAN MODE)", [*lhs_params, *rhs_params]


def patient_search(rows: QuerySet[Patient], text: str) -> QuerySet[Patient]:
    """Narrow `rows` (already scoped) to the patients `text` finds, using an index where one fits.

    - Only digits (spaces, dots, dashes and slashes ignored): NIK or BPJS number *starting* with
      them, on their unique indexes (`LIKE '…%'`: Django's case-sensitive `startswith` is
      `LIKE BINARY` on MySQL, which cannot use them; digits have no case).
    - Otherwise the name must hold every word of the query: on MariaDB/MySQL as word prefixes
      through the FULLTEXT index (migration 0007), for the words of at least 3 characters the
      index holds (shorter ones, and any query on another database, by `icontains`, a scan).
      InnoDB indexes a row's words when its transaction commits, so inside a transaction (which
      may hold new patients of its own) the scan is used too.
    """
    compact = SEARCH_SEPARATORS.sub("", text)
    if compact.isdigit() and compact.isascii():
        return rows.filter(Q(nik__istartswith=compact) | Q(bpjs_number__istartswith=compact))
    words = text.split()
    if not words:
        return rows
    connection = connections[rows.db]
    indexed = []
    if connection.vendor == "mysql" and not connection.in_atomic_block:
        # Only plain words: "Ma'ruf" may be one token of the index or two, so it is scanned for.
        indexed = [word for word in words if len(word) >= FULLTEXT_MIN_WORD and WORD.fullmatch(word)]
    if indexed:
        rows = rows.filter(_NameMatches(F("name"), " ".join(f"+{word}*" for word in indexed)))
        # Every match is read and sorted for the page anyway (MATCH does not come in name order):
        # counting them in the same query (COUNT(*) OVER ()) spares a second pass over the index.
        rows = rows.annotate(**{TOTAL_ANNOTATION: Window(Count("*"))})
    for word in words:
        if word not in indexed:
            rows = rows.filter(name__icontains=word)
    return rows


def released_to(user: User, rows: QuerySet) -> QuerySet:
    """Held results stay with the clinic: only petugas see them."""
    return rows if is_petugas(user) else rows.filter(release_state=ReleaseState.RELEASED)


def visit_child_prefetches(user: User) -> list[Prefetch]:
    """A visit's live children as `user` may see them, each kind in one query whatever the number of visits."""
    return [
        Prefetch("allergies", queryset=Allergy.objects.all(), to_attr="live_allergies"),
        Prefetch("diagnoses", queryset=Diagnosis.objects.all(), to_attr="live_diagnoses"),
        Prefetch("prescriptions", queryset=Prescription.objects.all(), to_attr="live_prescriptions"),
        Prefetch("lab_results", queryset=released_to(user, LabResult.objects.all()), to_attr="live_lab_results"),
        Prefetch(
            "medical_documents",
            queryset=released_to(user, MedicalDocument.objects.all()),
            to_attr="live_medical_documents",
        ),
    ]


def medical_record_list(
    *, fetched_by: User, include_voided: bool = False, with_children: bool = False
) -> QuerySet[MedicalRecord]:
    rows = _scoped(
        MedicalRecord.all_objects.all(),
        MedicalRecord.objects.filter(patient__voided=False),
        fetched_by=fetched_by,
        include_voided=include_voided,
        patient_path="patient",
    )
    if with_children:
        rows = rows.prefetch_related(*visit_child_prefetches(fetched_by))
    return rows


def _visit_child_list(model, *, fetched_by: User, include_voided: bool) -> QuerySet:
    return _scoped(
        model.all_objects.all(),
        model.objects.filter(medical_record__voided=False, patient__voided=False),
        fetched_by=fetched_by,
        include_voided=include_voided,
        patient_path="patient",
    )


def allergy_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[Allergy]:
    return _visit_child_list(Allergy, fetched_by=fetched_by, include_voided=include_voided)


def diagnosis_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[Diagnosis]:
    return _visit_child_list(Diagnosis, fetched_by=fetched_by, include_voided=include_voided)


def prescription_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[Prescription]:
    return _visit_child_list(Prescription, fetched_by=fetched_by, include_voided=include_voided)


def lab_result_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[LabResult]:
    rows = _visit_child_list(LabResult, fetched_by=fetched_by, include_voided=include_voided)
    return released_to(fetched_by, rows)


def medical_document_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[MedicalDocument]:
    rows = _visit_child_list(MedicalDocument, fetched_by=fetched_by, include_voided=include_voided)
    return released_to(fetched_by, rows)


def relation_list(*, fetched_by: User, include_voided: bool = False) -> QuerySet[Relation]:
    """A patient account sees only the relations where its own patient is the viewer."""
    live = Relation.objects.filter(patient__voided=False, related_patient__voided=False)
    if fetched_by and fetched_by.is_authenticated and not is_petugas(fetched_by):
        return live.filter(patient__user=fetched_by)
    return _scoped(
        Relation.all_objects.all(),
        live,
        fetched_by=fetched_by,
        include_voided=include_voided,
        patient_path="patient",
    )


def own_patient(*, fetched_by: User) -> Patient | None:
    """The live patient a patient account is linked to (`patients.user`), or None."""
    if not fetched_by or not fetched_by.is_authenticated or is_petugas(fetched_by):
        return None
    return Patient.objects.filter(user=fetched_by).first()


def pending_account_link(*, fetched_by: User) -> AccountLink | None:
    """The caller's newest self-link still waiting for staff (records.services.patient_link_account), or None."""
    if not fetched_by or not fetched_by.is_authenticated or is_petugas(fetched_by):
        return None
    return AccountLink.objects.filter(user=fetched_by, status=AccountLinkStatus.PENDING).order_by("-id").first()


def dependent_relation_list(*, fetched_by: User) -> QuerySet[Relation]:
    """The caller's live relations that let it view the related patient's records (its dependents in scope)."""
    if not fetched_by or not fetched_by.is_authenticated or is_petugas(fetched_by):
        return Relation.objects.none()
    return (
        relation_list(fetched_by=fetched_by)
        .filter(can_view_records=True, related_patient__in=patients_visible_to(fetched_by))
        .select_related("related_patient")
        .order_by("related_patient__name", "id")
    )


def audit_log_list(*, fetched_by: User) -> QuerySet[AuditLog]:
    """Every entry for whoever holds `records.view_auditlog` (admins), nothing for anyone else."""
    if not fetched_by or not fetched_by.is_authenticated or not fetched_by.has_perm("records.view_auditlog"):
        return AuditLog.objects.none()
    return AuditLog.objects.select_related("patient")
