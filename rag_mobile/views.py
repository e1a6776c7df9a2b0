"""The rag_mobile service (:8004): a patient's questions over their own and dependents' records.

The same services as :8002 with the patient scope (rag.selectors): held rows are never
retrieved, a `patient_id` outside the scope is a 404, answers are plain and carry a disclaimer.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated

from rag import serializers
from rag.permissions import IsPatientAccount
from rag.views import RagQueryView
from records.identifiers import MasksOthersIdentifiersMixin


class MobileRagQueryView(MasksOthersIdentifiersMixin, RagQueryView):
    """Ask about your own records (or a dependent's you may view); others' identifiers are masked."""

    permission_classes = [IsAuthenticated, IsPatientAccount]
    request_serializer = serializers.MobileQueryRequestSerializer
    audience = "patient"

    @extend_schema(
        request=serializers.MobileQueryRequestSerializer,
        responses={200: serializers.QueryResponseSerializer},
        summary="Ask a question about your records",
    )
    def post(self, request):
        return super().post(request)
