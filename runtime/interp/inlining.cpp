#include "runtime/interp/inlining.h"

#include <bit>
#include <optional>

#include "runtime/interp/instruction_shape.h"

namespace ember::interp {
namespace {

// Callee slot -> caller slot at one point of the copied code: a slot the
// copy has written (or, in code with branches, one it writes anywhere:
// given its own slot at entry) is the frame's own; otherwise a parameter
// or declared local is read where the site says its value is.
class SlotRenamer {
 public:
  SlotRenamer(const FunctionCode& callee, const InlineSite& site)
      : callee_(callee), site_(site), written_(callee.frameSlots, false) {
    for (uint32_t slot : callee.inlineBody.writtenLocals) written_[slot] = true;
  }

  uint32_t read(uint32_t slot) const {
    if (written_[slot]) return site_.frameBase + slot;
    if (slot < site_.paramSources.size()) return site_.paramSources[slot];
    if (slot < callee_.localSlots) return site_.zeroSlot;  // declared locals start at zero
    return site_.frameBase + slot;
  }
  uint32_t write(uint32_t slot) {
    written_[slot] = true;
    return site_.frameBase + slot;
  }

 private:
  const FunctionCode& callee_;
  const InlineSite& site_;
  std::vector<bool> written_;
};

bool isSlot(const InstructionShape& shape, uint32_t k) { return ((shape.reads | shape.writes) >> k) & 1; }

// The copy of the body, slots renamed.
void copyRenamed(const FunctionCode& callee, SlotRenamer& rename, std::vector<uint32_t>& code) {
  const uint32_t* w = callee.words.data();
  uint32_t at = static_cast<uint32_t>(code.size());
  code.insert(code.end(), w, w + callee.inlineBody.words);
  for (const FunctionCode::InlineStep& step : callee.inlineBody.steps) {
    // Reads first: handlers read their operands before they write (the
    // BrIfAdd forms do not, but they branch, so every slot they name was
    // given its own slot at entry).
    for (uint32_t bits = step.reads; bits; bits &= bits - 1) {
      uint32_t k = static_cast<uint32_t>(std::countr_zero(bits));
      code[at + k] = rename.read(w[k]);
    }
    for (uint32_t bits = step.writes; bits; bits &= bits - 1) {
      uint32_t k = static_cast<uint32_t>(std::countr_zero(bits));
      code[at + k] = rename.write(w[k]);
    }
    at += step.words;
    w += step.words;
  }
}

}  // namespace

void classifyForInlining(FunctionCode& func) {
  func.inlineBody = {};
  const std::vector<uint32_t>& w = func.words;
  if (func.wideSignature || func.resultCount > 1 || func.frameSlots > kMaxInlineFrameSlots ||
      func.inlinedCalls.size() > kMaxNestedInlinedCalls || w.size() > kMaxInlineWords + 2) {
    return;
  }
  const uint32_t size = static_cast<uint32_t>(w.size());
  FunctionCode::InlineBody body;
  std::vector<bool> writesLocal(func.localSlots, false);
  for (uint32_t pc = 0; pc < size;) {
    std::optional<IOp> op = opOfToken(w[pc]);
    uint32_t n = op ? instructionWords(*op, &w[pc], size - pc) : 0;
    if (n == 0) return;
    if (pc + n == size) {  // the only return, last
      bool noResult = *op == IOp::Return0 && func.resultCount == 0;
      bool oneResult = *op == IOp::Return1 && func.resultCount == 1 && w[pc + 1] < func.frameSlots;
      if (!noResult && !oneResult) return;
      if (!body.straightLine && pc > kMaxInlineWordsWithBranches) return;
      body.inlinable = true;
      body.words = pc;
      body.resultSlot = oneResult ? w[pc + 1] : FunctionCode::kNoSlot;
      if (!body.straightLine) {
        uint32_t zeroed = 0;
        for (uint32_t slot = 0; slot < func.localSlots; ++slot) {
          if (!writesLocal[slot]) continue;
          body.writtenLocals.push_back(slot);
          zeroed += slot >= func.paramSlots;
        }
        if (zeroed > kMaxZeroedLocals) return;
      }
      func.inlineBody = std::move(body);
      return;
    }
    InstructionShape shape = shapeOf(*op);
    if (!shape.slotsKnown) return;
    uint32_t inWords = n < 32 ? (2u << (n - 1)) - 2 : ~1u;  // bits 1 .. n-1
    shape.reads &= inWords;
    shape.writes &= inWords;
    for (uint32_t k = 1; k < n && k < 32; ++k) {
      if (!isSlot(shape, k)) continue;
      if (w[pc + k] >= func.frameSlots) return;
      if (((shape.writes >> k) & 1) && w[pc + k] < func.localSlots) writesLocal[w[pc + k]] = true;
    }
    body.straightLine = body.straightLine && !shape.branches;
    body.steps.push_back({n, shape.reads, shape.writes});
    pc += n;
  }
}

void appendInlined(const FunctionCode& callee, const InlineSite& site, std::vector<uint32_t>& code,
                   std::vector<FunctionCode::InlinedCall>& inlinedCalls) {
  const FunctionCode::InlineBody& body = callee.inlineBody;
  // With branches, a parameter or local the code writes anywhere starts in
  // its own slot, with its value at entry (a declared local's is zero).
  for (uint32_t slot : body.writtenLocals) {
    uint32_t from = slot < site.paramSources.size() ? site.paramSources[slot] : site.zeroSlot;
    if (from != site.frameBase + slot)
      code.insert(code.end(), {opToken(IOp::Copy), site.frameBase + slot, from});
  }
  const uint32_t start = static_cast<uint32_t>(code.size());
  const uint32_t self = static_cast<uint32_t>(inlinedCalls.size());
  inlinedCalls.push_back({start, start + body.words, &callee, FunctionCode::kNoParent});
  for (const FunctionCode::InlinedCall& nested : callee.inlinedCalls) {
    uint32_t parent = nested.parent == FunctionCode::kNoParent ? self : self + 1 + nested.parent;
    inlinedCalls.push_back({start + nested.first, start + nested.end, nested.callee, parent});
  }
  SlotRenamer rename(callee, site);
  copyRenamed(callee, rename, code);
  if (body.resultSlot == FunctionCode::kNoSlot) return;
  // In straight-line code the instruction that computed the result writes
  // it in place, when it is the last one and names its destination in
  // word 1; otherwise it is copied there, as Return1 would.
  const uint32_t lastStart = start + body.words - (body.steps.empty() ? 0 : body.steps.back().words);
  if (body.straightLine && !body.steps.empty() && (body.steps.back().writes & 2) &&
      code[lastStart + 1] == site.frameBase + body.resultSlot) {
    code[lastStart + 1] = site.frameBase;
    return;
  }
  uint32_t from = rename.read(body.resultSlot);
  if (from != site.frameBase) code.insert(code.end(), {opToken(IOp::Copy), site.frameBase, from});
}

}  // namespace ember::interp
