// Engine configuration: which engine runs code, how memory accesses are
// bounds-checked, and the limits a Store enforces (DESIGN decision 8).
#pragma once

#include <cstdint>

namespace ember {

enum class EngineKind : uint8_t { Interpreter, Jit };
enum class BoundsMode : uint8_t { Signals, Checks };

struct Config {
  EngineKind engine = EngineKind::Interpreter;
  BoundsMode bounds = BoundsMode::Signals;
  uint32_t maxCallDepth = 10000;          // "call stack exhausted" beyond this
  uint64_t maxMemoryPages = 65536;        // per memory, store-level cap
  uint32_t maxTableElements = 10000000;   // per table, store-level cap
  uint64_t valueStackBytes = 64u << 20;   // interpreter value stack per store (reserved lazily)
};

}  // namespace ember
