"""/health of the two RAG services: the database, the vector store and the index queue.

503 when either server a question needs is down (the database or the vector store), so a load
balancer stops sending questions there; the index queue only informs (a worker that is behind or
stopped shows as a growing `lag_seconds`, failed jobs as `failed_jobs`).
"""

import logging

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from healthkon.api.views import database_is_up

logger = logging.getLogger(__name__)

RagHealthSerializer = inline_serializer(
    "RagHealth",
    {
        "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "service": serializers.CharField(),
        "database": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "vector_store": inline_serializer(
            "VectorStoreHealth",
            {
                "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
                "backend": serializers.ChoiceField(choices=["server", "embedded"]),
                "chunks": serializers.IntegerField(allow_null=True, help_text="Passages in the index."),
            },
        ),
        "index": inline_serializer(
            "IndexQueueHealth",
            {
                "pending_jobs": serializers.IntegerField(allow_null=True, help_text="Changes not yet searchable."),
                "failed_jobs": serializers.IntegerField(allow_null=True, help_text="Changes that failed every retry."),
                "lag_seconds": serializers.FloatField(
                    allow_null=True, help_text="Age of the oldest change not yet searchable (0: up to date)."
                ),
            },
        ),
    },
)


def vector_store_health() -> dict:
    from rag import vectorstore  # chromadb loads on the first check, not at start-up

    backend = "server" if settings.CHROMA_URL else "embedded"
    try:
        chunks = vectorstore.get_collection().count()
    except Exception:  # noqa: BLE001 -- any failure to reach the store is "unavailable"
        logger.exception("Health check: vector store unavailable")
        return {"status": "unavailable", "backend": backend, "chunks": None}
    return {"status": "ok", "backend": backend, "chunks": chunks}


@extend_schema(
    summary="Liveness: database, vector store and index queue",
    responses={(200, "application/json"): RagHealthSerializer, (503, "application/json"): RagHealthSerializer},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def rag_health(request):
    from rag import outbox

    database_ok = database_is_up()
    store = vector_store_health()
    queue = outbox.queue_stats() if database_ok else {"pending_jobs": None, "failed_jobs": None, "lag_seconds": None}
    ok = database_ok and store["status"] == "ok"
    return Response(
        {
            "status": "ok" if ok else "unavailable",
            "service": settings.SERVICE_NAME,
            "database": "ok" if database_ok else "unavailable",
            "vector_store": store,
            "index": queue,
        },
        status=200 if ok else 503,
    )
