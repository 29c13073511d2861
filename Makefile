# The two commands a reader needs: `make book` and `make test`.
# Both create .venv from the pinned lock when it is missing or stale.

SHELL := /bin/bash
# The supported Pythons; pyproject.toml's requires-python says the same (tests/test_environment.py).
PY_SUPPORTED := 3.11 3.12 3.13
# The interpreter that creates .venv: PYTHON=... if given, else the first of python3.11, python3.12,
# python3.13, python3 on the PATH whose version is supported, else python3 (refused below by name).
PY_VERSION_OF = $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
ifndef PYTHON
PYTHON := $(or $(shell for p in $(addprefix python,$(PY_SUPPORTED)) python3; do \
    v=$$($(call PY_VERSION_OF,$$p)) && case " $(PY_SUPPORTED) " in (*" $$v "*) command -v $$p; break;; esac; \
    done),python3)
endif
VENV := .venv
VPY := $(VENV)/bin/python
LOCK := requirements.lock
# The stamp names the hash of the lock, the project and this file, so a change to any re-installs;
# and of PYTHON when given, so `make env PYTHON=...` always checks it (and re-creates .venv for it).
PY_GIVEN := $(if $(filter file,$(origin PYTHON)),,$(PYTHON))
STAMP := $(VENV)/.installed-$(shell { sha256sum $(LOCK) pyproject.toml Makefile; echo "$(PY_GIVEN)"; } | sha256sum | cut -c1-16)

.PHONY: book test check env notebooks bench clean help

help:
	@echo "make book       create the environment, execute the notebooks, build the HTML book"
	@echo "make test       create the environment if needed, run every test"
	@echo "make check      the unit tier for the edit-test loop: no book built, no browser, no notebook"
	@echo "make notebooks  re-execute the committed notebooks in place (after a deliberate change)"
	@echo "make bench      measure build and test times (writes benchmarks/results.json)"

env: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	@# One clear refusal for an unsupported or missing Python, before any resolver can print a trace.
	@want=$$($(call PY_VERSION_OF,$(PYTHON))) || { \
	    echo "make: cannot run '$(PYTHON)': this project needs Python 3.11 to 3.13; run make env PYTHON=/path/to/python3.12" >&2; exit 1; }; \
	case " $(PY_SUPPORTED) " in *" $$want "*) ;; *) \
	    echo "make: Python $$want ($(PYTHON)) is not supported: this project needs 3.11 to 3.13; run make env PYTHON=/path/to/python3.12" >&2; exit 1;; esac; \
	if test -x $(VPY); then \
	    have=$$($(call PY_VERSION_OF,$(VPY))) || have=broken; \
	    case " $(PY_SUPPORTED) " in *" $$have "*) stale=no;; *) stale=yes;; esac; \
	    if [ -n "$(PY_GIVEN)" ] && [ "$$have" != "$$want" ]; then stale=yes; fi; \
	    if [ $$stale = yes ]; then echo "make: re-creating $(VENV) with Python $$want (it had $$have)"; rm -rf $(VENV); fi; \
	fi
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

# The unit tier: every test not marked slow (builds a book or executes notebooks) or browser; nbval off.
check: env
	$(VPY) -m pytest -o addopts="-ra --strict-markers" -m "not slow and not browser" tests

notebooks: env
	$(VPY) -m release_figures notebooks

bench: env
	$(VPY) benchmarks/bench.py

clean:
	rm -rf _build
