# Callsheet: `make run` (demo server + desktop) and `make test` (everything CI runs).
# Needs only Python 3.11+ and make; the virtual environment is created on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
TS     := $(wildcard resources/translations/*.ts)
QM     := $(TS:.ts=.qm)
# Test processes (pytest-xdist); each test file runs whole in one of them.
PYTEST_WORKERS ?= auto

.PHONY: run test lint typecheck pytest bench translations package clean

run: $(STAMP) translations
	$(BIN)/python scripts/run_demo.py $(ARGS)

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy app ui server wire scripts bench

pytest: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench $(ARGS)

# One-folder desktop bundle in dist/callsheet/ (packaging/README.md), then a smoke test of it.
package: $(STAMP) translations
	$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/python -m pip install -q 'pyinstaller>=6'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging/callsheet.spec
	$(BIN)/python packaging/smoke_test.py
	@du -sh dist/callsheet

translations: $(QM)

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# The SIP extra (PJSIP, docs/telephony.md) on Linux, where its tests run against SIPp;
# elsewhere it is optional and the desktop dials through the tel: hand-off without it.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (found %s); set PYTHON=python3.11" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	if [ "$$(uname -s)" = Linux ]; then $(BIN)/python -m pip install -q -e '.[dev,sip]'; \
	else $(BIN)/python -m pip install -q -e '.[dev]'; fi
	touch $(STAMP)

clean:
	rm -rf $(VENV) .run build dist .mypy_cache .ruff_cache .pytest_cache resources/translations/*.qm
