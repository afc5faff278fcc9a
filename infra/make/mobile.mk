# Kivy client (issue 4): `make mobile` opens the desktop app against the demo API
# (start it with `make demo` in another terminal); `make test-mobile` runs its tests.
MOBILE_SERVER_URL ?= http://127.0.0.1:8000

.PHONY: mobile test-mobile

mobile: $(VENV)/.installed ## the Kivy client on the desktop, talking to the demo API
	LAB_SERVER_URL="$(MOBILE_SERVER_URL)" $(PY) -m mobile_client.main

test-mobile: $(VENV)/.installed ## API client core in three modes + the real Kivy window (about 1 min)
	$(PY) -m pytest tests/mobile $(PYTEST_ARGS)
