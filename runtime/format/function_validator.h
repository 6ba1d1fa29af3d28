// FunctionValidator<Visitor>: the one streaming decoder and type checker of
// function bodies (DESIGN decision 1). Each operator is decoded once,
// checked with the spec's validation algorithm (appendix A.3, for the
// instruction rules of spec 3.3), and then handed to the visitor with its
// decoded immediates; see visitor.h for the contract the visitor relies on.
//
// Speed: this sits on the JIT's compile path. Buffers (type stack, control
// stack, locals, br_table targets) live in the validator and are reused for
// every function, so nothing is allocated per operator; visitor calls are
// static (CRTP), so FunctionValidator<NullVisitor> is a pure validator.
//
// Errors: decoding failures inside a body (bad LEB, unknown opcode, reserved
// bytes, missing `end`) are ErrorKind::Malformed; typing failures are
// ErrorKind::Invalid. Both name the function index and the byte offset of
// the operator in the module.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/format/chunked_stack.h"
#include "runtime/format/control_stack.h"
#include "runtime/format/error.h"
#include "runtime/format/hot_inline.h"
#include "runtime/format/module.h"
#include "runtime/format/opcodes.h"
#include "runtime/format/operand_stack.h"
#include "runtime/format/operator_signatures.h"
#include "runtime/format/reader.h"
#include "runtime/format/types.h"
#include "runtime/format/visitor.h"

namespace ember {

template <typename Visitor>
class FunctionValidator {
 public:
  FunctionValidator(const Module& module, Visitor& visitor) : module_(module), visitor_(visitor) {}

  // `funcIndex` is in the function index space (imports first) and must name
  // a defined function. Validates its body and drives the visitor. The
  // validator can be reused for any number of functions of `module`, which
  // must have passed validateModule() (module_validator.h): bodies are
  // checked against its types, tables, globals and segments as they are.
  Result<void> validate(uint32_t funcIndex);

  // Decodes the body of `funcIndex` without type checks or visitor calls,
  // so it finds exactly the malformed errors validate() would. The spec
  // decodes a whole module before validating any of it; a caller that
  // meets an invalid body uses this on the later bodies so that a
  // malformed one still wins (see validateModuleAndBodies).
  Result<void> checkEncoding(uint32_t funcIndex);

  // Module byte offset of the operator being visited.
  uint32_t offset() const { return static_cast<uint32_t>(opStart_ - module_.bytes.data()); }
  // Where the decoder keeps the operator's first byte: read through it, the
  // offset of whatever operator is being visited at the time.
  const uint8_t* const* operatorStart() const { return &opStart_; }
  // The operand types after the current operator's effect, bottom first.
  // For br/br_table/return/unreachable that is the stack cut back to the
  // enclosing frame's height.
  std::span<const ValType> operandTypes() const { return vals_.view(); }
  // Open control frames, the function's own frame included (so 1 at the
  // top level of the body; 0 once its final `end` has been visited).
  uint32_t controlDepth() const { return static_cast<uint32_t>(ctrls_.size()); }

 private:
  static constexpr uint32_t code(Opcode op) { return static_cast<uint32_t>(op); }

  bool start(uint32_t funcIndex);
  bool run();
  void preferDecodingError();
  bool scanEncoding(std::vector<FrameKind>& open);
  bool skipOperator(uint32_t op, std::vector<FrameKind>& open);
  bool readPrefixed(uint32_t& op);
  bool onPrefixed(uint32_t op);
  bool finish();

  // --- Operand stack, with the algorithm's polymorphic-stack rules ---------
  EMBER_HOT_INLINE void push(ValType type) { vals_.push(type); }
  // For values popped just before (a block's or a branch's), which cannot
  // raise the stack.
  void pushVals(std::span<const ValType> types) {
    for (ValType t : types) vals_.push(t);
  }
  // A call's or a block's results: the only pushes of many values for a
  // few bytes (up to 1,000 for a call), so they are what must stay within
  // kMaxOperandStackHeight (types.h); false past it.
  [[nodiscard]] bool pushResults(std::span<const ValType> types) {
    if (vals_.size() + types.size() > kMaxOperandStackHeight) [[unlikely]]
      return operandStackTooDeep();
    pushVals(types);
    return true;
  }
  [[gnu::cold, gnu::noinline]] bool operandStackTooDeep();
  bool popExpect(ValType expect);
  bool popAny(ValType& out);
  bool popVals(std::span<const ValType> types);
  bool checkTopVals(std::span<const ValType> types);
  bool unary(ValType out, ValType a);
  bool binary(ValType out, ValType a, ValType b);
  bool ternary(ValType out, ValType a, ValType b, ValType c);

  // --- The table-driven rows of opcodes.def ----------------------------------
  bool onTableOperator(uint32_t op, const OperatorSignature& signature);
  void visitTableOperator(uint32_t op);
  void visitMemoryOperator(uint32_t op, const MemArg& memArg);

  // --- Control stack -------------------------------------------------------
  void pushFrame(FrameKind kind, const BlockType& type);
  bool checkFrameEnd(const ControlFrame& frame);
  void markUnreachable();
  bool label(uint32_t depth, const ControlFrame*& frame);

  // --- Immediates ------------------------------------------------------------
  // Decoding (malformed errors) is kept apart from checking (invalid
  // errors), and every handler decodes all its immediates before its first
  // check: so after an invalid error the reader stands at the next
  // operator, and scanEncoding() can go on looking for a malformed one.
  bool decodeBlockType(BlockType& out, int64_t& typeIndex);
  bool readBlockType(BlockType& out);
  bool readIndex(uint32_t& out);
  uint32_t readVarU32();
  int32_t readVarS32();
  bool decodeMemArg(MemArg& out);
  bool checkMemArg(uint32_t naturalAlign, const MemArg& memArg);
  bool readZeroByte();
  bool decodeLane(uint8_t& lane);
  bool checkLane(uint8_t laneCount, uint8_t lane);
  bool readV128(V128Bytes& out);
  bool decodeBrTable(uint32_t& defaultDepth);
  bool decodeSelectTypes(uint32_t& count, ValType& type);
  bool decodeRefType(ValType& type);

  // --- Operators with immediates or special typing -----------------------------
  bool onBlock(FrameKind kind);
  bool onIf();
  bool onElse();
  bool onEnd();
  bool onBr();
  bool onBrIf();
  bool onBrTable();
  bool onReturn();
  bool onUnreachable();
  bool onCall();
  bool onCallIndirect();
  bool onDrop();
  bool onSelect();
  bool onSelectTyped();
  bool onLocal(Opcode op);
  bool onGlobal(Opcode op);
  bool onTableAccess(Opcode op);
  bool onTableBulk(Opcode op);
  bool onMemorySizeOrGrow(Opcode op);
  bool onMemoryBulk(Opcode op);
  bool onRefNull();
  bool onRefIsNull();
  bool onRefFunc();
  bool onLoad(ValType type, uint32_t naturalAlign, MemArg& memArg);
  bool onStore(ValType type, uint32_t naturalAlign, MemArg& memArg);
  bool onLane(Opcode op);
  bool onLaneMemory(Opcode op);
  bool onShuffle();

  // --- Module look-ups ---------------------------------------------------------
  bool memoryExists(uint32_t index);
  bool tableElemType(uint32_t index, ValType& elemType);
  bool dataCountPresent();
  bool dataSegmentExists(uint32_t index);
  bool elemSegmentExists(uint32_t index);

  // --- Errors (cold) -------------------------------------------------------------
  // `offset` -1: the error is about the function, not a byte of it.
  [[gnu::cold, gnu::noinline]] bool fail(ErrorKind kind, int64_t offset, std::string what);
  [[gnu::cold, gnu::noinline]] bool fail(ErrorKind kind, int64_t offset, ErrorText what);
  template <size_t N>  // a literal: error text (dropped without it)
  [[gnu::always_inline]] bool fail(ErrorKind kind, int64_t offset, const char (&what)[N]) {
    return fail(kind, offset, ErrorText(what));
  }
  [[gnu::cold, gnu::noinline]] bool invalid(ErrorText what);
  [[gnu::cold, gnu::noinline]] bool malformed(ErrorText what);
  [[gnu::cold, gnu::noinline]] bool noSimd();
  // Without SIMD, readPrefixed() has refused every 0xFD operator: telling
  // the compiler lets it drop the SIMD cases and the visitor's SIMD code.
  static void assumeBuiltOperator(uint32_t op) {
    if (!kHaveSimd && (op >> 8) >= kPrefixSimd) __builtin_unreachable();
  }
  [[gnu::cold, gnu::noinline]] bool decodeFailed();
  // The visitor has failed (visitor.h): its error becomes the walk's.
  bool stoppedByVisitor();
  [[gnu::cold, gnu::noinline]] void takeVisitorFailure(const Error& failure);
  [[gnu::cold, gnu::noinline]] bool mismatch(ValType expect, ValType actual);
  [[gnu::cold, gnu::noinline]] bool missingOperand(ValType expect);
  uint32_t currentOpcode() const;
  std::string currentOpName() const;

  const Module& module_;
  Visitor& visitor_;
  Reader reader_{std::span<const uint8_t>()};
  const uint8_t* opStart_ = nullptr;
  uint32_t funcIndex_ = 0;
  bool started_ = false;  // start() succeeded: reader_ and ctrls_ describe a body

  OperandStack vals_;
  ChunkedStack<ControlFrame> ctrls_;
  uint32_t height_ = 0;  // ctrls_.back().height, cached for the pops
  // Calls go to the visitor: the innermost frame was reported and its code
  // is reachable (visitor.h: only reachable operators are visited).
  bool live_ = true;

  std::vector<ValType> locals_;
  std::vector<uint32_t> brTargets_;
  std::optional<Error> error_;
};

// The spec decodes the whole module before it validates any of it, so a
// malformed body anywhere outranks an invalid one before it. Given the
// invalid error of the body before `firstBody`, this decodes (only
// decodes) the bodies from `firstBody` on and returns the first malformed
// error instead, if there is one. Any validator will do, so an engine's
// own (the interpreter's lowering) serves and no plain validator is built.
template <typename Visitor>
Result<void> preferLaterMalformedBody(FunctionValidator<Visitor>& validator, const Module& module,
                                      uint32_t firstBody, Result<void> error) {
  if (error.ok() || error.error().kind() != ErrorKind::Invalid) return error;
  for (uint32_t i = firstBody; i < module.definedFuncCount(); ++i) {
    Result<void> r = validator.checkEncoding(module.importedFuncCount + i);
    if (!r.ok() && r.error().kind() == ErrorKind::Malformed) return r;
  }
  return error;
}

// ============================================================================
// Driver
// ============================================================================

template <typename Visitor>
Result<void> FunctionValidator<Visitor>::validate(uint32_t funcIndex) {
  error_.reset();
  if (start(funcIndex)) {
    visitor_.beginFunction(funcIndex, module_.funcType(funcIndex), locals_);
    if (run() && !stoppedByVisitor()) return success();
  }
  if (error_->kind() == ErrorKind::Invalid && started_) preferDecodingError();
  return Result<void>(std::move(*error_));
}

template <typename Visitor>
Result<void> FunctionValidator<Visitor>::checkEncoding(uint32_t funcIndex) {
  error_.reset();
  if (!start(funcIndex)) return Result<void>(std::move(*error_));
  std::vector<FrameKind> open = {FrameKind::Function};
  if (scanEncoding(open)) return success();
  return Result<void>(std::move(*error_));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::start(uint32_t funcIndex) {
  funcIndex_ = funcIndex;
  opStart_ = module_.bytes.data();
  started_ = false;
  if (funcIndex < module_.importedFuncCount || funcIndex >= module_.funcTypeIndices.size() ||
      funcIndex - module_.importedFuncCount >= module_.bodies.size()) {
    return fail(ErrorKind::Invalid, -1, "unknown function: no body to validate");
  }
  if (module_.funcTypeIndices[funcIndex] >= module_.types.size())
    return fail(ErrorKind::Invalid, -1, "unknown type");
  const FunctionBody& body = module_.bodies[funcIndex - module_.importedFuncCount];
  const FuncType& type = module_.funcType(funcIndex);

  // Parameters are the first locals (spec 3.4.11). The decoder caps the
  // declared ones at kMaxFunctionLocals; checked again so that a Module
  // built by other means cannot make this allocate without bound.
  locals_.assign(type.params.begin(), type.params.end());
  uint64_t declared = 0;
  for (const LocalRun& run : module_.localsOf(body)) {
    declared += run.count;
    if (declared > kMaxFunctionLocals)
      return fail(ErrorKind::Malformed, body.offset, "too many locals");
    if (!kHaveSimd && run.type == ValType::V128)
      return fail(ErrorKind::Unsupported, body.offset, std::string(kNoSimdMessage));
    locals_.insert(locals_.end(), run.count, run.type);
  }

  reader_ =
      Reader({module_.bytes.data() + body.codeOffset, body.end - body.codeOffset}, body.codeOffset);
  opStart_ = reader_.position();
  vals_.clear();
  ctrls_.clear();
  ctrls_.push({{}, type.results, 0, FrameKind::Function, false, true});
  height_ = 0;
  live_ = true;
  started_ = true;
  return true;
}

// The hot loop: read the opcode, then either the shared path of the
// table-driven rows of opcodes.def (numeric operators, plain loads and
// stores: typed from operator_signatures.h, then a generated switch of
// visitor calls), or a switch of hand-written handlers for the rest.
// Prefixed operators are numbered prefix << 8 | sub, as opcodes.def does.
template <typename Visitor>
bool FunctionValidator<Visitor>::run() {
#define EMBER_CHECK(expr)      \
  do {                         \
    if (!(expr)) return false; \
  } while (0)
  for (;;) {
    if (stoppedByVisitor()) [[unlikely]]
      return false;
    opStart_ = reader_.position();
    if (reader_.atEnd()) [[unlikely]]
      return malformed("unexpected end of section or function");
    uint32_t op = reader_.readU8();
    const OperatorSignature* signature;
    if (op < kPlainOperatorSignatures.size()) [[likely]] {
      signature = &kPlainOperatorSignatures[op];
    } else {
      if (op >= kPrefixMisc) EMBER_CHECK(readPrefixed(op));
      signature = &operatorSignature(op);
    }
    if (signature->shape != OperatorShape::Special) {
      EMBER_CHECK(onTableOperator(op, *signature));
      continue;
    }
    if (op > 0xFF) {
      EMBER_CHECK(onPrefixed(op));
      continue;
    }

    switch (op) {
      // --- Control (spec 3.3.8) ---
      case code(Opcode::Unreachable):
        EMBER_CHECK(onUnreachable());
        break;
      case code(Opcode::Nop):
        if (live_) visitor_.visitNop();
        break;
      case code(Opcode::Block):
        EMBER_CHECK(onBlock(FrameKind::Block));
        break;
      case code(Opcode::Loop):
        EMBER_CHECK(onBlock(FrameKind::Loop));
        break;
      case code(Opcode::If):
        EMBER_CHECK(onIf());
        break;
      case code(Opcode::Else):
        EMBER_CHECK(onElse());
        break;
      case code(Opcode::End):
        EMBER_CHECK(onEnd());
        if (ctrls_.empty()) return finish();
        break;
      case code(Opcode::Br):
        EMBER_CHECK(onBr());
        break;
      case code(Opcode::BrIf):
        EMBER_CHECK(onBrIf());
        break;
      case code(Opcode::BrTable):
        EMBER_CHECK(onBrTable());
        break;
      case code(Opcode::Return):
        EMBER_CHECK(onReturn());
        break;
      case code(Opcode::Call):
        EMBER_CHECK(onCall());
        break;
      case code(Opcode::CallIndirect):
        EMBER_CHECK(onCallIndirect());
        break;

      // --- Parametric and variables (3.3.4, 3.3.5) ---
      case code(Opcode::Drop):
        EMBER_CHECK(onDrop());
        break;
      case code(Opcode::Select):
        EMBER_CHECK(onSelect());
        break;
      case code(Opcode::SelectTyped):
        EMBER_CHECK(onSelectTyped());
        break;
      case code(Opcode::LocalGet):
        EMBER_CHECK(onLocal(Opcode::LocalGet));
        break;
      case code(Opcode::LocalSet):
        EMBER_CHECK(onLocal(Opcode::LocalSet));
        break;
      case code(Opcode::LocalTee):
        EMBER_CHECK(onLocal(Opcode::LocalTee));
        break;
      case code(Opcode::GlobalGet):
        EMBER_CHECK(onGlobal(Opcode::GlobalGet));
        break;
      case code(Opcode::GlobalSet):
        EMBER_CHECK(onGlobal(Opcode::GlobalSet));
        break;

      // --- Constants (3.3.1) ---
      case code(Opcode::I32Const): {
        int32_t value = readVarS32();
        EMBER_CHECK(!reader_.failed() || decodeFailed());
        push(ValType::I32);
        if (live_) visitor_.visitI32Const(value);
        break;
      }
      case code(Opcode::I64Const): {
        int64_t value = reader_.readVarS64();
        EMBER_CHECK(!reader_.failed() || decodeFailed());
        push(ValType::I64);
        if (live_) visitor_.visitI64Const(value);
        break;
      }
      case code(Opcode::F32Const): {
        uint32_t bits = reader_.readFixedU32();
        EMBER_CHECK(!reader_.failed() || decodeFailed());
        push(ValType::F32);
        if (live_) visitor_.visitF32Const(bits);
        break;
      }
      case code(Opcode::F64Const): {
        uint64_t bits = reader_.readFixedU64();
        EMBER_CHECK(!reader_.failed() || decodeFailed());
        push(ValType::F64);
        if (live_) visitor_.visitF64Const(bits);
        break;
      }

      // --- References (3.3.2) and tables (3.3.6); prefixed ones in onPrefixed() ---
      case code(Opcode::RefNull):
        EMBER_CHECK(onRefNull());
        break;
      case code(Opcode::RefIsNull):
        EMBER_CHECK(onRefIsNull());
        break;
      case code(Opcode::RefFunc):
        EMBER_CHECK(onRefFunc());
        break;
      case code(Opcode::TableGet):
        EMBER_CHECK(onTableAccess(Opcode::TableGet));
        break;
      case code(Opcode::TableSet):
        EMBER_CHECK(onTableAccess(Opcode::TableSet));
        break;

      // --- Memory (3.3.7); prefixed ones in onPrefixed() ---
      case code(Opcode::MemorySize):
        EMBER_CHECK(onMemorySizeOrGrow(Opcode::MemorySize));
        break;
      case code(Opcode::MemoryGrow):
        EMBER_CHECK(onMemorySizeOrGrow(Opcode::MemoryGrow));
        break;

      default:
        return malformed("illegal opcode");
    }
  }
#undef EMBER_CHECK
}

// The 0xFC / 0xFD operators that are not table rows: rarer than the
// single-byte ones, so they sit outside the hot loop's switch.
template <typename Visitor>
bool FunctionValidator<Visitor>::onPrefixed(uint32_t op) {
  assumeBuiltOperator(op);
  switch (op) {
    case code(Opcode::TableSize):
      return onTableAccess(Opcode::TableSize);
    case code(Opcode::TableGrow):
      return onTableAccess(Opcode::TableGrow);
    case code(Opcode::TableFill):
      return onTableAccess(Opcode::TableFill);
    case code(Opcode::TableCopy):
    case code(Opcode::TableInit):
    case code(Opcode::ElemDrop):
      return onTableBulk(static_cast<Opcode>(op));
    case code(Opcode::MemoryInit):
    case code(Opcode::DataDrop):
    case code(Opcode::MemoryCopy):
    case code(Opcode::MemoryFill):
      return onMemoryBulk(static_cast<Opcode>(op));
    case code(Opcode::V128Const): {
      V128Bytes bytes;
      if (!readV128(bytes)) return false;
      push(ValType::V128);
      if (live_) visitor_.visitV128Const(bytes);
      return true;
    }
    case code(Opcode::I8x16Shuffle):
      return onShuffle();
    case code(Opcode::I8x16ExtractLaneS):
    case code(Opcode::I8x16ExtractLaneU):
    case code(Opcode::I8x16ReplaceLane):
    case code(Opcode::I16x8ExtractLaneS):
    case code(Opcode::I16x8ExtractLaneU):
    case code(Opcode::I16x8ReplaceLane):
    case code(Opcode::I32x4ExtractLane):
    case code(Opcode::I32x4ReplaceLane):
    case code(Opcode::I64x2ExtractLane):
    case code(Opcode::I64x2ReplaceLane):
    case code(Opcode::F32x4ExtractLane):
    case code(Opcode::F32x4ReplaceLane):
    case code(Opcode::F64x2ExtractLane):
    case code(Opcode::F64x2ReplaceLane):
      return onLane(static_cast<Opcode>(op));
    case code(Opcode::V128Load8Lane):
    case code(Opcode::V128Load16Lane):
    case code(Opcode::V128Load32Lane):
    case code(Opcode::V128Load64Lane):
    case code(Opcode::V128Store8Lane):
    case code(Opcode::V128Store16Lane):
    case code(Opcode::V128Store32Lane):
    case code(Opcode::V128Store64Lane):
      return onLaneMemory(static_cast<Opcode>(op));
    default:
      return malformed("illegal opcode");
  }
}

// Reads the LEB u32 sub-opcode after 0xFC / 0xFD (spec 5.4: prefixed
// instructions). 0xFE and 0xFF stay as they are and fall to "illegal opcode".
template <typename Visitor>
bool FunctionValidator<Visitor>::readPrefixed(uint32_t& op) {
  if (op != kPrefixMisc && op != kPrefixSimd) return true;
  if (!kHaveSimd && op == kPrefixSimd) return noSimd();
  uint32_t sub = reader_.readVarU32();
  if (reader_.failed()) return decodeFailed();
  op = prefixedOpcode(static_cast<uint8_t>(op), sub);
  return op != 0 || malformed("illegal opcode");
}

// The table-driven rows: the signature says how to type-check them.
template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::onTableOperator(
    uint32_t op, const OperatorSignature& signature) {
  MemArg memArg;
  switch (signature.shape) {
    case OperatorShape::Unary:
      if (!unary(signature.out, signature.a)) return false;
      break;
    case OperatorShape::Binary:
      if (!binary(signature.out, signature.a, signature.b)) return false;
      break;
    case OperatorShape::Ternary:
      if (!ternary(signature.out, signature.a, signature.b, signature.c)) return false;
      break;
    case OperatorShape::Load:
      if (!onLoad(signature.out, signature.naturalAlign, memArg)) return false;
      if (!live_) return true;
      if constexpr (kVisitsLoadStoreByOpcode<Visitor>)
        visitor_.visitLoad(static_cast<Opcode>(op), memArg);
      else
        visitMemoryOperator(op, memArg);
      return true;
    default:  // Store
      if (!onStore(signature.b, signature.naturalAlign, memArg)) return false;
      if (!live_) return true;
      if constexpr (kVisitsLoadStoreByOpcode<Visitor>)
        visitor_.visitStore(static_cast<Opcode>(op), memArg);
      else
        visitMemoryOperator(op, memArg);
      return true;
  }
  if (!live_) return true;
  if constexpr (kVisitsNumericByOpcode<Visitor>)
    visitor_.visitNumeric(static_cast<Opcode>(op));
  else
    visitTableOperator(op);
  return true;
}

// One generated case per numeric row, for visitors that override some of
// their methods; the others (the lowering, the JIT, NullVisitor) get
// visitNumeric directly (kVisitsNumericByOpcode).
template <typename Visitor>
EMBER_HOT_INLINE void FunctionValidator<Visitor>::visitTableOperator(uint32_t op) {
  assumeBuiltOperator(op);
  switch (op) {
#define EMBER_OP1(Name, opcode, text, Out, A) \
  case opcode:                                \
    visitor_.visit##Name();                   \
    break;
#define EMBER_OP2(Name, opcode, text, Out, A, B) \
  case opcode:                                   \
    visitor_.visit##Name();                      \
    break;
#define EMBER_OP3(Name, opcode, text, Out, A, B, C) \
  case opcode:                                      \
    visitor_.visit##Name();                         \
    break;
#include "runtime/format/opcodes.def"
    default:
      break;
  }
}

template <typename Visitor>
EMBER_HOT_INLINE void FunctionValidator<Visitor>::visitMemoryOperator(uint32_t op,
                                                                      const MemArg& memArg) {
  assumeBuiltOperator(op);
  switch (op) {
#define EMBER_LOAD_OP(Name, opcode, text, Type, align) \
  case opcode:                                         \
    visitor_.visit##Name(memArg);                      \
    break;
#define EMBER_STORE_OP(Name, opcode, text, Type, align) \
  case opcode:                                          \
    visitor_.visit##Name(memArg);                       \
    break;
#include "runtime/format/opcodes.def"
    default:
      break;
  }
}

// After the function's final `end`, the body must be exhausted (spec 5.5.13:
// the code entry's size covers exactly the locals and the expression).
template <typename Visitor>
bool FunctionValidator<Visitor>::finish() {
  if (!reader_.atEnd()) {
    opStart_ = reader_.position();
    return malformed("operators remaining after end of function");
  }
  return true;
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::stoppedByVisitor() {
  const Error* failure = visitor_.failure();
  if (failure == nullptr) [[likely]]
    return false;
  if (!error_) takeVisitorFailure(*failure);
  return true;
}

template <typename Visitor>
void FunctionValidator<Visitor>::takeVisitorFailure(const Error& failure) {
  error_.emplace(failure);
}

// ============================================================================
// Decoding only: malformed errors rank before invalid ones
// ============================================================================

// The spec decodes a whole module before validating it, so a malformed
// operator after an invalid one must still be reported as malformed. The
// failing operator's immediates have been read (every handler decodes
// before it checks), and its frame effect not applied: apply that to the
// list of open frames, and decode the rest of the body.
template <typename Visitor>
void FunctionValidator<Visitor>::preferDecodingError() {
  Error invalidError = std::move(*error_);
  error_.reset();
  std::vector<FrameKind> open;
  for (uint32_t i = 0; i < ctrls_.size(); ++i) open.push_back(ctrls_[i].kind);
  switch (currentOpcode()) {
    case code(Opcode::Block):
    case code(Opcode::Loop):
      open.push_back(FrameKind::Block);
      break;
    case code(Opcode::If):
      open.push_back(FrameKind::If);
      break;
    case code(Opcode::Else):
      open.back() = FrameKind::Else;
      break;
    case code(Opcode::End):
      open.pop_back();
      break;
    default:
      break;
  }
  if (scanEncoding(open)) error_.emplace(std::move(invalidError));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::scanEncoding(std::vector<FrameKind>& open) {
  while (!open.empty()) {
    opStart_ = reader_.position();
    if (reader_.atEnd()) return malformed("unexpected end of section or function");
    uint32_t op = reader_.readU8();
    if (op >= kPrefixMisc && !readPrefixed(op)) return false;
    if (!skipOperator(op, open)) return false;
  }
  return finish();
}

// One operator's immediates, through the same decoders the checking
// handlers use; `open` tracks the nesting that else/end depend on.
template <typename Visitor>
bool FunctionValidator<Visitor>::skipOperator(uint32_t op, std::vector<FrameKind>& open) {
  BlockType blockType;
  int64_t typeIndex;
  uint32_t index, count;
  ValType type;
  MemArg memArg;
  uint8_t lane;
  V128Bytes bytes;
  switch (operatorSignature(op).shape) {
    case OperatorShape::Special:
      break;
    case OperatorShape::Load:
    case OperatorShape::Store:
      return decodeMemArg(memArg);
    default:
      return true;
  }
  switch (op) {
    case code(Opcode::Unreachable):
    case code(Opcode::Nop):
    case code(Opcode::Return):
    case code(Opcode::Drop):
    case code(Opcode::Select):
    case code(Opcode::RefIsNull):
      return true;
    case code(Opcode::Block):
    case code(Opcode::Loop):
    case code(Opcode::If):
      open.push_back(op == code(Opcode::If) ? FrameKind::If : FrameKind::Block);
      return decodeBlockType(blockType, typeIndex);
    case code(Opcode::Else):
      if (open.back() != FrameKind::If) return malformed("else without matching if");
      open.back() = FrameKind::Else;
      return true;
    case code(Opcode::End):
      open.pop_back();
      return true;
    case code(Opcode::Br):
    case code(Opcode::BrIf):
    case code(Opcode::Call):
    case code(Opcode::LocalGet):
    case code(Opcode::LocalSet):
    case code(Opcode::LocalTee):
    case code(Opcode::GlobalGet):
    case code(Opcode::GlobalSet):
    case code(Opcode::TableGet):
    case code(Opcode::TableSet):
    case code(Opcode::RefFunc):
    case code(Opcode::TableSize):
    case code(Opcode::TableGrow):
    case code(Opcode::TableFill):
    case code(Opcode::ElemDrop):
      return readIndex(index);
    case code(Opcode::CallIndirect):
    case code(Opcode::TableCopy):
    case code(Opcode::TableInit):
      return readIndex(index) && readIndex(index);
    case code(Opcode::BrTable):
      return decodeBrTable(index);
    case code(Opcode::SelectTyped):
      return decodeSelectTypes(count, type);
    case code(Opcode::MemorySize):
    case code(Opcode::MemoryGrow):
    case code(Opcode::MemoryFill):
      return readZeroByte();
    case code(Opcode::MemoryCopy):
      return readZeroByte() && readZeroByte();
    case code(Opcode::MemoryInit):
      return readIndex(index) && dataCountPresent() && readZeroByte();
    case code(Opcode::DataDrop):
      return readIndex(index) && dataCountPresent();
    case code(Opcode::I32Const):
      reader_.readVarS32();
      break;
    case code(Opcode::I64Const):
      reader_.readVarS64();
      break;
    case code(Opcode::F32Const):
      reader_.readFixedU32();
      break;
    case code(Opcode::F64Const):
      reader_.readFixedU64();
      break;
    case code(Opcode::V128Const):
    case code(Opcode::I8x16Shuffle):
      return readV128(bytes);
    case code(Opcode::RefNull):
      return decodeRefType(type);
    case code(Opcode::I8x16ExtractLaneS):
    case code(Opcode::I8x16ExtractLaneU):
    case code(Opcode::I8x16ReplaceLane):
    case code(Opcode::I16x8ExtractLaneS):
    case code(Opcode::I16x8ExtractLaneU):
    case code(Opcode::I16x8ReplaceLane):
    case code(Opcode::I32x4ExtractLane):
    case code(Opcode::I32x4ReplaceLane):
    case code(Opcode::I64x2ExtractLane):
    case code(Opcode::I64x2ReplaceLane):
    case code(Opcode::F32x4ExtractLane):
    case code(Opcode::F32x4ReplaceLane):
    case code(Opcode::F64x2ExtractLane):
    case code(Opcode::F64x2ReplaceLane):
      return decodeLane(lane);
    case code(Opcode::V128Load8Lane):
    case code(Opcode::V128Load16Lane):
    case code(Opcode::V128Load32Lane):
    case code(Opcode::V128Load64Lane):
    case code(Opcode::V128Store8Lane):
    case code(Opcode::V128Store16Lane):
    case code(Opcode::V128Store32Lane):
    case code(Opcode::V128Store64Lane):
      return decodeMemArg(memArg) && decodeLane(lane);
    default:
      return malformed("illegal opcode");
  }
  return !reader_.failed() || decodeFailed();
}

// ============================================================================
// Operand stack (appendix A.3: push_val, pop_val, pop_vals)
// ============================================================================

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::popExpect(ValType expect) {
  if (vals_.size() > height_) [[likely]] {
    ValType actual = vals_.pop();
    if (actual == expect || actual == ValType::Bottom) [[likely]]
      return true;
    return mismatch(expect, actual);
  }
  // At the frame's height: only dead code may pop more (an unknown value).
  return ctrls_.back().unreachable || missingOperand(expect);
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::popAny(ValType& out) {
  if (vals_.size() > height_) [[likely]] {
    out = vals_.pop();
    return true;
  }
  out = ValType::Bottom;
  return ctrls_.back().unreachable || missingOperand(ValType::Bottom);
}

template <typename Visitor>
bool FunctionValidator<Visitor>::popVals(std::span<const ValType> types) {
  uint32_t n = static_cast<uint32_t>(types.size());
  if (vals_.size() - height_ >= n) {
    const ValType* top = vals_.top(n);
    for (uint32_t i = 0; i < n; ++i) {
      if (top[i] != types[i] && top[i] != ValType::Bottom) return mismatch(types[i], top[i]);
    }
    vals_.truncate(vals_.size() - n);
    return true;
  }
  for (uint32_t i = n; i-- > 0;) {
    if (!popExpect(types[i])) return false;
  }
  return true;
}

// Checks that the top of the stack matches `types` without popping: the
// effect of br_table's `push_vals(pop_vals(label_types))` per target, which
// leaves the stack as it was (unknowns popped are pushed back as unknowns).
template <typename Visitor>
bool FunctionValidator<Visitor>::checkTopVals(std::span<const ValType> types) {
  uint32_t n = static_cast<uint32_t>(types.size());
  uint32_t available = vals_.size() - height_;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t fromTop = n - i;
    if (fromTop > available) {
      if (!ctrls_.back().unreachable) return missingOperand(types[i]);
      continue;
    }
    ValType actual = vals_.peek(fromTop);
    if (actual != types[i] && actual != ValType::Bottom) {
      return mismatch(types[i], actual);
    }
  }
  return true;
}

// The numeric rows of opcodes.def. The fast path is a reachable stack whose
// top already holds the operand types: then the op rewrites in place.
template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::unary(ValType out, ValType a) {
  if (vals_.size() > height_ && vals_.peek(1) == a) [[likely]] {
    vals_.replaceTop(out);
    return true;
  }
  if (!popExpect(a)) return false;
  push(out);
  return true;
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::binary(ValType out, ValType a, ValType b) {
  if (vals_.size() - height_ >= 2 && vals_.peek(1) == b && vals_.peek(2) == a) [[likely]] {
    vals_.truncate(vals_.size() - 1);
    vals_.replaceTop(out);
    return true;
  }
  if (!popExpect(b) || !popExpect(a)) return false;
  push(out);
  return true;
}

template <typename Visitor>
inline bool FunctionValidator<Visitor>::ternary(ValType out, ValType a, ValType b, ValType c) {
  if (!popExpect(c) || !popExpect(b) || !popExpect(a)) return false;
  push(out);
  return true;
}

// ============================================================================
// Control stack (appendix A.3: push_ctrl, pop_ctrl, unreachable)
// ============================================================================

template <typename Visitor>
void FunctionValidator<Visitor>::pushFrame(FrameKind kind, const BlockType& type) {
  // A frame opened in dead code is never reported, and nor is anything in
  // it (visitor.h), even though the algorithm treats its code as reachable.
  ctrls_.push({type.params, type.results, vals_.size(), kind, false, live_});
  height_ = vals_.size();
  pushVals(type.params);
}

// The type half of pop_ctrl: the frame's results are on top, nothing below.
template <typename Visitor>
bool FunctionValidator<Visitor>::checkFrameEnd(const ControlFrame& frame) {
  if (!popVals(frame.results)) return false;
  if (vals_.size() != frame.height)
    return invalid("type mismatch: values remain on the stack at the end of the block");
  return true;
}

template <typename Visitor>
EMBER_HOT_INLINE void FunctionValidator<Visitor>::markUnreachable() {
  vals_.truncate(height_);
  ctrls_.back().unreachable = true;
  live_ = false;
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::label(uint32_t depth,
                                                        const ControlFrame*& frame) {
  if (depth >= ctrls_.size()) return invalid("unknown label");
  frame = &ctrls_[ctrls_.size() - 1 - depth];
  return true;
}

// ============================================================================
// Immediates
// ============================================================================

// blocktype (spec 5.4.1): 0x40, a value type byte, or a type index as a
// non-negative s33. Single-byte negative values other than those are not a
// block type at all, so they are malformed rather than invalid. Decoding
// only: `typeIndex` is -1 unless the type index form was read.
template <typename Visitor>
bool FunctionValidator<Visitor>::decodeBlockType(BlockType& out, int64_t& typeIndex) {
  typeIndex = -1;
  uint8_t first = reader_.peekU8();  // 0 at the end: falls to the LEB read, which fails
  if (first == 0x40) {
    reader_.readU8();
    out = {};
    return true;
  }
  if (isValTypeByte(first)) {
    reader_.readU8();
    if (!kHaveSimd && first == static_cast<uint8_t>(ValType::V128)) return noSimd();
    out = {{}, singleValType(static_cast<ValType>(first))};
    return true;
  }
  typeIndex = reader_.readVarS33();
  if (reader_.failed()) return decodeFailed();
  if (typeIndex < 0) return malformed("malformed block type");
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::readBlockType(BlockType& out) {
  int64_t index;
  if (!decodeBlockType(out, index)) return false;
  if (index < 0) return true;
  if (static_cast<uint64_t>(index) >= module_.types.size()) return invalid("unknown type");
  const FuncType& type = module_.types[static_cast<size_t>(index)];
  out = {type.params, type.results};
  return true;
}

// One-byte LEBs (most indices, alignments and small constants) are read
// here, inline; Reader's general path stays a call.
template <typename Visitor>
EMBER_HOT_INLINE uint32_t FunctionValidator<Visitor>::readVarU32() {
  return reader_.readVarU32();  // one-byte fast path inline, the rest out of line
}

template <typename Visitor>
EMBER_HOT_INLINE int32_t FunctionValidator<Visitor>::readVarS32() {
  return reader_.readVarS32();
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::readIndex(uint32_t& out) {
  out = readVarU32();
  return !reader_.failed() || decodeFailed();
}

// memarg (spec 5.4.6): alignment exponent and offset, both u32. An
// exponent of 32 or more is malformed, as in the reference interpreter and
// the later spec tests (align.wast "malformed memop flags"): bit 6 is the
// multi-memory proposal's memory-index flag, and no alignment is 2^32.
template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::decodeMemArg(MemArg& out) {
  out.alignLog2 = readVarU32();
  out.offset = readVarU32();
  out.memoryIndex = 0;
  if (reader_.failed()) [[unlikely]]
    return decodeFailed();
  if (out.alignLog2 >= 32) [[unlikely]]
    return malformed("malformed memop flags");
  return true;
}

// The alignment may not exceed the access's natural alignment (spec 3.3.7:
// 2^align must not be larger than the width).
template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::checkMemArg(uint32_t naturalAlign,
                                                              const MemArg& memArg) {
  if (!memoryExists(memArg.memoryIndex)) return false;
  if (memArg.alignLog2 > naturalAlign) [[unlikely]]
    return invalid("alignment must not be larger than natural");
  return true;
}

// The reserved memory index of memory.size/grow/init/copy/fill is a single
// 0x00 byte in 2.0 (spec 5.4.6), not a LEB: 0x80 0x00 is malformed.
template <typename Visitor>
bool FunctionValidator<Visitor>::readZeroByte() {
  uint8_t byte = reader_.readU8();
  if (reader_.failed()) return decodeFailed();
  if (byte != 0) return malformed("zero byte expected");
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::decodeLane(uint8_t& lane) {
  lane = reader_.readU8();
  return !reader_.failed() || decodeFailed();
}

template <typename Visitor>
bool FunctionValidator<Visitor>::checkLane(uint8_t laneCount, uint8_t lane) {
  return lane < laneCount || invalid("invalid lane index");
}

template <typename Visitor>
bool FunctionValidator<Visitor>::readV128(V128Bytes& out) {
  std::span<const uint8_t> bytes = reader_.readBytes(16);
  if (reader_.failed()) return decodeFailed();
  std::memcpy(out.bytes, bytes.data(), 16);
  return true;
}

// ============================================================================
// Control operators (spec 3.3.8, appendix A.3)
// ============================================================================

template <typename Visitor>
bool FunctionValidator<Visitor>::onBlock(FrameKind kind) {
  BlockType type;
  if (!readBlockType(type)) return false;
  if (!type.params.empty() && !popVals(type.params)) return false;
  pushFrame(kind, type);
  if (live_) {
    if (kind == FrameKind::Loop)
      visitor_.visitLoop(type);
    else
      visitor_.visitBlock(type);
  }
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onIf() {
  BlockType type;
  if (!readBlockType(type) || !popExpect(ValType::I32) || !popVals(type.params)) return false;
  pushFrame(FrameKind::If, type);
  if (live_) visitor_.visitIf(type);
  return true;
}

// `else` outside an `if` frame cannot be parsed (spec 5.4.1 gives it only
// inside `if`), so it is malformed rather than invalid.
template <typename Visitor>
bool FunctionValidator<Visitor>::onElse() {
  ControlFrame& frame = ctrls_.back();
  if (frame.kind != FrameKind::If) return malformed("else without matching if");
  if (!checkFrameEnd(frame)) return false;
  bool reachable = !frame.unreachable && !frame.afterDeadLoopEnd;
  frame.kind = FrameKind::Else;
  frame.unreachable = false;
  frame.afterDeadLoopEnd = false;
  pushVals(frame.params);
  live_ = frame.reported;
  if (live_) visitor_.visitElse(reachable);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onEnd() {
  const ControlFrame& top = ctrls_.back();
  if (!checkFrameEnd(top)) return false;
  // An `if` without `else` has an empty else branch, which must map the
  // parameters to the results (spec 3.3.8.5).
  if (top.kind == FrameKind::If &&
      !std::equal(top.params.begin(), top.params.end(), top.results.begin(), top.results.end())) {
    return invalid("type mismatch: if without else must have matching parameter and result types");
  }
  ControlFrame frame = top;
  ctrls_.pop();
  if (!pushResults(frame.results)) return false;
  bool reachable = !frame.unreachable && !frame.afterDeadLoopEnd;
  if (frame.kind == FrameKind::Function) {
    live_ = false;
    visitor_.visitFunctionEnd(reachable);
    return true;
  }
  ControlFrame& outer = ctrls_.back();
  if (frame.kind == FrameKind::Loop && !reachable) outer.afterDeadLoopEnd = true;
  height_ = outer.height;
  live_ = outer.reported && !outer.unreachable && !outer.afterDeadLoopEnd;
  if (frame.reported) visitor_.visitEnd(reachable);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onBr() {
  uint32_t depth;
  const ControlFrame* target = nullptr;
  if (!readIndex(depth) || !label(depth, target) || !popVals(target->labelTypes())) return false;
  bool wasLive = live_;
  markUnreachable();
  if (wasLive) visitor_.visitBr(depth);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onBrIf() {
  uint32_t depth;
  const ControlFrame* target = nullptr;
  if (!readIndex(depth) || !label(depth, target) || !popExpect(ValType::I32)) return false;
  std::span<const ValType> types = target->labelTypes();
  if (!popVals(types)) return false;
  pushVals(types);
  if (live_) visitor_.visitBrIf(depth);
  return true;
}

// vec(labelidx) labelidx into brTargets_ (reused, so no allocation once it
// has grown).
template <typename Visitor>
bool FunctionValidator<Visitor>::decodeBrTable(uint32_t& defaultDepth) {
  uint32_t count;
  if (!readIndex(count)) return false;
  // Each target takes at least one byte: checking first keeps a forged
  // count from allocating.
  if (count > reader_.remaining())
    return malformed("unexpected end: br_table target count exceeds body size");
  brTargets_.resize(count);
  for (uint32_t& target : brTargets_) target = reader_.readVarU32();
  defaultDepth = reader_.readVarU32();
  return !reader_.failed() || decodeFailed();
}

// All targets must have the default target's arity, and the operands must
// fit every target's label types (appendix A.3, br_table).
template <typename Visitor>
bool FunctionValidator<Visitor>::onBrTable() {
  uint32_t defaultDepth;
  if (!decodeBrTable(defaultDepth)) return false;
  const ControlFrame* defaultFrame = nullptr;
  if (!popExpect(ValType::I32) || !label(defaultDepth, defaultFrame)) return false;
  size_t arity = defaultFrame->labelTypes().size();
  for (uint32_t depth : brTargets_) {
    const ControlFrame* frame = nullptr;
    if (!label(depth, frame)) return false;
    std::span<const ValType> types = frame->labelTypes();
    if (types.size() != arity)
      return invalid("type mismatch: br_table targets have different arities");
    if (!checkTopVals(types)) return false;
  }
  if (!popVals(defaultFrame->labelTypes())) return false;
  bool wasLive = live_;
  markUnreachable();
  if (wasLive) visitor_.visitBrTable(brTargets_, defaultDepth);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onReturn() {
  if (!popVals(ctrls_.front().results)) return false;
  bool wasLive = live_;
  markUnreachable();
  if (wasLive) visitor_.visitReturn();
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onUnreachable() {
  bool wasLive = live_;
  markUnreachable();
  if (wasLive) visitor_.visitUnreachable();
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onCall() {
  uint32_t index;
  if (!readIndex(index)) return false;
  if (index >= module_.funcTypeIndices.size()) return invalid("unknown function");
  const FuncType& type = module_.funcType(index);
  if (!popVals(type.params) || !pushResults(type.results)) return false;
  if (live_) visitor_.visitCall(index, type);
  return true;
}

// call_indirect typeidx tableidx; the table index is a LEB u32 since
// reference types (padded encodings such as 80 80 80 80 00 are valid).
template <typename Visitor>
bool FunctionValidator<Visitor>::onCallIndirect() {
  uint32_t typeIndex, tableIndex;
  if (!readIndex(typeIndex) || !readIndex(tableIndex)) return false;
  ValType elemType = ValType::Bottom;
  if (!tableElemType(tableIndex, elemType)) return false;
  if (elemType != ValType::FuncRef)
    return invalid("type mismatch: call_indirect needs a funcref table");
  if (typeIndex >= module_.types.size()) return invalid("unknown type");
  const FuncType& type = module_.types[typeIndex];
  if (!popExpect(ValType::I32) || !popVals(type.params) || !pushResults(type.results)) return false;
  if (live_) visitor_.visitCallIndirect(typeIndex, tableIndex, type);
  return true;
}

// ============================================================================
// Parametric and variable operators (spec 3.3.4, 3.3.5)
// ============================================================================

template <typename Visitor>
bool FunctionValidator<Visitor>::onDrop() {
  ValType type;
  if (!popAny(type)) return false;
  if (live_) visitor_.visitDrop(type);
  return true;
}

// Untyped select only takes numeric or vector operands (spec 3.3.4); an
// unknown operand takes the other one's type.
template <typename Visitor>
bool FunctionValidator<Visitor>::onSelect() {
  ValType t1, t2;
  if (!popExpect(ValType::I32) || !popAny(t1) || !popAny(t2)) return false;
  auto numOrUnknown = [](ValType t) { return isNumType(t) || t == ValType::Bottom; };
  auto vecOrUnknown = [](ValType t) { return t == ValType::V128 || t == ValType::Bottom; };
  if (!(numOrUnknown(t1) && numOrUnknown(t2)) && !(vecOrUnknown(t1) && vecOrUnknown(t2))) {
    return invalid("type mismatch: select without a type needs numeric or vector operands");
  }
  if (t1 != t2 && t1 != ValType::Bottom && t2 != ValType::Bottom) return mismatch(t1, t2);
  ValType type = t1 == ValType::Bottom ? t2 : t1;
  push(type);
  if (live_) visitor_.visitSelect(type);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::decodeSelectTypes(uint32_t& count, ValType& type) {
  if (!readIndex(count)) return false;
  if (count > reader_.remaining()) return malformed("unexpected end");
  type = ValType::Bottom;
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t byte = reader_.readU8();
    if (!isValTypeByte(byte)) return malformed("malformed value type");
    if (!kHaveSimd && byte == static_cast<uint8_t>(ValType::V128)) return noSimd();
    type = static_cast<ValType>(byte);
  }
  return !reader_.failed() || decodeFailed();
}

// select t* (spec 3.3.4): the vector must hold exactly one type.
template <typename Visitor>
bool FunctionValidator<Visitor>::onSelectTyped() {
  uint32_t count;
  ValType type = ValType::Bottom;  // set by decodeSelectTypes when count is 1
  if (!decodeSelectTypes(count, type)) return false;
  if (count != 1) return invalid("invalid result arity");
  if (!popExpect(ValType::I32) || !popExpect(type) || !popExpect(type)) return false;
  push(type);
  if (live_) visitor_.visitSelect(type);
  return true;
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::onLocal(Opcode op) {
  uint32_t index;
  if (!readIndex(index)) return false;
  if (index >= locals_.size()) [[unlikely]]
    return invalid("unknown local");
  ValType type = locals_[index];
  switch (op) {
    case Opcode::LocalGet:
      push(type);
      if (live_) visitor_.visitLocalGet(index, type);
      return true;
    case Opcode::LocalSet:
      if (!popExpect(type)) return false;
      if (live_) visitor_.visitLocalSet(index, type);
      return true;
    default:
      if (!unary(type, type)) return false;
      if (live_) visitor_.visitLocalTee(index, type);
      return true;
  }
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onGlobal(Opcode op) {
  uint32_t index;
  if (!readIndex(index)) return false;
  if (index >= module_.globals.size()) return invalid("unknown global");
  const GlobalType& global = module_.globals[index].type;
  if (op == Opcode::GlobalGet) {
    push(global.type);
    if (live_) visitor_.visitGlobalGet(index, global.type);
    return true;
  }
  if (!global.isMutable) return invalid("global is immutable");
  if (!popExpect(global.type)) return false;
  if (live_) visitor_.visitGlobalSet(index, global.type);
  return true;
}

// ============================================================================
// References and tables (spec 3.3.2, 3.3.6)
// ============================================================================

template <typename Visitor>
bool FunctionValidator<Visitor>::decodeRefType(ValType& type) {
  type = static_cast<ValType>(reader_.readU8());
  if (reader_.failed()) return decodeFailed();
  return isRefType(type) || malformed("malformed reference type");
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onRefNull() {
  ValType type;
  if (!decodeRefType(type)) return false;
  push(type);
  if (live_) visitor_.visitRefNull(type);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onRefIsNull() {
  ValType type;
  if (!popAny(type)) return false;
  if (!isRefType(type) && type != ValType::Bottom)
    return invalid("type mismatch: ref.is_null needs a reference");
  push(ValType::I32);
  if (live_) visitor_.visitRefIsNull();
  return true;
}

// ref.func may only name functions the module declares as referenced
// outside function bodies (spec 3.4.10, C.refs).
template <typename Visitor>
bool FunctionValidator<Visitor>::onRefFunc() {
  uint32_t index;
  if (!readIndex(index)) return false;
  if (index >= module_.funcTypeIndices.size()) return invalid("unknown function");
  if (index >= module_.declaredFuncRefs.size() || !module_.declaredFuncRefs[index]) {
    return invalid("undeclared function reference");
  }
  push(ValType::FuncRef);
  if (live_) visitor_.visitRefFunc(index);
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onTableAccess(Opcode op) {
  uint32_t table;
  ValType elem = ValType::Bottom;
  if (!readIndex(table) || !tableElemType(table, elem)) return false;
  switch (op) {
    case Opcode::TableGet:
      if (!popExpect(ValType::I32)) return false;
      push(elem);
      if (live_) visitor_.visitTableGet(table);
      return true;
    case Opcode::TableSet:
      if (!popExpect(elem) || !popExpect(ValType::I32)) return false;
      if (live_) visitor_.visitTableSet(table);
      return true;
    case Opcode::TableSize:
      push(ValType::I32);
      if (live_) visitor_.visitTableSize(table);
      return true;
    case Opcode::TableGrow:
      if (!popExpect(ValType::I32) || !popExpect(elem)) return false;
      push(ValType::I32);
      if (live_) visitor_.visitTableGrow(table);
      return true;
    default:  // table.fill: [i32 t i32] -> []
      if (!popExpect(ValType::I32) || !popExpect(elem) || !popExpect(ValType::I32)) return false;
      if (live_) visitor_.visitTableFill(table);
      return true;
  }
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onTableBulk(Opcode op) {
  if (op == Opcode::ElemDrop) {
    uint32_t elem;
    if (!readIndex(elem) || !elemSegmentExists(elem)) return false;
    if (live_) visitor_.visitElemDrop(elem);
    return true;
  }
  // table.copy x y (destination first); table.init elemidx tableidx.
  uint32_t first, second;
  if (!readIndex(first) || !readIndex(second)) return false;
  ValType dstType = ValType::Bottom, srcType = ValType::Bottom;
  if (op == Opcode::TableCopy) {
    if (!tableElemType(first, dstType) || !tableElemType(second, srcType)) return false;
  } else {
    if (!elemSegmentExists(first) || !tableElemType(second, dstType)) return false;
    srcType = module_.elemSegments[first].elemType;
  }
  if (dstType != srcType) return invalid("type mismatch: element types differ");
  if (!popExpect(ValType::I32) || !popExpect(ValType::I32) || !popExpect(ValType::I32))
    return false;
  if (live_) {
    if (op == Opcode::TableCopy)
      visitor_.visitTableCopy(first, second);
    else
      visitor_.visitTableInit(first, second);
  }
  return true;
}

// ============================================================================
// Memory (spec 3.3.7)
// ============================================================================

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::onLoad(ValType type, uint32_t naturalAlign,
                                                         MemArg& memArg) {
  return decodeMemArg(memArg) && checkMemArg(naturalAlign, memArg) && unary(type, ValType::I32);
}

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::onStore(ValType type, uint32_t naturalAlign,
                                                          MemArg& memArg) {
  return decodeMemArg(memArg) && checkMemArg(naturalAlign, memArg) && popExpect(type) &&
         popExpect(ValType::I32);
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onMemorySizeOrGrow(Opcode op) {
  if (!readZeroByte() || !memoryExists(0)) return false;
  if (op == Opcode::MemorySize) {
    push(ValType::I32);
    if (live_) visitor_.visitMemorySize(0);
  } else {
    if (!unary(ValType::I32, ValType::I32)) return false;
    if (live_) visitor_.visitMemoryGrow(0);
  }
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onMemoryBulk(Opcode op) {
  uint32_t data = 0;
  bool usesData = op == Opcode::MemoryInit || op == Opcode::DataDrop;
  if (usesData && (!readIndex(data) || !dataCountPresent())) return false;
  if (op != Opcode::DataDrop && !readZeroByte()) return false;
  if (op == Opcode::MemoryCopy && !readZeroByte()) return false;
  if (usesData && !dataSegmentExists(data)) return false;
  if (op != Opcode::DataDrop) {
    if (!memoryExists(0)) return false;
    // All three take [i32 i32 i32] -> [] (memory.fill's middle one is the byte).
    if (!popExpect(ValType::I32) || !popExpect(ValType::I32) || !popExpect(ValType::I32))
      return false;
  }
  if (live_) {
    switch (op) {
      case Opcode::MemoryInit:
        visitor_.visitMemoryInit(data, 0);
        break;
      case Opcode::DataDrop:
        visitor_.visitDataDrop(data);
        break;
      case Opcode::MemoryCopy:
        visitor_.visitMemoryCopy(0, 0);
        break;
      default:
        visitor_.visitMemoryFill(0);
        break;
    }
  }
  return true;
}

// ============================================================================
// SIMD operators with immediates (spec 3.3.3)
// ============================================================================

// extract_lane / replace_lane: the shape gives the lane count and the
// scalar type.
template <typename Visitor>
bool FunctionValidator<Visitor>::onLane(Opcode op) {
  uint8_t lanes;
  ValType scalar;
  bool replace = false;
  switch (op) {
    case Opcode::I8x16ReplaceLane:
      replace = true;
      [[fallthrough]];
    case Opcode::I8x16ExtractLaneS:
    case Opcode::I8x16ExtractLaneU:
      lanes = 16, scalar = ValType::I32;
      break;
    case Opcode::I16x8ReplaceLane:
      replace = true;
      [[fallthrough]];
    case Opcode::I16x8ExtractLaneS:
    case Opcode::I16x8ExtractLaneU:
      lanes = 8, scalar = ValType::I32;
      break;
    case Opcode::I32x4ReplaceLane:
      replace = true;
      [[fallthrough]];
    case Opcode::I32x4ExtractLane:
      lanes = 4, scalar = ValType::I32;
      break;
    case Opcode::I64x2ReplaceLane:
      replace = true;
      [[fallthrough]];
    case Opcode::I64x2ExtractLane:
      lanes = 2, scalar = ValType::I64;
      break;
    case Opcode::F32x4ReplaceLane:
      replace = true;
      [[fallthrough]];
    case Opcode::F32x4ExtractLane:
      lanes = 4, scalar = ValType::F32;
      break;
    case Opcode::F64x2ReplaceLane:
      replace = true;
      [[fallthrough]];
    default:
      lanes = 2, scalar = ValType::F64;
      break;
  }
  uint8_t lane;
  if (!decodeLane(lane) || !checkLane(lanes, lane)) return false;
  if (replace) {
    if (!binary(ValType::V128, ValType::V128, scalar)) return false;
    if (live_) visitor_.visitReplaceLane(op, lane);
  } else {
    if (!unary(scalar, ValType::V128)) return false;
    if (live_) visitor_.visitExtractLane(op, lane);
  }
  return true;
}

// v128.loadN_lane / v128.storeN_lane (0xFD54..0xFD5B): memarg, then a lane
// byte; the access width N fixes both the natural alignment and the lanes.
template <typename Visitor>
bool FunctionValidator<Visitor>::onLaneMemory(Opcode op) {
  uint32_t sub = code(op) - code(Opcode::V128Load8Lane);
  uint32_t naturalAlign = sub & 3;
  bool store = sub >= 4;
  MemArg memArg;
  uint8_t lane;
  if (!decodeMemArg(memArg) || !decodeLane(lane)) return false;
  if (!checkMemArg(naturalAlign, memArg) ||
      !checkLane(static_cast<uint8_t>(16 >> naturalAlign), lane))
    return false;
  if (!popExpect(ValType::V128) || !popExpect(ValType::I32)) return false;
  if (store) {
    if (live_) visitor_.visitStoreLane(op, memArg, lane);
  } else {
    push(ValType::V128);
    if (live_) visitor_.visitLoadLane(op, memArg, lane);
  }
  return true;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::onShuffle() {
  V128Bytes lanes{};  // zeroed: GCC with a profile cannot see that readV128 fills it
  if (!readV128(lanes)) return false;
  for (uint8_t lane : lanes.bytes) {
    if (lane >= 32) return invalid("invalid lane index");
  }
  if (!binary(ValType::V128, ValType::V128, ValType::V128)) return false;
  if (live_) visitor_.visitI8x16Shuffle(lanes);
  return true;
}

// ============================================================================
// Module look-ups
// ============================================================================

template <typename Visitor>
EMBER_HOT_INLINE bool FunctionValidator<Visitor>::memoryExists(uint32_t index) {
  return index < module_.memories.size() || invalid("unknown memory");
}

template <typename Visitor>
inline bool FunctionValidator<Visitor>::tableElemType(uint32_t index, ValType& elemType) {
  if (index >= module_.tables.size()) return invalid("unknown table");
  elemType = module_.tables[index].elemType;
  return true;
}

// memory.init and data.drop need the data count section (spec 5.5.16: it
// lets a single pass check data indices before the data section), and its
// absence is a decoding error. Except when the module has no data segments
// at all: then the index is unknown however the module is encoded, and the
// spec suite (memory_init.wast) calls that "unknown data segment" (invalid),
// so that check is left to dataSegmentExists().
template <typename Visitor>
inline bool FunctionValidator<Visitor>::dataCountPresent() {
  return module_.dataCount || module_.dataSegments.empty() ||
         malformed("data count section required");
}

template <typename Visitor>
inline bool FunctionValidator<Visitor>::dataSegmentExists(uint32_t index) {
  uint32_t count = module_.dataCount ? *module_.dataCount : 0;
  return index < count || invalid("unknown data segment");
}

template <typename Visitor>
inline bool FunctionValidator<Visitor>::elemSegmentExists(uint32_t index) {
  return index < module_.elemSegments.size() || invalid("unknown elem segment");
}

// ============================================================================
// Errors
// ============================================================================

template <typename Visitor>
bool FunctionValidator<Visitor>::fail(ErrorKind kind, int64_t offset, std::string what) {
  error_.emplace(makeError(kind, Location{"code", funcIndex_, offset}, std::move(what)));
  return false;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::fail(ErrorKind kind, int64_t offset, ErrorText what) {
  error_.emplace(makeError(kind, Location{"code", funcIndex_, offset}, what.c_str()));
  return false;
}

template <typename Visitor>
bool FunctionValidator<Visitor>::invalid(ErrorText what) {
  return fail(ErrorKind::Invalid, offset(),
              formatMessage("%s (in %s)", what.c_str(), currentOpName().c_str()));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::operandStackTooDeep() {
  return fail(ErrorKind::Resource, offset(),
              formatMessage("operand stack too deep (implementation limit %u values) (in %s)",
                            kMaxOperandStackHeight, currentOpName().c_str()));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::noSimd() {
  // Kept without error text too: it names the build option that refused.
  return fail(ErrorKind::Unsupported, offset(), std::string(kNoSimdMessage));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::malformed(ErrorText what) {
  return fail(ErrorKind::Malformed, offset(), what);
}

template <typename Visitor>
bool FunctionValidator<Visitor>::decodeFailed() {
  return fail(ErrorKind::Malformed, reader_.errorOffset(),
              formatMessage("%s (in %s)", reader_.error(), currentOpName().c_str()));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::mismatch(ValType expect, ValType actual) {
  return fail(ErrorKind::Invalid, offset(),
              formatMessage("type mismatch: %s expected %s, got %s", currentOpName().c_str(),
                            valTypeName(expect), valTypeName(actual)));
}

template <typename Visitor>
bool FunctionValidator<Visitor>::missingOperand(ValType expect) {
  return fail(ErrorKind::Invalid, offset(),
              formatMessage("type mismatch: %s expected %s, but the stack is empty",
                            currentOpName().c_str(),
                            expect == ValType::Bottom ? "a value" : valTypeName(expect)));
}

// Re-decodes the opcode at opStart_; only error paths need it.
template <typename Visitor>
uint32_t FunctionValidator<Visitor>::currentOpcode() const {
  const uint8_t* end = module_.bytes.data() + module_.bytes.size();
  if (opStart_ >= end) return ~0u;
  Reader reader({opStart_, static_cast<size_t>(end - opStart_)});
  uint32_t op = reader.readU8();
  if (op != kPrefixMisc && op != kPrefixSimd) return op;
  const uint32_t code = prefixedOpcode(static_cast<uint8_t>(op), reader.readVarU32());
  return code != 0 ? code : ~0u;
}

template <typename Visitor>
std::string FunctionValidator<Visitor>::currentOpName() const {
  if (!kHaveErrorText) return {};  // only error text names operators
  uint32_t op = currentOpcode();
  return op > 0xFFFF ? "end of body" : opcodeName(static_cast<Opcode>(op));
}

#undef EMBER_HOT_INLINE

}  // namespace ember
