// The sightglass benchmark convention: a program imports `bench.start` and
// `bench.end` (both [] -> []) and calls them around its measured region.
// `ember run` provides them as no-ops, or as timers with --bench-time.
#pragma once

#if EMBER_HAVE_RUNTIME
#include <cstdint>
#include <optional>

#include "tools/runtime_api.h"

namespace ember::tools {

class BenchImports {
 public:
  // Defines bench.start and bench.end in `linker` as functions of `store`;
  // they read the clock only when `timed`.
  void define(Linker& linker, Store& store, bool timed);
  // Seconds between the last bench.start and the bench.end after it, or
  // nothing when the program did not call both.
  std::optional<double> elapsedSeconds() const;

 private:
  bool timed_ = false;
  std::optional<uint64_t> startNs_;
  std::optional<uint64_t> endNs_;
};

}  // namespace ember::tools
#endif
