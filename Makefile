# Two commands set up and run everything on a fresh machine:
#   make run   - create .venv, install, build the index if needed, start the chat app
#   make test  - create .venv with the dev tools, run the whole test suite
# Both are idempotent: a stamp file per install records what pyproject.toml it installed.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch 2.13.0 has a CPU build on these machines; a bare "torch" would pull a CUDA build
# of several GB, so it is installed first and pyproject.toml accepts it as it is.
TORCH  ?= torch==2.13.0

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install install-dev index eval bench lint clean

run: $(VENV)/.stamp-run
	$(PY) app.py

test: $(VENV)/.stamp-dev
	$(PY) -m pytest

install: $(VENV)/.stamp-run
install-dev: $(VENV)/.stamp-dev

$(VENV)/.stamp-base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet "$(TORCH)"
	touch $@

$(VENV)/.stamp-run: $(VENV)/.stamp-base pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-base pyproject.toml
	$(PIP) install --quiet -e ".[dev]"
	touch $@ $(VENV)/.stamp-run

index: $(VENV)/.stamp-run
	$(PY) -m index build

eval: $(VENV)/.stamp-run
	$(PY) -m eval run --baseline

bench: $(VENV)/.stamp-run
	$(PY) -m eval bench

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check source index qa eval ui app.py settings.py tests
	$(VENV)/bin/mypy source index qa eval ui app.py settings.py

clean:
	rm -rf $(VENV) .index eval/runs
