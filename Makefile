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

# The main job needs the CLI alone: the unit tests, benchmarks and gpufleet-burn (CUDA) are
# built by `make build` / `make test`.
run: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target gpufleet_cli
	@bash scripts/run-main.sh $(BUILD)/gpufleet

# Every test in the plain build, then the whole suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer in its own build directory (scripts/test-extra.sh): any sanitizer
# report fails `make test`. The sanitizer build compiles while the plain suite runs
# (scripts/test.sh).
test: build
	bash scripts/test.sh $(BUILD) $(ASAN_BUILD)

# The sanitizer half of `make test` alone.
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
