"""“Tanya AI” in the staff dashboard: ask about one patient's records, answers link to cited rows.

The same service as :8002 with the petugas scope, reached over HTTP (`rag.client`) so the
dashboard's process never loads the embedding model; the question is audited like any other.
Reached from a patient's change page (`?patient=<id>`).
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException

from rag import client
from rag.selectors import rag_scope
from records.audit import OutOfScope, audit_denied

ADMIN_MODELS = {
    "visit": "medicalrecord",
    "diagnosis": "diagnosis",
    "prescription": "prescription",
    "allergy": "allergy",
    "lab_result": "labresult",
    "document": "medicaldocument",
}


class TanyaAiForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    top_k = forms.IntegerField(label=_("Passages"), min_value=1, max_value=20, initial=5)


def _link(source: dict) -> str | None:
    try:
        return reverse(f"admin:records_{ADMIN_MODELS[source['source_type']]}_change", args=[source["source_id"]])
    except NoReverseMatch:
        return None


def _patient_id(request) -> int | None:
    raw = request.GET.get("patient") or request.POST.get("patient") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


def tanya_ai(request, admin_site):
    patient_id = _patient_id(request)
    try:
        scope = rag_scope(fetched_by=request.user, patient_id=patient_id)  # 404 outside the scope
    except OutOfScope as refused:
        audit_denied(request=request, target=refused.denied_target, status_code=404)
        raise
    patient = None
    if patient_id is not None:
        from records.models import Patient

        patient = Patient.objects.get(pk=scope.patient_ids[0])
    result = None
    form = TanyaAiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = client.ask(
                request=request,
                user=request.user,
                question=form.cleaned_data["question"],
                patient_id=patient_id,
                top_k=form.cleaned_data["top_k"],
            )
        except APIException as error:  # the question service or its index is down: say so on the page
            form.add_error(None, str(error.detail))
        else:
            for source in result["sources"]:
                source["url"] = _link(source)
    context = {
        **admin_site.each_context(request),
        "title": _("Tanya AI"),
        "form": form,
        "patient": patient,
        "result": result,
    }
    return render(request, "admin/rag/tanya_ai.html", context)
