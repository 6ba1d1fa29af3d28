// The engine and bounds-mode pairs a build has, for tests that run on each:
// the interpreter, and the JIT with signal-based bounds (when built) and
// with explicit checks.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/config.h"

namespace ember::test {

struct EngineCase {
  EngineKind engine;
  BoundsMode bounds;
  Config config() const {
    Config c;
    c.engine = engine;
    c.bounds = bounds;
    return c;
  }
};

inline std::vector<EngineCase> engineCases() {
  std::vector<EngineCase> cases;
#if EMBER_HAVE_INTERP
  cases.push_back({EngineKind::Interpreter, BoundsMode::Checks});
#endif
#if EMBER_HAVE_JIT
#if EMBER_HAVE_SIGNALS
  cases.push_back({EngineKind::Jit, BoundsMode::Signals});
#endif
  cases.push_back({EngineKind::Jit, BoundsMode::Checks});
#endif
  return cases;
}

inline std::string caseName(const EngineCase& c) {
  std::string engine = c.engine == EngineKind::Jit ? "Jit" : "Interp";
  return engine + (c.bounds == BoundsMode::Signals ? "Signals" : "Checks");
}

// The name of a parameterised test's instance (INSTANTIATE_TEST_SUITE_P).
inline std::string caseParamName(const testing::TestParamInfo<EngineCase>& info) {
  return caseName(info.param);
}

}  // namespace ember::test
