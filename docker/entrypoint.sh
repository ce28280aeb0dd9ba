#!/bin/sh
# Waits for the database, applies migrations, then runs gunicorn, or the command given as arguments, e.g.
#   docker compose run --rm web python manage.py createsuperuser
set -eu
cd "$(dirname "$0")/.."  # /app in the image; the repository root when tried from a checkout

# Exit 75 (EX_TEMPFAIL) means "database not reachable yet": retry. Any other failure (a settings error such as
# a missing SECRET_KEY) will not fix itself, so give up at once with its traceback.
wait_for_db() {
    tries=${DB_WAIT_TRIES:-30}
    while :; do
        if python -c '
import sys, django
django.setup()
from django.db import connection
try:
    connection.ensure_connection()
except Exception as exc:
    print(f"entrypoint: database not ready: {exc}".strip(), file=sys.stderr)
    sys.exit(75)
'; then
            return 0
        else
            status=$?
        fi
        tries=$((tries - 1))
        if [ "$status" -ne 75 ] || [ "$tries" -le 0 ]; then
            echo "entrypoint: giving up on the database" >&2
            exit 1
        fi
        sleep 2
    done
}

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-landreg.settings}"
wait_for_db
python manage.py migrate --noinput

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

# Fills the static volume that the nginx proxy serves (the app has no whitenoise).
python manage.py collectstatic --noinput --verbosity 0
# Workers, timeouts and restarts: docker/gunicorn.conf.py (each from the environment, e.g. GUNICORN_WORKERS);
# extra options in GUNICORN_CMD_ARGS (read by gunicorn itself).
exec gunicorn --config docker/gunicorn.conf.py landreg.wsgi:application
