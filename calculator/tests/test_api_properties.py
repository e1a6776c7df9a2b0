"""No request body, however odd, makes the calculator API answer 500."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.formulas import CALCULATORS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def plausible_bodies(name):
    """Bodies that use the calculator's real input names with arbitrary values (the likely mistakes)."""
    names = [spec.name for spec in CALCULATORS[name].inputs]
    return st.dictionaries(
        st.sampled_from(names), json_values | st.sampled_from(["", "1e309", "NaN", "-0", "2020-02-30"])
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_body_is_200_or_400(make_user, client_for, data):
    client = client_for(make_user())
    name = data.draw(st.sampled_from(sorted(CALCULATORS)))
    body = data.draw(plausible_bodies(name) | st.dictionaries(st.text(max_size=8), json_values, max_size=4))
    # Encoded here rather than by the test client: Python's json writes NaN/Infinity tokens, which
    # real clients can send too, and the API must answer them with a 400 as well.
    payload = json.dumps({**body, "save": False})
    response = client.post(f"/calculator/{name}", payload, content_type="application/json")
    assert response.status_code in (200, 400), (name, body, response.content[:300])
