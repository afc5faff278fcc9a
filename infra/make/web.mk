# Web client: its server, its JS unit tests and the real-browser suite.
WEB_CLIENT_PORT ?= 5173
API_PORT ?= 8000
NODE ?= node

.PHONY: web-client test-web-js test-browser web-screenshot

# Serves http://app.localhost:$(WEB_CLIENT_PORT)/ (cross-site) and
# http://app.lab.localhost:$(WEB_CLIENT_PORT)/ (same-site), talking to the API on $(API_PORT).
web-client: $(VENV)/.installed
	$(PY) web_client/server.py --port $(WEB_CLIENT_PORT) --api-port $(API_PORT)

# Pure logic (JWT decoding, expected-outcome model, matrix bookkeeping): node's own test runner.
# The files, not the folder: from node 21 `--test` reads its arguments as globs, not folders.
test-web-js:
	@command -v $(NODE) >/dev/null || { echo "$(NODE) (node >= 20.19) is needed for the web client's unit tests: see 'make system-packages'" >&2; exit 1; }
	$(NODE) --test web_client/tests/*.test.js

# Real Chromium against the real API and web client, both third-party-cookie policies.
test-browser: $(VENV)/.installed
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

# Re-take the README's screenshots: the filled matrix (third-party cookies blocked), the sign-in
# panel in cookie-JWT and BFF modes (the inspector showing both hops of a BFF call) and a
# finished revocation timeline (log out everywhere).
web-screenshot: $(VENV)/.installed
	$(PY) -m pytest tests/browser/test_matrix.py -k blocked -q
	cp tests/browser/artifacts/matrix-panel-third-party-blocked.png docs/readme/img/matrix.png
	$(PY) -m pytest tests/browser/test_auth_modes_ui.py -q
	cp tests/browser/artifacts/cookie-jwt-mode.png docs/readme/img/cookie-jwt-mode.png
	cp tests/browser/artifacts/bff-inspector.png docs/readme/img/bff-inspector.png
	$(PY) -m pytest tests/browser/test_revocation_timeline.py -q -k logout-everywhere
	cp tests/browser/artifacts/revocation-timeline.png docs/readme/img/revocation-timeline.png
