# Kivy client (issue 4): `make mobile` opens the desktop app against the demo API
# (start it with `make demo` in another terminal); `make test-mobile` runs its tests.
# HTTPS=1: against `make demo HTTPS=1`, trusting the lab's CA (LAB_CA_FILE) for that server.
MOBILE_SERVER_URL ?= $(if $(HTTPS_FLAG),https,http)://127.0.0.1:8000
MOBILE_CA_FILE ?= $(if $(HTTPS_FLAG),.dev-secrets/tls/ca/rootCA.pem)

.PHONY: mobile test-mobile mobile-screenshot

mobile: $(VENV)/.installed ## the Kivy client on the desktop, talking to the demo API
	LAB_SERVER_URL="$(MOBILE_SERVER_URL)" LAB_CA_FILE="$(MOBILE_CA_FILE)" $(PY) -m mobile_client.main

test-mobile: $(VENV)/.installed ## API client core in four modes + the real Kivy window (about 1 min)
	$(PY) -m pytest tests/mobile $(PYTEST_ARGS)

# Re-take the README's screenshots of the three working modes from the real Kivy window.
mobile-screenshot: $(VENV)/.installed ## the Kivy README's jwt, session and cookie-jwt screenshots
	$(PY) -m pytest tests/mobile/test_kivy_app.py -q -k login_me_notes
	cp tests/mobile/artifacts/flows/kivy-jwt.png docs/readme/img/kivy.png
	cp tests/mobile/artifacts/flows/kivy-session.png docs/readme/img/kivy-session.png
	cp tests/mobile/artifacts/flows/kivy-cookie-jwt.png docs/readme/img/kivy-cookie-jwt.png
