// The code generator's view of the open blocks (Winch's control.rs): for
// each block/loop/if, the label a branch to it jumps to and where the values
// it carries must be when they get there (its merge state).
//
// Merge state: on entry to a block every operand is spilled, so positions
// below the frame's `height` stay in their canonical slots for the whole
// block. The values a branch carries go to fixed registers chosen when the
// frame opens (`mergeRegs`, as Liftoff keeps merged values in registers),
// or, when there are too many or for an `if` with parameters, to the
// canonical slots of positions [targetHeight, targetHeight + arity). The
// code at the label starts with every other register free.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "jit/masm.h"
#include "runtime/format/chunked_stack.h"

namespace ember {

// A local whose current value a register holds at a loop's header.
struct LocalInRegister {
  uint32_t local = 0;
  Reg reg;
  bool loadedBeforeLoop = false;  // by the loop's preheader (adopted in the body)
  // Loops: whether code read the local from the register relying on the
  // promise (or read any promised local from the register after madeAt,
  // Codegen::promiseUsed); an unused promise is dropped (revoked) by the
  // first back-edge that would have to restore it.
  bool used = false;
  uint32_t madeAt = 0;  // Codegen::readTick_ when the promise was made
  bool revoked = false;
  // Made at the header from a cached copy, or adopted: the local cache
  // tracks reliance on the local's slot since the header (keptDirtyTo).
  bool tracksSlot = false;
  // Loops: the local was written just before the loop (dirty at its entry),
  // so the header keeps its value in the register only (the slot may be
  // stale) and the back-edges move it there without storing it. Never
  // revoked: code in the body may store the register to the slot.
  bool dirty = false;
};

// The registers that carry a frame's branch values: few enough that any
// frame's values fit without spilling (allocation never has to evict them,
// since at a label nothing else is live in a register).
inline constexpr uint32_t kMaxMergeRegsPerClass = 4;

struct BlockFrame {
  enum class Kind : uint8_t { Function, Block, Loop, If };
  Kind kind = Kind::Block;
  uint32_t index = 0;  // position from the outermost frame
  // The block type's lists, as the validator resolved them (in the module's
  // types, or static): valid for the whole compile, so never copied.
  std::span<const ValType> params;
  std::span<const ValType> results;
  // Operand stack size below which the block never pops.
  uint32_t height = 0;
  // Where the values a branch carries (and the results at the end) go. The
  // same as `height`, except for an `if` with parameters, which keeps a copy
  // of its parameters for the else arm between targetHeight and height.
  uint32_t targetHeight = 0;
  Label label;      // branch target: the end, or a loop's header
  Label elseLabel;  // if: where the false arm starts
  // Where a branch leaves the values it carries: one register per value, or
  // empty for the canonical slots (see assignMergeRegisters).
  std::vector<Reg> mergeRegs;

  // Loops only: the locals kept in registers across the header (what the
  // code generator's local cache held on entry, and locals the body adopted
  // on first use, which the preheader loads). Every branch to the header
  // puts their current values there. See Codegen::visitLoop.
  std::vector<LocalInRegister> loopLocals;
  RegisterSet loopRegs;      // the registers of loopLocals
  RegisterSet outerWritten;  // the allocator's written set at the header, restored at the end
  uint32_t openTick = 0;     // locals written at or after this tick changed in the loop
  Label preheader;           // entry jumps here; it loads the adopted locals, then the header
  uint32_t preheaderJump = 0;  // the code offset of that jump
  // Any frame: loopTick_ + 1 when an edge to its label was counted in
  // Codegen::unboundEdges_ (0: none counted).
  uint32_t edgeEpoch = 0;

  // Blocks and ifs: the local copies every edge to the end label so far
  // agrees on (labelCopies, once labelReached), and for an if the copies
  // at its false edge (the else arm and an else-less end start from them).
  // See Codegen::noteLabelEdge.
  bool labelReached = false;
  bool hasElse = false;
  std::vector<LocalInRegister> labelCopies;
  std::vector<LocalInRegister> elseCopies;

  // What a branch to this frame carries (spec 3.3.8: a loop's label takes
  // its parameters, any other its results).
  std::span<const ValType> branchTypes() const { return kind == Kind::Loop ? params : results; }
};

// The stack of open frames. Frames are reused so their vectors keep their
// capacity across blocks and functions (no allocation per block in steady
// state), and never move (ChunkedStack: a body nested a million deep must
// not make the stack reallocate its frames).
class BlockFrames {
 public:
  void clear() { frames_.clear(); }
  uint32_t size() const { return frames_.size(); }
  BlockFrame& push() {
    BlockFrame& f = frames_.push();
    f.index = frames_.size() - 1;
    f.params = {};
    f.results = {};
    f.mergeRegs.clear();
    f.loopLocals.clear();
    f.loopRegs = {};
    f.edgeEpoch = 0;
    f.labelReached = false;
    f.labelCopies.clear();
    f.elseCopies.clear();
    f.hasElse = false;
    f.label = Label();
    f.elseLabel = Label();
    return f;
  }
  void pop() { frames_.pop(); }
  BlockFrame& top() { return frames_.back(); }
  // By position from the outermost (the function's frame is 0).
  BlockFrame& at(uint32_t index) { return frames_[index]; }
  const BlockFrame& at(uint32_t index) const { return frames_[index]; }
  uint32_t indexOf(const BlockFrame& f) const { return f.index; }
  // The frame a branch of relative `depth` targets (0 = innermost).
  BlockFrame& byDepth(uint32_t depth) { return frames_[frames_.size() - 1 - depth]; }

 private:
  ChunkedStack<BlockFrame> frames_;
};

}  // namespace ember
