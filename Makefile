# The two commands a reader needs: `make book` and `make test`.
# Both create .venv from the pinned lock when it is missing or stale.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
LOCK := requirements.lock
# The stamp names the hash of the lock, the project and this file, so a change to any re-installs.
STAMP := $(VENV)/.installed-$(shell sha256sum $(LOCK) pyproject.toml Makefile | sha256sum | cut -c1-16)

.PHONY: book test env notebooks bench clean help

help:
	@echo "make book       create the environment, execute the notebooks, build the HTML book"
	@echo "make test       create the environment if needed, run every test"
	@echo "make notebooks  re-execute the committed notebooks in place (after a deliberate change)"
	@echo "make bench      measure build and test times (writes benchmarks/results.json)"

env: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@# uv installs the exact pins fastest; plain pip is the fallback. Bytecode is compiled at
	@# install time: every kernel and build would otherwise recompile its imports (seconds each).
	@if $(VPY) -m uv --version >/dev/null 2>&1 || $(VPY) -m pip install -q "$$(grep '^uv==' $(LOCK))"; then \
	    $(VPY) -m uv pip sync -q --compile-bytecode --python $(VPY) $(LOCK) && \
	    $(VPY) -m uv pip install -q --compile-bytecode --python $(VPY) --no-deps -e . ; \
	else \
	    $(VPY) -m pip install -q -r $(LOCK) && $(VPY) -m pip install -q --no-deps -e . ; \
	fi
	@rm -f $(VENV)/.installed-*
	@touch $@

book: env
	$(VPY) -m release_figures book

test: env
	$(VPY) -m pytest

notebooks: env
	$(VPY) -m release_figures notebooks

bench: env
	$(VPY) benchmarks/bench.py

clean:
	rm -rf _build
