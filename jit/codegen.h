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
#include "jit/bounds_check.h"
#include "jit/call_lowering.h"
#include "jit/code_budget.h"
#include "jit/control_frames.h"
#include "jit/masm.h"
#include "jit/module_compiler.h"
#include "jit/register_allocator.h"
#include "jit/stack_transfer.h"
#include "jit/value_stack.h"
#include "runtime/format/module.h"
#include "runtime/format/visitor.h"

namespace ember {

class Codegen : public OperatorVisitor<Codegen> {
 public:
  Codegen(const Module& module, MacroAssembler& masm, const JitOptions& options);

  // --- Visitor interface (runtime/format/visitor.h) ------------------------
  // The first operator the compiler could not translate: the validator
  // ends the function's walk there and returns this error.
  const Error* failure() const { return status_.ok() ? nullptr : &status_.error(); }
  void beginFunction(uint32_t funcIndex, const FuncType& type, std::span<const ValType> locals);
  // The bytes of machine code the buffer may hold (jit/code_budget.h), or,
  // for a part of a parallel compile, the budget all parts share.
  void limitCodeTo(uint64_t bytes) { codeBudget_ = bytes; }
  void shareCodeBudget(SharedCodeBudget* shared) { sharedBudget_ = shared; }
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
  [[gnu::noinline]] void settleThenGetLocal(uint32_t index, ValType type);
  void visitLocalSet(uint32_t index, ValType type);
  void visitLocalTee(uint32_t index, ValType type);
  void visitGlobalGet(uint32_t index, ValType type);
  void visitGlobalSet(uint32_t index, ValType type);

  void visitI32Const(int32_t v) { pushConstant(ValType::I32, static_cast<uint32_t>(v)); }
  void visitI64Const(int64_t v) { pushConstant(ValType::I64, static_cast<uint64_t>(v)); }
  void visitF32Const(uint32_t bits) { pushConstant(ValType::F32, bits); }
  void visitF64Const(uint64_t bits) { pushConstant(ValType::F64, bits); }
  void visitV128Const(const V128Bytes& bytes);

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

  // SIMD operators with immediates (codegen_simd.cpp); the others arrive
  // through visitNumeric and are routed by shape (jit/simd_shape.h).
  void visitI8x16Shuffle(const V128Bytes& lanes);
  void visitExtractLane(Opcode op, uint8_t lane);
  void visitReplaceLane(Opcode op, uint8_t lane);
  void visitLoadLane(Opcode op, MemArg memArg, uint8_t lane);
  void visitStoreLane(Opcode op, MemArg memArg, uint8_t lane);

 private:
  enum class IntOp : uint8_t { Add, Sub, Mul, And, Or, Xor, Shl, ShrS, ShrU, Rotl, Rotr };
  enum class FloatOp : uint8_t { Add, Sub, Mul, Div, Min, Max, Copysign };
  enum class FloatUnary : uint8_t { Abs, Neg, Sqrt, Ceil, Floor, Trunc, Nearest };
  enum class IntUnary : uint8_t { Clz, Ctz, Popcnt };
  // One argument of a builtin call: a popped operand or an immediate.
  struct BuiltinArg {
    const StackEntry* entry = nullptr;
    uint64_t imm = 0;
  };

  static constexpr uint32_t kVmContextSlot = 8;
  // The VMFunction of an indirect or imported call, for a host function's
  // trampoline (abi/frame_layout.h).
  static constexpr uint32_t kCalleeSlot = 16;
  static constexpr uint32_t kLocalsBase = 16;
  // A function whose declared locals take more than both of these bytes
  // of frame (in total, and per byte of its body) has them zeroed by a
  // loop in its prologue (zeroFrameRange). Otherwise each is stored when
  // first needed, if at all: one store per local would let a body of a few
  // bytes that declares 50,000 locals emit half a megabyte of code.
  // Functions of real programs stay below the second bound (the benchmark
  // corpus declares at most 182 slots, in far longer bodies), so they keep
  // the cheaper lazy zeros.
  static constexpr uint32_t kMaxUnrolledZeroBytes = 256;
  static constexpr uint32_t kMaxZeroBytesPerBodyByte = 32;

  // --- Registers and the value stack --------------------------------------
  Reg allocate(RegClass c, RegisterSet exclude = {});
  // When no register of the class is free: one a local's copy or a stack
  // entry gives up. Apart, so that allocate() saves no registers for it.
  [[gnu::noinline]] Reg allocateTaken(RegClass c, RegisterSet exclude);
  void release(Reg r) { regs_.release(r); }
  void releaseEntry(const StackEntry& e);
  void evict(Reg r);  // frees `r` by spilling the entry that holds it
  void spill(StackEntry& e);
  void spillAll();
  void spillRegisters();
  void spillRegistersBelow(uint32_t end);
  void settleTop();  // turns a pending condition on top into a value
  void materializeCondition(StackEntry& e);
  StackEntry pop();           // never a pending condition
  StackEntry popCondition();  // may be one
  Reg popToRegister(RegisterSet exclude = {});
  Reg toRegister(const StackEntry& e, RegisterSet exclude = {});
  // A register holding `e`'s value for reading only: a local's register
  // copy is read in place (`owned` false: neither written nor released),
  // as is a local loaded now, which the cache keeps as a clean copy
  // unless `mayOwnLoad` (then the caller owns the loaded register: an
  // operator that can overwrite it saves a move). Anything else goes to a
  // register the caller owns. Later allocations in the same operator must
  // exclude a borrowed register (the cache may otherwise hand it out).
  Reg readRegister(const StackEntry& e, bool& owned, RegisterSet exclude = {},
                   bool mayOwnLoad = false);
  // A SIMD operand read in place (readRegister) and the register its
  // operator's result goes to.
  struct SimdOperand {
    Reg reg;
    bool owned = true;
  };
  SimdOperand readSimdOperand(RegisterSet exclude = {});
  Reg simdResultRegister(const SimdOperand& x, RegisterSet exclude = {});
  void releaseRead(Reg r, bool owned) {
    if (owned) release(r);
  }
  void pushRegister(ValType type, Reg r);
  // Inlined into the validator's loop by force: GCC's budget for that loop
  // is spent, and a call per constant costs about 1% of compile time.
  [[gnu::always_inline]] void pushConstant(ValType type, uint64_t bits);
  void pushSpilled(ValType type);
  void pushCondition(const PendingCondition& c);
  Address localAddress(uint32_t index) const { return transfer_.localAddress(index); }
  // For code that reads the slot (noted for keptDirtyTo).
  Address readLocalSlot(uint32_t index) {
    locals_.relyOnSlot(index);
    return localAddress(index);
  }
  // The local register cache (value_stack.h): copies are dropped at labels
  // and before calls; toRegister() reads a local from its copy.
  void cacheLocal(uint32_t index, Reg r, bool dirty = false) { locals_.set(index, r, dirty); }
  // Forgets a local's copy without code: the local is being overwritten.
  void dropCachedLocal(uint32_t index);
  // Forgets every copy without code: at a label (where only clean copies
  // arrive) or after writeBackLocals().
  void clearLocalCache();
  // Stores a dirty copy to its local's slot (nothing for a clean one).
  void writeBackLocal(Reg r);
  // Makes every local's slot current: before edges, labels and calls.
  void writeBackLocals();
  // The same, except for the dirty copies in `keep`.
  void writeBackLocalsExcept(RegisterSet keep) {
    locals_.relyOnAllSlots();  // where the branch, label or call goes
    if (zeroPendingCount_ != 0 || !(locals_.dirty() - keep).empty()) storeLocalsExcept(keep);
  }
  // Its stores: the pending zeros, the dirty copies outside `keep`.
  void storeLocalsExcept(RegisterSet keep);
  // Stores the zeros of declared locals not yet written or stored.
  void writePendingZeros();
  // Zeroes the frame bytes [fp - high, fp - low), 8 at a time, in a loop.
  void zeroFrameRange(uint32_t low, uint32_t high);
  // Sets localSlots_ for the parameters and the declared runs of locals;
  // returns the frame bytes they take.
  uint32_t layOutLocals(std::span<const ValType> params, std::span<const LocalRun> declared);
  // Declared locals start at zero: pending for scalars, stored for v128.
  void zeroDeclaredLocals(uint32_t paramCount, std::span<const LocalRun> declared);
  // The function's own block frame, the outermost.
  void pushFunctionFrame(const FuncType& type);
  Reg loadLocal(const StackEntry& e, RegisterSet exclude, bool triedLoopCopy = false);
  Address slotAddress(uint32_t slot) const { return transfer_.slotAddress(slot); }
  void materializeLocal(uint32_t index);
  // local.set of `v` (popped; a register of it passes to the cache).
  void setLocal(uint32_t index, StackEntry& v);

  // --- Operator families ---------------------------------------------------
  void emitIntBinary(IntOp op, OpSize s, ValType type);
  void emitAddToCopy(OpSize s, ValType type, const StackEntry& rhs);
  void emitIntOp(IntOp op, OpSize s, Reg dst, Reg lhs, Reg rhs);
  void emitIntOpImm(IntOp op, OpSize s, Reg dst, Reg lhs, int64_t imm);
  void emitDivRem(DivKind op, OpSize s, ValType type);
  // An i32 division whose divisor is a constant other than 0 and -1.
  void emitDivRemByConstant(DivKind op, ValType type);
  void emitIntUnary(IntUnary op, OpSize s, ValType type);
  void emitEqz(OpSize s);
  void emitIntCompare(IntCond cond, OpSize s);
  void emitFloatBinary(FloatOp op, OpSize s, ValType type);
  void emitFloatUnary(FloatUnary op, OpSize s, ValType type);
  void emitFloatCompare(FloatCond cond, OpSize s);
  void emitConversion(Conversion conv, ValType to);
  // Every SIMD operator without immediates, by its shape (codegen_simd.cpp).
  void emitSimd(Opcode op);
  // The SIMD loads other than v128.load (load-extend, -splat, -zero).
  void emitSimdLoad(Opcode op, MemArg memArg);
  void emitSelectOnCondition(ValType type);
  BoundsCheck boundsFor(uint64_t offset, uint32_t size) const {
    return boundsCheckFor(options_.bounds, options_.guardBytes, offset, size);
  }
  // A constant i32 address plus the static offset (< 2^33): the whole
  // address of an access whose masm operand has no index register.
  static uint64_t constantAddress(const StackEntry& address, MemArg memArg) {
    return uint64_t{static_cast<uint32_t>(address.bits)} + memArg.offset;
  }

  // --- Control flow ---------------------------------------------------------
  void openFrame(BlockFrame::Kind kind, BlockType type);
  void assignMergeRegisters(BlockFrame& f);
  // The label branches to `f` jump to, created by the first of them.
  Label labelOf(BlockFrame& f);
  void bindLabelIfUsed(const BlockFrame& f);
  // After a label: the frame's carried values (types) as its merge state.
  void pushMergedValues(const BlockFrame& f, std::span<const ValType> types);
  // Emits the moves that carry a branch's values to `frame` (no jump).
  void emitBranchMoves(BlockFrame& frame);
  // Moves plus the jump (or the return, for the function's frame).
  void emitBranchTo(BlockFrame& frame);
  void branchOn(const StackEntry& cond, bool whenTrue, Label target);
  void resetStackTo(uint32_t height);
  void emitReturnSequence();
  // Epoch and fuel checks (JitOptions), at function entry and loop headers.
  void emitInterruptChecks();

  // --- Locals kept in registers across loops (loop_locals.cpp) -------------
  // Before a loop's entry: the dirty copies its header will promise stay.
  void writeBackBeforeLoop();
  void openLoopLocals(BlockFrame& loop);
  // The dirty copies a branch to `f` leaves unwritten (none unless `f` is a
  // loop): those of the locals its header keeps dirty, of the locals whose
  // header copy nothing relied on before they were written, and of the
  // temporaries no path from the header reads before writing them.
  RegisterSet keptDirtyTo(const BlockFrame& f) const;
  RegisterSet deadAtHeader(const BlockFrame& f) const;
  void closeLoopLocals(BlockFrame& loop);
  // A register holding `local`'s current value inside the innermost loop,
  // now the local's cached copy; none when it cannot be had without a load.
  Reg loopCopyOf(uint32_t local);
  bool needsLoopLocalMoves(BlockFrame& f);
  void revokeUnusedPromises(BlockFrame& f);
  bool promiseUsed(const LocalInRegister& l) const;
  // The local's register copy for a read (none if not cached); notes when
  // the read relies on a loop header's promise.
  Reg copyForRead(uint32_t local);
  RegisterSet writtenSinceHeader(uint32_t loopFrame) const;
  bool stillHolds(uint32_t loopFrame, const LocalInRegister& l) const;
  bool branchMayKeep(uint32_t loopFrame, const LocalInRegister& l) const;
  uint32_t frameIndexOf(const BlockFrame& f) const { return frames_.indexOf(f); }
  void queueLoopLocalMoves(BlockFrame& f);
  void emitPreheaders();
  void noteLocalWrite(uint32_t index) { localWriteTick_[index] = loopTick_; }
  // An edge to `target`'s label (a branch, or an if's false edge), and
  // the label of `f` being bound: they keep unboundEdges_.
  void countEdge(BlockFrame& target);
  void resolveEdges(const BlockFrame& f);

  // --- Local copies at forward labels (label_copies.cpp) --------------------
  // An edge (branch or fallthrough) to `f`'s end label with the local cache
  // as it is now, after the edge's moves.
  void noteLabelEdge(BlockFrame& f);
  void noteLabelEdge(BlockFrame& f, const std::vector<LocalInRegister>& copies);
  void cacheCopies(std::vector<LocalInRegister>& out) const;
  // After binding a label: the copies every edge agreed on.
  void restoreCopies(const std::vector<LocalInRegister>& copies);

  // --- Calls ----------------------------------------------------------------
  // A direct call (`directIndex`), or one through the VMFunction in
  // `callee`, a register no argument goes to (calleeRegister).
  void emitCall(uint32_t typeIndex, const FuncType& type, std::optional<uint32_t> directIndex,
                Reg callee = Reg());
  // The call layout of module type `typeIndex`, computed on first use: a
  // module has few types and many calls.
  const CallLayout& callLayout(uint32_t typeIndex, const FuncType& type);
  // A register for the VMFunction of an indirect or imported call that
  // survives the placing of the call's arguments: none of theirs.
  Reg calleeRegister(const CallLayout& layout, RegisterSet exclude = {});
  void loadCalleeAndCall(Reg callee);
  void switchContext(const Address& source);
  void emitContextSwitches();
  // The area a call's stack arguments and results are in: the caller's
  // outgoing area at a call, the callee's view of it at a return.
  enum class CallArea : uint8_t { Outgoing, Caller };
  void transferToLocations(uint32_t base, std::span<const ValueLocation> locations, CallArea area);
  // What a transfer moves for `e`: a local with a register copy is moved
  // from the copy (an entry in transferSources_), anything else as it is.
  const StackEntry& transferSource(const StackEntry& e);
  void emitBuiltinCall(BuiltinId id, std::span<const BuiltinArg> args);
  void emitGrowResult();
  void emitBulkResultCheck(TrapCode outOfBounds);
  void loadFromContextArray(Reg dst, int32_t arrayOffset, uint32_t index);
  void loadGlobalCell(Reg dst, uint32_t index);
  // Where `table`'s VMTable is; may load into `scratch`.
  Address tableAddress(Reg scratch, uint32_t table);
  // Traps with `outOfBounds` unless `index` < the size of `table`, then
  // loads the table's elements pointer into `dst` (`scratch` is clobbered).
  void loadCheckedTableElements(Reg dst, Reg scratch, uint32_t table, Reg index,
                                TrapCode outOfBounds);

  // Records the error that ends the walk (failure()); the validator calls
  // nothing more for this function.
  void unsupported(const char* what);
  // Ends the walk with a Resource error once the code passes the budget
  // (limitCodeTo); checked after whatever emits code for many values at
  // once (calls, returns, branches), so it is passed by one operator's code
  // at most.
  void checkCodeBudget();

  const Module& module_;
  MacroAssembler& masm_;
  JitOptions options_;
  Result<void> status_;

  ValueStack stack_;
  RegisterAllocator regs_;
  LocalRegisterCache locals_;
  // The comparison of the stack's Condition entry: there is at most one, on
  // top, so it lives here rather than in every entry.
  PendingCondition pendingCondition_;
  BlockFrames frames_;
  std::vector<uint32_t> localSlots_;
  StackTransfer transfer_{masm_, localSlots_};
  std::vector<ValType> localTypes_;
  // Per local: a declared local still zero whose slot was not yet written
  // (writePendingZeros); how many there are.
  std::vector<uint8_t> zeroPending_;
  uint32_t zeroPendingCount_ = 0;
  uint32_t funcIndex_ = 0;
  uint64_t codeBudget_ = UINT64_MAX;
  SharedCodeBudget* sharedBudget_ = nullptr;
  uint64_t sharedBudgetAdded_ = 0;  // of this part's code, what the shared count holds
  uint32_t frameBytes_ = 0;
  // The function being compiled's, in callLayouts_ (sized once, at its
  // first use, so the pointer stays valid).
  const CallLayout* layout_ = nullptr;
  std::vector<std::optional<CallLayout>> callLayouts_;  // by module type index
  std::vector<Label> brTableStubs_;  // by depth; invalid between br_tables
  std::vector<uint32_t> stubDepths_;
  std::vector<Label> brTableLabels_;
  std::vector<uint32_t> positions_;  // scratch: stack positions to spill

  // Loop locals (loop_locals.cpp): per local, the tick of its last write;
  // the tick of the last loop opened; the open loops' frame positions; the
  // preheaders emitted at the function's end and the loads they do.
  struct Preheader {
    Label label;
    Label header;
    uint32_t entryJump = 0;       // code offset of the loop entry's jump here
    uint32_t begin = 0, end = 0;  // in preheaderLoads_
  };
  std::vector<uint32_t> localWriteTick_;
  // Per local: the openTick of the newest loop whose loopLocals hold it
  // (0: none).
  std::vector<uint32_t> promiseTick_;
  // Per local: the openTick of the last loop whose header keeps it dirty.
  std::vector<uint32_t> dirtyPromiseTick_;
  uint32_t loopTick_ = 0;
  // Reads of promised locals from registers: a count, and per register the
  // count at its last such read (promiseUsed).
  uint32_t readTick_ = 0;
  uint32_t lastPromisedRead_[Reg::kKeys] = {};
  std::vector<uint32_t> loopFrames_;
  // Edges since the newest loop's header (tick loopTick_) to labels not
  // bound yet, or to an outer loop's header (deadAtHeader, countEdge).
  uint32_t unboundEdges_ = 0;
  std::vector<Preheader> preheaders_;
  std::vector<LocalInRegister> preheaderLoads_;
  // Scratch: register sources standing for locals' copies in a transfer
  // (reserved before use: queued entries must not move).
  std::vector<StackEntry> transferSources_;
  // Calls that switch instances (call_lowering.cpp): out-of-line stubs
  // emitted at the function's end, each jumping back to `resume`.
  struct ContextSwitch {
    Label stub;
    Label resume;
  };
  std::vector<ContextSwitch> contextSwitches_;
};

// The value-stack operations every operator uses, inline; the rest are in
// value_stack_ops.cpp.
inline void Codegen::releaseEntry(const StackEntry& e) {
  if (e.kind == StackEntry::Kind::Register) {
    release(e.reg);
  } else if (e.kind == StackEntry::Kind::Condition) {
    if (pendingCondition_.lhsOwned) release(pendingCondition_.lhs);
    if (pendingCondition_.rhs.isValid() && pendingCondition_.rhsOwned) release(pendingCondition_.rhs);
  }
}

inline void Codegen::settleTop() {
  if (!stack_.empty() && stack_.top().kind == StackEntry::Kind::Condition)
    materializeCondition(stack_.top());
}

inline StackEntry Codegen::pop() {
  settleTop();
  return stack_.pop();
}

inline StackEntry Codegen::popCondition() { return stack_.pop(); }

inline Reg Codegen::toRegister(const StackEntry& e, RegisterSet exclude) {
  assert(e.kind != StackEntry::Kind::Condition);
  if (e.inRegister()) return e.reg;
  if (e.kind == StackEntry::Kind::Local) return loadLocal(e, exclude);
  Reg r = allocate(regClassOf(e.type), exclude);
  transfer_.load(e, r);
  return r;
}

inline Reg Codegen::popToRegister(RegisterSet exclude) {
  StackEntry e = pop();
  return toRegister(e, exclude);
}

inline void Codegen::pushRegister(ValType type, Reg r) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Register;
  e.type = type;
  e.reg = r;
  stack_.push(e);
}

inline void Codegen::pushConstant(ValType type, uint64_t bits) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Constant;
  e.type = type;
  e.bits = type == ValType::I32 || type == ValType::F32 ? (bits & 0xFFFFFFFFu) : bits;
  stack_.push(e);
}

inline void Codegen::pushSpilled(ValType type) {
  StackEntry e;
  e.kind = StackEntry::Kind::Spilled;
  e.type = type;
  stack_.push(e);
}

inline void Codegen::pushCondition(const PendingCondition& c) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Condition;
  e.type = ValType::I32;
  pendingCondition_ = c;
  stack_.push(e);
}

// An edge to a label bound later counts until it is bound; one to an
// outer loop's header for good (its code is compiled, and may read any
// slot). A return, and a back-edge to the newest loop, need no count, nor
// does any edge outside loops (a loop's opening resets the count).
// (Inline: every branch and block end passes here.)
inline void Codegen::countEdge(BlockFrame& target) {
  const uint32_t epoch = loopTick_ + 1;
  if (loopFrames_.empty() || target.edgeEpoch == epoch) return;
  if (target.kind == BlockFrame::Kind::Function) return;
  if (target.kind == BlockFrame::Kind::Loop && target.openTick == loopTick_) return;
  target.edgeEpoch = epoch;
  unboundEdges_++;
}

inline void Codegen::resolveEdges(const BlockFrame& f) {
  if (f.edgeEpoch == loopTick_ + 1) unboundEdges_--;
}

// local.set must not change what earlier local.get entries read. The
// topmost reader (used first) takes over the local's register copy, which
// the set would drop anyway, instead of a store and a reload; the others
// are spilled first (from that copy: a dirty one is the only place the
// value is).
inline void Codegen::materializeLocal(uint32_t index) {
  if (!stack_.hasLocalReaders(index)) return;
  stack_.takeLocalReaders(index, positions_);
  if (positions_.empty()) return;  // the recorded readers became other kinds
  const uint32_t topmost = positions_.back();
  for (uint32_t position : positions_) {
    if (position != topmost) spill(stack_.at(position));
  }
  StackEntry& top = stack_.at(topmost);
  Reg copy = copyForRead(index);
  if (!copy.isValid()) return spill(top);
  locals_.dropLocal(index);  // the register passes to `top`, not freed
  top.kind = StackEntry::Kind::Register;
  top.reg = copy;
  stack_.noteRegister(top);
}

}  // namespace ember
