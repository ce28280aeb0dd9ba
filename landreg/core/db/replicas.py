"""Public reads from a read replica: anonymous GET requests to the public pages and APIs (tiles, OGC API,
public register, certificate verification) read from ``DATABASES["replica"]`` when one is configured
(``DATABASE_REPLICA_URL``); every write, and every read of any other request, uses the primary, so a clerk
always sees what was just saved. A replica lags by its replication delay: public reads can afford it.
"""

import contextvars

PUBLIC_READ_PREFIXES = ("/tiles/", "/ogcapi/", "/registre/", "/verify/")
_public_read = contextvars.ContextVar("landreg_public_read", default=None)


class PublicReadMiddleware:
    """Marks the requests whose reads may go to the replica (after AuthenticationMiddleware).

    Whether the caller is logged in is asked only when a read is routed: a public tile taken from the tile
    cache, or any public request without a replica configured, never reads the session or the user (it did
    for every request with a session cookie: two statements for a tile that is the same for everyone).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and request.path.startswith(PUBLIC_READ_PREFIXES)
        token = _public_read.set(_Anonymous(request) if public else None)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class _Anonymous:
    """Is the request's caller anonymous? Asked once; the session and user it reads go to the primary."""

    def __init__(self, request):
        self.request = request
        self.answer = None
        self.asking = False

    def __bool__(self):
        if self.answer is None:
            if self.asking:  # the reads of the session and the user themselves
                return False
            self.asking = True
            try:
                self.answer = not self.request.user.is_authenticated
            finally:
                self.asking = False
        return self.answer


class ReplicaRouter:
    """Listed in DATABASE_ROUTERS only when a replica is configured (settings)."""

    def db_for_read(self, model, **hints):
        anonymous = _public_read.get()
        return "replica" if anonymous is not None and anonymous else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: the same database for relations

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db == "default" else False  # a replica follows the primary; never migrated itself
