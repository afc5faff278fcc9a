"""A gunicorn configuration file (`gunicorn -c infra/scale/memory_fill.py …`) whose
`post_worker_init` hook fills the in-process session store of the worker that will serve.

The `memory` store lives in one process's memory, so it can only be filled from inside that
process. gunicorn's documented server hook runs in each worker once the application is loaded
and before the worker accepts a request: the sessions go in through the session cache's own
`set_many`, under the keys Django's cache session store uses, and the worker then serves them.
The file named by SCALE_MEMORY_FILL says how many, with which data and which keys.
"""

import json
import sys
import time

# A million sessions take several seconds to fill; gunicorn's default 30 s heartbeat timeout
# must not kill the worker meanwhile.
timeout = 300


def post_worker_init(worker) -> None:
    from infra.config import scale_memory_fill_path

    path = scale_memory_fill_path()
    if not path:
        return
    from importlib import import_module

    from django.conf import settings
    from django.core.cache import caches

    from infra.scale.filler import BATCH, session_key

    with open(path) as source:
        fill = json.load(source)
    prefix = import_module(settings.SESSION_ENGINE).SessionStore.cache_key_prefix
    cache = caches[settings.SESSION_CACHE_ALIAS]
    started = time.perf_counter()
    for first in range(0, fill["count"], BATCH):
        indexes = range(first, min(first + BATCH, fill["count"]))
        entries = {prefix + session_key(fill["seed"], i): fill["data"] for i in indexes}
        cache.set_many(entries, settings.SESSION_COOKIE_AGE)
    print(f"[memory_fill] {fill['count']} sessions in {time.perf_counter() - started:.1f} s",
          file=sys.stderr, flush=True)  # fmt: skip
