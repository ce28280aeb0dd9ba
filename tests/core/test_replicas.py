"""Public reads may go to a read replica; anything a clerk does reads from the primary (read-your-writes)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from landreg.core.db.replicas import PublicReadMiddleware, ReplicaRouter
from landreg.parcels.models import Parcel
from tests.test_settings import run_manage


class FakeUser:
    is_authenticated = True


def database_read_by(method: str, path: str, user) -> str | None:
    """The database the router picks for a read made inside the request's view."""
    seen = {}

    def view(request):
        seen["db"] = ReplicaRouter().db_for_read(Parcel)
        return HttpResponse()

    request = getattr(RequestFactory(), method.lower())(path)
    request.user = user
    PublicReadMiddleware(view)(request)
    return seen["db"]


@pytest.mark.parametrize(
    "path",
    ["/tiles/parcels/14/8000/7000.mvt", "/ogcapi/collections/parcels/items", "/registre/", "/verify/abc"],
)
def test_anonymous_public_reads_go_to_the_replica(path):
    assert database_read_by("GET", path, AnonymousUser()) == "replica"


@pytest.mark.parametrize(
    ("method", "path", "user"),
    [
        ("GET", "/ogcapi/collections/parcels/items", FakeUser()),  # a clerk: sees what was just saved
        ("POST", "/registre/verifier/", AnonymousUser()),
        ("GET", "/parcels/", AnonymousUser()),
        ("GET", "/adjudication/claims/", AnonymousUser()),
    ],
)
def test_everything_else_reads_from_the_primary(method, path, user):
    assert database_read_by(method, path, user) is None


def test_outside_a_request_and_for_writes_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Parcel) is None and router.db_for_write(Parcel) is None
    assert (
        router.allow_migrate("replica", "parcels") is False
        and router.allow_migrate("default", "parcels") is None
    )


def test_the_replica_and_its_router_are_configured_only_when_given():
    script = (
        "from django.conf import settings; print(sorted(settings.DATABASES), "
        "getattr(settings, 'DATABASE_ROUTERS', []), settings.DATABASES.get('replica', {}).get('HOST'))"
    )
    with_replica = run_manage(
        "shell",
        "-c",
        script,
        LANDREG_DEMO="1",
        DATABASE_REPLICA_URL="postgis://reader@replica.example:5432/landreg",
    )
    assert with_replica.returncode == 0, with_replica.stderr
    assert with_replica.stdout.strip().splitlines()[-1] == (
        "['default', 'replica'] ['landreg.core.db.replicas.ReplicaRouter'] replica.example"
    )
    alone = run_manage("shell", "-c", script, LANDREG_DEMO="1")
    assert alone.stdout.strip().splitlines()[-1] == "['default'] [] None"


class Unasked:
    """A user that must not be looked at (reading it would read the session and the user's row)."""

    @property
    def is_authenticated(self):
        raise AssertionError("the user was read")


def test_a_public_request_that_reads_nothing_does_not_look_at_the_user():
    request = RequestFactory().get("/tiles/parcels/14/8000/7000.mvt")
    request.user = Unasked()
    assert PublicReadMiddleware(lambda request: HttpResponse())(request).status_code == 200


def test_the_session_and_user_read_while_deciding_go_to_the_primary():
    seen = {}

    class ReadsWhileAsked:
        @property
        def is_authenticated(self):
            seen["inner"] = ReplicaRouter().db_for_read(Parcel)  # as the session's own read would
            return False

    def view(request):
        seen["outer"] = ReplicaRouter().db_for_read(Parcel)
        return HttpResponse()

    request = RequestFactory().get("/ogcapi/collections/parcels/items")
    request.user = ReadsWhileAsked()
    PublicReadMiddleware(view)(request)
    assert seen == {"inner": None, "outer": "replica"}
