// Locals kept in registers across loop back-edges (Liftoff keeps the locals
// that are in registers at a loop's entry there for the whole loop; this
// also adopts the ones the body reads, without a second walk).
//
// A loop's header promises that some registers hold some locals
// (BlockFrame::loopLocals); every branch to the header moves the locals'
// current values there (a move from their copy, or a load from the slot),
// so a loop-carried local is read from a register, not reloaded through
// memory. Two sources fill the promise:
//
//  - the local cache at the loop's entry (copies in registers a branch never
//    writes otherwise: not the merge registers, not the division's). The
//    dirty copy of the local written last before the loop (a running sum, a
//    counter) stays dirty at the header: the entry moves it into such a
//    register if it is elsewhere, and the back-edges move its new value
//    there without storing it (LocalInRegister::dirty). Every other slot is
//    current at the header. The body's first branch, label or call stores
//    it as usual, so a loop whose body has none of those never does;
//  - adoption: the first read in the body of a local that was not written
//    since the header, at a point where some such register was not handed
//    out since the header either. The register then still holds what it
//    held at the header on every path from it, so the loop's preheader (an
//    out-of-line stub the entry jumps through, emitted at the function's
//    end) loads the local there, and the body reads it as a cached copy.
//    Only the innermost open loop adopts, and never a local its header
//    keeps dirty (the preheader would load a stale slot).
//
// The same test lets a later read re-acquire a header register the cache
// dropped at a label inside the loop, without code.
//
// A back-edge stores a local it carries only when code between the header
// and the local's write relied on the slot (keptDirtyTo): a loop whose
// body writes its counters and pointers before any branch, label or call
// carries them in registers alone; in the newest loop, with no edge left
// waiting for a label, only reads of the slot rely on it. It stores a
// temporary the body writes before reading it only when some path from
// the header may read the slot (deadAtHeader).
#include <algorithm>
#include <cassert>

#include "jit/codegen.h"

namespace ember {

namespace {

// Registers no branch, division or label writes behind the allocator's back.
constexpr RegisterSet loopLocalRegisters() {
  RegisterSet s = RegisterConventions::kAllocatable - RegisterConventions::kDivRemClobbers;
  for (Reg r : RegisterConventions::kMergeGp) s.remove(r);
  for (Reg r : RegisterConventions::kMergeFp) s.remove(r);
  return s;
}
constexpr RegisterSet kLoopLocalRegisters = loopLocalRegisters();

// How many dirty copies a loop header keeps dirty at most. Each saves a
// store per iteration in a loop whose body has no branch, label or call
// (sieve and quicksort kernels), and costs one where the body has a branch
// before the local's update as well as after it, or leaves it unchanged
// (a bound). Over 21 sightglass programs (cachegrind), one gave -0.25%
// instructions and -1.9% data references (geomean), two -0.16% and -1.6%
// with shootout-switch 6% worse, and every one without a limit lost 16%
// on shootout-matrix, whose loop nest is set up with a dozen locals.
constexpr uint32_t kDirtyAtLoopHeader = 1;

// The highest-numbered register of a non-empty set: the allocator hands out
// the lowest first, so these stay untouched longest.
Reg highest(RegisterSet s) {
  Reg last;
  for (Reg r : s) last = r;
  return last;
}

}  // namespace

// Makes the slots current before a loop's entry, except for the dirty
// copies its header keeps dirty: one in a register a loop cannot keep
// (rax, a merge register) moves to a free one it can instead.
void Codegen::writeBackBeforeLoop() {
  // The ones written last (kDirtyAtLoopHeader).
  RegisterSet kept;
  for (uint32_t n = 0; n < kDirtyAtLoopHeader; n++) {
    const RegisterSet candidates = locals_.dirty() - kept;
    if (candidates.empty()) break;
    kept.add(locals_.lastWritten(candidates));
  }
  for (Reg r : kept - kLoopLocalRegisters) {
    const uint32_t local = locals_.localIn(r);
    const RegClass c = regClassOf(localTypes_[local]);
    const RegisterSet free = regs_.freeSet().ofClass(c) & kLoopLocalRegisters;
    kept.remove(r);
    if (free.empty()) continue;
    const Reg home = highest(free);
    regs_.take(home);
    masm_.move(localTypes_[local], home, r);
    release(locals_.dropRegister(r));
    cacheLocal(local, home, /*dirty=*/true);
    kept.add(home);
  }
  writeBackLocalsExcept(kept);
}

// At the header: the cached copies a branch cannot clobber become the
// header's promise; the others are forgotten (a label).
void Codegen::openLoopLocals(BlockFrame& loop) {
  loop.openTick = ++loopTick_;
  unboundEdges_ = 0;
  for (Reg r : locals_.registers()) {
    if (kLoopLocalRegisters.has(r)) {
      copyForRead(locals_.localIn(r));  // the new header relies on an outer one's promise
      promiseTick_[locals_.localIn(r)] = loop.openTick;
      LocalInRegister& promise = loop.loopLocals.emplace_back();
      promise.local = locals_.localIn(r);
      promise.reg = r;
      promise.madeAt = readTick_;
      promise.tracksSlot = true;
      promise.dirty = locals_.isDirty(r);
      promise.used = promise.dirty;
      if (promise.dirty) dirtyPromiseTick_[promise.local] = loop.openTick;
      loop.loopRegs.add(r);
    } else {
      release(locals_.dropRegister(r));
    }
  }
  locals_.openHeader(loop.openTick, loop.loopRegs - locals_.dirty());
  loop.outerWritten = regs_.written();
  regs_.setWritten({});
  loop.preheader = masm_.newLabel();
  loop.preheaderJump = masm_.codeOffset();
  masm_.jump(loop.preheader);
  loopFrames_.push_back(frames_.size() - 1);
}

// After the loop, its header registers count as written for the loops
// around it (its back-edges and preheader write them).
void Codegen::closeLoopLocals(BlockFrame& loop) {
  loopFrames_.pop_back();
  regs_.setWritten(loop.outerWritten | regs_.written() | loop.loopRegs);
  Preheader p;
  p.label = loop.preheader;
  p.header = loop.label;
  p.entryJump = loop.preheaderJump;
  p.begin = static_cast<uint32_t>(preheaderLoads_.size());
  for (const LocalInRegister& l : loop.loopLocals) {
    if (l.loadedBeforeLoop) preheaderLoads_.push_back(l);
  }
  p.end = static_cast<uint32_t>(preheaderLoads_.size());
  preheaders_.push_back(p);
}

// Registers that may have changed since the header of the open loop at
// frame position `loopFrame`: the allocator's written set, plus what the
// loops opened inside it wrote before their headers and promise at them.
RegisterSet Codegen::writtenSinceHeader(uint32_t loopFrame) const {
  RegisterSet written = regs_.written();
  for (size_t i = loopFrames_.size(); i-- > 0 && loopFrames_[i] != loopFrame;) {
    const BlockFrame& inner = frames_.at(loopFrames_[i]);
    written |= inner.outerWritten | inner.loopRegs;
  }
  return written;
}

// Whether `l.reg` still holds what the header of `loop` promised, here:
// neither the local nor the register changed since.
bool Codegen::stillHolds(uint32_t loopFrame, const LocalInRegister& l) const {
  const BlockFrame& loop = frames_.at(loopFrame);
  return localWriteTick_[l.local] < loop.openTick && regs_.isFree(l.reg) &&
         !writtenSinceHeader(loopFrame).has(l.reg);
}

// Whether a branch to the header of the open loop at `loopFrame` may leave
// `l.reg` as it is because it still holds what the header promised. Only a
// branch to the innermost loop may: a loop inside the target iterates, so
// its later code (a temporary in the register, or the register adopted
// for another local by its preheader) runs before the branch again, and
// its back-edges restore only its own promises.
bool Codegen::branchMayKeep(uint32_t loopFrame, const LocalInRegister& l) const {
  return loopFrame == loopFrames_.back() && stillHolds(loopFrame, l);
}

Reg Codegen::loopCopyOf(uint32_t local) {
  if (loopFrames_.empty()) return Reg();
  // Both ways below need a register of the class untouched since the
  // innermost header (long loop bodies soon have none: the common exit).
  RegisterSet untouched = kLoopLocalRegisters.ofClass(regClassOf(localTypes_[local])) &
                          (regs_.freeSet() - regs_.written());
  if (untouched.empty()) return Reg();
  // A header register of this loop, or of a loop around it, that still
  // holds the local (the loops in between then promise it too, so their
  // back-edges keep it for the inner loop's entry).
  for (size_t i = loopFrames_.size(); promiseTick_[local] && i-- > 0;) {
    BlockFrame& f = frames_.at(loopFrames_[i]);
    if (localWriteTick_[local] >= f.openTick) break;
    for (LocalInRegister& l : f.loopLocals) {
      if (l.local != local || l.revoked || !stillHolds(loopFrames_[i], l)) continue;
      l.used = true;
      for (size_t j = i + 1; j < loopFrames_.size(); j++) {
        BlockFrame& inner = frames_.at(loopFrames_[j]);
        LocalInRegister& shared = inner.loopLocals.emplace_back();
        shared.local = local;
        shared.reg = l.reg;
        shared.used = true;
        shared.madeAt = readTick_;
        inner.loopRegs.add(l.reg);
        promiseTick_[local] = inner.openTick;
      }
      regs_.takeHolding(l.reg);
      cacheLocal(local, l.reg);
      return l.reg;
    }
  }
  // Adoption into the innermost loop: a register untouched since its
  // header, loaded by its preheader; preferably none an outer loop promises.
  BlockFrame& loop = frames_.at(loopFrames_.back());
  if (localWriteTick_[local] >= loop.openTick) return Reg();
  // A local the header keeps dirty has a stale slot at the entry, where
  // the preheader would load it. A loop opened inside this one since then
  // may have kept it dirty too and overwritten the tick: any tick from this
  // header on means this header kept it (the local was not written since,
  // so it was dirty here already). (O(1): a loop's promises grow with its
  // body.)
  if (dirtyPromiseTick_[local] >= loop.openTick) return Reg();
  RegisterSet candidates = untouched - loop.loopRegs;
  if (candidates.empty()) return Reg();
  RegisterSet promised;
  for (uint32_t frame : loopFrames_) promised |= frames_.at(frame).loopRegs;
  Reg r = (candidates - promised).empty() ? highest(candidates) : highest(candidates - promised);
  regs_.takeHolding(r);
  cacheLocal(local, r);
  promiseTick_[local] = loop.openTick;
  LocalInRegister& adopted = loop.loopLocals.emplace_back();
  adopted.local = local;
  adopted.reg = r;
  adopted.loadedBeforeLoop = true;
  adopted.tracksSlot = true;
  locals_.adoptAsHeaderCopy(r, loop.openTick);
  adopted.used = true;  // by the read adopting it
  adopted.madeAt = readTick_;
  loop.loopRegs.add(r);
  return r;
}

Reg Codegen::copyForRead(uint32_t local) {
  Reg r = locals_.regOf(local);
  if (!r.isValid()) return r;
  locals_.touch(r);
  if (!promiseTick_[local]) return r;
  // The read may rely on the promise of any open header that put this
  // local in this register. Whether it does is path-dependent: an else arm
  // starts from the copies at its if, whatever the then arm wrote, and a
  // label from those of its edges, one of which may come from before a
  // write to the local that precedes the label in the code. So every
  // promise of the register made before this read counts as used
  // (promiseUsed); where the register holds a newer value or another
  // local, the back-edges' moves restore what is current anyway. O(1): a
  // read must not cost the loop nesting depth.
  lastPromisedRead_[r.key()] = ++readTick_;
  return r;
}

bool Codegen::promiseUsed(const LocalInRegister& l) const {
  return l.used || lastPromisedRead_[l.reg.key()] > l.madeAt;
}

// At a branch to the header of `f`: a promise no read relied on yet, which
// this branch would have to restore, is dropped instead. Nothing may rely
// on it from now on: it leaves the copies pending at every open label (an
// edge from inside the loop to a block around it may have recorded it; the
// cache itself no longer holds it) and is never re-acquired.
void Codegen::revokeUnusedPromises(BlockFrame& f) {
  uint32_t frame = frameIndexOf(f);
  for (LocalInRegister& l : f.loopLocals) {
    if (promiseUsed(l) || l.revoked || locals_.regOf(l.local) == l.reg || branchMayKeep(frame, l))
      continue;
    l.revoked = true;
    auto same = [&](const LocalInRegister& c) { return c.local == l.local && c.reg == l.reg; };
    for (uint32_t i = 0; i < frames_.size(); i++) {
      std::erase_if(frames_.at(i).labelCopies, same);
      std::erase_if(frames_.at(i).elseCopies, same);
    }
  }
}

// A local written in the body whose slot nothing relied on between the
// header and the write (no branch, label or call passed over its header
// copy, nothing forgot the copy or read the slot) needs no store at a
// back-edge: its slot is stale from the header to the write, and no code
// there reads it. Every path from the header reaches such reliance or the
// write first, and code compiled later can only start from a state after
// one of them (a label or an else arm takes the state of edges compiled
// before it), so this holds for all of the body, back-edges to come
// included. Only a used promise qualifies: it is never revoked, so every
// back-edge moves the value into its register.
RegisterSet Codegen::keptDirtyTo(const BlockFrame& f) const {
  RegisterSet keep;
  if (f.kind != BlockFrame::Kind::Loop) return keep;
  // In the newest loop, with no edge out of the code compiled since its
  // header (unboundEdges_), only the reads of a slot rely on it: a label,
  // a call or a branch that passed over the header copy left no code
  // behind that reads the slot unseen (a later read of it is a read).
  const bool readsAlone = f.openTick == loopTick_ && unboundEdges_ == 0;
  for (const LocalInRegister& l : f.loopLocals) {
    const Reg copy = locals_.regOf(l.local);
    if (!copy.isValid() || !locals_.isDirty(copy)) continue;
    const bool relied = readsAlone ? locals_.slotRead(l.local, f.openTick)
                                   : locals_.slotRelied(l.local, f.openTick);
    if (l.dirty || (l.tracksSlot && !l.revoked && promiseUsed(l) && !relied)) keep.add(copy);
  }
  return keep | deadAtHeader(f);
}

// The dirty copies of locals whose value at the header of `f` no code
// can read: a temporary the body writes before it reads it, each
// iteration. Its store at the back-edge is dropped, and the slot stays
// stale until the next write. That holds for a local `f` does not promise
// when, since the header, nothing read its slot (slotRelied: a read from a
// register relies on a load from the slot, or on a write) and no edge left
// for a label not yet bound or for an outer loop (unboundEdges_): every
// path from the header then ends in a return, a trap, a back-edge to `f`,
// or the code compiled so far, which either wrote the local before any read
// or read nothing. A path reaches code after this branch only through it
// (the local is current there) or through such an edge. Only the newest
// loop qualifies: a loop inside it would have reset the count.
RegisterSet Codegen::deadAtHeader(const BlockFrame& f) const {
  RegisterSet dead;
  if (f.openTick != loopTick_ || unboundEdges_ != 0) return dead;
  for (Reg r : locals_.dirty()) {
    const uint32_t local = locals_.localIn(r);
    if (promiseTick_[local] != f.openTick && !locals_.slotRelied(local, f.openTick)) dead.add(r);
  }
  return dead;
}

bool Codegen::needsLoopLocalMoves(BlockFrame& f) {
  if (f.kind != BlockFrame::Kind::Loop) return false;
  revokeUnusedPromises(f);
  uint32_t frame = frameIndexOf(f);
  for (const LocalInRegister& l : f.loopLocals) {
    if (l.revoked) continue;
    // A copy already in place is read by the branch: the promises of the
    // loops inside `f` that keep it there count as used, so that their
    // back-edges restore it instead of revoking them.
    if (locals_.regOf(l.local) == l.reg) {
      copyForRead(l.local);
      continue;
    }
    if (!branchMayKeep(frame, l)) return true;
  }
  return false;
}

// Part of a branch's transfer to a loop header: each header local from its
// copy, else from its slot. The caller reserved transferSources_.
void Codegen::queueLoopLocalMoves(BlockFrame& f) {
  if (f.kind != BlockFrame::Kind::Loop) return;
  revokeUnusedPromises(f);
  uint32_t frame = frameIndexOf(f);
  for (const LocalInRegister& l : f.loopLocals) {
    if (l.revoked) continue;
    Reg copy = copyForRead(l.local);
    if (copy == l.reg || branchMayKeep(frame, l)) continue;
    assert(transferSources_.size() < transferSources_.capacity());
    StackEntry& source = transferSources_.emplace_back();
    source.type = localTypes_[l.local];
    if (copy.isValid()) {
      source.kind = StackEntry::Kind::Register;
      source.reg = copy;
    } else {
      source.kind = StackEntry::Kind::Local;
      source.local = l.local;
      locals_.relyOnSlot(l.local);  // the move loads it
    }
    transfer_.toRegister(source, l.reg);
  }
}

// A loop that adopted nothing is entered by falling into its header: its
// entry jump becomes a no-op (bound first, so no later fix-up rewrites it).
void Codegen::emitPreheaders() {
  for (const Preheader& p : preheaders_) {
    masm_.bind(p.label);
    if (p.begin == p.end) {
      masm_.cancelJump(p.entryJump);
      continue;
    }
    for (uint32_t i = p.begin; i < p.end; i++) {
      const LocalInRegister& l = preheaderLoads_[i];
      masm_.load(loadKindOf(localTypes_[l.local]), l.reg, localAddress(l.local));
    }
    masm_.jump(p.header);
  }
  preheaders_.clear();
  preheaderLoads_.clear();
}

}  // namespace ember
