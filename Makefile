# Thin targets over cargo. `make run` and `make test` do their own set-up.
KIOKU   := target/release/kioku
NOTES   := data/notes
EXPORTS := exports
CARGO   ?= cargo
VENV    := .venv

.PHONY: all build dict run test lint fmt clean bench

all: run

build:
	$(CARGO) build --release --locked

# Compile IPADIC (from Debian's mecab-ipadic) into the user cache, or into
# $KIOKU_DICT; an up-to-date dictionary is reused.
dict: build
	$(KIOKU) dict build --from "$$(scripts/ipadic-sources.sh)"

run: dict
	$(KIOKU) build $(NOTES) --out $(EXPORTS)
	@if command -v dot >/dev/null; then \
	  for f in $(EXPORTS)/*.dot; do dot -Tsvg "$$f" -o "$${f%.dot}.svg" && echo "rendered $${f%.dot}.svg"; done; \
	else echo "Graphviz 'dot' not found: skipping the SVG concept map"; fi

# The real Anki library, for the import tests.
$(VENV)/.installed: tests/anki/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/anki/requirements.txt
	touch $@

test: dict $(VENV)/.installed
	scripts/test-deps.sh
	KIOKU_IPADIC_SRC="$$(scripts/ipadic-sources.sh)" KIOKU_ANKI_PYTHON="$(abspath $(VENV)/bin/python)" \
	  $(CARGO) nextest run --release --locked --no-fail-fast
	$(CARGO) test --release --locked --doc

# Speed and memory next to raw lindera, MeCab and genanki: bench/RESULTS.md.
bench: dict
	$(CARGO) build --release --locked --bins
	python3 scripts/bench.py

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

clean:
	rm -rf $(EXPORTS)/*.csv $(EXPORTS)/*.apkg $(EXPORTS)/*.dot $(EXPORTS)/*.json $(EXPORTS)/*.svg
