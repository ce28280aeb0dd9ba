"""gunicorn, the registry's production server: `gunicorn -c docker/gunicorn.conf.py landreg.wsgi`.

docker/entrypoint.sh starts it so; outside Docker, run the same line behind nginx (see README,
"Production server"). Every value can be changed from the environment.

Workers: sync workers, (2 x cores) + 1 by default. A request is Python work (templates, JSON, GEOS) and
waiting on PostGIS, which on one machine runs on the same cores: one worker per core keeps the CPU busy
while the other waits on the database. More workers add memory (160 MB each, measured) and database
connections, not throughput. Each worker keeps one persistent connection (CONN_MAX_AGE), so
workers x web machines + job workers must stay under PostgreSQL's max_connections (100 by default).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# GUNICORN_THREADS above 1 runs gthread workers, each serving that many requests at once in threads (one
# database connection per thread); measured with bench/bench_load.py --threads, see docs/scale.md.
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
# Long enough for the largest synchronous request (an export of a commune); imports and print runs go
# to the job worker, never into a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter so they do not all restart together): memory
# held by GDAL, GEOS and the PDF library does not grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
# nginx in front sets X-Forwarded-For and X-Forwarded-Proto; settings trust them only when
# LANDREG_TRUST_PROXY_HEADERS=1.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
