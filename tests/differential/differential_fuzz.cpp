// ember_differential: long differential runs of generated modules (and,
// with --spec, of a spec folder's modules) on two engine configurations.
//
//   ember_differential --count N --seed S [--engines jit:signals,interp]
//                      [--work DIR] [--spec DIR] [--timeout-ms MS] [--simd]
//                      [--flow | --tight] [--keep] [--fuel N] [--verbose]
//
// Generated module i uses seed S+i: binaryen's -ttf makes it, or with
// --flow control_flow_module.cpp (--tight: its FlowShape::kTightLoops).
// A divergent module is kept as DIR/seed-<seed>.wasm (flow-<seed>.wasm,
// flow-tight-<seed>.wasm) and its seed printed, so
// `--count 1 --seed <seed>` reproduces it; --keep keeps every module.
// Exit status: 0 no divergence, 1 divergence, 2 usage.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "tests/differential/control_flow_module.h"
#include "tests/differential/differential_runner.h"
#include "tests/differential/generated_module.h"

namespace {

using namespace ember::differential;

struct Options {
  uint64_t count = 100;
  uint64_t seed = 1;
  std::string engines = "jit:signals,interp";
  std::string workDir = "differential-work";
  std::string specDir;
  uint32_t timeoutMs = 5000;
  bool verbose = false;      // print notes (timeouts, stack exhaustion)
  bool simd = false;         // generated modules may use SIMD
  bool flow = false;         // modules from generateControlFlowModule, not -ttf
  FlowShape shape = FlowShape::kMixed;
  bool keep = false;         // keep every generated module, not only divergent ones
  // With engines ":fuel": the fuel each call starts with. The default is
  // more than any generated call uses; a small --fuel makes calls run out.
  uint64_t fuelPerCall = 1000000000;
};

struct Totals {
  uint64_t modules = 0, compared = 0, skipped = 0, calls = 0, traps = 0, divergent = 0,
           timeouts = 0;
  uint64_t generationFailures = 0;
};

int usage() {
  std::fprintf(
      stderr,
      "usage: ember_differential --count N --seed S [--engines A,B] [--work DIR]\n"
      "                          [--spec DIR] [--timeout-ms MS] [--simd] [--flow | --tight]\n"
      "                          [--keep] [--fuel N] [--verbose]\n"
      "engines: interp, interp:checks, jit, jit:signals, jit:checks; a JIT one\n"
      "with :sse4.1 appended uses only SSE4.1 on x86-64 (jit:signals:sse4.1);\n"
      ":fuel or :epoch compiles interruption checks in (--fuel N: each call's\n"
      "fuel, default 10^9)\n");
  return 2;
}

bool parseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--verbose") {
      o.verbose = true;
      continue;
    }
    if (a == "--simd") {
      o.simd = true;
      continue;
    }
    if (a == "--flow" || a == "--tight") {
      o.flow = true;
      if (a == "--tight") o.shape = FlowShape::kTightLoops;
      continue;
    }
    if (a == "--keep") {
      o.keep = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (a == "--count")
      o.count = std::strtoull(v, nullptr, 10);
    else if (a == "--seed")
      o.seed = std::strtoull(v, nullptr, 10);
    else if (a == "--engines")
      o.engines = v;
    else if (a == "--work")
      o.workDir = v;
    else if (a == "--spec")
      o.specDir = v;
    else if (a == "--timeout-ms")
      o.timeoutMs = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    else if (a == "--fuel")
      o.fuelPerCall = std::strtoull(v, nullptr, 10);
    else
      return false;
  }
  return true;
}

void account(const Options& o, const ModuleOutcome& out, const std::string& what, Totals& t) {
  ++t.modules;
  if (out.skipped) {
    ++t.skipped;
    return;
  }
  ++t.compared;
  t.calls += out.calls;
  t.traps += out.trappedCalls;
  for (const std::string& n : out.notes) {
    if (n.rfind("timeout", 0) == 0 || n.rfind("gave up", 0) == 0) ++t.timeouts;
    if (o.verbose) std::printf("note %s: %s\n", what.c_str(), n.c_str());
  }
  if (out.divergences.empty()) return;
  ++t.divergent;
  for (const std::string& d : out.divergences)
    std::printf("DIVERGENCE %s: %s\n", what.c_str(), d.c_str());
  std::fflush(stdout);
}

void runGenerated(const Options& o, const EngineSpec& a, const EngineSpec& b, Totals& t) {
  auto wasmOpt = findWasmOpt();
  if (!wasmOpt && !o.flow) {
    std::fprintf(stderr, "wasm-opt not found (PATH or EMBER_WASM_OPT): no generated modules\n");
    return;
  }
  for (uint64_t i = 0; i < o.count; ++i) {
    uint64_t seed = o.seed + i;
    GeneratedModule m = o.flow ? generateControlFlowModule(o.workDir, seed, o.simd, o.shape)
                               : generateModule(*wasmOpt, o.workDir, seed, o.simd);
    if (m.bytes.empty()) {
      ++t.generationFailures;
      continue;
    }
    RunOptions run;
    run.seed = seed;
    run.callTimeoutMs = o.timeoutMs;
    run.fuelPerCall = o.fuelPerCall;
    ModuleOutcome out = compareModuleIsolated(m.bytes, a, b, run);
    account(o, out, "seed " + std::to_string(seed) + " (" + m.path + ")", t);
    if (out.divergences.empty() && !o.keep) std::filesystem::remove(m.path);
    if ((i + 1) % 500 == 0)
      std::printf("... %" PRIu64 " modules, %" PRIu64 " calls, %" PRIu64 " divergent\n", i + 1,
                  t.calls, t.divergent);
  }
}

void runSpec(const Options& o, const EngineSpec& a, const EngineSpec& b, Totals& t) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(o.specDir, ec)) {
    if (entry.path().extension() != ".wasm") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    RunOptions run;
    run.requireSpectestImports = true;
    run.callTimeoutMs = o.timeoutMs;
    account(o, compareModuleIsolated(bytes, a, b, run), entry.path().string(), t);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) return usage();
  auto engines = parseEnginePair(o.engines);
  if (!engines) return usage();
  const auto& [a, b] = *engines;
  for (const EngineSpec* e : {&a, &b})
    if (!engineAvailable(*e))
      std::printf("note: engine %s cannot run code in this build\n", e->name.c_str());
  Totals t;
  if (!o.specDir.empty()) runSpec(o, a, b, t);
  if (o.specDir.empty() || o.count > 0) runGenerated(o, a, b, t);
  std::printf("%s vs %s: %" PRIu64 " modules, %" PRIu64 " compared, %" PRIu64 " skipped, %" PRIu64
              " generation failures, %" PRIu64 " call pairs (%" PRIu64 " trapped), %" PRIu64
              " timeouts, %" PRIu64 " divergent modules\n",
              a.name.c_str(), b.name.c_str(), t.modules, t.compared, t.skipped,
              t.generationFailures, t.calls, t.traps, t.timeouts, t.divergent);
  return t.divergent == 0 ? 0 : 1;
}
