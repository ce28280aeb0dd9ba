"""Public reads from a read replica: anonymous GET requests to the public pages and APIs (tiles, OGC API,
public register, certificate verification) read from ``DATABASES["replica"]`` when one is configured
(``DATABASE_REPLICA_URL``); every write, and every read of any other request, uses the primary, so a clerk
always sees what was just saved. A replica lags by its replication delay: public reads can afford it.
"""

import contextvars

PUBLIC_READ_PREFIXES = ("/tiles/", "/ogcapi/", "/registre/", "/verify/")
_public_read = contextvars.ContextVar("landreg_public_read", default=False)


class PublicReadMiddleware:
    """Marks the requests whose reads may go to the replica (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and request.path.startswith(PUBLIC_READ_PREFIXES)
            and not request.user.is_authenticated
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    """Listed in DATABASE_ROUTERS only when a replica is configured (settings)."""

    def db_for_read(self, model, **hints):
        return "replica" if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: the same database for relations

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db == "default" else False  # a replica follows the primary; never migrated itself
