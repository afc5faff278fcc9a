"""The tools' defaults, and the one place in infra/ (and the suites' helpers) that reads the
environment.

The backend reads its own knobs in backend/config/env.py; the tools only decide which values
to hand each server, and read here what the user's shell says about shared servers.
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_USER = "alice"
# The backend's own default (seed_demo_users); DEMO_PASSWORD changes both.
DEFAULT_DEMO_PASSWORD = "lab-demo-password"
# The Redis database the cluster suite flushes and uses: the machine's server, our own number.
DEFAULT_CLUSTER_SUITE_REDIS_URL = "redis://127.0.0.1:6379/11"


def database_url() -> str:
    """DATABASE_URL from the shell: that PostgreSQL server (else a SQLite file)."""
    return os.environ.get("DATABASE_URL", "")


def redis_url() -> str:
    """REDIS_URL from the shell: that Redis instead of a private redis-server."""
    return os.environ.get("REDIS_URL", "")


def cluster_suite_redis_url() -> str:
    """Where tests/cluster keeps its shared-Redis state (CLUSTER_TEST_REDIS_URL)."""
    return os.environ.get("CLUSTER_TEST_REDIS_URL", DEFAULT_CLUSTER_SUITE_REDIS_URL)


def demo_password() -> str:
    """The demo users' password, as the backend's seed command sets it."""
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def inherited_environment() -> dict[str, str]:
    """The environment every child process starts from (PATH, locale, the venv)."""
    return dict(os.environ)


def scale_memory_fill_path() -> str:
    """SCALE_MEMORY_FILL: the JSON file telling a `make scale` server what to fill its
    in-process session store with (infra/scale/memory_fill.py); empty: fill nothing."""
    return os.environ.get("SCALE_MEMORY_FILL", "")
