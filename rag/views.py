"""The rag service (:8002): questions and searches over every patient's records, for petugas."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from healthkon.api.schema import HealthkonAutoSchema
from rag import serializers, services
from rag.permissions import IsPetugas
from records.audit import AuditedDenialsMixin, DeniedTarget
from records.models import Patient


class RagSchema(HealthkonAutoSchema):
    """The shared error responses, plus 404 (a `patient_id` outside the caller's scope) and 503
    (the vector store server is down)."""

    def error_codes(self) -> list[str]:
        codes = super().error_codes()
        return [*codes, *(code for code in ("404", "503") if code not in codes)]


class RagDenialsMixin(AuditedDenialsMixin):
    """A refused question or search is audited against the `patient_id` it named (`*` for none)."""

    def denied_target(self, reason: str) -> DeniedTarget:
        try:
            named = self.request.data.get("patient_id") if hasattr(self.request.data, "get") else None
        except APIException:  # a body that does not parse names nobody
            named = None
        return DeniedTarget(model=Patient, object_id=str(named) if named is not None else "*", reason=reason)


class RagQueryView(RagDenialsMixin, APIView):
    """Ask a question; the answer cites the passages it came from."""

    permission_classes = [IsAuthenticated, IsPetugas]
    schema = RagSchema()
    request_serializer = serializers.QueryRequestSerializer
    audience = "staff"

    @extend_schema(
        request=serializers.QueryRequestSerializer,
        responses={200: serializers.QueryResponseSerializer},
        summary="Ask a question about patients' records",
    )
    def post(self, request):
        incoming = self.request_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        result = services.rag_answer(
            request=request,
            user=request.user,
            question=data["question"],
            patient_id=data.get("patient_id"),
            top_k=data["top_k"],
            audience=self.audience,
        )
        return Response(serializers.QueryResponseSerializer(result).data)


class RagSearchView(RagDenialsMixin, APIView):
    """Ranked passages for a query (all patients, or one with `patient_id`)."""

    permission_classes = [IsAuthenticated, IsPetugas]
    schema = RagSchema()

    @extend_schema(
        request=serializers.SearchRequestSerializer,
        responses={200: serializers.SearchResponseSerializer},
        summary="Search passages in patients' records",
    )
    def post(self, request):
        incoming = serializers.SearchRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        results = services.rag_search(
            request=request,
            user=request.user,
            query=data["query"],
            patient_id=data.get("patient_id"),
            top_k=data["top_k"],
        )
        return Response(serializers.SearchResponseSerializer({"results": results}).data)
