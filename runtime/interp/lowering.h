// Lowering: a visitor of the validating decoder (DESIGN decision 1) that
// turns each function body, in one forward pass, into the interpreter's
// slot-addressed code (code.h). See README.md for the design.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/format/chunked_stack.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"
#include "runtime/format/visitor.h"
#include "runtime/interp/code.h"

namespace ember {
template <typename Visitor>
class FunctionValidator;
}

namespace ember::interp {

// Interruption checks (Config::epochInterruption, consumeFuel): emitted at
// each function entry and loop header only when enabled, so code lowered
// without them runs exactly as before (DESIGN decision 8).
struct LoweringOptions {
  bool epochChecks = false;
  bool fuelChecks = false;
};

// Validates every function body of `module` and lowers it. `typeIds` maps
// the module's type indices to engine-wide canonical ids (for
// call_indirect). Fails with the validator's error.
Result<std::unique_ptr<ModuleCode>> lowerModule(const Module& module,
                                                std::span<const uint32_t> typeIds,
                                                LoweringOptions options = {});

class Lowering;

// Lowers the functions of one module, each once: in index order, and a
// small function early when a call to it is lowered first, so that it can
// be inlined there (inlining.h).
class ModuleLowering {
 public:
  ModuleLowering(const Module& module, ModuleCode& out, std::span<const uint32_t> typeIds,
                 LoweringOptions options);
  ~ModuleLowering();
  // Validates and lowers every body; fails with the error the spec reports.
  Result<void> lowerAll();
#if EMBER_INTERP_SUPERINSTRUCTIONS  // inlining.h comes with them
  // Defined function `index`, lowered now if it was not yet and is small
  // enough to be inlined; nullptr if it is not lowered (or not valid).
  const FunctionCode* loweredForInlining(uint32_t index);
  // Words of inlined code the rest of the module may add.
  uint64_t& inlineBudget() { return inlineBudget_; }
  // Words of lowered code the 128-bit multiply recognizer may still read.
  uint64_t& wideMultiplyBudget() { return wideMultiplyBudget_; }
#endif

 private:
  enum class State : uint8_t { Pending, Lowering, Done, Failed };
  struct Lowerer;  // a lowering and the validator driving it
  // A chain of small functions lowered early nests no deeper than this.
  static constexpr uint32_t kMaxEarlyNesting = 4;
  Result<void> lower(ember::FunctionValidator<Lowering>& validator, uint32_t index);

  const Module& module_;
  ModuleCode& out_;
  std::span<const uint32_t> typeIds_;
  LoweringOptions options_;
#if EMBER_INTERP_SUPERINSTRUCTIONS
  std::vector<State> state_;
  uint32_t nesting_ = 0;  // functions being lowered early, one inside another
  std::unique_ptr<Lowerer> early_[kMaxEarlyNesting];
  uint64_t inlineBudget_ = 0;
  // A module of many functions of the helper's signature is examined no
  // further than this (each attempt reads at most kMaxWideMultiplyWords).
  uint64_t wideMultiplyBudget_ = 64 * 1024;
#endif
};

class Lowering : public OperatorVisitor<Lowering> {
 public:
  Lowering(ModuleLowering& owner, const Module& module, ModuleCode& out,
           std::span<const uint32_t> typeIds, LoweringOptions options = {});

  // The validator driving this visitor: each instruction records the byte
  // offset of the operator it comes from (FunctionCode::wasmOffsets).
  void setValidator(const ember::FunctionValidator<Lowering>* validator) { validator_ = validator; }

  void beginFunction(uint32_t funcIndex, const FuncType& type, std::span<const ValType> locals);
  void visitFunctionEnd(bool reachable);

  void visitUnreachable();
  void visitNop() {}
  void visitBlock(BlockType bt);
  void visitLoop(BlockType bt);
  void visitIf(BlockType bt);
  void visitElse(bool reachable);
  void visitEnd(bool reachable);
  void visitBr(uint32_t depth);
  void visitBrIf(uint32_t depth);
  void visitBrTable(std::span<const uint32_t> targets, uint32_t defaultDepth);
  void visitReturn();
  void visitCall(uint32_t funcIndex, const FuncType& type);
  void visitCallIndirect(uint32_t typeIndex, uint32_t tableIndex, const FuncType& type);

  void visitDrop(ValType type) {
    pop();
    if (type == ValType::V128) pop();
  }
  void visitSelect(ValType);
  void visitLocalGet(uint32_t index, ValType);
  void visitLocalSet(uint32_t index, ValType);
  void visitLocalTee(uint32_t index, ValType);
  void visitGlobalGet(uint32_t index, ValType);
  void visitGlobalSet(uint32_t index, ValType);

  void visitI32Const(int32_t v) { pushConst(static_cast<uint32_t>(v)); }
  void visitI64Const(int64_t v) { pushConst(static_cast<uint64_t>(v)); }
  void visitF32Const(uint32_t bits) { pushConst(bits); }
  void visitF64Const(uint64_t bits) { pushConst(bits); }
  void visitV128Const(const V128Bytes&);

  void visitRefNull(ValType) { pushConst(0); }
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

  void visitLoad(Opcode op, MemArg m);
  void visitStore(Opcode op, MemArg m);
  void visitMemorySize(uint32_t memory);
  void visitMemoryGrow(uint32_t memory);
  void visitMemoryInit(uint32_t dataIndex, uint32_t memory);
  void visitDataDrop(uint32_t dataIndex);
  void visitMemoryCopy(uint32_t dstMemory, uint32_t srcMemory);
  void visitMemoryFill(uint32_t memory);

  void visitNumeric(Opcode op);

  // SIMD (lowering_simd.cpp).
  void visitI8x16Shuffle(const V128Bytes& lanes);
  void visitExtractLane(Opcode op, uint8_t lane);
  void visitReplaceLane(Opcode op, uint8_t lane);
  void visitLoadLane(Opcode op, MemArg m, uint8_t lane);
  void visitStoreLane(Opcode op, MemArg m, uint8_t lane);

 private:
  // Where a value on the operand stack lives. Values are kept lazily:
  // `local.get` and constants push a reference and emit nothing; an
  // instruction then reads the local's slot or takes the constant as an
  // immediate. A value is written to its home slot (localSlots + position)
  // only when something needs it there.
  enum class Where : uint8_t { Home, Local, Const };
  struct Operand {
    Where where = Where::Home;
    // Pushed as a read of `local` (kept when materialized): a link of that
    // local's reader chain (see pushLocalRead).
    bool pushedAsLocal = false;
    uint32_t local = 0;
    union {
      uint64_t bits = 0;        // Const: the value
      uint32_t previousReader;  // pushedAsLocal: the previous reader's position
    };
  };
  enum class Kind : uint8_t { Function, Block, Loop, If, Else };
  struct Control {
    Kind kind;
    uint32_t height;       // operand stack height below the block's parameters
    uint32_t params;
    uint32_t results;
    uint32_t loopStart;    // Loop: code index of the loop header
    uint32_t endFixups;    // chain of branch operands to patch at `end`
    uint32_t elseFixup;    // If: the operand of the branch to the else arm
  };
  // A compare (or eqz) that just wrote the condition a branch consumes, so
  // the branch can test the operands directly.
  struct FusedCompare {
    IOp op;                // the compare (I32LtS, I32LtSImm, I32Eqz, ...), or Count_ if none
    uint32_t words;        // its operand words after the destination
    uint32_t operands[4];  // a, then b or the immediate (one or two words); withAdd: a src imm b
    bool inverted;         // the branch is on the compare being false (an i32.eqz of it)
    bool withAdd = false;  // the add of a constant that computed a fuses too (BrIfAdd forms)
    bool stepInSlot = false;  // withAdd, of a slot instead (BrIfStep forms)
    uint32_t loadAt = 0;      // a load's module offset, for the BrIfLoad forms
  };

  static constexpr uint32_t kNoFixup = 0xFFFFFFFFu;
  static constexpr uint32_t kNoDst = 0xFFFFFFFFu;

  // Code emission.
  void emitOp(IOp op, uint32_t dst = kNoDst);
  void noteWasmOffset();  // the operator being lowered emits code from here
  void emit(uint32_t word) { code_.push_back(word); }
  void emitPointer(const void* p) {  // two words, low first
    uint64_t bits = reinterpret_cast<uintptr_t>(p);
    emit(static_cast<uint32_t>(bits));
    emit(static_cast<uint32_t>(bits >> 32));
  }
  void bindHere() {
    lastDst_ = prevDst_ = kNoDst;
    lastOp_ = prevOp_ = IOp::Count_;
  }
  // Removes the instructions from `start` on (they fused into the next).
  void truncateCode(uint32_t start);
  void addFixup(uint32_t& chain);
  void patchChain(uint32_t chain, uint32_t target);
  void emitJumpTo(Control& target);
  uint32_t here() const { return static_cast<uint32_t>(code_.size()); }

  // Operand stack.
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  uint32_t home(uint32_t pos) const { return localSlots_ + pos; }
  void pushConst(uint64_t bits);
  uint32_t pushHome();  // pushes a value in its home slot, returns the slot
  Operand pop();
  uint32_t slotOf(uint32_t pos);       // a slot holding the value at pos
  void materialize(uint32_t pos);      // value at pos into its home slot
  void materializeRange(uint32_t from, uint32_t to);
  void materializeLocalRefsBelow(uint32_t to);
  void truncate(uint32_t newHeight);  // pops down to newHeight
  void forgetPosition(uint32_t pos);  // its operand is about to be popped
  void pushLocalRead(uint32_t local);
  void writeOperandTo(const Operand& v, uint32_t pos, uint32_t dstSlot);
  void preserveLocal(uint32_t local);  // before the local is overwritten

  // Shared lowering steps.
  void unop(IOp op);
  void binop(IOp op);
  void binopImm(IOp op, IOp immOp, bool commutative, bool is64);
  void trapBinop(IOp op, IOp immOp, bool isSigned, bool is64);
  void emitImm(uint64_t bits, bool is64);

  // SIMD (lowering_simd.cpp). A v128 is two operand-stack entries (its low
  // and high 8 bytes), so it has two consecutive home slots and every
  // height and arity here counts slots.
  uint32_t slotOfLocal(uint32_t index) const {
    return localSlot_.empty() ? index : localSlot_[index];
  }
  uint32_t pushV128();                   // a v128 in its home slots, returns the first
  uint32_t v128SlotOf(uint32_t pos);     // first of two consecutive slots holding it
  void writeV128To(uint32_t pos, uint32_t dstSlot);
  void localTeeV128(uint32_t slot);
  void selectV128();
  void globalGetV128(uint32_t index);
  void globalSetV128(uint32_t index);
  void simdLoad(Opcode op, MemArg m);
  void simdStore(MemArg m);
  void simdNumeric(Opcode op);
  void splatConstant(Opcode op, uint64_t bits);
  bool fuseRotate();
  // The last two SIMD shifts by a constant (start of their code), for
  // fuseRotate: `shl x n; shr_u x (w - n); or` is one rotate.
  uint32_t shiftStarts_[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
  static bool writesV128(IOp op);
  FusedCompare takeCompare(uint32_t condSlot, bool onlyWriting, bool takeAdd = false);
  bool takeCounterUpdate(FusedCompare& cmp, uint32_t& start);
  struct AddressMode {
    enum Kind : uint8_t { None, Add, Indexed } kind;
    uint32_t base;   // slot of the address before the add
    uint32_t index;  // Add: the constant added; Indexed: the index slot
    uint32_t shift;  // Indexed: the index is shifted left by this much
  };
  AddressMode takeAddress(uint32_t pos, bool indexed);
#if EMBER_INTERP_SUPERINSTRUCTIONS
  AddressMode foldAddressAcrossLoad(uint32_t pos);
  bool fuseLoadStore(IOp store, uint32_t value, uint32_t addr, uint32_t add, uint32_t offset);
#else
  bool fuseLoadStore(IOp, uint32_t, uint32_t, uint32_t, uint32_t) { return false; }
  AddressMode foldAddressAcrossLoad(uint32_t) { return {AddressMode::None, 0, 0, 0}; }
#endif
  void attributeLastTo(uint32_t wasmOffset);
  // The folds of the SIMD accesses, which have no indexed forms.
  struct AddressFold {
    bool folded;
    uint32_t base;
    uint32_t add;
  };
  AddressFold takeAddressAdd(uint32_t pos) {
    AddressMode a = takeAddress(pos, false);
    return {a.kind != AddressMode::None, a.base, a.index};
  }
  uint32_t lastResultOperand() const;
  bool lastReadsAcc() const;
  void emitFused(IOp op, bool removedReadAcc, uint32_t a, uint32_t b, uint32_t c);
  bool fuseShiftInto(IOp shiftOp, IOp fused, uint32_t countMask);
  bool fuseIntoAdd(IOp op, IOp fused);
  bool fuseXorRotate(IOp xorOp, IOp fused, bool right, uint32_t width);
#if EMBER_INTERP_SUPERINSTRUCTIONS
  bool foldAddImm();
  bool extendsACompare() const;
  bool fuseLoadInto(IOp load, IOp fused);
  void emitAtLoad(IOp op, uint32_t loadAt);
  bool fuseMulLoadAdd();
  bool fuseAndNot(IOp xorImm, IOp fused, bool is64);
  bool foldNotIntoAddImm(bool is64);
  bool fuseSuperInstruction(Opcode op);
  bool divideByConstant(IOp op, uint32_t d);
  bool fuseRangeCheck();
  bool fuseAddImmInto(IOp fused);
  bool fuseAddXorRotl(uint32_t a, uint32_t b, uint32_t k);
  bool rangeCheckBranch(FusedCompare& cmp, bool onlyWriting, bool takeAdd);
#else
  bool rangeCheckBranch(FusedCompare&, bool, bool) { return false; }
  bool fuseAddXorRotl(uint32_t, uint32_t, uint32_t) { return false; }
  bool fuseSuperInstruction(Opcode) { return false; }
  bool divideByConstant(IOp, uint32_t) { return false; }
#endif
  bool fuseShiftAnd(IOp shiftOp, IOp fused, bool is64);
  bool fuseWithLast(Opcode op);
  void emitCondBranch(const FusedCompare& cmp, uint32_t condSlot, bool ifTrue, uint32_t& chain);
  uint32_t branchArity(const Control& c) const {
    return c.kind == Kind::Loop ? c.params : c.results;
  }
  bool branchNeedsMoves(const Control& target) const;
  void emitBranchMoves(const Control& target);
  void emitBranch(Control& target);  // moves + jump (or return)
  void emitReturn();
  bool inlineCall(uint32_t funcIndex, uint32_t firstArg);
  void enterBlock(Kind kind, BlockType bt);
  void emitInterruptChecks();
#if EMBER_INTERP_SUPERINSTRUCTIONS
  void lowerAsWideMultiply(uint32_t firstStoreOffset);
#endif

#if EMBER_INTERP_SUPERINSTRUCTIONS
  ModuleLowering* owner_ = nullptr;  // for callees to inline
#endif
  const Module& module_;
  ModuleCode& out_;
  std::span<const uint32_t> typeIds_;
  LoweringOptions options_;

  FunctionCode* func_ = nullptr;
  std::vector<uint32_t> code_;
  std::vector<Operand> stack_;
  // Where pending `local.get`s are, so that local.set and block entry need
  // not scan the stack (hostile bodies are deep): per local, the highest
  // position pushed as its read (the head of its reader chain, see
  // pushLocalRead), and the height below which none is pending.
  static constexpr uint32_t kNoReader = 0xFFFFFFFFu;
  std::vector<uint32_t> lastReader_;
  uint32_t noLocalReadsBelow_ = 0;
  std::vector<uint32_t> preserved_;  // scratch of preserveLocal
  // br_table: per depth, kUnseen, kDirect (no moves) or its stub's position.
  static constexpr uint32_t kUnseen = 0xFFFFFFFFu;
  static constexpr uint32_t kDirect = 0xFFFFFFFEu;
  std::vector<uint32_t> brTableTarget_;
  std::vector<uint32_t> brTableDepths_;
  ChunkedStack<Control> controls_;
  uint32_t localSlots_ = 0;  // wasm locals, then the zero slot
  uint32_t zeroSlot_ = 0;
  std::vector<uint32_t> localSlot_;  // local index -> slot; empty: the same (no v128 local)
  uint32_t maxHeight_ = 0;
  uint32_t resultCount_ = 0;
#if EMBER_INTERP_SUPERINSTRUCTIONS
  uint32_t entryWords_ = 0;  // the entry's interrupt checks
  bool mayMultiplyWide_ = false;  // of the 128-bit multiply helper's signature
#endif
  // The last instruction, while no label has been bound after it.
  uint32_t lastStart_ = 0;
  uint32_t lastDst_ = kNoDst;
  IOp lastOp_ = IOp::Count_;
  // The one before it, under the same condition.
  uint32_t prevStart_ = 0;
  uint32_t prevDst_ = kNoDst;
  IOp prevOp_ = IOp::Count_;
  const ember::FunctionValidator<Lowering>* validator_ = nullptr;
#if EMBER_INTERP_SUPERINSTRUCTIONS
  std::vector<uint32_t> paramSources_;  // scratch of inlineCall
#endif
};

// The operand-stack primitives every lowering file uses (lowering.cpp and
// lowering_simd.cpp), inline because they run for nearly every operator.

[[gnu::always_inline]] inline void Lowering::forgetPosition(uint32_t pos) {
  const Operand& v = stack_[pos];
  if (v.pushedAsLocal && lastReader_[v.local] == pos) lastReader_[v.local] = v.previousReader;
}

[[gnu::always_inline]] inline Lowering::Operand Lowering::pop() {
  uint32_t pos = height() - 1;
  forgetPosition(pos);
  Operand v = stack_.back();
  stack_.pop_back();
  if (noLocalReadsBelow_ > pos) noLocalReadsBelow_ = pos;
  return v;
}

// Pops down to `newHeight`, top first (as pops restore reader chains).
[[gnu::always_inline]] inline void Lowering::truncate(uint32_t newHeight) {
  for (uint32_t pos = height(); pos-- > newHeight;) forgetPosition(pos);
  stack_.erase(stack_.begin() + newHeight, stack_.end());
  if (noLocalReadsBelow_ > newHeight) noLocalReadsBelow_ = newHeight;
}

// A pending read of `local` on top. Reads of one local are chained from the
// highest (lastReader_) down through previousReader; pops restore the head,
// and stack discipline keeps every position below a live one unchanged, so
// the chain lists exactly the positions pushed as reads of the local.
[[gnu::always_inline]] inline void Lowering::pushLocalRead(uint32_t local) {
  uint32_t pos = height();
  Operand v;
  v.where = Where::Local;
  v.local = local;
  v.pushedAsLocal = true;
  v.previousReader = lastReader_[local];
  lastReader_[local] = pos;
  stack_.push_back(v);
  if (height() > maxHeight_) maxHeight_ = height();
}

}  // namespace ember::interp
