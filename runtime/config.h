// Engine configuration: which engine runs code, how memory accesses are
// bounds-checked, interruption, and the limits a Store enforces (DESIGN
// decision 8).
#pragma once

#include <cstdint>

namespace ember {

enum class EngineKind : uint8_t { Interpreter, Jit };
enum class BoundsMode : uint8_t { Signals, Checks };
// Which CPU features x86-64 JIT code may use (AArch64 ignores it). Host:
// whatever this CPU has (AVX three-operand SIMD forms, AVX2, SSE4.2,
// POPCNT, LZCNT, BMI). Baseline: only SSE4.1, the JIT's minimum: tests the
// fallback sequences, and makes artifacts that load on any SSE4.1 CPU.
enum class CpuFeatureLevel : uint8_t { Host, Baseline };
// Which file Linux perf reads to name JIT code (runtime/jit/perf_map.h,
// runtime/jit/jitdump.h).
enum class Profiler : uint8_t { None, PerfMap, JitDump };

struct Config {
  // The interpreter unless the build has only the JIT (EMBER_INTERP=OFF).
#if EMBER_HAVE_INTERP || !EMBER_HAVE_JIT
  EngineKind engine = EngineKind::Interpreter;
#else
  EngineKind engine = EngineKind::Jit;
#endif
  // Builds without signal handlers (EMBER_SIGNALS=OFF) support only Checks.
  BoundsMode bounds = EMBER_HAVE_SIGNALS ? BoundsMode::Signals : BoundsMode::Checks;
  uint32_t maxCallDepth = 10000;          // "call stack exhausted" beyond this
  uint64_t maxMemoryPages = 65536;        // per memory, store-level cap
  uint32_t maxTableElements = 10000000;   // per table, store-level cap
  uint64_t valueStackBytes = 64u << 20;   // interpreter value stack per store (reserved lazily)

  // Interruption. Code compiled with a flag off contains no check at all;
  // with it on, every function entry and loop header checks (DESIGN 8).
  // Epochs: Engine::incrementEpoch() from any thread, Store::setEpochDeadline.
  bool epochInterruption = false;
  // Fuel: Store::setFuel. One unit is one function entry or one arrival at
  // a loop header (each iteration), the same count in both engines.
  bool consumeFuel = false;

  CpuFeatureLevel jitCpuFeatures = CpuFeatureLevel::Host;

  // Stack wasm code may use per host->wasm entry, in bytes; beyond it a call
  // traps "call stack exhausted". 0 keeps only the host's limits: the
  // thread's stack (less a margin for builtins) for the JIT, valueStackBytes
  // and maxCallDepth for the interpreter. The interpreter counts its value
  // stack slots, the JIT the machine stack.
  uint64_t wasmStackBytes = 0;

  // Per store: instantiation (or Store::createMemory/createTable) fails with
  // a Resource error beyond these (wasmtime's defaults).
  uint32_t maxInstances = 10000;
  uint32_t maxMemories = 10000;
  uint32_t maxTables = 10000;

  // Tools looking at JIT code (JIT engine only; no cost when off).
  // profiler: perf map lines or jitdump records for every compiled function.
  Profiler profiler = Profiler::None;
  // debugInfo: register each module's code with GDB's JIT interface, with a
  // symbol per function, so debuggers name wasm frames.
  bool debugInfo = false;
  // Per store, totals over all its memories and tables (as Wasmtime's
  // ResourceLimiter bounds them): creating or growing a memory or table
  // past them fails (instantiation with a Resource error, memory.grow and
  // table.grow with -1). The defaults admit one memory of the full 4 GiB
  // (or several smaller ones) and 80 MB of table elements, whatever the
  // number of memories and tables a module declares. The room a table, or
  // a memory kept in a heap block (builds without signals), holds for later
  // growth stays within them too, and so do the items of passive element
  // segments, which each instance keeps for table.init.
  uint64_t maxStoreMemoryBytes = uint64_t{4} << 30;
  uint64_t maxStoreTableElements = 10000000;
  // Builds with signals: how many reservations of destroyed memories the
  // engine keeps (decommitted: address space, no memory) for its next
  // memories, which then skip reserving (at most 16; 0 keeps none). They
  // are 4 GiB + guard for signals-mode JIT code, and 128 MiB for the
  // compact memories of the other modes (any memory whose reservation
  // fits: 64 MiB of room to grow and more). Short-lived instances gain the
  // most, and so does any run under an emulator such as qemu-user, where
  // a 4 GiB reservation costs ~110 ms and a released one leaves the
  // emulator's flags for its pages behind.
  uint32_t keptMemoryReservations = 4;
  // Builds with signals: ask the platform to back linear memories with
  // large pages (ember_vm_prefer_large_pages; on Linux transparent huge
  // pages, which the usual system setting gives only to ranges that ask).
  // A guest writing fresh memory then faults once per 2 MiB instead of
  // once per 4 KiB, which pays where small faults are slow and memory is
  // at hand. Off by default because what a huge page costs depends on the
  // host, not on Ember: a 4 KiB page touched once can make its 2 MiB
  // resident (never past the committed size), the kernel may stall a fault
  // to assemble a huge page when memory is fragmented, and on a virtual
  // machine that hands free memory back to its host a huge page can cost
  // more than its 512 small ones (rust-compression's region: 0.08-0.10 s
  // instead of 0.02 after the machine idled; bench/HISTORY.md).
  bool largePageMemory = false;

  // Threads the JIT compiles a module's functions on; 0 is one per
  // processor. The code is the same bytes whatever the count (artifacts
  // are reproducible), and so is the error of an invalid module. Small
  // modules and custom platforms (EMBER_PLATFORM=custom) compile on the
  // calling thread.
  uint32_t compileThreads = 0;
  // Tuning and testing: a part compiled by one thread holds at least this
  // many bytes of function bodies (1 splits every function off, which the
  // spec suite runs with to test the joining of parts).
  uint32_t compilePartBytes = 32u << 10;
};

}  // namespace ember
