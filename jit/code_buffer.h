// The architecture-neutral half of a backend (jit/README.md, "Backends"):
// the asmjit code holder a backend's assembler emits into, with what every
// target keeps the same way: labels, the functions' labels and code ranges,
// the trap table (trap sites and each function's out-of-line trap stubs),
// the prologue's frame-size patch site, assembler errors, and finalize()
// with its relocation checks (DESIGN decisions 2 and 5). A backend owns one
// behind its Impl, so only backend sources parse asmjit headers.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jit/direct_call.h"
#include "jit/masm.h"
#include "jit/prefault_ahead.h"

namespace ember {

// Records the first error asmjit reports; finalize() returns it.
class RecordingErrorHandler : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, asmjit::BaseEmitter*) override;
  asmjit::Error first = asmjit::kErrorOk;
  std::string text;
};

// A jump target that raises a trap: one per trap code and wasm operator
// that checks for it (consecutive checks of one operator share theirs).
// A backend emits them after the function's body, so that a trapping PC
// still falls inside the function (backtraces), grouped by code: a code
// with one entry gets a whole stub, several entries of one code each call
// a shared stub, so that each leaves its own return address, which the
// pc -> wasm offset map ties to its operator.
struct TrapEntry {
  TrapCode code;
  Label label;
  uint32_t wasmOffset;
};
// Entries grouped by trap code: each code's run is contiguous.
using TrapEntries = std::vector<TrapEntry>;

// Walks `entries` code by code: `whole(entry)` for a code with one entry
// (or every entry, when `canShare` is false), `shared(group)` for the
// several entries of one code.
template <typename Whole, typename Shared>
void forEachTrapGroup(const TrapEntries& entries, bool canShare, Whole&& whole, Shared&& shared) {
  for (size_t first = 0, end = 0; first < entries.size(); first = end) {
    for (end = first + 1; end < entries.size() && entries[end].code == entries[first].code;) end++;
    const std::span<const TrapEntry> group(entries.data() + first, end - first);
    if (group.size() == 1 || !canShare) {
      for (const TrapEntry& e : group) whole(e);
    } else {
      shared(group);
    }
  }
}

class CodeBuffer {
 public:
  // `archName` prefixes error messages ("x86-64 assembler: ...").
  CodeBuffer(const asmjit::Environment& environment, const char* archName);
  CodeBuffer(const CodeBuffer&) = delete;
  CodeBuffer& operator=(const CodeBuffer&) = delete;

  // The backend's assembler, attached once right after construction, how
  // its direct calls hold their displacement, and the count of branches it
  // patches itself that still wait for their label (finalize fails unless
  // it is 0), if it keeps such a count.
  void attach(asmjit::BaseAssembler& assembler, const CallFormat& callFormat,
              const uint32_t* unpatchedBranches = nullptr);

  static asmjit::Label toAsmjit(Label l) { return asmjit::Label(l.id); }
  static Label fromAsmjit(asmjit::Label l) { return Label{l.id()}; }

  uint32_t codeOffset() const { return static_cast<uint32_t>(assembler_->offset()); }
  void align(uint32_t alignment) { assembler_->align(asmjit::AlignMode::kCode, alignment); }
  // A label for a position inside the current function. Its entry is
  // reused once the function has ended (see localLabels_).
  Label newLabel();
  void bind(Label label) {
    if (codeAhead_.due(codeData(), codeOffset())) [[unlikely]]
      prefaultCodeAhead();
    assembler_->bind(toAsmjit(label));
  }
  // Sizes the buffers for about this much code, this many trap sites,
  // bytes of the offset map and functions, so that they do not grow (each
  // growth copies what was emitted).
  void reserveCode(uint64_t codeBytes);
  void reserveTables(uint64_t trapSites, uint64_t offsetMapBytes, uint32_t functions);
  // Emits into `data` instead (`capacity` writable bytes the caller owns),
  // before any code: finalize then copies nothing out. Code that would pass
  // `capacity` fails the compile (outgrewPlace).
  void emitInto(uint8_t* data, size_t capacity);
  bool outgrewPlace() const { return inPlace_ && errors_.first == asmjit::kErrorTooLarge; }
  // Hands the first `codeBytes` of the code buffer's capacity (less if it
  // holds less) to `prefault`, to make their pages present before they are
  // written. From then on the pages just past the trap-site, offset-map
  // and function tables are made present as functions end, and, emitting
  // in place into memory far larger than the code, those past the code as
  // labels are bound (prefault_ahead.h).
  void prefaultAsWritten(uint64_t codeBytes, PrefaultAhead::Prefault prefault);
  // Where function `funcIndex`'s code begins in this buffer, or kNoCall
  // before its beginFunction (a direct call to it then waits: waitForCallee).
  uint32_t functionEntry(uint32_t funcIndex) const {
    return funcIndex < functionEntries_.size() ? functionEntries_[funcIndex] : kNoCall;
  }
  // The direct call just emitted at `instruction` (displacement field
  // left for this) waits for `funcIndex`'s code: its displacement is
  // written when that begins here, or left to whoever joins this buffer's
  // code with the callee's (finalize's pendingCalls). It costs no memory
  // of its own (direct_call.h).
  void waitForCallee(uint32_t funcIndex, uint32_t instruction);

  // Starts function `funcIndex` 16-byte aligned and binds its label.
  void beginFunction(uint32_t funcIndex);
  // Ends it: its range covers everything emitted since beginFunction.
  void endFunction();
  bool inFunction() const { return inFunction_; }

  // Where the prologue's frame size is patched (backend-specific encoding),
  // or -1 when the function has no prologue.
  void setFrameSizePatch(int64_t offset) { frameSizePatch_ = offset; }
  int64_t frameSizePatch() const { return frameSizePatch_; }
  // The `size` bytes emitted at `offset`, to patch; nullptr when they never
  // were (the buffer ran out of room, so the compile fails anyway), which
  // keeps a patch from writing past the buffer.
  uint8_t* bytesAt(int64_t offset, size_t size) {
    if (offset < 0 || static_cast<uint64_t>(offset) + size > codeOffset()) return nullptr;
    return code_.textSection()->buffer().data() + offset;
  }

  // The entry a check for `code` in the current operator jumps to (bound
  // by the backend when it emits the stubs); takeTrapEntries hands the
  // pending ones over, grouped by code (valid until its next call).
  Label trapLabel(TrapCode code);
  const TrapEntries& takeTrapEntries();
  // The code offset of the first use of a pending entry (UINT32_MAX when
  // none), so that a backend with short branches can emit them in time.
  uint32_t oldestTrapStubUse() const {
    return trapEntries_.empty() ? UINT32_MAX : oldestTrapStubUse_;
  }
  // Records the next instruction emitted as one that may fault with `code`,
  // with the wasm offset of the operator (the current one, or an entry's).
  void recordTrapSite(TrapCode code) { recordTrapSite(code, currentWasmOffset()); }
  void recordTrapSite(TrapCode code, uint32_t wasmOffset) {
    const uint32_t at = codeOffset();
    trapSites_.push_back({at, code});
    recordWasmOffset(at, wasmOffset);
  }
  // Records the return address of an entry's call to a shared trap stub:
  // the trap builtin reports it as the trap's PC (it never faults, so the
  // trap table leaves it out; only the wasm offset map holds it).
  void recordTrapReturn(uint32_t wasmOffset) { recordWasmOffset(codeOffset(), wasmOffset); }

  // The pc -> wasm offset map (masm.h). The source says
  // which operator is being compiled; recordCallSite records the call
  // instruction just emitted under it.
  void setWasmOffsetSource(WasmOffsetSource source) { offsetSource_ = source; }
  void recordCallSite();

  // A br_table's jump table, aligned to its entries and bound to `table`:
  // one `entryBytes` (4 or 8) entry per target, each `target - table
  // start`, written when the function ends. Each target costs its 4-byte label id here until then,
  // not an asmjit relocation entry (about 100 bytes): a module may hold
  // millions of targets, and compile memory must stay proportional to its
  // bytes (a hostile-input bound).
  void embedJumpTable(const asmjit::Label& table, std::span<const Label> targets,
                      uint32_t entryBytes);

  // Points the instruction just emitted, which ends in a rip-relative
  // 32-bit displacement, at 16 bytes (lo, then hi) in the function's
  // constant pool: the pool follows the function's code, 16-byte aligned,
  // and the displacement is written when the function ends. A vector
  // constant is then one load instead of being built through a GP
  // register. A constant among the pool's last few is shared (a loop's
  // shuffle masks repeat); the search is bounded so that a body of distinct
  // constants stays linear. Each use costs 8 bytes until the function ends,
  // not an asmjit label and link (about 170 bytes): compile memory stays
  // proportional to the body (a hostile-input bound).
  void referToConstant128(uint64_t lo, uint64_t hi);

  // Records that the backend cannot lower something (finalize() then fails
  // with `what`), for operators a target does not implement yet, or
  // anything else finalize must fail for.
  void reportUnsupported(const char* what);

  // Resolves labels, checks that no absolute relocation remains, copies the
  // code out with its trap table (to `destination` when it has an
  // allocator; not at all when it was emitted in place). Calls to
  // functions never begun here are left as pendingCalls. The buffer is
  // spent afterwards.
  Result<CompiledCode> finalize(CodeDestination destination);

 private:
  Error failure(const std::string& what) const;
  void recycleLocalLabels();
  std::vector<PendingCall> pendingCalls() const;

  static constexpr uint32_t kNoOffset = UINT32_MAX;
  uint32_t currentWasmOffset() const {
    if (!offsetSource_.operatorStart) return kNoOffset;
    return static_cast<uint32_t>(*offsetSource_.operatorStart - offsetSource_.bodyStart);
  }
  // Appends a site to the current function's run (abi/wasm_offset_map.h),
  // sites come in code order; a second one at the same pc is dropped.
  void recordWasmOffset(uint32_t codeOffset, uint32_t funcOffset) {
    if (funcOffset == kNoOffset || !inFunction_) return;
    if (hasSite_ && codeOffset <= lastSiteCode_) return;
    wasm_offset_map::appendEntry(wasmOffsets_, codeOffset - lastSiteCode_,
                                 int64_t{funcOffset} - int64_t{lastSiteFunc_});
    lastSiteCode_ = codeOffset;
    lastSiteFunc_ = funcOffset;
    hasSite_ = true;
  }

  const char* archName_;
  RecordingErrorHandler errors_;
  asmjit::CodeHolder code_;
  asmjit::BaseAssembler* assembler_ = nullptr;
  bool inPlace_ = false;  // emitting into the caller's memory (emitInto)
  // A page faulted in alone costs several made present in bulk, and one
  // made present for nothing a fraction of one, so chunks are small. The
  // margins are more than most functions add between two checks (code
  // between labels; tables in a function).
  PrefaultAhead codeAhead_{256u << 10, 16u << 10};
  PrefaultAhead trapSitesAhead_{64u << 10, 16u << 10};
  PrefaultAhead offsetsAhead_{64u << 10, 8u << 10};
  PrefaultAhead functionsAhead_{16u << 10, 1u << 10};
  uint8_t* codeData() { return code_.textSection()->buffer().data(); }
  void prefaultCodeAhead();
  void prefaultTablesAhead();
  const uint32_t* unpatchedBranches_ = nullptr;
  // By function index, sized as indices are first seen: where each
  // function begins (kNoCall until then), and the newest call waiting for
  // it, the head of its chain (kNoCall for none).
  CallFormat callFormat_;
  std::vector<uint32_t> functionEntries_;
  std::vector<uint32_t> waitingCalls_;
  void growFunctionTables(uint32_t funcIndex);
  void bindFunctionEntry(uint32_t funcIndex);
  // A label is bound once, so a module of N branches would need N asmjit
  // entries (64 bytes each, zeroed when made: a fresh page of them every
  // 64 labels) if none were reused. Labels inside a function are
  // all bound by its end and nothing refers to them afterwards (jump
  // tables are filled then), so their entries go back to be handed out
  // again, and a module needs only as many as its largest function.
  std::vector<uint32_t> localLabels_;  // made for the current function
  std::vector<uint32_t> freeLabels_;
  std::vector<TrapSite> trapSites_;
  std::vector<FunctionRange> functions_;
  std::vector<uint8_t> wasmOffsets_;  // every function's run, the current one's last
  std::vector<CodeDataRange> dataRanges_;
  WasmOffsetSource offsetSource_;
  struct JumpTable {
    uint32_t offset;       // of the first entry, which is the table's start
    uint32_t firstTarget;  // into jumpTargets_
    uint32_t count;
    uint32_t entryBytes;
  };
  std::vector<JumpTable> jumpTables_;  // of the current function
  std::vector<uint32_t> jumpTargets_;  // label ids, table after table
  void fillJumpTables();
  const char* fillJumpTable(const JumpTable& t);  // why it failed, or nullptr
  struct PoolConstant {
    uint64_t lo, hi;
  };
  struct PoolReference {
    uint32_t displacementAt;  // code offset of the 4 bytes to write
    uint32_t constant;        // into constantPool_
  };
  std::vector<PoolConstant> constantPool_;  // of the current function
  std::vector<PoolReference> poolReferences_;
  void emitConstantPool();

  // The function being emitted.
  bool inFunction_ = false;
  uint32_t funcIndex_ = 0;
  uint32_t funcBegin_ = 0;
  int64_t frameSizePatch_ = -1;
  uint32_t offsetsBegin_ = 0;  // its run in wasmOffsets_
  uint32_t lastSiteCode_ = 0;  // its last site (the function's start before one)
  uint32_t lastSiteFunc_ = 0;
  bool hasSite_ = false;
  TrapEntries trapEntries_;  // pending, in order of first use
  TrapEntries grouped_;      // what takeTrapEntries returned last
  // Per trap code, the index in trapEntries_ of its latest entry (kNoEntry
  // for none): a check of the same operator reuses it. Operators do not
  // interleave, so only the latest can match.
  static constexpr uint32_t kNoEntry = UINT32_MAX;
  uint32_t latestEntry_[kTrapCodeCount];
  uint32_t oldestTrapStubUse_ = 0;
};

}  // namespace ember
