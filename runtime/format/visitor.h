// The operator visitor: the interface between the one validating decoder
// (FunctionValidator, function_validator.h) and everything that consumes
// function bodies — the interpreter's lowering, the JIT, analyses
// (DESIGN decision 1).
//
// Contract
// --------
// * FunctionValidator<V> decodes and type-checks one operator, updates its
//   type stack, and then calls the matching method of V with the decoded
//   immediates. So when a method runs, the operator is known to be valid.
// * Only *reachable* operators are visited. After `unreachable`, `br`,
//   `br_table` or `return`, the validator keeps checking the dead code up to
//   the `else`/`end` of the enclosing frame but calls nothing, except that
//   frame's `visitElse` / `visitEnd`. Frames opened inside dead code are not
//   reported at all. Hence a visitor never sees the validator's Bottom type.
//   The code after a loop whose body cannot fall through is dead the same
//   way (nothing branches to a loop's end), though the spec types it as
//   reachable: it is not visited either, up to the enclosing frame's
//   else/end, which is then reported as not reachable by falling through.
// * `visitElse(bool reachable)` and `visitEnd(bool reachable)` say whether
//   the code just before them can fall through (false after br/return/...).
//   `visitEnd` is called for block/loop/if frames; the function body's own
//   final `end` calls `visitFunctionEnd(bool reachable)` instead.
// * Every numeric operator (the EMBER_OP1/2/3 rows of opcodes.def, scalar and
//   SIMD) has its own method, `visitI32Add()` etc. Their default forwards to
//   `visitNumeric(Opcode)`, so a visitor can handle them one by one or all
//   at once (the interpreter's lowering and the JIT; the validator then
//   calls visitNumeric itself, kVisitsNumericByOpcode). Loads and stores
//   likewise forward `visitI32Load(MemArg)` to `visitLoad(Opcode, MemArg)`.
// * Methods return void. A visitor that can fail (an operator it does not
//   support, out of code space) records its error and returns it from
//   `failure()`; the validator checks that before each operator and after
//   the last, ends the walk at the first failure and returns that error. So
//   no visitor method runs after the visitor has failed.
// * The base class is a CRTP mixin whose methods are all empty inline
//   functions: a visitor that overrides nothing compiles to a pure validator.
//
// The validator object exposes the current byte offset and the type stack
// (see FunctionValidator) for visitors that want them.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "runtime/format/error.h"
#include "runtime/format/opcodes.h"
#include "runtime/format/types.h"

namespace ember {

// The memarg immediate of loads and stores (spec 5.4.6).
struct MemArg {
  uint32_t alignLog2 = 0;
  uint32_t memoryIndex = 0;
  uint64_t offset = 0;
};

template <typename Derived>
class OperatorVisitor {
 public:
  // --- Function framing -------------------------------------------------
  // `locals` lists parameters first, then the declared locals.
  void beginFunction(uint32_t /*funcIndex*/, const FuncType& /*type*/,
                     std::span<const ValType> /*locals*/) {}
  void visitFunctionEnd(bool /*reachable*/) {}
  // The visitor's error, once it has failed (nullptr while it has not).
  const Error* failure() const { return nullptr; }

  // --- Control (spec 5.4.1) ---------------------------------------------
  void visitUnreachable() {}
  void visitNop() {}
  void visitBlock(BlockType) {}
  void visitLoop(BlockType) {}
  void visitIf(BlockType) {}
  void visitElse(bool /*reachable*/) {}
  void visitEnd(bool /*reachable*/) {}
  void visitBr(uint32_t /*depth*/) {}
  void visitBrIf(uint32_t /*depth*/) {}
  // `targets` is valid only during the call (the validator reuses it).
  void visitBrTable(std::span<const uint32_t> /*targets*/, uint32_t /*defaultDepth*/) {}
  void visitReturn() {}
  void visitCall(uint32_t /*funcIndex*/, const FuncType&) {}
  void visitCallIndirect(uint32_t /*typeIndex*/, uint32_t /*tableIndex*/, const FuncType&) {}

  // --- Parametric and variables (5.4.3, 5.4.4) ---------------------------
  void visitDrop(ValType) {}
  void visitSelect(ValType) {}  // both `select` and `select t`
  void visitLocalGet(uint32_t /*index*/, ValType) {}
  void visitLocalSet(uint32_t /*index*/, ValType) {}
  void visitLocalTee(uint32_t /*index*/, ValType) {}
  void visitGlobalGet(uint32_t /*index*/, ValType) {}
  void visitGlobalSet(uint32_t /*index*/, ValType) {}

  // --- Constants ---------------------------------------------------------
  void visitI32Const(int32_t) {}
  void visitI64Const(int64_t) {}
  void visitF32Const(uint32_t /*bits*/) {}
  void visitF64Const(uint64_t /*bits*/) {}
  void visitV128Const(const V128Bytes&) {}

  // --- References (5.4.2) and tables (5.4.5) ------------------------------
  void visitRefNull(ValType) {}
  void visitRefIsNull() {}
  void visitRefFunc(uint32_t /*funcIndex*/) {}
  void visitTableGet(uint32_t /*table*/) {}
  void visitTableSet(uint32_t /*table*/) {}
  void visitTableSize(uint32_t /*table*/) {}
  void visitTableGrow(uint32_t /*table*/) {}
  void visitTableFill(uint32_t /*table*/) {}
  void visitTableCopy(uint32_t /*dstTable*/, uint32_t /*srcTable*/) {}
  void visitTableInit(uint32_t /*elemIndex*/, uint32_t /*table*/) {}
  void visitElemDrop(uint32_t /*elemIndex*/) {}

  // --- Memory (5.4.6) ------------------------------------------------------
  void visitLoad(Opcode, MemArg) {}
  void visitStore(Opcode, MemArg) {}
  void visitMemorySize(uint32_t /*memory*/) {}
  void visitMemoryGrow(uint32_t /*memory*/) {}
  void visitMemoryInit(uint32_t /*dataIndex*/, uint32_t /*memory*/) {}
  void visitDataDrop(uint32_t /*dataIndex*/) {}
  void visitMemoryCopy(uint32_t /*dstMemory*/, uint32_t /*srcMemory*/) {}
  void visitMemoryFill(uint32_t /*memory*/) {}

  // --- Numeric, scalar and SIMD ------------------------------------------
  void visitNumeric(Opcode) {}

  // --- SIMD operators with immediates --------------------------------------
  void visitI8x16Shuffle(const V128Bytes& /*lanes*/) {}
  void visitExtractLane(Opcode, uint8_t /*lane*/) {}
  void visitReplaceLane(Opcode, uint8_t /*lane*/) {}
  void visitLoadLane(Opcode, MemArg, uint8_t /*lane*/) {}
  void visitStoreLane(Opcode, MemArg, uint8_t /*lane*/) {}

  // --- One method per numeric / load / store operator, forwarding ----------
#define EMBER_LOAD_OP(Name, code, text, Type, align) \
  void visit##Name(MemArg m) { self().visitLoad(Opcode::Name, m); }
#define EMBER_STORE_OP(Name, code, text, Type, align) \
  void visit##Name(MemArg m) { self().visitStore(Opcode::Name, m); }
#define EMBER_OP1(Name, code, text, Out, A) \
  void visit##Name() { self().visitNumeric(Opcode::Name); }
#define EMBER_OP2(Name, code, text, Out, A, B) \
  void visit##Name() { self().visitNumeric(Opcode::Name); }
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  void visit##Name() { self().visitNumeric(Opcode::Name); }
#include "runtime/format/opcodes.def"

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

// Whether V takes every numeric operator in visitNumeric (every load and
// store in visitLoad / visitStore), overriding none of their own methods.
// The validator then calls that method with the opcode, instead of a switch
// with one forwarding case per operator. At -Oz those switches and their
// jump tables were about 7 KB of code in the interpreter's lowering and
// 8 KB in the JIT's.
template <typename V>
inline constexpr bool kVisitsNumericByOpcode = true
#define EMBER_OP1(Name, code, text, Out, A) \
  &&std::is_same_v<decltype(&V::visit##Name), void (OperatorVisitor<V>::*)()>
#define EMBER_OP2(Name, code, text, Out, A, B) \
  &&std::is_same_v<decltype(&V::visit##Name), void (OperatorVisitor<V>::*)()>
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  &&std::is_same_v<decltype(&V::visit##Name), void (OperatorVisitor<V>::*)()>
#include "runtime/format/opcodes.def"
    ;
template <typename V>
inline constexpr bool kVisitsLoadStoreByOpcode = true
#define EMBER_LOAD_OP(Name, code, text, Type, align) \
  &&std::is_same_v<decltype(&V::visit##Name), void (OperatorVisitor<V>::*)(MemArg)>
#define EMBER_STORE_OP(Name, code, text, Type, align) \
  &&std::is_same_v<decltype(&V::visit##Name), void (OperatorVisitor<V>::*)(MemArg)>
#include "runtime/format/opcodes.def"
    ;

// A visitor that does nothing: FunctionValidator<NullVisitor> is the plain
// validator used by `ember validate` and by module compilation when no engine
// needs the body yet.
class NullVisitor : public OperatorVisitor<NullVisitor> {};

}  // namespace ember
