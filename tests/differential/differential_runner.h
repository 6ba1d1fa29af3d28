// Differential execution (issue 4, item 7): runs one module on two engine
// configurations, each in its own Engine and Store, calls every exported
// function with the same deterministic arguments on both, and reports the
// first observable difference (results, traps and trap codes, host calls,
// exported memories and globals). Architecture-neutral: it only uses the
// runtime's public API and POSIX fork/pipe/poll for isolation.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/ember_runtime.h"

namespace ember::differential {

// One side of a comparison: a printable name ("jit:signals") and its Config.
struct EngineSpec {
  std::string name;
  Config config;
};

// "interp", "interp:checks", "interp:signals", "jit", "jit:signals",
// "jit:checks", each JIT one optionally with ":sse4.1" (x86-64 code
// restricted to SSE4.1: "jit:signals:sse4.1"), any of them with ":fuel"
// or ":epoch" (interruption checks compiled in); nothing for anything else.
std::optional<EngineSpec> parseEngineSpec(std::string_view text);
// Two specs separated by a comma: "jit:signals,interp".
std::optional<std::pair<EngineSpec, EngineSpec>> parseEnginePair(std::string_view text);

// Whether `spec` can run code in this build: compiles a tiny module with it.
bool engineAvailable(const EngineSpec& spec);

// (export ordinal among exported functions, argument-set index)
using CallId = std::pair<uint32_t, uint32_t>;

struct RunOptions {
  uint64_t seed = 1;              // seeds the random argument sets
  uint32_t randomArgSets = 2;     // random argument sets after the fixed ones
  bool requireSpectestImports = false;  // skip modules importing from elsewhere
  // Call binaryen's "hangLimitInitializer" export (if any) before each call,
  // as `wasm-opt --fuzz-exec` does, so -ttf loops stay bounded.
  bool resetHangLimit = true;
  uint32_t callTimeoutMs = 5000;  // isolated runs: a call pair slower than this is abandoned
  std::set<CallId> skipCalls;     // calls not to make (hung in an earlier attempt)
  // Exports that hung in an earlier attempt: only their small argument sets
  // (zeros, ones, small values) are still tried, since large ones are
  // mostly loop counts (spec loop.wast's "while" with -1 runs for ages).
  std::set<uint32_t> hungExports;
  // With Config::consumeFuel on both sides: the fuel each call (and
  // instantiation) starts with, so that every call ends. 0: none set.
  uint64_t fuelPerCall = 0;
  // The engines measure stack differently (the interpreter call depth and
  // value-stack slots, the JIT native bytes), so a deep recursion can exhaust
  // one and not the other (which then finishes, or runs out of fuel). When
  // set, stack exhaustion on either side ends the module's comparison with a
  // note, as exhaustion on both sides always does.
  bool stackExhaustionOnOneSideIsNote = false;
  // Memories, tables and globals are compared after every call when set;
  // otherwise only after the module's last call (hashing memories after
  // each call is most of the time of a fuzzer run, and a difference in them
  // rarely vanishes again; results and traps are still compared per call).
  bool compareStateAfterEveryCall = true;
};

// What comparing one module found.
struct ModuleOutcome {
  bool skipped = false;        // not compared at all (see skipReason)
  std::string skipReason;
  uint64_t calls = 0;          // call pairs compared
  uint64_t trappedCalls = 0;   // of those, the ones whose first side trapped
  std::vector<std::string> divergences;  // empty = the engines agree
  std::vector<std::string> notes;        // timeouts and other non-divergences
};

// The fixed argument sets (zeros, ones, -1, INT_MIN, NaN, small values)
// come first; then `randomArgSets` seeded ones.
constexpr uint32_t kFixedArgSets = 6;
// The arguments of set `set` for `params`. Deterministic in all inputs.
std::vector<Value> argumentSet(std::span<const ValType> params, uint32_t set, uint64_t seed,
                               uint32_t exportOrdinal);

// Progress callbacks, used by the isolated runner to know which call hung
// or crashed. `side` is 0 or 1.
struct Progress {
  virtual ~Progress() = default;
  virtual void callStarted(CallId, std::string_view exportName) { (void)exportName; }
  virtual void sideReturned(int side) { (void)side; }
};

// Compares in this process. A hang or a crash of an engine hangs or
// crashes the caller: use compareModuleIsolated for untrusted modules.
ModuleOutcome compareModule(std::span<const uint8_t> bytes, const EngineSpec& a,
                            const EngineSpec& b, const RunOptions& options,
                            Progress* progress = nullptr);

// Compares in a forked child. A call pair slower than callTimeoutMs is
// abandoned (noted, not a divergence: neither engine has fuel or epochs yet)
// and the module rerun without it; a child that dies is a divergence naming
// the call and the engine that was running.
ModuleOutcome compareModuleIsolated(std::span<const uint8_t> bytes, const EngineSpec& a,
                                    const EngineSpec& b, RunOptions options);

// --- Comparison of one call pair, exposed for the harness's own tests -------

// The observable effect of one call on one side.
struct CallOutcome {
  bool ok = true;
  ErrorKind errorKind = ErrorKind::Trap;
  std::optional<TrapCode> trap;       // when !ok and the error is a trap
  std::string message;                // when !ok
  std::vector<Value> results;         // raw, for messages
  std::vector<uint64_t> resultKeys;   // compared (NaN-canonical, refs by identity)
  std::vector<uint64_t> hostCalls;    // log of stand-in calls made by this call
  std::vector<uint64_t> memoryHashes; // exported and imported memories: size, hash
  std::vector<uint64_t> tableKeys;    // exported tables: size, hash of entries
  std::vector<uint64_t> globalKeys;   // exported globals
};

// The comparison key of a numeric value: its bits, except that every NaN of
// a type maps to one key (see valueKey in the .cpp for why).
uint64_t numericKey(const Value& v);
// A one-line description of how `a` (from engine `nameA`) and `b` differ,
// or nothing when they agree.
std::optional<std::string> describeDifference(const CallOutcome& a, std::string_view nameA,
                                              const CallOutcome& b, std::string_view nameB);
std::string formatValue(const Value& v);
// Whether two memory images of one size differ only inside NaNs: every
// differing byte lies in a 4- or 8-byte little-endian window that is an
// f32 or f64 NaN on both sides. The spec leaves a NaN result's sign and
// payload to the engine (4.3.3) and memory has no types, so a NaN stored
// to memory is compared this way.
bool differOnlyInNanBits(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace ember::differential
