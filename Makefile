# Portal: `make run` to install, build the sample content and serve the portal;
# `make test` to install and run every test. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist's workers for `make test`: two, one per core of the machine CI runs on. Each file's
# tests stay together on one worker (its module fixtures are made once). Files go to the workers in
# the order pytest collects them (testpaths: the browser audit's long files first) rather than
# the files with the most tests first, so the longest are not left to the end on one worker.
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install assets build check run preview test production-test accessibility lighthouse peers lint format clean translations

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

app/static/portal.css: node_modules/.installed $(wildcard app/assets/scss/*.scss)
	npm run --silent build:css

install: $(VENV)/.installed node_modules/.installed ## Install Python and npm dependencies
assets: install app/static/portal.css ## Compile the stylesheet from GOV.UK Frontend's Sass

build: assets ## Build content/ into dist/
	$(PY) build.py build

check: install ## Check content/ and list every problem with its file and line
	$(PY) build.py check

run: build ## Install, build the sample content and serve the portal on http://127.0.0.1:8000
	PORTAL_ENV=development $(VENV)/bin/flask --app app run --host $(HOST) --port $(PORT)

preview: assets ## Build, serve and rebuild as you edit content/ (the page reloads itself)
	$(PY) build.py serve --port $(PORT)

test: assets lint ## Install, lint and run every test (the accessibility audit in Chromium included)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

production-test: assets ## The production shape on loopback: nginx, two gunicorn servers, PostgreSQL, Redis, faults (also in make test)
	$(PY) -m pytest tests/production -m production

accessibility: assets ## Run the accessibility audit alone and write its report to accessibility/report/
	$(PY) -m pytest accessibility --accessibility-report accessibility/report
	@echo "Report: accessibility/report/index.html"

lighthouse: assets ## Run Lighthouse on four page types of the built sample (a benchmark, not a test)
	$(PY) benchmarks/lighthouse.py

peers: ## Install Hugo, Eleventy and MkDocs for benchmarks/build.py --peers (a benchmark, not a test)
	PYTHON=$(PYTHON) sh benchmarks/peers/install.sh

translations: install ## Extract the interface text into app/translations/messages.pot, update each language's .po from it and compile them (docs/translations.md)
	$(VENV)/bin/pybabel extract --mapping-file babel.cfg --keywords 'lazy_gettext gettext_in:2 ngettext_in:2,3 label:2 plural_label:2,3 NN_:1,2' --add-location file \
		--sort-output --no-wrap --project Portal --output-file app/translations/messages.pot .
	$(VENV)/bin/pybabel update --input-file app/translations/messages.pot --output-dir app/translations \
		--no-wrap --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile --directory app/translations --statistics

lint: install ## Lint the Python code: ruff's rules and layout, and which modules import which
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install ## Format the Python code with ruff
	$(PY) -m ruff format .

clean: ## Remove what the build and install made
	rm -rf dist .dist.spare build-cache redirects.nginx.conf portal.conf service.json search-index $(VENV) node_modules app/static/portal.css .pytest_cache accessibility/report benchmarks/peers/node_modules benchmarks/peers/venv
