from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from calculator import charts, formulas, selectors, services
from calculator.filters import HealthCalculationFilter
from calculator.models import HealthCalculation
from calculator.renderers import PNGRenderer, SVGRenderer
from calculator.serializers import (
    CalculateOptionsSerializer,
    GrowthChartQuerySerializer,
    HealthCalculationSerializer,
    PatientQuerySerializer,
    SummaryItemSerializer,
    TrendChartQuerySerializer,
)
from records.audit import audit_record
from records.models import AuditAction, Patient

# The request keys that are options of the request, not inputs of a calculator.
REQUEST_OPTIONS = ("save", "patient")
PATIENT_PARAMETER = OpenApiParameter(
    "patient",
    int,
    OpenApiParameter.QUERY,
    required=False,
    description="Whose measurements: the caller's own patient or a dependent in scope (petugas: any patient). "
    "Out of scope or unknown: 404.",
)


def request_language() -> str:
    """Indonesian unless the client asked for English (Accept-Language, via LocaleMiddleware)."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def scoped_patient(request, patient_id: int | None) -> Patient | None:
    """The named patient if the caller may see them (audited as a read), else 404; None if none named."""
    if patient_id is None:
        return None
    patient = selectors.patient_in_scope(fetched_by=request.user, patient_id=patient_id)
    if patient is None:
        raise exceptions.NotFound()
    audit_record(request=request, action=AuditAction.READ, instances=[patient])
    return patient


def query_patient(request) -> Patient | None:
    """`?patient=` checked: not a positive integer → 400, outside the caller's scope → 404."""
    query = PatientQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return scoped_patient(request, query.validated_data.get("patient"))


class CalculatorListView(APIView):
    """Every calculator with its inputs, units and valid ranges."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request):
        calculators = formulas.list_calculators(lang=request_language(), with_request_options=True)
        return Response({"count": len(calculators), "next": None, "previous": None, "results": calculators})


class CalculateView(APIView):
    """Run one calculator; the result joins the caller's history unless `"save": false`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=dict,
        responses=dict,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=sorted(formulas.CALCULATORS))],
        description="The body holds the calculator's inputs (see GET /calculator/) and optionally `save` and "
        "`patient` (whom the measurement is about: the caller's own patient or a dependent in scope; petugas may "
        "name any patient; out of scope → 404). For child-growth, head-circumference and immunisation a named "
        "patient's record supplies sex and birth date when they are left out.",
    )
    def post(self, request, name):
        if name not in formulas.CALCULATORS:
            raise exceptions.NotFound()
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
        options = CalculateOptionsSerializer(data=request.data)  # reads only `save` and `patient`
        options.is_valid(raise_exception=True)
        patient = scoped_patient(request, options.validated_data.get("patient"))
        raw_inputs = {key: value for key, value in request.data.items() if key not in REQUEST_OPTIONS}
        try:
            outcome = services.calculation_run(
                user=request.user,
                calculator=name,
                raw_inputs=raw_inputs,
                lang=request_language(),
                save=options.validated_data["save"],
                patient=patient,
            )
        except formulas.CalculatorInputError as error:
            raise exceptions.ValidationError(error.errors) from error
        calculation = outcome["calculation"]
        return Response(
            {
                "id": calculation.pk if calculation else None,
                "saved": calculation is not None,
                "calculator": name,
                "patient": outcome["patient"].pk if outcome["patient"] else None,
                "inputs": outcome["inputs"],
                "result": outcome["result"],
                "created_at": calculation.created_at if calculation else None,
            }
        )


@extend_schema_view(list=extend_schema(parameters=[PATIENT_PARAMETER]))
class MetricViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The caller's calculation history, or with `?patient=` that patient's; other ids answer 404."""

    serializer_class = HealthCalculationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = HealthCalculationFilter
    not_found_for_query_parameters = True  # ?patient= outside the caller's scope (healthkon.api.schema)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no signed-in user
            return HealthCalculation.objects.none()
        if self.action == "list":
            return selectors.calculation_list(fetched_by=self.request.user, patient=query_patient(self.request))
        if self.action == "retrieve":
            return selectors.calculation_visible_list(fetched_by=self.request.user)
        return selectors.calculation_list(fetched_by=self.request.user)  # delete: only what you saved yourself

    def perform_destroy(self, instance):
        services.calculation_delete(calculation=instance)

    @extend_schema(
        responses=inline_serializer("MetricsSummary", {"results": SummaryItemSerializer(many=True)}),
        parameters=[
            OpenApiParameter("Accept-Language", str, OpenApiParameter.HEADER, required=False),
            PATIENT_PARAMETER,
        ],
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request):
        patient = query_patient(request)
        items = selectors.calculation_summary(fetched_by=request.user, patient=patient, lang=request_language())
        return Response({"results": SummaryItemSerializer(items, many=True).data})


IMAGE_RESPONSES = {
    (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.BINARY, description="The chart as SVG (the default)."),
    (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="The chart as PNG (`Accept: image/png`)."),
}
LANGUAGE_HEADER = OpenApiParameter("Accept-Language", str, OpenApiParameter.HEADER, required=False)


class ChartView(APIView):
    """A chart image: SVG by default, PNG on `Accept: image/png`; errors (and OPTIONS) stay JSON."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [SVGRenderer, PNGRenderer]
    not_found_for_query_parameters = True  # ?patient= outside the caller's scope (healthkon.api.schema)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and not isinstance(response.data, bytes):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def image(self, request, content: bytes) -> Response:
        response = Response(content, content_type=request.accepted_renderer.media_type)
        response["Cache-Control"] = "private, no-store"  # a person's health data
        response["Vary"] = "Accept, Accept-Language, Authorization"
        return response


class ChildGrowthChartView(ChartView):
    """A child's KMS-style growth card: WHO −3…+3 SD curves and the child's saved measurements."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "patient", int, OpenApiParameter.QUERY, required=True, description="The child (in scope)."
            ),
            OpenApiParameter(
                "indicator", str, OpenApiParameter.QUERY, required=True, enum=list(charts.CHART_INDICATORS)
            ),
            LANGUAGE_HEADER,
        ],
        responses=IMAGE_RESPONSES,
    )
    def get(self, request):
        query = GrowthChartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        patient = scoped_patient(request, query.validated_data["patient"])
        content = charts.growth_chart(
            indicator=query.validated_data["indicator"],
            sex="male" if patient.sex == "M" else "female",
            points=selectors.growth_points(fetched_by=request.user, patient=patient),
            name=patient.name,
            lang=request_language(),
            fmt=request.accepted_renderer.format,
        )
        return self.image(request, content)


class TrendChartView(ChartView):
    """An adult's BMI, blood-pressure or HbA1c readings over time (calculator results and, for BMI and blood
    pressure, clinic visits)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "calculator", str, OpenApiParameter.QUERY, required=True, enum=list(charts.TREND_CALCULATORS)
            ),
            PATIENT_PARAMETER,
            LANGUAGE_HEADER,
        ],
        responses=IMAGE_RESPONSES,
    )
    def get(self, request):
        query = TrendChartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        patient = scoped_patient(request, query.validated_data.get("patient"))
        calculator = query.validated_data["calculator"]
        content = charts.trend_chart(
            calculator=calculator,
            points=selectors.trend_points(fetched_by=request.user, calculator=calculator, patient=patient),
            name=patient.name if patient else "",
            lang=request_language(),
            fmt=request.accepted_renderer.format,
        )
        return self.image(request, content)
