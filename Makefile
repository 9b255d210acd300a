# Set-up, run and test the portal. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
# These targets are for development machines: debug mode (a development secret key, the
# debugger on 127.0.0.1 only). Production sets SECRET_KEY and runs gunicorn instead.
FLASK_DEBUG ?= 1
export FLASK_DEBUG
# `make run PORT=8000` serves on another port.
PORT ?= 5000

.PHONY: run test test-browser translations upgrade demo lint bench bench-frontend css clean i18n-extract

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d portal/translations >/dev/null

upgrade: translations
	mkdir -p instance
	$(FLASK) db upgrade

demo: upgrade
	$(FLASK) demo --if-empty

run: demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The unit and integration suite, then the browser journeys when Chromium is installed.
test: translations
	$(BIN)/python -m pytest -q tests --ignore=tests/browser
	@if [ -x /usr/bin/chromium ]; then \
		$(BIN)/python -m pytest -q tests/browser; \
	else \
		echo "SKIPPED the browser tests: /usr/bin/chromium is not installed (apt-get install -y chromium fonts-wqy-microhei)."; \
	fi

test-browser: translations
	$(BIN)/python -m pytest -q tests/browser

lint: $(STAMP)
	$(BIN)/ruff check portal tests bench migrations
	$(BIN)/ruff format --check portal tests bench migrations/env.py

bench: translations
	$(BIN)/python bench/roster_import.py
	$(BIN)/python bench/paper_import.py

# Lighthouse (mobile, slow 4G) on the main pages: scores and bytes (needs npm and Chromium).
bench-frontend: translations
	bench/frontend.sh

# Rebuild static/css/bootstrap.min.css from the Bootstrap parts listed in assets/bootstrap.scss
# (needs npm; the output is checked in).
css:
	assets/build_css.sh

clean:
	rm -rf $(VENV) .pytest_cache

# Refresh the message catalogs after changing user-facing strings.
i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output . >/dev/null 2>&1
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching >/dev/null 2>&1
