// The architecture-neutral macro-assembler the single-pass code generator
// drives (DESIGN layer table, `jit/`). Operations are three-operand
// (`dst = lhs op rhs`) over any registers of the right class; fixed
// registers, two-operand forms and flags are the architecture's business.
// One concrete class per architecture, chosen at compile time (no virtual
// dispatch): `MacroAssembler`, whose operations are declared once, in
// jit/masm_operations.inc, which each architecture's class includes.
//
// The target is a compile-time parameter, not the host: EMBER_JIT_TARGET_X64
// or EMBER_JIT_TARGET_A64 (set by jit/CMakeLists.txt per codegen library,
// see jit/README.md "Targets"); without either, the host's architecture.
//
// Contract every implementation keeps (jit/README.md has the details):
//  - An operation changes only its destination register(s), the scratch
//    registers (RegisterConventions::kScratchGp/kScratchFp) and the flags,
//    plus any documented fixed-register set (kDivRemClobbers).
//  - A 32-bit result in a GP register always has its upper 32 bits zero, so
//    an i32 heap index can be used as a 64-bit address offset directly.
//  - The code holds no absolute address (DESIGN decision 2).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "abi/trap_code.h"
#include "abi/wasm_offset_map.h"
#include "jit/constant_division.h"
#include "jit/register_set.h"
#include "runtime/format/error.h"
#include "runtime/format/opcodes.h"
#include "runtime/format/types.h"

#if !defined(EMBER_JIT_TARGET_X64) && !defined(EMBER_JIT_TARGET_A64)
#if defined(__x86_64__)
#define EMBER_JIT_TARGET_X64 1
#elif defined(__aarch64__)
#define EMBER_JIT_TARGET_A64 1
#else
#error "the JIT has no backend for this architecture yet (build with EMBER_JIT=OFF)"
#endif
#endif
#if defined(EMBER_JIT_TARGET_X64) && defined(EMBER_JIT_TARGET_A64)
#error "one JIT target per translation unit"
#endif

#if defined(EMBER_JIT_TARGET_X64)
#include "jit/x64/registers_x64.h"
#else
#include "jit/a64/registers_a64.h"
#endif

namespace ember {

// A code position, created by `newLabel()` and bound once by `bind()`.
struct Label {
  static constexpr uint32_t kInvalidId = 0xFFFFFFFF;
  uint32_t id = kInvalidId;
  bool isValid() const { return id != kInvalidId; }
  bool operator==(const Label&) const = default;
};

// A jump target that raises a trap (jit/code_buffer.h).
struct TrapEntry;

// Operand width. Integer operations use it as i32/i64, float operations as
// f32/f64.
enum class OpSize : uint8_t { S32, S64 };

constexpr OpSize opSizeOf(ValType t) {
  return (t == ValType::I32 || t == ValType::F32) ? OpSize::S32 : OpSize::S64;
}
constexpr bool isFloatType(ValType t) {
  return t == ValType::F32 || t == ValType::F64 || t == ValType::V128;
}
constexpr RegClass regClassOf(ValType t) { return isFloatType(t) ? RegClass::Fp : RegClass::Gp; }

// Integer comparisons (spec 4.3.2 ieq ... ige_u).
enum class IntCond : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };

// !(a cond b) == (a negate(cond) b).
constexpr IntCond negate(IntCond c) {
  switch (c) {
    case IntCond::Eq:
      return IntCond::Ne;
    case IntCond::Ne:
      return IntCond::Eq;
    case IntCond::LtS:
      return IntCond::GeS;
    case IntCond::LtU:
      return IntCond::GeU;
    case IntCond::GtS:
      return IntCond::LeS;
    case IntCond::GtU:
      return IntCond::LeU;
    case IntCond::LeS:
      return IntCond::GtS;
    case IntCond::LeU:
      return IntCond::GtU;
    case IntCond::GeS:
      return IntCond::LtS;
    case IntCond::GeU:
      return IntCond::LtU;
  }
  return c;
}
// (a cond b) == (b swapOperands(cond) a): lets a constant move to the right.
constexpr IntCond swapOperands(IntCond c) {
  switch (c) {
    case IntCond::LtS:
      return IntCond::GtS;
    case IntCond::LtU:
      return IntCond::GtU;
    case IntCond::GtS:
      return IntCond::LtS;
    case IntCond::GtU:
      return IntCond::LtU;
    case IntCond::LeS:
      return IntCond::GeS;
    case IntCond::LeU:
      return IntCond::GeU;
    case IntCond::GeS:
      return IntCond::LeS;
    case IntCond::GeU:
      return IntCond::LeU;
    default:
      return c;
  }
}

// Float comparisons (spec 4.3.3 feq ... fge): false when either operand is
// NaN, except Ne, which is then true. Not negatable by swapping conditions,
// hence the `whenTrue` flag of branchFloat.
enum class FloatCond : uint8_t { Eq, Ne, Lt, Gt, Le, Ge };

// The value width and extension of a load (spec 4.4.7 memory instructions);
// also used for loads from the frame, the VMContext and other runtime data.
enum class LoadKind : uint8_t {
  I32,
  I64,
  F32,
  F64,
  V128,
  I32Load8S,
  I32Load8U,
  I32Load16S,
  I32Load16U,
  I64Load8S,
  I64Load8U,
  I64Load16S,
  I64Load16U,
  I64Load32S,
  I64Load32U,
};
enum class StoreKind : uint8_t { I32, I64, F32, F64, V128, Store8, Store16, Store32 };

constexpr uint32_t accessSize(LoadKind k) {
  switch (k) {
    case LoadKind::I32Load8S:
    case LoadKind::I32Load8U:
    case LoadKind::I64Load8S:
    case LoadKind::I64Load8U:
      return 1;
    case LoadKind::I32Load16S:
    case LoadKind::I32Load16U:
    case LoadKind::I64Load16S:
    case LoadKind::I64Load16U:
      return 2;
    case LoadKind::I32:
    case LoadKind::F32:
    case LoadKind::I64Load32S:
    case LoadKind::I64Load32U:
      return 4;
    case LoadKind::I64:
    case LoadKind::F64:
      return 8;
    case LoadKind::V128:
      return 16;
  }
  return 0;
}
constexpr uint32_t accessSize(StoreKind k) {
  switch (k) {
    case StoreKind::Store8:
      return 1;
    case StoreKind::Store16:
      return 2;
    case StoreKind::I32:
    case StoreKind::F32:
    case StoreKind::Store32:
      return 4;
    case StoreKind::I64:
    case StoreKind::F64:
      return 8;
    case StoreKind::V128:
      return 16;
  }
  return 0;
}
// The register class a load writes / a store reads.
constexpr RegClass regClassOf(LoadKind k) {
  return (k == LoadKind::F32 || k == LoadKind::F64 || k == LoadKind::V128) ? RegClass::Fp
                                                                           : RegClass::Gp;
}
constexpr RegClass regClassOf(StoreKind k) {
  return (k == StoreKind::F32 || k == StoreKind::F64 || k == StoreKind::V128) ? RegClass::Fp
                                                                              : RegClass::Gp;
}
// Whole-value loads and stores of a value type (spills, locals, globals).
constexpr LoadKind loadKindOf(ValType t) {
  switch (t) {
    case ValType::I32:
      return LoadKind::I32;
    case ValType::F32:
      return LoadKind::F32;
    case ValType::F64:
      return LoadKind::F64;
    case ValType::V128:
      return LoadKind::V128;
    default:
      return LoadKind::I64;  // i64 and references (64-bit pointers)
  }
}
constexpr StoreKind storeKindOf(ValType t) {
  switch (t) {
    case ValType::I32:
      return StoreKind::I32;
    case ValType::F32:
      return StoreKind::F32;
    case ValType::F64:
      return StoreKind::F64;
    case ValType::V128:
      return StoreKind::V128;
    default:
      return StoreKind::I64;
  }
}

// Conversions between value types (spec 4.3.5 and the 2.0 sign-extension and
// non-trapping conversion proposals), one per wasm operator. Trapping
// truncations raise "invalid conversion to integer" for NaN and "integer
// overflow" out of range; the Sat forms clamp instead (NaN -> 0).
enum class Conversion : uint8_t {
  I32WrapI64,
  I64ExtendI32S,
  I64ExtendI32U,
  I32Extend8S,
  I32Extend16S,
  I64Extend8S,
  I64Extend16S,
  I64Extend32S,
  I32TruncF32S,
  I32TruncF32U,
  I32TruncF64S,
  I32TruncF64U,
  I64TruncF32S,
  I64TruncF32U,
  I64TruncF64S,
  I64TruncF64U,
  I32TruncSatF32S,
  I32TruncSatF32U,
  I32TruncSatF64S,
  I32TruncSatF64U,
  I64TruncSatF32S,
  I64TruncSatF32U,
  I64TruncSatF64S,
  I64TruncSatF64U,
  F32ConvertI32S,
  F32ConvertI32U,
  F32ConvertI64S,
  F32ConvertI64U,
  F64ConvertI32S,
  F64ConvertI32U,
  F64ConvertI64S,
  F64ConvertI64U,
  F32DemoteF64,
  F64PromoteF32,
  I32ReinterpretF32,
  I64ReinterpretF64,
  F32ReinterpretI32,
  F64ReinterpretI64,
};

// Float rounding to an integral value (f32.nearest/floor/ceil/trunc).
enum class RoundMode : uint8_t { Nearest, Floor, Ceil, Trunc };

// How a heap access is kept in bounds (DESIGN decision 4). Guard: no check;
// an access past the end faults into the guard region and the instruction
// is recorded in the trap table. Explicit: compare index + offset + size
// with the memory length in the VMContext and trap before the access.
enum class BoundsCheck : uint8_t { Guard, Explicit };

// A memory operand off the heap: base + (index << shift) + offset. Build
// frame, VMContext and stack-argument addresses with the masm's helpers.
struct Address {
  Reg base;
  int32_t offset = 0;
  Reg index;          // optional
  uint8_t shift = 0;  // 0..3

  Address() = default;
  Address(Reg b, int32_t off) : base(b), offset(off) {}
  Address(Reg b, Reg idx, uint8_t sh, int32_t off) : base(b), offset(off), index(idx), shift(sh) {}
};

// Where the runtime data generated code reads lives in the VMContext (byte
// offsets from the pinned VMContext register). The code generator fills this
// from the abi/ layout; tests use their own.
struct VmContextLayout {
  int32_t memoryBase = 0;    // uint8_t*: memory 0's base
  int32_t memoryLength = 0;  // uint64_t: memory 0's accessible bytes
  int32_t stackLimit = 0;    // uintptr_t: the lowest stack pointer wasm may use
  int32_t builtins = 0;      // array of code pointers, indexed by builtin id
};

struct MasmOptions {
  VmContextLayout vmctx;
  // Builtin id of `[[noreturn]] void trap(VMContext*, uint32_t code)`. When
  // set (>= 0), a trap stub calls it; otherwise the stub's ud2/udf faults
  // and the signal handler finds the trap in the trap table.
  int32_t trapBuiltin = -1;
  // x86-64: assume only the baseline the JIT requires (SSE4.1), whatever
  // else the CPU has: no AVX, AVX2, SSE4.2, POPCNT, LZCNT, BMI. Tests the
  // fallback sequences; ignored on AArch64.
  bool baselineCpuFeatures = false;
  // Makes the pages of a buffer about to be written present in one call
  // (JitOptions::prefault); without it they fault in one at a time.
  void (*prefault)(void* addr, size_t size) = nullptr;
};

// One entry of the trap table (DESIGN decision 5): the code offset of an
// instruction that may fault, or of a trap stub's faulting instruction
// (which is also the return address of its call to the trap builtin).
struct TrapSite {
  uint32_t codeOffset = 0;
  TrapCode code = TrapCode::Unreachable;
};

// Bytes inside the code that are data, not instructions: a br_table's jump
// table, a function's pool of vector constants. Nothing runs from them;
// only a disassembly needs to know (`ember objdump` prints them as data).
struct CodeDataRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};
// Builds without objdump (no JIT or no disassembler) keep none.
inline constexpr bool kKeepCodeDataRanges = EMBER_HAVE_CODE_DATA_RANGES;

// The pc -> wasm offset map of backtraces (CompiledCode::wasmOffsets): for
// each call and trap site, the pc a backtrace sees there -- a trap site's
// own offset (the faulting instruction, or a stub's trap instruction), a
// call's return address minus one -- and the offset of its operator from
// the start of the function's body (its locals declaration). Only calls and
// trap sites are recorded, not every instruction; a stub shared by
// operators at different offsets is not (jit/README.md, "Traps").
//
// How the code buffer learns the offset of the operator being compiled when
// it records a site: `*operatorStart` is the decoder's pointer to that
// operator and `bodyStart` the function body's first byte, so the offset is
// their difference: two loads at every call and trap site, not a call.
// Left empty, no site gets an offset (masm tests).
struct WasmOffsetSource {
  const uint8_t* const* operatorStart = nullptr;
  const uint8_t* bodyStart = nullptr;
};

// A function's code: [begin, end) includes its out-of-line trap stubs.
// `bodyOffset`/`bodySize` locate its wasm body in the module binary (filled
// by compileModule), so a module offset is bodyOffset + funcOffset; its
// call and trap sites' offsets are bytes [offsetsBegin, +offsetsSize) of
// the encoded map (CompiledCode::wasmOffsets).
struct FunctionRange {
  uint32_t funcIndex = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t bodyOffset = 0;
  uint32_t bodySize = 0;
  uint32_t offsetsBegin = 0;
  uint32_t offsetsSize = 0;
};

// Where a backend's direct call (x86-64 `call rel32`, AArch64 `bl`) holds
// its displacement: `target - (instruction + anchorOffset) + addend`, in
// units of 2^discardBits bytes, in bits [bitShift, bitShift + bitCount) of
// the little-endian 32-bit word at instruction + fieldOffset
// (jit/direct_call.h writes it).
struct CallFormat {
  uint8_t fieldOffset = 0;
  uint8_t anchorOffset = 0;
  int8_t addend = 0;
  uint8_t bitShift = 0;
  uint8_t bitCount = 32;
  uint8_t discardBits = 0;
};

// A direct call to a function this code does not contain (a part of a
// module compiled on another thread, jit/module_compiler.cpp), at code
// offset `instruction`: whoever joins the parts writes its displacement.
struct PendingCall {
  uint32_t funcIndex = 0;
  uint32_t instruction = 0;
  CallFormat format;
  uint32_t field() const { return instruction + format.fieldOffset; }
};

// The body offset recorded for exactly `codeOffset` in `range`'s run of the
// encoded map (abi/wasm_offset_map.h), or nothing. Linear in the function's
// sites: backtraces ask once per frame.
inline std::optional<uint32_t> wasmOffsetIn(std::span<const uint8_t> map,
                                            const FunctionRange& range, uint32_t codeOffset) {
  if (range.offsetsBegin > map.size() || range.offsetsSize > map.size() - range.offsetsBegin)
    return std::nullopt;
  wasm_offset_map::Reader reader(map.subspan(range.offsetsBegin, range.offsetsSize), range.begin);
  uint32_t code = 0, func = 0;
  while (reader.next(code, func)) {
    if (code == codeOffset) return func;
    if (code > codeOffset) break;
  }
  return std::nullopt;
}

// Where finalize() puts the machine code. By default it is copied into
// CompiledCode::bytes; a runtime that installs the code gives its own
// memory here instead (an executable region not yet sealed), so the code
// is copied once, not twice through a buffer of its size (for sqlite3 a
// 1.5 MB copy and ~370 page faults, about 3% of its compile time).
struct CodeDestination {
  void* context = nullptr;
  // `size` writable bytes, or nullptr when they cannot be had (finalize
  // then fails). Called at most once per compilation.
  uint8_t* (*allocate)(void* context, size_t size) = nullptr;
  // Optional, and used only when a module compiles in one part: writable
  // memory of `*capacity` bytes, more than the code will likely need, that
  // the code is emitted straight into (no buffer, no copy; finalize does
  // not call `allocate` then). It may give less, lowering `*capacity`, or
  // nullptr for the copying way. Code that outgrows the memory is compiled
  // again the copying way, and `allocate` must then replace it.
  // `likelyUsed` says how much of its start the code will likely fill, a
  // hint for how to back the memory (large pages, say).
  uint8_t* (*reserve)(void* context, size_t* capacity, size_t likelyUsed) = nullptr;
};

// The result of finalize(): position-independent machine code and its
// tables. Offsets are from the start of text().
struct CompiledCode {
  std::vector<uint8_t> bytes;   // the code, unless it went to a CodeDestination
  std::span<uint8_t> placed;    // the code, when it went to a CodeDestination
  std::vector<TrapSite> trapSites;       // sorted by codeOffset
  std::vector<FunctionRange> functions;  // in emission order
  // Calls to functions compiled elsewhere; empty for a whole module.
  std::vector<PendingCall> pendingCalls;
  std::vector<uint8_t> wasmOffsets;      // the pc -> wasm offset map, a run per function
  std::vector<CodeDataRange> dataRanges;  // sorted by begin, not overlapping

  std::span<const uint8_t> text() const {
    return placed.data() ? std::span<const uint8_t>(placed) : std::span<const uint8_t>(bytes);
  }
  std::span<uint8_t> text() {
    return placed.data() ? placed : std::span<uint8_t>(bytes);
  }

  // The trap site at exactly `codeOffset`, or nullptr.
  const TrapSite* findTrap(uint32_t codeOffset) const {
    auto it = std::lower_bound(trapSites.begin(), trapSites.end(), codeOffset,
                               [](const TrapSite& t, uint32_t off) { return t.codeOffset < off; });
    return it != trapSites.end() && it->codeOffset == codeOffset ? &*it : nullptr;
  }
  // The operator offset recorded for exactly `codeOffset`, or nothing.
  std::optional<uint32_t> findWasmOffset(uint32_t codeOffset) const {
    const FunctionRange* f = findFunction(codeOffset);
    return f ? wasmOffsetIn(wasmOffsets, *f, codeOffset) : std::nullopt;
  }
  // The function whose code contains `codeOffset`, or nullptr.
  const FunctionRange* findFunction(uint32_t codeOffset) const {
    for (const FunctionRange& f : functions) {
      if (codeOffset >= f.begin && codeOffset < f.end) return &f;
    }
    return nullptr;
  }
};

#if defined(EMBER_JIT_TARGET_A64)
using RegisterConventions = a64::RegisterConventions;
#else
using RegisterConventions = x64::RegisterConventions;
#endif

}  // namespace ember

// The architecture's implementation. It includes this header itself, so it
// may be seen first: the declaration below keeps the alias valid then.
#if defined(EMBER_JIT_TARGET_A64)
#include "jit/a64/masm_a64.h"

namespace ember {
namespace a64 {
class MacroAssembler;
}
using MacroAssembler = a64::MacroAssembler;
}  // namespace ember
#else
#include "jit/x64/masm_x64.h"

namespace ember {
namespace x64 {
class MacroAssembler;
}
using MacroAssembler = x64::MacroAssembler;
}  // namespace ember
#endif

// Call layouts moved to call_lowering.h; included here until the masm tests
// include it themselves.
#include "jit/call_lowering.h"
