// A module's JIT code as the runtime runs it: the machine code from
// jit/module_compiler copied into a sealed code region (W^X, DESIGN data flow
// of compile), its trap table and function ranges for mapping a PC back to a
// trap code or a function (DESIGN decision 5), and an entry per function.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "abi/vm_context.h"
#include "jit/masm.h"
#include "runtime/config.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"

struct ember_code_region;

namespace ember {

class JitCode {
 public:
  ~JitCode();
  JitCode(const JitCode&) = delete;
  JitCode& operator=(const JitCode&) = delete;

  // Compiles every defined function of `module` (which must outlive the
  // result: names for backtraces come from it) for `config`'s bounds mode.
  // SIMD modules fail with ErrorKind::Unsupported, as in the JIT itself.
  // Only with the compiler (EMBER_HAVE_JIT_COMPILER).
  static Result<std::unique_ptr<JitCode>> compile(const Module& module, const Config& config);

  // Code from a precompiled artifact (runtime/artifact/): `code` is copied
  // into a sealed code region. The tables must already be checked against
  // `code` and `module` (runtime/artifact/artifact_loader.cpp): this trusts
  // them, and the machine code (DESIGN decision 10).
  static Result<std::unique_ptr<JitCode>> load(const Module& module, const Config& config,
                                               std::span<const uint8_t> code,
                                               std::vector<TrapSite> trapSites,
                                               std::vector<FunctionRange> functions,
                                               std::vector<uint8_t> wasmOffsets,
                                               std::vector<CodeDataRange> dataRanges);

  // Entry of function `funcIndex` (a defined function) in the internal
  // calling convention (jit/README.md).
  const void* entry(uint32_t funcIndex) const;

  bool contains(uintptr_t pc) const { return pc >= start_ && pc < start_ + size_; }
  // Bytes of machine code, trap stubs and jump tables included.
  size_t codeSize() const { return size_; }
  // The trap at exactly `pc` (inside this code), or nullptr. Async-signal-safe.
  const TrapSite* trapAt(uintptr_t pc) const;
  // The function index whose code contains `pc`, or -1.
  int64_t functionAt(uintptr_t pc) const;
  // The code range of the function containing `pc`, or nullptr.
  const FunctionRange* functionRangeAt(uintptr_t pc) const;
  // The body offset recorded for exactly `pc` (a trap site, or a call's
  // return address minus one), or nothing.
  std::optional<uint32_t> wasmOffsetAt(uintptr_t pc) const;
  const Module& module() const { return module_; }
  // The machine code and where each function lies in it (offsets from
  // code()[0], emission order): what `ember objdump` prints.
  std::span<const uint8_t> code() const {
    return {reinterpret_cast<const uint8_t*>(start_), size_};
  }
  std::span<const FunctionRange> functionRanges() const { return functions_; }
  // Sorted by code offset: what an artifact saves.
  std::span<const TrapSite> trapSites() const { return trapSites_; }
  // The encoded pc -> wasm offset map (abi/wasm_offset_map.h).
  std::span<const uint8_t> wasmOffsets() const { return wasmOffsets_; }
  // The jump tables and constant pools inside code(), sorted.
  std::span<const CodeDataRange> dataRanges() const { return dataRanges_; }

 private:
  explicit JitCode(const Module& module) : module_(module) {}
  // A writable code region of `size` bytes (at least one), not yet sealed,
  // in place of any unsealed one before it; nullptr when none can be had.
  // The compiler writes its code there (jit/masm.h CodeDestination), or the
  // loader copies it in: all of it when `prefault`, so its pages are made
  // present at once (in huge pages where the platform has them).
  uint8_t* allocateRegion(size_t size, bool prefault = true);
  static uint8_t* allocateRegionFor(void* self, size_t size) {
    return static_cast<JitCode*>(self)->allocateRegion(size);
  }
  // Room the compiler emits into as it goes, most of it never written.
  static uint8_t* reserveRegionFor(void* self, size_t* capacity, size_t likelyUsed);
  // Seals the region, which holds `code` (a copy is made first when the
  // code is elsewhere), and records the tables and each defined function's
  // entry.
  Result<void> install(std::span<const uint8_t> code, std::vector<TrapSite> trapSites,
                       std::vector<FunctionRange> functions, std::vector<uint8_t> wasmOffsets,
                       std::vector<CodeDataRange> dataRanges);

  const Module& module_;
  ember_code_region* region_ = nullptr;
  uintptr_t start_ = 0;
  size_t size_ = 0;
  std::vector<TrapSite> trapSites_;
  std::vector<FunctionRange> functions_;
  std::vector<uint8_t> wasmOffsets_;
  std::vector<CodeDataRange> dataRanges_;
  std::vector<const void*> entries_;  // by defined-function index
};

// Fills VMContext::builtins with the runtime's builtins (builtins.cpp).
void fillJitBuiltins(VMContext& ctx);

// The signal side of DESIGN decision 5: installs the process's trap handlers
// once (signals bounds mode); the callback lives in traps.cpp.
Result<void> installJitTrapHandlers();

}  // namespace ember
