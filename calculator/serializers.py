from rest_framework import serializers

from calculator.charts import CHART_INDICATORS, TREND_CALCULATORS
from calculator.models import HealthCalculation
from healthkon.api.fields import RowIdField
from healthkon.api.filters import QueryParametersSerializer


class HealthCalculationSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthCalculation
        fields = ["id", "calculator", "patient", "inputs", "result", "primary_value", "created_at"]
        read_only_fields = fields


class CalculateOptionsSerializer(serializers.Serializer):
    """The request's own options; every other key is a calculator input."""

    save = serializers.BooleanField(required=False, default=True)
    patient = RowIdField(required=False, allow_null=True)


class PatientQuerySerializer(QueryParametersSerializer):
    """`?patient=`: whose measurements (the caller's own patient or one in their scope)."""

    patient = RowIdField(required=False)


class ReadingSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    measured_at = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=["calculation", "clinic_visit"])
    calculation_id = serializers.IntegerField(allow_null=True)
    medical_record_id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)


class SummaryItemSerializer(serializers.Serializer):
    calculator = serializers.CharField()
    latest = ReadingSerializer()
    previous = ReadingSerializer(allow_null=True)
    trend = serializers.ChoiceField(choices=["up", "down", "stable"], allow_null=True)
    change = serializers.FloatField(allow_null=True)


class GrowthChartQuerySerializer(QueryParametersSerializer):
    patient = RowIdField()
    indicator = serializers.ChoiceField(choices=CHART_INDICATORS)


class TrendChartQuerySerializer(QueryParametersSerializer):
    calculator = serializers.ChoiceField(choices=TREND_CALCULATORS)
    patient = RowIdField(required=False)
