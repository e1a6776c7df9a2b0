from rest_framework import serializers

from healthkon.api.fields import RowIdField

MAX_QUESTION_CHARS = 2000


class StrictCharField(serializers.CharField):
    """Text only: a number or a list is a 400, not silently turned into a string."""

    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer (or digits in a string); booleans and fractions are refused."""

    def to_internal_value(self, data):
        if isinstance(data, (bool, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


class _ScopedRequestSerializer(serializers.Serializer):
    patient_id = RowIdField(
        required=False, allow_null=True, help_text="Only this patient's records (must be in scope)."
    )
    top_k = StrictIntegerField(required=False, default=5, min_value=1, max_value=20, help_text="1–20, default 5.")


class QueryRequestSerializer(_ScopedRequestSerializer):
    question = StrictCharField(max_length=MAX_QUESTION_CHARS, help_text="Indonesian or English.")


class SearchRequestSerializer(_ScopedRequestSerializer):
    query = StrictCharField(max_length=MAX_QUESTION_CHARS)


class MobileQueryRequestSerializer(QueryRequestSerializer):
    patient_id = RowIdField(
        required=False,
        allow_null=True,
        help_text="Your own patient (default) or a dependent whose records you may view.",
    )


class SourceSerializer(serializers.Serializer):
    source_type = serializers.ChoiceField(
        choices=["visit", "diagnosis", "prescription", "allergy", "lab_result", "document"]
    )
    source_id = serializers.IntegerField()
    patient_id = serializers.IntegerField()
    medical_record_id = serializers.IntegerField()
    date = serializers.CharField(help_text="Visit or result date (YYYY-MM-DD).")
    text = serializers.CharField()
    score = serializers.FloatField(help_text="Fused rank score, 0–1 (1: first in both retrievers).")


class QueryResponseSerializer(serializers.Serializer):
    answer = serializers.CharField()
    mode = serializers.ChoiceField(choices=["llm", "extractive"])
    language = serializers.ChoiceField(choices=["id", "en"])
    disclaimer = serializers.CharField(allow_blank=True)
    sources = SourceSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    results = SourceSerializer(many=True)
