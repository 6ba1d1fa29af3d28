#include "runtime/jit_engine.h"

#include <cstring>
#include <mutex>

#include "jit/module_compiler.h"
#include "platform/ember-platform.h"
#include "runtime/jit_traps.h"
#include "runtime/memory.h"

namespace ember {

namespace {

JitOptions jitOptionsFor(const Config& config) {
  JitOptions options;
  // Signals mode relies on Memory's 4 GiB + guard reservation (DESIGN
  // decision 4); checks mode bounds-checks every access.
  options.bounds =
      config.bounds == BoundsMode::Signals ? BoundsCheck::Guard : BoundsCheck::Explicit;
  options.guardBytes = Memory::kGuardBytes;
  // Trap stubs call the trap builtin in both modes, so only guard-page
  // faults need the signal handler.
  options.trapViaBuiltin = true;
  options.epochChecks = config.epochInterruption;
  options.fuelChecks = config.consumeFuel;
  return options;
}

}  // namespace

JitCode::~JitCode() { ember_code_region_free(region_); }

Result<std::unique_ptr<JitCode>> JitCode::compile(const Module& module, const Config& config) {
#if EMBER_HAVE_SIGNALS
  if (config.bounds == BoundsMode::Signals) EMBER_TRY(installJitTrapHandlers());
#else
  if (config.bounds == BoundsMode::Signals)
    return Error(ErrorKind::Unsupported,
                 "signal-based bounds checks are not in this build (EMBER_SIGNALS=OFF); use checks");
#endif
  Result<CompiledCode> compiled = compileModule(module, jitOptionsFor(config));
  if (!compiled) return compiled.takeError();
  std::unique_ptr<JitCode> code(new JitCode(module));
  const std::vector<uint8_t>& bytes = compiled->bytes;
  if (ember_code_region_alloc(std::max<size_t>(bytes.size(), 1), &code->region_) !=
      EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource, "cannot allocate a code region for JIT code");
  uint8_t* start = ember_code_region_start(code->region_);
  if (!bytes.empty()) std::memcpy(start, bytes.data(), bytes.size());
  if (ember_code_region_seal(code->region_, bytes.size()) != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource, "cannot make JIT code executable");
  code->start_ = reinterpret_cast<uintptr_t>(start);
  code->size_ = bytes.size();
  code->trapSites_ = std::move(compiled->trapSites);
  code->functions_ = std::move(compiled->functions);
  code->entries_.assign(module.definedFuncCount(), nullptr);
  for (const FunctionRange& f : code->functions_) {
    if (f.funcIndex >= module.importedFuncCount)
      code->entries_[f.funcIndex - module.importedFuncCount] = start + f.begin;
  }
  return code;
}

const void* JitCode::entry(uint32_t funcIndex) const {
  return entries_[funcIndex - module_.importedFuncCount];
}

const TrapSite* JitCode::trapAt(uintptr_t pc) const {
  uint32_t offset = static_cast<uint32_t>(pc - start_);
  size_t lo = 0, hi = trapSites_.size();
  while (lo < hi) {  // binary search by hand: no allocation, signal-safe
    size_t mid = lo + (hi - lo) / 2;
    if (trapSites_[mid].codeOffset < offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < trapSites_.size() && trapSites_[lo].codeOffset == offset ? &trapSites_[lo] : nullptr;
}

int64_t JitCode::functionAt(uintptr_t pc) const {
  uint32_t offset = static_cast<uint32_t>(pc - start_);
  for (const FunctionRange& f : functions_) {
    if (offset >= f.begin && offset < f.end) return f.funcIndex;
  }
  return -1;
}

#if EMBER_HAVE_SIGNALS
Result<void> installJitTrapHandlers() {
  static ember_platform_status status = ember_trap_handlers_install(&jitTrapCallback);
  if (status != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Unsupported,
                 "this platform has no trap signals; use explicit bounds checks");
  return success();
}
#endif

}  // namespace ember
