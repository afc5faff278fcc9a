# The replica lab (issue 5): N API replicas behind nginx, a choice of session store.
#   make cluster STORE=memory|db|cached_db|redis|signed|redis-cluster REPLICAS=3 [HTTPS=1]
#   make cluster-check     authenticated/total per replica for every store and for JWTs
#   make state-size        server-side bytes per session in each store, bytes per request
#   make test-cluster      tests/cluster (real nginx, gunicorn and Redis)
# Needs the Debian packages nginx and redis-server (apt-get install -y nginx redis-server;
# redis-cli, for STORE=redis-cluster, comes with redis-server as redis-tools).

STORE ?= db
REPLICAS ?= 3
JWT_AUTHENTICATOR ?= db

.PHONY: cluster cluster-check state-size test-cluster

cluster: $(VENV)/.installed
	$(PY) -m infra.cluster.run --store $(STORE) --replicas $(REPLICAS) \
		--jwt-authenticator $(JWT_AUTHENTICATOR) $(HTTPS_FLAG)

cluster-check: $(VENV)/.installed
	$(PY) -m infra.cluster.check --replicas $(REPLICAS)

state-size: $(VENV)/.installed
	$(PY) -m infra.cluster.state_size

test-cluster: $(VENV)/.installed
	$(PY) -m pytest tests/cluster $(PYTEST_ARGS)
