// Local copies across forward labels (Liftoff merges its cache state at
// block ends; this is the clean-copies version). Every edge writes dirty
// copies back first, so at a label the cache may keep exactly the copies
// that every edge reaching it agrees on: the same local in the same
// register. Each edge records the cache as it stands after its own moves
// (which write only the frame's merge registers, left out), the label
// keeps the intersection, and the code after the label starts with it.
// An if's false edge also gives the else arm its starting copies.
#include <algorithm>

#include "jit/codegen.h"

namespace ember {

void Codegen::cacheCopies(std::vector<LocalInRegister>& out) const {
  out.clear();
  for (Reg r : locals_.registers()) out.push_back({locals_.localIn(r), r, false});
}

void Codegen::noteLabelEdge(BlockFrame& f) {
  countEdge(f);
  if (f.kind == BlockFrame::Kind::Loop || f.kind == BlockFrame::Kind::Function) return;
  if (!f.labelReached) {
    cacheCopies(f.labelCopies);
    f.labelReached = true;
    std::erase_if(f.labelCopies, [&](const LocalInRegister& l) {
      return std::find(f.mergeRegs.begin(), f.mergeRegs.end(), l.reg) != f.mergeRegs.end();
    });
    return;
  }
  std::erase_if(f.labelCopies,
                [&](const LocalInRegister& l) { return locals_.regOf(l.local) != l.reg; });
}

// An edge whose copies were recorded earlier (an if's false edge).
void Codegen::noteLabelEdge(BlockFrame& f, const std::vector<LocalInRegister>& copies) {
  if (!f.labelReached) {
    f.labelCopies = copies;
    f.labelReached = true;
    std::erase_if(f.labelCopies, [&](const LocalInRegister& l) {
      return std::find(f.mergeRegs.begin(), f.mergeRegs.end(), l.reg) != f.mergeRegs.end();
    });
    return;
  }
  std::erase_if(f.labelCopies, [&](const LocalInRegister& l) {
    return std::find_if(copies.begin(), copies.end(), [&](const LocalInRegister& c) {
             return c.local == l.local && c.reg == l.reg;
           }) == copies.end();
  });
}

// The registers are free here (the stack above the label's height and the
// cache were just released); they already hold the values: no write.
void Codegen::restoreCopies(const std::vector<LocalInRegister>& copies) {
  for (const LocalInRegister& l : copies) {
    if (!regs_.isFree(l.reg) || locals_.regOf(l.local).isValid()) continue;
    regs_.takeHolding(l.reg);
    cacheLocal(l.local, l.reg);
  }
}

}  // namespace ember
