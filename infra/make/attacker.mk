# The attacker's site (issue 15): http://attacker.localhost:$(ATTACKER_SITE_PORT)/, beside a
# running `make demo` (HTTPS=1: https, beside `make demo HTTPS=1`; $(HTTPS_FLAG) is the root
# Makefile's). It refuses to start under the backend's production settings.
ATTACKER_SITE_PORT ?= 5174

.PHONY: attacker-site test-attacker

attacker-site: $(VENV)/.installed
	$(PY) -m infra.attacker_site.launcher --port $(ATTACKER_SITE_PORT) --api-port $(API_PORT) --web-port $(WEB_CLIENT_PORT) $(HTTPS_FLAG)

# Real Chromium against the API, the web client and the attacker's site, both cookie settings.
test-attacker: $(VENV)/.installed
	$(PY) -m pytest tests/attacker $(PYTEST_ARGS)
