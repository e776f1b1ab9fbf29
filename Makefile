# Every target creates or reuses .venv, so each works on a fresh clone.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.transbench-installed
EXAMPLE := examples/qahtaniyah-patrols.ar.txt
DEFAULT_MODEL := opus-mt-ar-en
DEMO_MODEL := .demo-model

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned; an existing torch (e.g. a CUDA build) is kept.
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# Translate the example with the default model; only when it cannot be had (no local copy,
# no Hub access) fall back to the offline demo model, whose output is not a translation.
demo: $(STAMP)
	@if $(BIN)/transbench models pull $(DEFAULT_MODEL); then \
		$(BIN)/transbench translate $(EXAMPLE) --model $(DEFAULT_MODEL); \
	else \
		echo "make demo: falling back to the offline demo model (random weights: NOT a translation)" >&2; \
		test -f $(DEMO_MODEL)/transbench-demo.json || $(BIN)/transbench models build-demo $(DEMO_MODEL); \
		$(BIN)/transbench translate $(EXAMPLE) --model $(DEMO_MODEL); \
	fi

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_segment.py
	$(BIN)/python benchmarks/bench_glossary.py
	$(BIN)/python benchmarks/bench_translate.py
	$(BIN)/python benchmarks/bench_terms.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_memory.py
	$(BIN)/python benchmarks/bench_editor.py

clean:
	rm -rf $(VENV) $(DEMO_MODEL) .pytest_cache .ruff_cache .hypothesis src/*.egg-info
