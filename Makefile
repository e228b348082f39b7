# The README's two commands. Everything else lives in CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
# Where `make run` keeps the demo clinic (master key, database); delete it to start afresh.
DATA ?= $(BUILD)/demo-clinic
PORT ?= 8080

.PHONY: run test deps build

run: build
	$(BUILD)/bin/attune text samples/journal.txt
	$(BUILD)/bin/attune serve --data $(DATA) --port $(PORT) --demo

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@scripts/install-deps.sh
