# ClusterSim: set-up, build, demo and tests. Every target installs missing Debian packages first.
BUILD ?= build
JOBS ?= $(shell nproc)
PACKAGES := build-essential cmake ninja-build git pkg-config libtbb-dev libeigen3-dev \
            libtomlplusplus-dev doctest-dev libcli11-dev librandom123-dev libnlopt-cxx-dev libopenmpi-dev openmpi-bin \
            procps pybind11-dev python3-dev python3-pytest python3-pandas zlib1g-dev
GUI_PACKAGES := libimgui-dev libglfw3-dev libgl-dev xvfb xauth fonts-dejavu-core python3
PLOT_PACKAGES := python3-matplotlib python3-pandas
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWEEP ?= runs/cg
CAL ?= runs/example
DIR ?= runs/morbi_mixes
# Sanitizer build and fuzzing (docs/reliability.md).
ASAN_BUILD ?= build-asan
FUZZ_MUTANTS ?= 10000
FUZZ_SEED ?= 1
# The ASan + UBSan subset (a ctest -R pattern): the loaders and the fuzzer's corpus, the command
# line end to end (run, sweep, compare, calibrate, interruptions, locks, the MPI sweep), the books
# and the determinism invariants. make test-asan runs every test.
ASAN_SUBSET ?= fuzz_regression|limits|malformed|dotted|echoes|did you mean|seeds|--seed:|--threads and --jobs|--out can be written|clustersim run|SIGINT|SIGKILL|compare:|lock|books|determinism|sweep_mpi

.PHONY: deps plot-deps build demo test python bench gui plots plots-calibration report calibrate-library validation clean \
        build-asan test-asan test-asan-subset fuzz fuzz-asan fuzz-asan-ci

# Installs the packages named in $(1) that are missing.
define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES) $(GUI_PACKAGES))

plot-deps:
	$(call install_missing,$(PLOT_PACKAGES))

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLUSTERSIM_GUI=ON

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/clustersim run configs/default.toml --out runs/demo --force

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The Python package (docs/python.md): import clustersim with PYTHONPATH=$(BUILD)/python.
python: build
	@echo "The clustersim package is in $(BUILD)/python: PYTHONPATH=$(BUILD)/python /usr/bin/python3"

# ASan + UBSan (GCC's runtimes come with build-essential) in $(ASAN_BUILD): the command line, the
# tests and the fuzzer, LeakSanitizer at exit with OpenMPI's own leaks suppressed
# (tests/sanitizers/defaults.cpp). -O1: the usual level for sanitizers, far quicker to compile.
$(ASAN_BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DCLUSTERSIM_SANITIZE=ON -DCLUSTERSIM_GUI=OFF

build-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target clustersim clustersim_tests clustersim-fuzz

# Every test under the sanitizers (slow: see docs/reliability.md for the time).
test-asan: build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The subset ASAN_SUBSET under the sanitizers.
test-asan-subset: build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -R '$(ASAN_SUBSET)'

# The seeded mutator: make fuzz FUZZ_MUTANTS=100000 FUZZ_SEED=7 (findings in $(BUILD)/fuzz/findings).
fuzz: build
	$(BUILD)/bin/clustersim-fuzz --mutants $(FUZZ_MUTANTS) --seed $(FUZZ_SEED) --run-model --work $(BUILD)/fuzz

# The same under ASan + UBSan.
fuzz-asan: build-asan
	$(ASAN_BUILD)/bin/clustersim-fuzz --mutants $(FUZZ_MUTANTS) --seed $(FUZZ_SEED) --run-model --work $(ASAN_BUILD)/fuzz

# What CI runs under ASan + UBSan within its time budget: the fuzzer alone (the loaders, --set and
# a short run of the model for each accepted input), on the regression corpus and 2,000 mutants.
fuzz-asan-ci: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target clustersim-fuzz
	$(ASAN_BUILD)/bin/clustersim-fuzz --replay tests/data/fuzz/*/* --work $(ASAN_BUILD)/fuzz_regression --run-model
	$(ASAN_BUILD)/bin/clustersim-fuzz --mutants 2000 --seed 20261202 --run-model --work $(ASAN_BUILD)/fuzz_short

bench: build
	$(BUILD)/bin/clustersim-bench --firms 1000000 --steps 20 --threads 2

gui: build
	$(BUILD)/bin/clustersim-gui configs/default.toml

# Figures of a finished sweep: make plots SWEEP=runs/cg
plots: plot-deps
	/usr/bin/python3 scripts/plot_sweep.py $(SWEEP)

# Figures of a finished calibration: make plots-calibration CAL=runs/example
plots-calibration: plot-deps
	/usr/bin/python3 scripts/plot_calibration.py $(CAL)

# One HTML page of a finished compare (docs/evaluation.md): make report DIR=runs/morbi_mixes
report: plot-deps
	/usr/bin/python3 scripts/compare_report.py $(DIR)

# Refit the scenario library (docs/scenarios.md): every experiments/calibration/<name> but the
# default, results into <name>/result, estimates into configs/<name>.toml. About an hour on 2 cores.
calibrate-library: build plot-deps
	bash scripts/calibrate_library.sh --jobs $(JOBS)
	/usr/bin/python3 scripts/fit_tables.py --page > docs/library_fit.md

# Out-of-sample checks (docs/validation.md): facts of firm dynamics and exporter premia.
validation: build plot-deps
	/usr/bin/python3 scripts/validate.py --seeds 5 --out runs/validation --figures docs/img

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
