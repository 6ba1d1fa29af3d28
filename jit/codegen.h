// The single-pass code generator: a visitor of the validating decoder
// (visitor.h) that turns each reachable operator into machine code through
// the MacroAssembler as it is decoded (DESIGN decision 1; Winch's codegen,
// V8 Liftoff). The operand stack is kept abstractly (ValueStack) so that
// constants fold into immediates, locals are read lazily (from a register
// copy when there is one) and values stay in registers until pressure or
// control flow forces them into frame slots. jit/README.md has the details.
//
// Frame (offsets below the frame pointer, masm frameSlot):
//   8            the VMContext of this function (restored after calls that
//                switch instances)
//   16           the VMFunction* of a pending indirect/imported call
//   24 ...       locals, parameters first, one slot each
//   ... maxSlot  canonical slots of operand stack positions
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "abi/builtin_ids.h"
#include "jit/control_frames.h"
#include "jit/masm.h"
#include "jit/module_compiler.h"
#include "jit/parallel_move.h"
#include "jit/register_allocator.h"
#include "jit/value_stack.h"
#include "runtime/format/module.h"
#include "runtime/format/visitor.h"

namespace ember {

class Codegen : public OperatorVisitor<Codegen> {
 public:
  Codegen(const Module& module, MacroAssembler& masm, const JitOptions& options);

  // The first operator the compiler could not translate, if any (the
  // validator does not consult visitors, so failures are collected here).
  const Result<void>& status() const { return status_; }

  // --- Visitor interface (runtime/format/visitor.h) ------------------------
  void beginFunction(uint32_t funcIndex, const FuncType& type, std::span<const ValType> locals);
  void visitFunctionEnd(bool reachable);

  void visitUnreachable();
  void visitNop() {}
  void visitBlock(BlockType type);
  void visitLoop(BlockType type);
  void visitIf(BlockType type);
  void visitElse(bool reachable);
  void visitEnd(bool reachable);
  void visitBr(uint32_t depth);
  void visitBrIf(uint32_t depth);
  void visitBrTable(std::span<const uint32_t> targets, uint32_t defaultDepth);
  void visitReturn();
  void visitCall(uint32_t funcIndex, const FuncType& type);
  void visitCallIndirect(uint32_t typeIndex, uint32_t tableIndex, const FuncType& type);

  void visitDrop(ValType type);
  void visitSelect(ValType type);
  void visitLocalGet(uint32_t index, ValType type);
  void visitLocalSet(uint32_t index, ValType type);
  void visitLocalTee(uint32_t index, ValType type);
  void visitGlobalGet(uint32_t index, ValType type);
  void visitGlobalSet(uint32_t index, ValType type);

  void visitI32Const(int32_t v) { pushConstant(ValType::I32, static_cast<uint32_t>(v)); }
  void visitI64Const(int64_t v) { pushConstant(ValType::I64, static_cast<uint64_t>(v)); }
  void visitF32Const(uint32_t bits) { pushConstant(ValType::F32, bits); }
  void visitF64Const(uint64_t bits) { pushConstant(ValType::F64, bits); }
  void visitV128Const(const V128Bytes&) { unsupported("v128.const"); }

  void visitRefNull(ValType type) { pushConstant(type, 0); }
  void visitRefIsNull();
  void visitRefFunc(uint32_t funcIndex);
  void visitTableGet(uint32_t table);
  void visitTableSet(uint32_t table);
  void visitTableSize(uint32_t table);
  void visitTableGrow(uint32_t table);
  void visitTableFill(uint32_t table);
  void visitTableCopy(uint32_t dstTable, uint32_t srcTable);
  void visitTableInit(uint32_t elemIndex, uint32_t table);
  void visitElemDrop(uint32_t elemIndex);

  void visitLoad(Opcode op, MemArg memArg);
  void visitStore(Opcode op, MemArg memArg);
  void visitMemorySize(uint32_t memory);
  void visitMemoryGrow(uint32_t memory);
  void visitMemoryInit(uint32_t dataIndex, uint32_t memory);
  void visitDataDrop(uint32_t dataIndex);
  void visitMemoryCopy(uint32_t dstMemory, uint32_t srcMemory);
  void visitMemoryFill(uint32_t memory);

  void visitNumeric(Opcode op);

  void visitI8x16Shuffle(const V128Bytes&) { unsupported("i8x16.shuffle"); }
  void visitExtractLane(Opcode, uint8_t) { unsupported("SIMD lane operator"); }
  void visitReplaceLane(Opcode, uint8_t) { unsupported("SIMD lane operator"); }
  void visitLoadLane(Opcode, MemArg, uint8_t) { unsupported("SIMD lane operator"); }
  void visitStoreLane(Opcode, MemArg, uint8_t) { unsupported("SIMD lane operator"); }

 private:
  enum class IntOp : uint8_t { Add, Sub, Mul, And, Or, Xor, Shl, ShrS, ShrU, Rotl, Rotr };
  enum class DivOp : uint8_t { DivS, DivU, RemS, RemU };
  enum class FloatOp : uint8_t { Add, Sub, Mul, Div, Min, Max, Copysign };
  enum class FloatUnary : uint8_t { Abs, Neg, Sqrt, Ceil, Floor, Trunc, Nearest };
  enum class IntUnary : uint8_t { Clz, Ctz, Popcnt };
  // One argument of a builtin call: a popped operand or an immediate.
  struct BuiltinArg {
    const StackEntry* entry = nullptr;
    uint64_t imm = 0;
  };

  static constexpr uint32_t kVmContextSlot = 8;
  static constexpr uint32_t kCalleeSlot = 16;
  static constexpr uint32_t kLocalsBase = 16;

  // --- Registers and the value stack --------------------------------------
  Reg allocate(RegClass c, RegisterSet exclude = {});
  void release(Reg r) { regs_.release(r); }
  void releaseEntry(const StackEntry& e);
  void evict(Reg r);  // frees `r` by spilling the entry that holds it
  void spill(StackEntry& e);
  void spillAll();
  void spillRegisters();
  void settleTop();  // turns a pending condition on top into a value
  void materializeCondition(StackEntry& e);
  StackEntry pop();           // never a pending condition
  StackEntry popCondition();  // may be one
  Reg popToRegister(RegisterSet exclude = {});
  Reg toRegister(const StackEntry& e, RegisterSet exclude = {});
  void pushRegister(ValType type, Reg r);
  void pushConstant(ValType type, uint64_t bits);
  void pushSpilled(ValType type);
  void pushCondition(const PendingCondition& c);
  // Code that copies/loads an entry without changing the stack's state.
  void storeEntry(const StackEntry& e, const Address& dst);
  void loadEntry(const StackEntry& e, Reg dst);
  void copySlot(const Address& dst, const Address& src);
  Address localAddress(uint32_t index) const { return masm_.frameSlot(localSlots_[index]); }
  // The local register cache (value_stack.h): copies are dropped at labels
  // and before calls; toRegister() reads a local from its copy.
  void cacheLocal(uint32_t index, Reg r) { locals_.set(index, r); }
  void dropCachedLocal(uint32_t index);
  void clearLocalCache();
  Reg loadLocal(const StackEntry& e, RegisterSet exclude);
  Address slotAddress(uint32_t slot) const { return masm_.frameSlot(slot); }
  void materializeLocal(uint32_t index);

  // --- Operator families ---------------------------------------------------
  void emitIntBinary(IntOp op, OpSize s, ValType type);
  void emitIntOp(IntOp op, OpSize s, Reg dst, Reg lhs, Reg rhs);
  void emitIntOpImm(IntOp op, OpSize s, Reg dst, Reg lhs, int64_t imm);
  void emitDivRem(DivOp op, OpSize s, ValType type);
  void emitIntUnary(IntUnary op, OpSize s, ValType type);
  void emitEqz(OpSize s);
  void emitIntCompare(IntCond cond, OpSize s);
  void emitFloatBinary(FloatOp op, OpSize s, ValType type);
  void emitFloatUnary(FloatUnary op, OpSize s, ValType type);
  void emitFloatCompare(FloatCond cond, OpSize s);
  void emitConversion(Conversion conv, ValType to);
  BoundsCheck boundsFor(uint64_t offset, uint32_t size) const;

  // --- Control flow ---------------------------------------------------------
  void openFrame(BlockFrame::Kind kind, BlockType type);
  void assignMergeRegisters(BlockFrame& f);
  // After a label: the frame's carried values (types) as its merge state.
  void pushMergedValues(const BlockFrame& f, const std::vector<ValType>& types);
  // Emits the moves that carry a branch's values to `frame` (no jump).
  void emitBranchMoves(BlockFrame& frame);
  void emitMovesToRegisters(uint32_t base, std::span<const Reg> targets);
  // Moves plus the jump (or the return, for the function's frame).
  void emitBranchTo(BlockFrame& frame);
  void branchOn(const StackEntry& cond, bool whenTrue, Label target);
  void resetStackTo(uint32_t height);
  void emitReturnSequence();
  // Epoch and fuel checks (JitOptions), at function entry and loop headers.
  void emitInterruptChecks();

  // --- Calls ----------------------------------------------------------------
  void emitCall(uint32_t typeIndex, const FuncType& type, std::optional<uint32_t> directIndex);
  // The call layout of module type `typeIndex`, computed on first use: a
  // module has few types and many calls.
  const CallLayout& callLayout(uint32_t typeIndex, const FuncType& type);
  void loadCalleeAndCall();
  void emitBuiltinCall(BuiltinId id, std::span<const BuiltinArg> args);
  void emitGrowResult();
  void loadFromContextArray(Reg dst, int32_t arrayOffset, uint32_t index);

  // After the first unsupported operator the stack no longer mirrors the
  // validator's, so every later operator of the function is ignored.
  void unsupported(const char* what);
  bool failed() const { return !status_.ok(); }

  const Module& module_;
  MacroAssembler& masm_;
  JitOptions options_;
  Result<void> status_;

  ValueStack stack_;
  RegisterAllocator regs_;
  LocalRegisterCache locals_;
  BlockFrames frames_;
  std::vector<uint32_t> localSlots_;
  std::vector<ValType> localTypes_;
  uint32_t funcIndex_ = 0;
  uint32_t frameBytes_ = 0;
  CallLayout layout_;  // of the function being compiled
  std::vector<std::optional<CallLayout>> callLayouts_;  // by module type index
  std::vector<RegisterMove> moves_;
  std::vector<Label> brTableStubs_;
};

}  // namespace ember
