"""Settings of the load benchmark's server only (bench/bench_load.py): the product's settings with the bench's
URLconf, which adds the minimal reference view. Never used by the product."""

from landreg.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"

# Every simulated client comes from 127.0.0.1: the public register's per-address cap (60 a minute) would answer
# them 429 after the first second. The cap is still counted on every request, as in production.
LANDREG_PUBLIC_REQUESTS_PER_MINUTE = 10**9
# Likewise certificate verification's (30 a minute per address): counted, never reached.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": f"{10**9}/minute"},  # noqa: F405
}
