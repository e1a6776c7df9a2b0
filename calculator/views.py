from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from calculator import formulas, selectors, services
from calculator.filters import HealthCalculationFilter
from calculator.models import HealthCalculation
from calculator.serializers import CalculateOptionsSerializer, HealthCalculationSerializer, SummaryItemSerializer


def request_language() -> str:
    """Indonesian unless the client asked for English (Accept-Language, via LocaleMiddleware)."""
    return "en" if (get_language() or "id").startswith("en") else "id"


class CalculatorListView(APIView):
    """Every calculator with its inputs, units and valid ranges."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request):
        calculators = formulas.list_calculators(lang=request_language())
        return Response({"count": len(calculators), "next": None, "previous": None, "results": calculators})


class CalculateView(APIView):
    """Run one calculator; the result joins the caller's history unless `"save": false`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=dict,
        responses=dict,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=sorted(formulas.CALCULATORS))],
        description="The body holds the calculator's inputs (see GET /calculator/) and optionally `save`.",
    )
    def post(self, request, name):
        if name not in formulas.CALCULATORS:
            raise exceptions.NotFound()
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
        options = CalculateOptionsSerializer(data=request.data)  # reads only `save`
        options.is_valid(raise_exception=True)
        raw_inputs = {key: value for key, value in request.data.items() if key != "save"}
        try:
            outcome = services.calculation_run(
                user=request.user,
                calculator=name,
                raw_inputs=raw_inputs,
                lang=request_language(),
                save=options.validated_data["save"],
            )
        except formulas.CalculatorInputError as error:
            raise exceptions.ValidationError(error.errors) from error
        calculation = outcome["calculation"]
        return Response(
            {
                "id": calculation.pk if calculation else None,
                "saved": calculation is not None,
                "calculator": name,
                "inputs": outcome["inputs"],
                "result": outcome["result"],
                "created_at": calculation.created_at if calculation else None,
            }
        )


class MetricViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The caller's own calculation history; another person's ids answer 404."""

    serializer_class = HealthCalculationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = HealthCalculationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no signed-in user
            return HealthCalculation.objects.none()
        return selectors.calculation_list(fetched_by=self.request.user)

    def perform_destroy(self, instance):
        services.calculation_delete(calculation=instance)

    @extend_schema(
        responses=SummaryItemSerializer(many=True),
        parameters=[OpenApiParameter("Accept-Language", str, OpenApiParameter.HEADER, required=False)],
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request):
        items = selectors.calculation_summary(fetched_by=request.user, lang=request_language())
        return Response({"results": SummaryItemSerializer(items, many=True).data})
