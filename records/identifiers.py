"""Identifiers of anyone but the caller never reach a patient-facing body (issue 19 item 1).

A NIK, a BPJS card number and a birth date together link a mobile account to a record
(`POST :8003 /me/link`), so on the patients' services (:8003, :8004) every text a body carries
is passed through `IdentifierMasker`:

- a run of 16 or 13 digits, typed with or without spaces, dots or dashes ("3171 0112 …",
  "3171.0112…", "0001-2345-67890"), is a NIK or a BPJS number: masked digit by digit ("•"),
  separators kept, unless it is the caller's own;
- a date labelled as a birth date ("tgl. lahir 03-05-2019", "TTL: Bandung, 3 Mei 2019",
  "DOB 2019-05-03", "born on 3 May 2019") is masked, unless it is the caller's own;
- unlabelled dates (visits, results) and the structured `birth_date` of a dependent stay: a
  parent needs a child's age (doses, growth charts), and without NIK and BPJS number a birth
  date links nothing.

The caller's own identifiers are read only when a text holds something to mask (one query),
so ordinary bodies cost nothing more. `MasksOthersIdentifiersMixin` applies it to every body of a
view; the FHIR export masks the dependent's Patient.identifier natively (data-absent-reason
"masked") and document text before it is base64-encoded (records.fhir). Files a clinic uploaded
(PDF scans) are served as they are: the link control (`records.services.patient_link_account`:
staff confirm a self-link to a record a guardian uses) covers what they may show.
"""

import datetime
import re
from collections.abc import Callable

IDENTIFIER_LENGTHS = (13, 16)  # BPJS card number, NIK
MIN_MASKABLE_LENGTH = len("DOB 1/1/2019")  # shorter strings hold neither an identifier nor a labelled date
MASK = "•"
# Links, references and code systems are not free text: they are never rewritten.
STRUCTURAL_KEYS = frozenset({"fullUrl", "reference", "system", "url", "download_url"})

DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ .\-]?\d){12,}(?!\d)")

MONTHS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "february", "feb", "pebruari"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "aug"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    r"(?P<date>"
    r"(?P<d1>\d{1,2})[-/.](?P<m1>\d{1,2})[-/.](?P<y1>\d{4})"
    r"|(?P<y2>\d{4})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})\s+(?P<m3>{_MONTH_NAMES})\.?\s+(?P<y3>\d{{4}})"
    r")"
)
_BIRTH_LABEL = (
    r"(?:tanggal\s+lahir|tgl\.?\s*lahir|tempat[,/\s]+tanggal\s+lahir|ttl|lahir(?:\s+pada)?(?:\s+tanggal)?"
    r"|date\s+of\s+birth|birth\s*date|d\.?o\.?b\.?|born(?:\s+on)?)"
)
# Cheap first look, one search per string: the patterns below run only on texts that hold a long
# run of digits or name a birth date at all (most strings of a page do neither).
BIRTH_LABEL_HINT = re.compile(r"lahir|ttl|birth|dob|d\.o\.b|born", re.IGNORECASE)
WORTH_A_LOOK = re.compile(rf"\d(?:[ .\-]?\d){{12}}|{BIRTH_LABEL_HINT.pattern}", re.IGNORECASE)
# A label, then optionally a place ("Bandung, "), then the date.
LABELLED_BIRTH_DATE = re.compile(
    rf"\b{_BIRTH_LABEL}\s*[:=]?\s*(?:[A-Za-z][A-Za-z .'-]{{0,40}}?,\s*)?{_DATE}(?!\d)", re.IGNORECASE
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _parsed_date(match: re.Match) -> datetime.date | None:
    parts = match.groupdict()
    for day, month, year in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if parts[year]:
            month_value = parts[month]
            number = MONTHS.get(month_value.lower()) if not month_value.isdigit() else int(month_value)
            try:
                return datetime.date(int(parts[year]), number or 0, int(parts[day]))
            except ValueError:
                return None
    return None


def _masked(text: str) -> str:
    return re.sub(r"[0-9A-Za-z]", MASK, text)


class IdentifierMasker:
    """Masks identifiers in text and in JSON-like data; `own` gives the caller's (NIKs, BPJS numbers, birth date)."""

    def __init__(self, own: Callable[[], tuple[frozenset[str], datetime.date | None]]):
        self._own_loader = own
        self._own: tuple[frozenset[str], datetime.date | None] | None = None

    @property
    def own(self) -> tuple[frozenset[str], datetime.date | None]:
        if self._own is None:
            self._own = self._own_loader()
        return self._own

    def text(self, value: str) -> str:
        if len(value) < MIN_MASKABLE_LENGTH or not WORTH_A_LOOK.search(value):
            return value  # nothing to mask, nothing to read
        value = DIGIT_RUN.sub(self._identifier, value)
        if not BIRTH_LABEL_HINT.search(value):
            return value
        return LABELLED_BIRTH_DATE.sub(self._birth_date, value)

    def data(self, value, key: str | None = None):
        """The same structure with every string masked (dict keys and structural links left alone)."""
        if isinstance(value, str):
            return value if key in STRUCTURAL_KEYS else self.text(value)
        if isinstance(value, dict):
            return {k: self.data(v, k) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(item, key) for item in value]
        return value

    def _identifier(self, match: re.Match) -> str:
        digits = _digits(match.group())
        if len(digits) not in IDENTIFIER_LENGTHS or digits in self.own[0]:
            return match.group()
        return _masked(match.group())

    def _birth_date(self, match: re.Match) -> str:
        own_birth_date = self.own[1]
        if own_birth_date is not None and _parsed_date(match) == own_birth_date:
            return match.group()
        start, end = match.span("date")
        whole = match.group()
        offset = match.start()
        return whole[: start - offset] + _masked(whole[start - offset : end - offset]) + whole[end - offset :]


def masker_for(user) -> IdentifierMasker:
    """A masker that keeps `user`'s own patient's NIK, BPJS number and birth date (read on first need)."""

    def own():
        from records.models import Patient  # this module stays importable without Django set up

        row = (
            Patient.all_objects.filter(user=user).values_list("nik", "bpjs_number", "phone", "birth_date").first()
            if user is not None and user.is_authenticated
            else None
        )
        if row is None:
            return frozenset(), None
        nik, bpjs_number, phone, birth_date = row
        return frozenset(filter(None, (nik, bpjs_number, _digits(phone or "")))), birth_date

    return IdentifierMasker(own)


class MasksOthersIdentifiersMixin:
    """A patient-facing view: every JSON body is masked for the caller before it is rendered (and tagged)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "data", None) is not None:  # file downloads carry no data
            response.data = masker_for(request.user).data(response.data)
        return response
