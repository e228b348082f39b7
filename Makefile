# The README's two commands. Everything else lives in CMake.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: run test deps build

run: build
	$(BUILD)/bin/attune text samples/journal.txt

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@scripts/install-deps.sh
