# gpufleet: two commands on a fresh Debian 12 machine (as root):
#   make run    set up, build, and run the main job (the seed article's fleet, and its claims)
#   make test   set up, build, and run every test
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup build run test test-asan bench fuzz format clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash scripts/run-main.sh $(BUILD)/gpufleet

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build
# directory. Not part of `make test` yet: on a 2-core machine the second full build does not fit
# CI's time budget beside the first (see docs/validation.md, Hardening).
test-asan: setup
	bash scripts/test-extra.sh $(BUILD) $(ASAN_BUILD)

bench: build
	@bash scripts/bench.sh $(BUILD)

fuzz: setup
	@bash scripts/fuzz.sh

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
