"""The logged-in user's row, kept in the cache the sessions use (shared by every process), not read at every
request: one statement less on every logged-in page (under load every statement waits for a core).

Correctness rests on a generation per user, kept in the same cache: every write of a user's row (save,
delete: the signals below; the grant services' ``update()`` of ``grants_key``) sets a new generation in its
transaction and again once it commits. A kept row is used only under the generation it was read under, and
the generation is read *before* the row is read from the database, so a row read before a write committed is
never taken for the current one: a revoked role, a deactivated account or a changed password is seen at the
next request in every process, as when the row was read every time. If the generation is lost (evicted, the
cache emptied), the kept row is not used. The session's hash of the password is checked against the kept row
as Django checks it against the database's; anything unusual (no hash, a hash from a rotated secret) goes
through Django's own ``get_user``.

Only with a shared session cache (``cached_db`` sessions, settings): without one, the row is read every time.
A write to ``accounts_user`` outside the ORM's save and delete (a data migration's ``update()``, SQL by hand)
is seen when the kept row expires (ROW_SECONDS) or after ``forget_user``.
"""

import uuid

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import caches
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

ROW_SECONDS = 600
GENERATION_SECONDS = 24 * 3600  # longer than a row is kept: a row never outlives its generation's record


def _store():
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.cached_db":
        return None  # no cache shared by the processes: a per-process copy could miss another's write
    return caches[settings.SESSION_CACHE_ALIAS]


def _keys(user_id, backend_path: str) -> tuple[str, str]:
    return f"landreg:user-row:{user_id}:{backend_path}", f"landreg:user-generation:{user_id}"


def forget_user(user_id) -> None:
    """The user's kept row is not used again: now (for readers before the commit, and tests' transactions)
    and once the writing transaction commits (a reader between the two kept the row as it was before)."""
    store = _store()
    if store is None or user_id is None:
        return
    generation_key = _keys(user_id, "")[1]

    def new_generation():
        store.set(generation_key, uuid.uuid4().hex, timeout=GENERATION_SECONDS)

    new_generation()
    transaction.on_commit(new_generation)


def user_of_request(request):
    """As ``django.contrib.auth.get_user(request)``, the row taken from the cache when it is current."""
    store = _store()
    session = request.session
    try:
        user_id = session[SESSION_KEY]
        backend_path = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    if store is None or backend_path not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    row_key, generation_key = _keys(user_id, backend_path)
    found = store.get_many([row_key, generation_key])
    generation, kept = found.get(generation_key), found.get(row_key)
    if generation is not None and kept is not None and kept[0] == generation:
        user = kept[1]
        if user.is_active and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    generation = _generation(store, generation_key, generation)
    user = auth.get_user(request)  # the database, after the generation was read
    if user.is_authenticated and str(user.pk) == str(user_id):
        _keep(store, row_key, generation, user)
    return user


def _generation(store, generation_key, generation=None):
    if generation is None:
        # The first reader after a loss: a new generation, unless another process set one meanwhile.
        store.add(generation_key, uuid.uuid4().hex, timeout=GENERATION_SECONDS)
        generation = store.get(generation_key)
    return generation


def _keep(store, row_key, generation, user) -> None:
    if generation is not None:
        store.set(row_key, (generation, user), timeout=ROW_SECONDS)


def _logged_in(sender, request, user, **kwargs):
    """At login, the row is read once more, after the generation (the login itself wrote last_login), and
    kept: the first page after a login reads no user row either."""
    store = _store()
    session = getattr(request, "session", None)
    if store is None or session is None:
        return
    user_id, backend_path = session.get(SESSION_KEY), session.get(BACKEND_SESSION_KEY)
    if user_id is None or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return
    row_key, generation_key = _keys(user_id, backend_path)
    generation = _generation(store, generation_key, store.get(generation_key))
    row = load_backend(backend_path).get_user(user_id)
    if row is not None:
        _keep(store, row_key, generation, row)


def _user_written(sender, instance, **kwargs):
    forget_user(instance.pk)


def connect_signals(user_model) -> None:
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_user_written, sender=user_model, dispatch_uid="landreg-user-cache-save")
    post_delete.connect(_user_written, sender=user_model, dispatch_uid="landreg-user-cache-delete")
    # After django.contrib.auth's own receiver (update_last_login, connected first), which saves the row.
    user_logged_in.connect(_logged_in, dispatch_uid="landreg-user-cache-login")


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the user read through ``user_of_request``."""

    def process_request(self, request):
        super().process_request(request)

        def user():
            if not hasattr(request, "_cached_user"):
                request._cached_user = user_of_request(request)
            return request._cached_user

        request.user = SimpleLazyObject(user)
