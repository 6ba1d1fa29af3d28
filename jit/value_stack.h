// The abstract operand stack of the single-pass compiler (Liftoff's
// CacheState, Winch's stack.rs): each wasm operand is described by where its
// value is right now rather than by machine code that put it somewhere.
// Every position also owns a canonical frame slot, which is where the value
// lives once spilled and where control-flow merges expect it. Register
// copies of locals are tracked beside it (LocalRegisterCache).
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "jit/masm.h"

namespace ember {

// A comparison not yet turned into a 0/1 value, so that br_if, if and select
// can branch on the flags directly (compare-and-branch fusion).
struct PendingCondition {
  bool isFloat = false;
  IntCond intCond = IntCond::Eq;
  FloatCond floatCond = FloatCond::Eq;
  OpSize size = OpSize::S32;
  Reg lhs;
  Reg rhs;  // invalid: compare against `imm`
  int64_t imm = 0;
  // A float comparison under eqz: `!(lhs cond rhs)`, true when unordered
  // (integer conditions are negated in place instead).
  bool negated = false;
  // False for an operand read in place from a local's register copy (the
  // cache owns it; Codegen::readRegister).
  bool lhsOwned = true;
  bool rhsOwned = true;
};

struct StackEntry {
  enum class Kind : uint8_t {
    Register,   // in `reg`
    Constant,   // `bits`, not yet in any register
    Local,      // the current value of local `local` (read lazily)
    Spilled,    // in its canonical slot
    Condition,  // Codegen::pendingCondition_, only ever on top (so at most one)
  };
  Kind kind = Kind::Spilled;
  ValType type = ValType::I32;
  Reg reg;
  uint64_t bits = 0;
  uint32_t local = 0;
  // Frame offset (masm frameSlot) of this position's canonical slot.
  uint32_t slot = 0;
  // Set by ValueStack::push for a Local entry, kept when it is spilled: the
  // position of the previous entry pushed as a read of the same local (the
  // chain ValueStack walks instead of scanning).
  bool pushedAsLocal = false;
  uint32_t previousReader = 0;

  bool inRegister() const { return kind == Kind::Register; }
  bool isConstant() const { return kind == Kind::Constant; }
};

// Bytes a value occupies in a frame slot; v128 (SIMD, later) needs 16.
constexpr uint32_t slotSizeOf(ValType t) { return t == ValType::V128 ? 16 : 8; }

// Every per-operator query answers in time independent of the stack's
// depth (hostile bodies push hundreds of thousands of values): where each
// register and each local is referenced is recorded as entries are pushed,
// and how far up from the bottom everything is spilled is kept as a mark.
// The records are validated on use (an entry may have been popped or
// spilled since), so in-place changes to entries need no bookkeeping except
// a register newly given to an entry (noteRegister).
class ValueStack {
 public:
  // Slots of operand positions start above `spillBase` bytes of frame.
  void reset(uint32_t spillBase, size_t localCount);

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  StackEntry& at(uint32_t i) { return entries_[i]; }
  const StackEntry& at(uint32_t i) const { return entries_[i]; }
  StackEntry& top() { return entries_[size_ - 1]; }
  // The entry `depth` below the top (0 is the top).
  StackEntry& peek(uint32_t depth) { return entries_[size_ - 1 - depth]; }

  // The canonical slot of a value of `type` pushed at position `position`
  // when the positions below it hold what they hold now.
  uint32_t slotFor(uint32_t position, ValType type) const {
    uint32_t below = position == 0 ? spillBase_ : entries_[position - 1].slot;
    uint32_t size = slotSizeOf(type);
    return (below + size + size - 1) & ~(size - 1);
  }

  // Inlined by force: every operator pushes, and GCC's choice flips with
  // unrelated changes (a call costs ~1.5% of compile time).
  [[gnu::always_inline]] StackEntry& push(const StackEntry& entry) {
    uint32_t position = size_;
    if (position == entries_.size()) [[unlikely]]
      grow();
    StackEntry& e = entries_[position];
    e = entry;
    size_ = position + 1;
    e.slot = slotFor(position, e.type);
    if (e.slot > maxSlot_) maxSlot_ = e.slot;
    e.pushedAsLocal = e.kind == StackEntry::Kind::Local;
    if (e.pushedAsLocal) {
      e.previousReader = lastReader_[e.local];
      lastReader_[e.local] = position;
    } else if (e.inRegister()) {
      registerOwner_[key(e.reg)] = position;
      recorded_.add(e.reg);
    }
    return e;
  }
  StackEntry pop() {
    assert(size_ != 0);
    uint32_t position = --size_;
    StackEntry e = entries_[position];
    if (e.pushedAsLocal && lastReader_[e.local] == position)
      lastReader_[e.local] = e.previousReader;
    if (e.inRegister()) recorded_.remove(e.reg);  // keeps the record small
    if (spilledBelow_ > position) spilledBelow_ = position;
    return e;
  }
  // The deepest frame offset any slot has used: the frame must cover it.
  uint32_t maxSlot() const { return maxSlot_; }
  uint32_t spillBase() const { return spillBase_; }

  // --- Where registers are referenced -------------------------------------
  // Records that `e` (an entry of this stack) now holds its register.
  void noteRegister(const StackEntry& e) {
    registerOwner_[key(e.reg)] = static_cast<uint32_t>(&e - entries_.data());
    recorded_.add(e.reg);
  }
  // The entry whose value is in register `r`, if any.
  StackEntry* holderOf(Reg r);
  // The lowest entry in a register of class `c` outside `exclude`: its value
  // is used last, so it is the one to spill.
  StackEntry* lowestInRegister(RegClass c, RegisterSet exclude);
  // Positions below `end` of the entries in registers, ascending.
  void registerPositions(uint32_t end, std::vector<uint32_t>& out);

  // --- Where locals are referenced ----------------------------------------
  // Positions of the Local entries reading `local`, ascending. The record
  // is consumed: the caller turns them into other kinds.
  void takeLocalReaders(uint32_t local, std::vector<uint32_t>& out);
  bool hasLocalReaders(uint32_t local) const { return lastReader_[local] != kNone; }

  // --- The spilled bottom -------------------------------------------------
  // Entries [0, spilledBelow()) are known to be Spilled.
  uint32_t spilledBelow() const { return spilledBelow_; }
  void markAllSpilled() { spilledBelow_ = size(); }

 private:
  static constexpr uint32_t kKeys = Reg::kKeys;
  static constexpr uint32_t kNone = UINT32_MAX;
  static uint32_t key(Reg r) { return r.key(); }

  // Out of line, so that push() (every operator) inlines no reallocation.
  [[gnu::noinline]] void grow();

  // [0, size_) is the stack; the rest is room already allocated.
  std::vector<StackEntry> entries_;
  uint32_t size_ = 0;
  uint32_t spillBase_ = 0;
  uint32_t maxSlot_ = 0;
  uint32_t spilledBelow_ = 0;
  // Per register, the position last recorded as holding it, and the set of
  // registers with a record (checked against the entry on use, since the
  // entry may have been spilled or popped since).
  uint32_t registerOwner_[kKeys] = {};
  RegisterSet recorded_;
  // Per local, the highest live position pushed as a read of it (kNone for
  // none); each such entry links to the previous one (previousReader). The
  // chain stays exact because pops restore the head: stack discipline keeps
  // every position below a live entry live and unchanged.
  std::vector<uint32_t> lastReader_;
};

// Which locals have a copy of their current value in a register (within a
// straight-line stretch of code). A copy is clean when the local's frame
// slot holds the same value, and dirty when the local was written since
// (local.set/tee, and parameters at entry) and only the register has it:
// stores are deferred to where the slot must be current, so a local written
// twice, or never read back from memory, is stored once or never. Dirty
// copies are written back before every branch, label and call, and before
// their register is reused; at a label only clean copies remain, and a
// clean copy can be forgotten at any time without code. The exception is
// a loop header, which keeps the dirty copies it is entered with, and the
// back-edges that move them there (loop_locals.cpp).
//
// Reads of slots are tracked per local, and a loop header's clean copies
// until code relies on their slots being current (forgetting them, or
// passing over them in a write-back): a back-edge may leave a local dirty
// whose slot nothing relied on between the header and the local's write
// (Codegen::keptDirtyTo).
class LocalRegisterCache {
 public:
  void reset(size_t localCount) {
    regOf_.assign(localCount, Reg());
    slotReadAt_.assign(localCount, 0);
    slotPassedAt_.assign(localCount, 0);
    for (int32_t& l : localOf_) l = -1;
    held_ = {};
    dirty_ = {};
    headerCopies_ = {};
    clock_ = 0;
    headerTick_ = 0;
    allSlotsReliedAt_ = 0;
  }
  Reg regOf(uint32_t local) const { return regOf_[local]; }
  bool holds(Reg r) const { return held_.has(r); }
  // The local whose copy `r` holds; `r` must hold one.
  uint32_t localIn(Reg r) const {
    assert(holds(r));
    return static_cast<uint32_t>(localOf_[key(r)]);
  }
  // The registers holding copies (O(1): labels and calls drop them all).
  RegisterSet registers() const { return held_; }
  // The registers holding copies the frame slots lack.
  RegisterSet dirty() const { return dirty_; }
  bool isDirty(Reg r) const { return dirty_.has(r); }
  void markClean(Reg r) { dirty_.remove(r); }
  // Restores the set dirty() returned (a branch's path wrote them back,
  // the code after it did not): the same copies must still be held.
  void setDirty(RegisterSet s) {
    assert((s - held_).empty());
    dirty_ = s;
  }
  // Records that `r` (owned by the cache from now on) holds `local`; a
  // dirty copy is the only place its value is.
  void set(uint32_t local, Reg r, bool dirty = false) {
    assert(!regOf_[local].isValid() && !holds(r));
    regOf_[local] = r;
    localOf_[key(r)] = static_cast<int32_t>(local);
    held_.add(r);
    if (dirty) dirty_.add(r);
    touch(r);
    writtenAt_[key(r)] = clock_;
  }
  // Marks `r`'s copy as just used: allocation gives up the copies used
  // longest ago first, so a local read again and again keeps its register.
  void touch(Reg r) { lastUse_[key(r)] = ++clock_; }
  // The register in `among` (dirty copies) whose local was written last.
  Reg lastWritten(RegisterSet among) const {
    Reg newest = among.first();
    for (Reg r : among) {
      if (writtenAt_[key(r)] > writtenAt_[key(newest)]) newest = r;
    }
    return newest;
  }
  // The register in `among` (copies held) whose copy was used longest ago.
  Reg leastRecentlyUsed(RegisterSet among) const {
    Reg oldest = among.first();
    for (Reg r : among) {
      if (lastUse_[key(r)] < lastUse_[key(oldest)]) oldest = r;
    }
    return oldest;
  }
  // Forgets `local`'s copy, dirty or not, because the local is being
  // written; returns the register to free (or none).
  Reg dropLocal(uint32_t local) {
    Reg r = regOf_[local];
    if (r.isValid()) {
      localOf_[key(r)] = -1;
      regOf_[local] = Reg();
      held_.remove(r);
      dirty_.remove(r);
      headerCopies_.remove(r);
    }
    return r;
  }
  // Forgets the copy `r` holds, if any: later reads go to the slot.
  Reg dropRegister(Reg r) {
    if (!holds(r)) return Reg();
    relyOnHeaderCopies(RegisterSet{r});
    return dropLocal(static_cast<uint32_t>(localOf_[key(r)]));
  }
  // Forgets every copy at once (labels and calls); returns the registers
  // to free.
  RegisterSet dropAll() {
    relyOnAllSlots();
    const RegisterSet held = held_;
    for (Reg r : held) {
      regOf_[static_cast<uint32_t>(localOf_[key(r)])] = Reg();
      localOf_[key(r)] = -1;
    }
    held_ = {};
    dirty_ = {};
    return held;
  }

  // --- Slots a loop's back-edge may leave stale (Codegen::keptDirtyTo) ---
  // At the header of a loop opened at `openTick` (ticks increase within a
  // function): `clean` are the clean copies the header keeps.
  void openHeader(uint32_t openTick, RegisterSet clean) {
    headerTick_ = openTick;
    headerCopies_ |= clean;
  }
  // A copy the loop opened at `openTick` adopted (its preheader loads it):
  // tracked like a header copy when nothing relied on every slot since the
  // header, else its slot counts as relied on.
  void adoptAsHeaderCopy(Reg r, uint32_t openTick) {
    if (allSlotsReliedAt_ >= openTick)
      slotPassedAt_[localIn(r)] = headerTick_;
    else
      headerCopies_.add(r);
  }
  // The code being emitted reads `local`'s slot.
  void relyOnSlot(uint32_t local) { slotReadAt_[local] = headerTick_; }
  // ... every slot (a branch, label or call).
  void relyOnAllSlots() {
    allSlotsReliedAt_ = headerTick_;
    relyOnHeaderCopies(held_);
  }
  // Whether code since the header opened at `openTick` read the slot of
  // `local`, or relied on it while a header copy stood for the local.
  bool slotRelied(uint32_t local, uint32_t openTick) const {
    return slotReadAt_[local] >= openTick || slotPassedAt_[local] >= openTick;
  }
  // Whether code since that header read the slot (relyOnSlot alone).
  bool slotRead(uint32_t local, uint32_t openTick) const { return slotReadAt_[local] >= openTick; }

 private:
  static constexpr uint32_t kKeys = Reg::kKeys;
  static uint32_t key(Reg r) { return r.key(); }

  // A header copy stops counting once relied on (its slot then does).
  void relyOnHeaderCopies(RegisterSet regs) {
    const RegisterSet relied = regs & headerCopies_;
    if (!relied.empty()) relyOnSlotsOf(relied);
  }
  // Out of line: rare (once per header copy), and write-backs stay small.
  [[gnu::noinline]] void relyOnSlotsOf(RegisterSet headerCopies);

  std::vector<Reg> regOf_;
  // Per local: headerTick_ at the last read of the slot, and at the last
  // time code relied on it by passing over a header copy.
  std::vector<uint32_t> slotReadAt_;
  std::vector<uint32_t> slotPassedAt_;
  int32_t localOf_[kKeys] = {};
  uint32_t lastUse_[kKeys] = {};
  uint32_t writtenAt_[kKeys] = {};
  uint32_t clock_ = 0;
  RegisterSet held_;
  RegisterSet dirty_;
  RegisterSet headerCopies_;  // clean copies kept by a header, not yet relied on
  uint32_t headerTick_ = 0;
  uint32_t allSlotsReliedAt_ = 0;
};

}  // namespace ember
