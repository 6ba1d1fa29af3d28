// libFuzzer target: compile and run valid modules on the JIT, in both bounds
// modes, and on the interpreter, and compare what every export does
// (results, traps and their codes after each call; memories, globals and
// tables after the module's last call): any difference, crash or
// sanitizer report is a finding.
//
// An input that starts with the wasm magic is taken as a module as it is
// (the seeds are binaryen -ttf modules, and their mutations; those that no
// longer validate are skipped). Any other input is a stream of decisions
// for moduleFromBytes, which always yields a valid module: a module it makes
// that does not compile is a bug of the generator and also aborts.
//
// To look at a finding: EMBER_FUZZ_SAVE_MODULE=FILE makes the target write
// the module it runs to FILE (for `ember_differential --spec DIR`, the CLI
// or wasm2wat); run the target on the one input.
//
// Every call runs with fuel on both sides (one unit per function entry and
// loop iteration, counted the same by both engines), so loops and
// recursion end, with the same "out of fuel" trap at the same point.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <span>
#include <vector>

#include "fuzz/module_from_bytes.h"
#include "tests/differential/differential_runner.h"

namespace {

using namespace ember;
using namespace ember::differential;

// Enough for a few thousand loop iterations or calls; generated bodies are
// at most ~1500 operators, so one call is bounded by a few million.
constexpr uint64_t kFuelPerCall = 3000;

EngineSpec engineSpec(const char* name) {
  EngineSpec spec = *parseEngineSpec(name);
  spec.config.consumeFuel = true;
  // Enough for -ttf modules (which declare up to a few hundred pages)
  // without letting a memory.grow loop take gigabytes.
  spec.config.maxMemoryPages = 1024;
  // Every comparison makes fresh stores; the default 64 MiB interpreter
  // stack would be zeroed and freed each time under ASan (most of the time
  // of a run). One MiB is still thousands of frames.
  spec.config.valueStackBytes = 1u << 20;
  return spec;
}

uint64_t hashInput(std::span<const uint8_t> input) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : input) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

bool isWasmBinary(std::span<const uint8_t> input) {
  return input.size() >= 4 && std::memcmp(input.data(), "\0asm", 4) == 0;
}

void saveModuleIfAsked(const std::vector<uint8_t>& module) {
  const char* path = std::getenv("EMBER_FUZZ_SAVE_MODULE");
  if (!path || !*path) return;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(module.data()), static_cast<std::streamsize>(module.size()));
}

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "compile_run_fuzzer: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const EngineSpec interp = engineSpec("interp");
  static const EngineSpec jitSignals = engineSpec("jit:signals");
  static const EngineSpec jitChecks = engineSpec("jit:checks");

  std::span<const uint8_t> input(data, size);
  bool generated = !isWasmBinary(input);
  std::vector<uint8_t> module =
      generated ? ember::fuzz::moduleFromBytes(input) : std::vector<uint8_t>(data, data + size);
  saveModuleIfAsked(module);

  RunOptions options;
  options.seed = hashInput(input);
  options.randomArgSets = 1;
  options.fuelPerCall = kFuelPerCall;
  options.stackExhaustionOnOneSideIsNote = true;
  options.compareStateAfterEveryCall = false;
  for (const EngineSpec* jit : {&jitSignals, &jitChecks}) {
    ModuleOutcome out = compareModule(module, *jit, interp, options);
    if (generated && out.skipped) finding("generated module not run", out.skipReason);
    for (const std::string& d : out.divergences) finding("divergence", d);
    if (out.skipped) break;  // a -ttf mutation that no longer validates
  }
  return 0;
}
