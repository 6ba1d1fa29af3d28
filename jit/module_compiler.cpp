#include "jit/module_compiler.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <vector>

#include "jit/code_budget.h"
#include "jit/codegen.h"
#include "jit/direct_call.h"
#include "runtime/format/function_validator.h"

namespace ember {

namespace {

MasmOptions masmOptionsFor(const JitOptions& options) {
  MasmOptions m;
  m.vmctx.memoryBase = options.layout.memoryBase;
  m.vmctx.memoryLength = options.layout.memoryLength;
  m.vmctx.stackLimit = options.layout.stackLimit;
  m.vmctx.builtins = options.layout.builtins;
  m.trapBuiltin = options.trapViaBuiltin ? static_cast<int32_t>(BuiltinId::Trap) : -1;
  m.baselineCpuFeatures = options.baselineCpuFeatures;
  m.prefault = options.prefault;
  return m;
}

void locateBodies(CompiledCode& code, const Module& module) {
  for (FunctionRange& f : code.functions) {
    const FunctionBody& body = module.bodies[f.funcIndex - module.importedFuncCount];
    f.bodyOffset = body.offset;
    f.bodySize = body.end - body.offset;
  }
}

// Consecutive defined functions [first, end) (indices among the defined
// functions), compiled into one buffer.
struct Part {
  uint32_t first = 0;
  uint32_t end = 0;
  uint64_t bodyBytes = 0;
};

// What compiling a part gave: its code, or the error of its lowest
// failing function, or a failure of the assembler at finalize.
struct PartResult {
  Result<CompiledCode> code = Error(ErrorKind::Resource, "part not compiled");
};

// Why parts join into the same bytes as one buffer: every function starts
// 16-byte aligned and nothing inside a function is aligned to more (jump
// tables to 8), so a function's bytes do not depend on where the part
// starts; branches, jump tables and trap stubs stay inside their function;
// the padding before a part's first function is emitted at the end of the
// previous part by the same align(16) a single buffer emits there; and
// calls between functions are `call rel32` / `bl` whatever the distance,
// so a call into another part differs only in its displacement, written
// when the parts are joined (PendingCall).
// `destination` receives the code of a part that is the whole module.
// The code may take `budget` bytes; a part of a parallel compile counts
// its code against the budget all parts share instead.
PartResult compilePart(const Module& module, const JitOptions& options, Part part, bool last,
                       uint64_t budget, SharedCodeBudget* shared,
                       CodeDestination destination = {}) {
  PartResult result;
  MacroAssembler masm(masmOptionsFor(options));
  Codegen codegen(module, masm, options);
  FunctionValidator<Codegen> validator(module, codegen);
  masm.reserveForBodies(part.bodyBytes, part.end - part.first, destination);
  codegen.limitCodeTo(budget);
  codegen.shareCodeBudget(shared);
  // Code that outgrows the destination's reserved memory is compiled again
  // into a buffer that grows (the code generator stops at once when it
  // notices, with an error of its own).
  auto compileAgainCopying = [&] {
    destination.reserve = nullptr;
    return compilePart(module, options, part, last, budget, shared, destination);
  };
  for (uint32_t i = part.first; i < part.end; i++) {
    // Call and trap sites record the validator's operator, from its body's start.
    const uint32_t bodyOffset = i < module.bodies.size() ? module.bodies[i].offset : 0;
    masm.setWasmOffsetSource({validator.operatorStart(), module.bytes.data() + bodyOffset});
    if (auto r = validator.validate(module.importedFuncCount + i); !r) {
      if (masm.outgrewReservedDestination()) return compileAgainCopying();
      result.code = r.takeError();
      return result;
    }
  }
  if (!last) masm.align(16);
  result.code = masm.finalize(destination);
  if (!result.code && masm.outgrewReservedDestination()) return compileAgainCopying();
  return result;
}

uint64_t totalBodyBytes(const Module& module) {
  uint64_t total = 0;
  for (const FunctionBody& b : module.bodies) total += b.end - b.offset;
  return total;
}

// Cuts the defined functions into parts of about equal body bytes, enough
// for `threads` threads to share; one part when the module is small.
std::vector<Part> splitIntoParts(const Module& module, const JitOptions& options) {
  const uint32_t count = module.definedFuncCount();
  const uint64_t totalBytes = totalBodyBytes(module);
  uint64_t partCount = std::max<uint64_t>(options.threads, 1) * std::max<uint32_t>(options.partsPerThread, 1);
  uint64_t target = std::max<uint64_t>(totalBytes / partCount, std::max<uint32_t>(options.minPartBodyBytes, 1));
  std::vector<Part> parts;
  Part current;
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < count; i++) {
    bytes += module.bodies[i].end - module.bodies[i].offset;
    if (bytes >= target) {
      current.end = i + 1;
      current.bodyBytes = bytes;
      parts.push_back(current);
      current.first = i + 1;
      bytes = 0;
    }
  }
  if (current.first < count || parts.empty()) {
    // The rest: its own part, or the last part's tail when it is small.
    current.end = count;
    current.bodyBytes = bytes;
    if (!parts.empty() && bytes < target / 2) {
      parts.back().end = count;
      parts.back().bodyBytes += bytes;
    } else {
      parts.push_back(current);
    }
  }
  return parts;
}

// Joins compiled parts in function order: code and offset maps
// concatenated (into `destination` when it has an allocator), tables
// rebased, calls between parts given their displacements.
Result<CompiledCode> joinParts(const Module& module, std::vector<PartResult>& parts,
                               CodeDestination destination) {
  uint64_t total = 0;
  for (PartResult& p : parts) total += p.code->bytes.size();
  if (total > UINT32_MAX) return Error(ErrorKind::Resource, "the module's code exceeds 4 GiB");
  CompiledCode out;
  if (destination.allocate) {
    uint8_t* placed = destination.allocate(destination.context, static_cast<size_t>(total));
    if (!placed) return Error(ErrorKind::Resource, "no memory for the compiled code");
    out.placed = {placed, static_cast<size_t>(total)};
  } else {
    out.bytes.resize(static_cast<size_t>(total));
  }
  const std::span<uint8_t> text = out.text();
  size_t trapSites = 0, wasmOffsets = 0, functions = 0, dataRanges = 0;
  for (const PartResult& p : parts) {
    trapSites += p.code->trapSites.size();
    wasmOffsets += p.code->wasmOffsets.size();
    functions += p.code->functions.size();
    dataRanges += p.code->dataRanges.size();
  }
  out.trapSites.reserve(trapSites);  // one allocation each, not a growing copy
  out.wasmOffsets.reserve(wasmOffsets);
  out.functions.reserve(functions);
  out.dataRanges.reserve(dataRanges);
  std::vector<uint32_t> entries(module.definedFuncCount(), UINT32_MAX);
  std::vector<uint32_t> bases;
  uint32_t joined = 0;
  for (PartResult& p : parts) {
    CompiledCode& code = p.code.value();
    const uint32_t base = joined;
    bases.push_back(base);
    if (!code.bytes.empty()) std::memcpy(text.data() + base, code.bytes.data(), code.bytes.size());
    joined += static_cast<uint32_t>(code.bytes.size());
    std::vector<uint8_t>().swap(code.bytes);  // keep peak memory near one copy
    for (TrapSite t : code.trapSites) {
      t.codeOffset += base;
      out.trapSites.push_back(t);
    }
    if constexpr (kKeepCodeDataRanges) {
      for (CodeDataRange d : code.dataRanges)
        out.dataRanges.push_back({d.begin + base, d.end + base});
    }
    // A function's run in the offset map is relative to its start
    // (abi/wasm_offset_map.h), so the runs are copied as they are; only
    // where each run starts moves.
    const auto offsetsBase = static_cast<uint32_t>(out.wasmOffsets.size());
    out.wasmOffsets.insert(out.wasmOffsets.end(), code.wasmOffsets.begin(), code.wasmOffsets.end());
    for (FunctionRange f : code.functions) {
      f.begin += base;
      f.end += base;
      f.offsetsBegin += offsetsBase;
      if (f.funcIndex >= module.importedFuncCount)
        entries[f.funcIndex - module.importedFuncCount] = f.begin;
      out.functions.push_back(f);
    }
  }
  for (size_t i = 0; i < parts.size(); i++) {
    for (const PendingCall& call : parts[i].code->pendingCalls) {
      uint32_t target = call.funcIndex >= module.importedFuncCount &&
                                call.funcIndex - module.importedFuncCount < entries.size()
                            ? entries[call.funcIndex - module.importedFuncCount]
                            : UINT32_MAX;
      if (target == UINT32_MAX)
        return Error(ErrorKind::Resource,
                     formatMessage("function %u is called but was never compiled", call.funcIndex));
      if (!writeCallDisplacement(text, call, bases[i], target))
        return Error(ErrorKind::Resource,
                     formatMessage("a call to function %u is out of the call instruction's reach",
                                   call.funcIndex));
    }
  }
  return out;
}

// The whole module as one part, on the calling thread.
Result<CompiledCode> compileOnOneThread(const Module& module, const JitOptions& options,
                                        uint64_t totalBytes, uint64_t budget) {
  const Part whole{0, module.definedFuncCount(), totalBytes};
  Result<CompiledCode> code = std::move(
      compilePart(module, options, whole, true, budget, nullptr, options.destination).code);
  if (code && !code->pendingCalls.empty())
    return Error(ErrorKind::Resource, formatMessage("function %u is called but was never compiled",
                                                    code->pendingCalls.front().funcIndex));
  if (code) locateBodies(*code, module);
  return code;
}

// The shared state of the threads compiling one module's parts: each takes
// the next part until none is left, largest first (a part holding one
// function larger than the rest, which cannot be split, then starts at
// once). Once a part fails the rest are skipped: a failed module is
// compiled again on one thread for its error (compileModule).
struct PartQueue {
  const Module& module;
  const JitOptions& options;
  const std::vector<Part>& parts;
  std::vector<PartResult>& results;
  SharedCodeBudget& budget;
  std::vector<uint32_t> order;  // part indices, largest part first
  std::atomic<uint32_t> next{0};
  std::atomic<bool> failed{false};

  PartQueue(const Module& m, const JitOptions& o, const std::vector<Part>& p,
            std::vector<PartResult>& r, SharedCodeBudget& b)
      : module(m), options(o), parts(p), results(r), budget(b), order(p.size()) {
    for (uint32_t i = 0; i < order.size(); i++) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return parts[a].bodyBytes > parts[b].bodyBytes;
    });
  }

  void work() {
    for (uint32_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < parts.size();) {
      const uint32_t p = order[i];
      if (failed.load(std::memory_order_relaxed)) return;
      results[p] =
          compilePart(module, options, parts[p], p + 1 == parts.size(), budget.limit(), &budget);
      if (!results[p].code) failed.store(true, std::memory_order_relaxed);
    }
  }
  static void run(void* self) { static_cast<PartQueue*>(self)->work(); }
};

}  // namespace

Result<CompiledCode> compileModule(const Module& module, const JitOptions& options) {
  if (auto supported = MacroAssembler::checkHostSupport(); !supported) {
    return supported.takeError();
  }
  const uint64_t totalBytes = totalBodyBytes(module);
  const uint64_t budget =
      moduleCodeBudget(totalBytes, options.maxCodeBytesPerBodyByte, options.minCodeBudget);
  std::vector<Part> parts;
  if (options.threads > 1 && options.runWorkers) parts = splitIntoParts(module, options);
  if (parts.size() <= 1) return compileOnOneThread(module, options, totalBytes, budget);

  std::vector<PartResult> results(parts.size());
  SharedCodeBudget shared(budget, std::max<uint64_t>(64u << 10, budget / (4 * parts.size())));
  PartQueue queue(module, options, parts, results, shared);
  options.runWorkers(std::min<uint32_t>(options.threads, static_cast<uint32_t>(parts.size())),
                     &PartQueue::run, &queue);
  // A failure, or code past the budget (which the shared count lets the
  // parts pass by a little), gets one thread's answer: the module is
  // compiled again on one thread, so that neither the outcome nor the error
  // (which function, which budget) depends on the threads' timing.
  // The parts' code is dropped first, so that memory peaks at one copy.
  uint64_t emitted = 0;
  for (const PartResult& r : results) emitted += r.code ? r.code->bytes.size() : budget + 1;
  if (emitted > budget) {
    std::vector<PartResult>().swap(results);
    return compileOnOneThread(module, options, totalBytes, budget);
  }
  Result<CompiledCode> code = joinParts(module, results, options.destination);
  if (code) locateBodies(*code, module);
  return code;
}

}  // namespace ember
