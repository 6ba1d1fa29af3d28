// Engine configuration: which engine runs code, how memory accesses are
// bounds-checked, interruption, and the limits a Store enforces (DESIGN
// decision 8).
#pragma once

#include <cstdint>

namespace ember {

enum class EngineKind : uint8_t { Interpreter, Jit };
enum class BoundsMode : uint8_t { Signals, Checks };

struct Config {
  EngineKind engine = EngineKind::Interpreter;
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
};

}  // namespace ember
