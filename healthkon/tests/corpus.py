"""The bad-input corpus (issue #13): hostile values per kind of field, and the services' OpenAPI schemas.

Every value is JSON *text*, so tokens Python's json would never write (`1e999`, `Infinity`,
`NaN`, `99999999999999999999`, a lone `\\ud800`) reach the parser exactly as a client sends them.
Which values a field gets follows from its schema (type, format, enum, maxLength, nullable): a
new field or filter is covered by the next run without touching this file.
"""

import json
from dataclasses import dataclass
from functools import cache

from django.test import Client, override_settings
from django.urls import clear_url_caches

SERVICES = ("auth", "records", "rag", "records_mobile", "rag_mobile", "calculator")
HUGE = 100_000  # characters in a "huge string"

# Outcomes a value may have.
REJECT = "reject"  # must be refused (4xx naming the field)
EITHER = "either"  # may be stored (then read back verbatim) or refused (4xx naming the field)


@dataclass(frozen=True)
class Hostile:
    label: str
    json: str  # the JSON text sent as the field's value
    outcome: str = REJECT

    def decoded(self):
        return json.loads(self.json)


def _s(label: str, text: str, outcome: str = EITHER) -> Hostile:
    return Hostile(label, json.dumps(text), outcome)


# Strings a free-text field may keep, and must then give back exactly.
HOSTILE_TEXT = [
    _s("rtl_override", "\u202etxt.exe Budi"),
    _s("zero_width", "Bu\u200bdi\ufeff Santoso\u200d"),
    _s("sql_injection", "' OR 1=1 --"),
    _s("drop_table", "; DROP TABLE patients;"),
    _s("script_tag", "<script>alert(1)</script>"),
    _s("template", "{{7*7}} ${7*7} {% debug %}"),
    _s("path_traversal", "../../etc/passwd"),
    _s("percent_nul", "%00"),
    _s("mixed_id_en", "Pasien mengeluh pusing / dizziness sejak 3 hari, TD 150/90 — kontrol ulang"),
    Hostile("emoji_pair_escaped", '"Sakit kepala \\ud83e\\udd12 \\u2764\\ufe0f"', EITHER),
    _s("combining", "Zalgo: Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319"),
    _s("padded", "  spasi di tepi  "),  # DRF trims: read back as "spasi di tepi"
]
# Strings no text field may keep.
POISON_TEXT = [
    _s("nul_byte", "Budi\x00Santoso", REJECT),
    Hostile("lone_surrogate", '"Budi \\ud800 Santoso"'),
    Hostile("lone_low_surrogate", '"\\udfff"'),
]
WRONG_FOR_TEXT = [
    Hostile("number", "0"),
    Hostile("float", "12.5"),
    Hostile("bool", "true"),
    Hostile("array", '["x"]'),
    Hostile("empty_array", "[]"),
    Hostile("object", '{"a": 1}'),
    Hostile("huge_float", "1e308"),
    Hostile("literal_1e999", "1e999"),
    Hostile("big_int_literal", "99999999999999999999"),
]
HUGE_NUMBERS = [
    Hostile("1e308", "1e308"),
    Hostile("-1e308", "-1e308"),
    Hostile("2**63", str(2**63)),
    Hostile("-(2**63)-1", str(-(2**63) - 1)),
    Hostile("literal_1e999", "1e999"),
    Hostile("literal_-1e999", "-1e999"),
    Hostile("Infinity_token", "Infinity"),
    Hostile("-Infinity_token", "-Infinity"),
    Hostile("NaN_token", "NaN"),
    Hostile("99999999999999999999", "99999999999999999999"),
]
WRONG_FOR_NUMBER = [
    Hostile("word", '"abc"'),
    Hostile("empty_string", '""'),
    Hostile("bool", "true"),
    Hostile("array", "[1]"),
    Hostile("object", '{"a": 1}'),
    Hostile("negative", "-1"),
    Hostile("sql_injection", json.dumps("1 OR 1=1")),
    Hostile("string_inf", '"Infinity"'),
    Hostile("string_nan", '"NaN"'),
    Hostile("string_1e308", '"1e308"'),
    Hostile("nul_in_string", json.dumps("1\x00")),
]
WRONG_FOR_BOOLEAN = [
    Hostile("word", '"maybe"'),
    Hostile("two", "2"),
    Hostile("float", "0.5"),
    Hostile("empty_string", '""'),
    Hostile("array", "[true]"),
    Hostile("object", '{"a": true}'),
    Hostile("sql_injection", json.dumps("' OR 1=1 --")),
]
WRONG_FOR_DATE = [
    Hostile("month_13", '"2024-13-45"'),
    Hostile("zero_date", '"0000-00-00"'),
    Hostile("year_99999", '"99999-12-31"'),
    Hostile("empty_string", '""'),
    Hostile("number", "20240101"),
    Hostile("huge_float", "1e308"),
    Hostile("bool", "true"),
    Hostile("array", '["2024-01-01"]'),
    Hostile("object", '{"y": 2024}'),
    Hostile("sql_injection", json.dumps("2024-01-01' OR 1=1 --")),
    Hostile("nul_byte", json.dumps("2024-01-01\x00")),
    Hostile("lone_surrogate", '"2024-01-01\\ud800"'),
    Hostile("huge_string", json.dumps("2" * HUGE)),
]
WRONG_FOR_CHOICE = [
    Hostile("not_a_choice", '"NOT_A_CHOICE"'),
    Hostile("number", "1"),
    Hostile("bool", "true"),
    Hostile("array", '["x"]'),
    Hostile("object", '{"a": 1}'),
    Hostile("sql_injection", json.dumps("' OR 1=1 --")),
    Hostile("script_tag", json.dumps("<script>alert(1)</script>")),
    Hostile("rtl_override", json.dumps("\u202emild")),
    Hostile("nul_byte", json.dumps("mild\x00")),
    Hostile("lone_surrogate", '"\\ud800"'),
    Hostile("huge_string", json.dumps("x" * HUGE)),
]
NULL = Hostile("null", "null")


# --- Query strings and paths ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueryValue:
    label: str
    encoded: str  # already percent-encoded, as it goes into the query string
    outcome: str = REJECT


def _q(label: str, raw: str, outcome: str = REJECT) -> QueryValue:
    from urllib.parse import quote

    return QueryValue(label, quote(raw, safe=""), outcome)


QUERY_COMMON = [
    _q("sql_injection", "' OR 1=1 --"),
    _q("script_tag", "<script>alert(1)</script>"),
    _q("template", "{{7*7}}"),
    _q("path_traversal", "../../etc/passwd"),
    _q("drop_table", "; DROP TABLE patients;"),
    _q("rtl_zero_width", "\u202e\u200b\ufeff"),
    QueryValue("nul_byte", "%00"),
    QueryValue("percent_00_literal", "%2500"),
    QueryValue("non_utf8", "%FF%FE"),
    QueryValue("lone_surrogate_utf8", "%ED%A0%80"),
    _q("huge_string", "9" * 10_000),
]
QUERY_NUMBERS = [
    _q("word", "abc"),
    _q("fraction", "1.5"),
    _q("negative", "-1"),
    _q("zero", "0"),
    _q("1e308", "1e308"),
    _q("-1e308", "-1e308"),
    _q("2**63", str(2**63)),
    _q("-(2**63)-1", str(-(2**63) - 1)),
    _q("1e999", "1e999"),
    _q("Infinity", "Infinity"),
    _q("NaN", "NaN"),
    _q("99999999999999999999", "99999999999999999999"),
    _q("list", "1,2"),
    _q("json_array", "[1]"),
    _q("null_word", "null"),
]
QUERY_BOOLEANS = [_q("maybe", "maybe"), _q("two", "2"), _q("null_word", "null"), _q("fraction", "0.5")]
QUERY_DATES = [
    _q("month_13", "2024-13-45"),
    _q("zero_date", "0000-00-00"),
    _q("year_99999", "99999-12-31"),
    _q("hour_25", "2024-01-01T25:61:00"),
    _q("1e308", "1e308"),
    _q("1e999", "1e999"),
]
QUERY_CHOICES = [_q("not_a_choice", "NOT_A_CHOICE"), _q("number", "1")]
PATH_IDS = [
    ("word", "abc"),
    ("negative", "-1"),
    ("zero", "0"),
    ("fraction", "1.5"),
    ("exponent", "1e3"),
    ("2**63", str(2**63)),
    ("20_digits", "99999999999999999999"),
    ("nul_byte", "%00"),
    ("non_utf8", "%FF"),
    ("sql_injection", "1%27%20OR%201%3D1%20--"),
    ("traversal", "..%2F..%2Fetc%2Fpasswd"),
]


# --- Schemas -------------------------------------------------------------------------------------


@cache
def schema(service: str) -> dict:
    """GET /api/schema/?format=json under that service's URLconf (no database needed)."""
    with override_settings(ROOT_URLCONF=f"healthkon.urls.{service}", ALLOWED_HOSTS=["testserver"]):
        clear_url_caches()
        try:
            response = Client().get("/api/schema/?format=json")
        finally:
            clear_url_caches()
    assert response.status_code == 200, (service, response.status_code)
    return json.loads(response.content)


def resolve(service: str, node: dict) -> dict:
    """A schema node with `$ref` and single-`allOf` wrappers followed."""
    components = schema(service)["components"]["schemas"]
    while True:
        if "$ref" in node:
            node = {**components[node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
        elif len(node.get("allOf", [])) == 1:
            node = {**resolve(service, node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
        else:
            return node


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str  # as in the schema, e.g. /patients/{id}/

    @property
    def id(self) -> str:
        return f"{self.service}:{self.method} {self.path}"

    @property
    def spec(self) -> dict:
        return schema(self.service)["paths"][self.path][self.method.lower()]

    def body_schema(self) -> dict | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        node = content.get("application/json", {}).get("schema")
        return resolve(self.service, node) if node else None

    def body_fields(self) -> dict[str, dict]:
        body = self.body_schema() or {}
        return {name: resolve(self.service, node) for name, node in body.get("properties", {}).items()}

    def required_fields(self) -> set[str]:
        return set((self.body_schema() or {}).get("required", []))

    def parameters(self, where: str) -> list[dict]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    @property
    def documented_codes(self) -> set[str]:
        return set(self.spec.get("responses", {}))


def operations() -> list[Operation]:
    found = []
    for service in SERVICES:
        for path, methods in schema(service)["paths"].items():
            for method in methods:
                if method in ("get", "post", "put", "patch", "delete"):
                    found.append(Operation(service, method.upper(), path))
    return found


def write_operations() -> list[Operation]:
    return [op for op in operations() if op.method in ("POST", "PUT", "PATCH")]


def field_kind(service: str, node: dict) -> str:
    """text | password | choice | constrained | integer | number | boolean | date | object."""
    node = resolve(service, node)
    variants = [resolve(service, option) for option in node.get("oneOf", [])]
    if variants and all("enum" in option for option in variants) or "enum" in node:
        return "choice"
    if variants:
        return "constrained"  # e.g. nip: 18 digits or empty
    kind = node.get("type")
    if kind == "integer":
        return "integer"
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "object" or kind == "array":
        return "object"
    fmt = node.get("format")
    if fmt == "decimal":
        return "number"
    if fmt in ("date", "date-time"):
        return "date"
    if fmt or node.get("pattern"):
        return "constrained"
    if node.get("writeOnly"):
        return "password"
    return "text"


def field_corpus(service: str, node: dict) -> list[Hostile]:
    """The hostile values a body field of this schema gets."""
    node = resolve(service, node)
    kind = field_kind(service, node)
    nullable = node.get("nullable", False)
    values: list[Hostile] = []
    if kind in ("text", "password", "constrained"):
        values += WRONG_FOR_TEXT + POISON_TEXT
        free = kind in ("text", "password")
        values += [h if free else Hostile(h.label, h.json, REJECT) for h in HOSTILE_TEXT]
        limit = node.get("maxLength")
        if limit is not None:
            values.append(Hostile(f"max_length_plus_1({limit + 1})", json.dumps("7" * (limit + 1))))
        values.append(Hostile("huge_string", json.dumps("x" * HUGE), EITHER if free and limit is None else REJECT))
        if node.get("minLength", 0) >= 1:
            values.append(Hostile("empty_string", '""'))
    elif kind in ("integer", "number"):
        values += WRONG_FOR_NUMBER + HUGE_NUMBERS + [Hostile("fraction", "1.5", EITHER if kind == "number" else REJECT)]
        if kind == "number" and node.get("minimum") is None:  # e.g. a lab value: below zero is a value
            values = [Hostile(h.label, h.json, EITHER) if h.label == "negative" else h for h in values]
    elif kind == "boolean":
        values += WRONG_FOR_BOOLEAN + [Hostile("huge_float", "1e308"), Hostile("literal_1e999", "1e999")]
    elif kind == "date":
        values += WRONG_FOR_DATE
    elif kind == "choice":
        values += WRONG_FOR_CHOICE
    else:
        values += [Hostile("string", '"x"'), Hostile("number", "1")]
    values.append(Hostile("null", "null", EITHER if nullable else REJECT))
    if nullable:  # DRF reads "" as null for relations and optional inputs: no value, not a wrong one
        values = [Hostile(h.label, h.json, EITHER) if h.label == "empty_string" else h for h in values]
    return values


def query_kind(parameter: dict) -> str:
    node = parameter.get("schema", {})
    if "enum" in node:
        return "choice"
    if node.get("type") in ("integer", "number"):
        return "number"
    if node.get("type") == "boolean":
        return "boolean"
    if node.get("format") in ("date", "date-time"):
        return "date"
    return "text"


CLAMPED = {"page_size": {"2**63", "99999999999999999999"}}  # "above 100 gives 100 rows" (pagination.py)


def query_corpus(parameter: dict) -> list[QueryValue]:
    kind = query_kind(parameter)
    specific = {
        "choice": QUERY_CHOICES,
        "number": QUERY_NUMBERS,
        "boolean": QUERY_BOOLEANS,
        "date": QUERY_DATES,
        "text": [],
    }[kind]
    free = kind == "text"
    # A typed parameter fails to parse the same way whatever the text: a few kinds of it suffice.
    typed_common = {"sql_injection", "nul_byte", "non_utf8", "huge_string"}
    common = [
        QueryValue(v.label, v.encoded, EITHER if free else REJECT)
        for v in QUERY_COMMON
        if free or v.label in typed_common
    ]
    # An empty text filter is no filter; an empty typed one is a 400 (healthkon.api.filters).
    empty = QueryValue("empty", "", EITHER if free else REJECT)
    values = [*specific, *common, empty]
    clamped = CLAMPED.get(parameter["name"], set())
    return [QueryValue(v.label, v.encoded, EITHER) if v.label in clamped else v for v in values]


# The values a field or parameter gets again where it recurs (another method, another resource or
# calculator with the same field): one of each kind of trouble, not the whole corpus.
SAMPLE = {
    "number",
    "array",
    "null",
    "nul_byte",
    "lone_surrogate",
    "literal_1e999",
    "2**63",
    "word",
    "maybe",
    "not_a_choice",
    "month_13",
    "empty",
    "non_utf8",
}


def sample(values: list) -> list:
    return [v for v in values if v.label in SAMPLE or v.label.startswith("max_length")]


class Plan:
    """Which corpus each (operation, field) gets: the whole on first sight of the field, a sample after."""

    def __init__(self):
        self.seen: set = set()

    def values(self, key, values: list) -> list:
        if key in self.seen:
            return sample(values)
        self.seen.add(key)
        return values
