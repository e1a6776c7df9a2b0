"""List pages without DRF's per-request serializer machinery, with the same JSON (issue 12).

A `ModelSerializer` builds its fields from the model on every request and then walks them per
row (`get_attribute`, `to_representation`). For a serializer whose readable fields are all plain
model columns or primary keys, `lean_plan` reads that field list once per serializer class and
keeps, for each field, the attribute to read and the DRF field's own `to_representation`: the
output is DRF's, value for value, in the same order. Any other field (a method field, a nested
serializer, a dotted source, a subclass that may override behaviour) means no plan, and the
caller uses DRF as before.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

# Field types whose to_representation needs neither the parent serializer nor the request.
PLAIN_FIELDS = {
    *([serializers.BigIntegerField] if hasattr(serializers, "BigIntegerField") else []),
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.EmailField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.IPAddressField,
    serializers.ReadOnlyField,
    serializers.UUIDField,
}


def _plain_pk(field) -> bool:
    return (
        isinstance(field, serializers.PrimaryKeyRelatedField)
        and field.pk_field is None
        and type(field).to_representation is serializers.PrimaryKeyRelatedField.to_representation
        and type(field).get_attribute is serializers.PrimaryKeyRelatedField.get_attribute
        and type(field).use_pk_only_optimization is serializers.PrimaryKeyRelatedField.use_pk_only_optimization
    )


@cache
def lean_plan(serializer_class) -> tuple | None:
    """((json name, attribute, to_representation or None), …) or None when DRF must serialize."""
    if not issubclass(serializer_class, serializers.ModelSerializer):
        return None
    if serializer_class.to_representation is not serializers.Serializer.to_representation:
        return None
    model = serializer_class.Meta.model
    plan = []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        source = field.source
        if not source or "." in source or source == "*":
            return None
        try:
            model_field = model._meta.get_field(source)
        except FieldDoesNotExist:
            return None
        if not model_field.concrete:
            return None
        if _plain_pk(field) and model_field.is_relation and (model_field.many_to_one or model_field.one_to_one):
            plan.append((name, model_field.attname, None))
        elif type(field) in PLAIN_FIELDS and not model_field.is_relation:
            plan.append((name, model_field.attname, field.to_representation))
        else:
            return None
    return tuple(plan)


def lean_data(plan: tuple, instances) -> list[dict]:
    """What `serializer_class(instances, many=True).data` gives, for a serializer with a plan."""
    rows = []
    for instance in instances:
        row = {}
        for name, attname, represent in plan:
            value = getattr(instance, attname)
            row[name] = value if value is None or represent is None else represent(value)
        rows.append(row)
    return rows
