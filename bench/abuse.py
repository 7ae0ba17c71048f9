"""What abuse protection costs a request: the write ceiling and the honeypot check.

    .venv/bin/python bench/abuse.py                     # local-memory cache
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/abuse.py   # and Redis

Prints one JSON line per measurement (docs/abuse.md reads them):

``write_ceiling``
    one POST through ``WriteRateMiddleware`` in front of a view that answers at once,
    minus the same POST straight to the view: what the ceiling adds to every write
    (building the key, one ``add`` and one ``incr`` in the cache). ``cache`` says which.
``read_passthrough``
    the same for a GET, which the ceiling lets through without counting.
``honeypot_check``
    :func:`engage.core.honeypot.refusal` on a form with an empty honeypot and a start
    stamp (reading the input, checking the stamp's signature).

No database is used; the requests are built with ``RequestFactory``. ``BENCH_REQUESTS``
(default 5000) sets how many of each are timed.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.http import HttpResponse, QueryDict  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

from engage.core import honeypot  # noqa: E402
from engage.core.write_rate import WriteRateMiddleware  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5000"))


def view(request):
    return HttpResponse("ok")


def timings(call, requests):
    spent = []
    for request in requests:
        start = time.perf_counter()
        call(request)
        spent.append((time.perf_counter() - start) * 1_000_000)
    return spent


def summary(spent):
    ordered = sorted(spent)
    return {
        "p50_us": round(statistics.median(ordered), 1),
        "p95_us": round(ordered[int(len(ordered) * 0.95) - 1], 1),
    }


def make_requests(method):
    factory = RequestFactory()
    built = []
    for number in range(REQUESTS):
        # A new address each time: every request is counted, none is refused.
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        if method == "post":
            request = factory.post("/en/reports/new/", {"description": "x"}, REMOTE_ADDR=address)
        else:
            request = factory.get("/en/reports/new/", REMOTE_ADDR=address)
        request.user = AnonymousUser()
        built.append(request)
    return built


def bench_ceiling(cache_name):
    middleware = WriteRateMiddleware(view)
    for method, name in (("post", "write_ceiling"), ("get", "read_passthrough")):
        caches["default"].clear()
        timings(middleware, make_requests(method)[:200])  # warm up
        with_ceiling = timings(middleware, make_requests(method))
        without = timings(view, make_requests(method))
        line = {"measure": name, "cache": cache_name, "requests": REQUESTS}
        line.update({f"with_{k}": v for k, v in summary(with_ceiling).items()})
        line.update({f"without_{k}": v for k, v in summary(without).items()})
        line["overhead_p50_us"] = round(line["with_p50_us"] - line["without_p50_us"], 1)
        print(json.dumps(line), flush=True)
    caches["default"].clear()


def bench_honeypot():
    data = QueryDict(mutable=True)
    data.update({"website": "", "form_started": honeypot.started_stamp(now=time.time() - 60)})
    spent = timings(lambda query: honeypot.refusal(query, min_seconds=2), [data] * REQUESTS)
    print(json.dumps({"measure": "honeypot_check", "requests": REQUESTS, **summary(spent)}))


def main():
    settings.WRITE_RATE = "100/m"
    bench_ceiling("locmem")
    if os.environ.get("REDIS_URL"):
        redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "engage-bench",
        }
        # override_settings also reopens the cache connections.
        with override_settings(CACHES={"default": redis}):
            assert "Redis" in type(caches["default"]).__name__
            bench_ceiling("redis")
    bench_honeypot()


if __name__ == "__main__":
    main()
