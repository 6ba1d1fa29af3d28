#include "runtime/jit/engine.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#if EMBER_HAVE_JIT_COMPILER
#include "jit/module_compiler.h"
#endif
#include "platform/ember-platform.h"
#include "runtime/jit/code_publication.h"
#include "runtime/jit/traps.h"
#include "runtime/memory.h"
#include "runtime/threading.h"

namespace ember {

#if EMBER_HAVE_JIT_COMPILER
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
  options.threads = config.compileThreads != 0 ? config.compileThreads : defaultWorkerThreads();
  options.runWorkers = runOnThreads;
  options.minPartBodyBytes = config.compilePartBytes;
  options.baselineCpuFeatures = config.jitCpuFeatures == CpuFeatureLevel::Baseline;
  options.prefault = ember_vm_prefault;
  return options;
}

}  // namespace
#endif

JitCode::~JitCode() {
  withdrawJitCode(*this);
  ember_code_region_free(region_);
}

// Signals-mode code relies on the trap handler for out-of-bounds accesses
// (DESIGN decision 4); a build without signals (EMBER_SIGNALS=OFF) has
// none, so it refuses such code, compiled or loaded.
static Result<void> prepareTrapHandling(const Config& config) {
  if (config.bounds != BoundsMode::Signals) return success();
#if EMBER_HAVE_SIGNALS
  return installJitTrapHandlers();
#else
  return Error(ErrorKind::Unsupported,
               "signal-based bounds checks are not in this build (EMBER_SIGNALS=OFF); use checks");
#endif
}

#if EMBER_HAVE_JIT_COMPILER

Result<std::unique_ptr<JitCode>> JitCode::compile(const Module& module, const Config& config) {
  EMBER_TRY(prepareTrapHandling(config));
  std::unique_ptr<JitCode> code(new JitCode(module));
  JitOptions options = jitOptionsFor(config);
  options.destination = {code.get(), &JitCode::allocateRegionFor};
#if !EMBER_PLATFORM_CUSTOM
  // POSIX regions are reserved address space whose untouched pages cost
  // nothing; a custom platform's may be heap blocks of the size asked.
  options.destination.reserve = &JitCode::reserveRegionFor;
#endif
  Result<CompiledCode> compiled = compileModule(module, options);
  if (!compiled) return compiled.takeError();
  EMBER_TRY(code->install(compiled->text(), std::move(compiled->trapSites),
                          std::move(compiled->functions), std::move(compiled->wasmOffsets),
                          std::move(compiled->dataRanges)));
  EMBER_TRY(publishJitCode(*code, config));
  return code;
}
#endif  // EMBER_HAVE_JIT_COMPILER

Result<std::unique_ptr<JitCode>> JitCode::load(const Module& module, const Config& config,
                                               std::span<const uint8_t> bytes,
                                               std::vector<TrapSite> trapSites,
                                               std::vector<FunctionRange> functions,
                                               std::vector<uint8_t> wasmOffsets,
                                               std::vector<CodeDataRange> dataRanges) {
  EMBER_TRY(prepareTrapHandling(config));
  std::unique_ptr<JitCode> code(new JitCode(module));
  EMBER_TRY(code->install(bytes, std::move(trapSites), std::move(functions), std::move(wasmOffsets),
                          std::move(dataRanges)));
  EMBER_TRY(publishJitCode(*code, config));  // loaded code is profiled and debuggable too
  return code;
}

uint8_t* JitCode::allocateRegion(size_t size, bool prefault) {
  if (start_) return nullptr;  // installed: one sealed region per JitCode
  ember_code_region_free(region_);
  region_ = nullptr;
  if (ember_code_region_alloc(std::max<size_t>(size, 1), &region_) != EMBER_PLATFORM_OK) {
    region_ = nullptr;
    return nullptr;
  }
  uint8_t* start = ember_code_region_start(region_);
  if (prefault) {
#if !EMBER_PLATFORM_CUSTOM
    ember_code_region_expect(region_, size);
#endif
    ember_vm_prefault(start, size);
  }
  return start;
}

#if EMBER_HAVE_JIT_COMPILER && !EMBER_PLATFORM_CUSTOM
uint8_t* JitCode::reserveRegionFor(void* self, size_t* capacity, size_t likelyUsed) {
  auto* code = static_cast<JitCode*>(self);
  uint8_t* start = code->allocateRegion(*capacity, /*prefault=*/false);
  if (start) ember_code_region_expect(code->region_, likelyUsed);
  return start;
}
#endif

// W^X: the region is writable until sealed here, executable after.
Result<void> JitCode::install(std::span<const uint8_t> bytes, std::vector<TrapSite> trapSites,
                              std::vector<FunctionRange> functions,
                              std::vector<uint8_t> wasmOffsets,
                              std::vector<CodeDataRange> dataRanges) {
  if (!region_ && !allocateRegion(bytes.size()))
    return Error(ErrorKind::Resource, "cannot allocate a code region for JIT code");
  uint8_t* start = ember_code_region_start(region_);
  if (!bytes.empty() && bytes.data() != start) std::memcpy(start, bytes.data(), bytes.size());
  if (ember_code_region_seal(region_, bytes.size()) != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource, "cannot make JIT code executable");
  start_ = reinterpret_cast<uintptr_t>(start);
  size_ = bytes.size();
  trapSites_ = std::move(trapSites);
  functions_ = std::move(functions);
  wasmOffsets_ = std::move(wasmOffsets);
  dataRanges_ = std::move(dataRanges);
  entries_.assign(module_.definedFuncCount(), nullptr);
  for (const FunctionRange& f : functions_) {
    if (f.funcIndex >= module_.importedFuncCount)
      entries_[f.funcIndex - module_.importedFuncCount] = start + f.begin;
  }
  return success();
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
  const FunctionRange* f = functionRangeAt(pc);
  return f ? int64_t{f->funcIndex} : -1;
}

const FunctionRange* JitCode::functionRangeAt(uintptr_t pc) const {
  uint32_t offset = static_cast<uint32_t>(pc - start_);
  for (const FunctionRange& f : functions_) {
    if (offset >= f.begin && offset < f.end) return &f;
  }
  return nullptr;
}

std::optional<uint32_t> JitCode::wasmOffsetAt(uintptr_t pc) const {
  const FunctionRange* f = functionRangeAt(pc);
  if (!f) return std::nullopt;
  return wasmOffsetIn(wasmOffsets_, *f, static_cast<uint32_t>(pc - start_));
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
