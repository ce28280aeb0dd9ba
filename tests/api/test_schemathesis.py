"""Every operation of /api/schema/ called with data generated from the schema: no server error (issue 9).

Schemathesis reads the OpenAPI document through the WSGI application (no server, same database
transaction as the test) and generates valid and invalid requests for each operation, as a registrar of
the test commune with a JWT. Bounded so that CI stays fast: a few examples per operation, no deadline.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error

from landreg.accounts.roles import Role
from landreg.wsgi import application
from tests.base import make_territory, make_user
from tests.geometries import square

MAX_EXAMPLES = 8

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_the_test_connection():
    # The WSGI handler closes the database connection when a request ends, which would end the test's
    # transaction on PostgreSQL; Django's own test client disconnects the same signal for the same reason.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(db, keep_the_test_connection):
    from landreg.parcels.services import parcel_record

    country, region, commune, village_a, village_b = make_territory()
    parcel_record(village=village_a, geometry=square(0, 0), survey_method="gps")
    registrar = make_user("registrar", Role.REGISTRAR, commune)
    return {"Authorization": f"Bearer {RefreshToken.for_user(registrar).access_token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_a_server_error(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error])
