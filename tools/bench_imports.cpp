#include "tools/bench_imports.h"

#if EMBER_HAVE_RUNTIME
#include <chrono>

namespace ember::tools {

namespace {
uint64_t nowNs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}
}  // namespace

void BenchImports::define(Linker& linker, Store& store, bool timed) {
  timed_ = timed;
  FuncType noParamsNoResults;
  Function* start = store.createHostFunction(
      noParamsNoResults, [this](std::span<const Value>, std::span<Value>) -> Result<void> {
        if (timed_) startNs_ = nowNs(), endNs_.reset();
        return success();
      });
  Function* end = store.createHostFunction(
      noParamsNoResults, [this](std::span<const Value>, std::span<Value>) -> Result<void> {
        if (timed_ && startNs_) endNs_ = nowNs();
        return success();
      });
  linker.define("bench", "start", Extern{ExternKind::Func, start});
  linker.define("bench", "end", Extern{ExternKind::Func, end});
}

std::optional<double> BenchImports::elapsedSeconds() const {
  if (!startNs_ || !endNs_) return std::nullopt;
  return static_cast<double>(*endNs_ - *startNs_) / 1e9;
}

}  // namespace ember::tools
#endif
