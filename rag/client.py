"""The dashboard's way to the rag service (:8002): one HTTP call with the staff member's identity.

The records process (:8001, the dashboard) must never load the embedding model, so Tanya AI asks
the rag service over HTTP when `RAG_SERVICE_URL` is set (runservices and deployments set it) —
the same endpoint, scope rules and audit as the API, with a short-lived access token issued for
the signed-in staff member. Without the setting (tests, single-process scripts) it calls
`rag.services.rag_answer` in-process.
"""

import json
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, ValidationError
from rest_framework_simplejwt.tokens import AccessToken

from healthkon.api.exceptions import VectorStoreUnavailable

TOKEN_LIFETIME = timedelta(minutes=2)


class RagServiceUnavailable(APIException):
    status_code = 503
    default_detail = _("The question service is unavailable; try again shortly.")
    default_code = "rag_service_unavailable"


def ask(*, request, user, question: str, patient_id: int | None, top_k: int) -> dict:
    """The same dict `rag.services.rag_answer` returns (answer, mode, language, disclaimer, sources)."""
    base_url = getattr(settings, "RAG_SERVICE_URL", "")
    if not base_url:
        from rag import services

        return services.rag_answer(request=request, user=user, question=question, patient_id=patient_id, top_k=top_k)
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=TOKEN_LIFETIME)
    body = {"question": question, "top_k": top_k}
    if patient_id is not None:
        body["patient_id"] = patient_id
    outgoing = urllib.request.Request(  # noqa: S310 -- the configured internal service URL
        f"{base_url.rstrip('/')}/rag/query",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    timeout = float(getattr(settings, "LLM_TIMEOUT_SECONDS", 20)) + 10
    try:
        with urllib.request.urlopen(outgoing, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise Http404 from None
        if error.code == 400:
            raise ValidationError(json.loads(error.read() or b"{}")) from None
        if error.code == 503:
            raise VectorStoreUnavailable from None
        raise RagServiceUnavailable from None
    except (OSError, ValueError):
        raise RagServiceUnavailable from None
