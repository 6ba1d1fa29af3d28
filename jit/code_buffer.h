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

#include "jit/masm.h"

namespace ember {

// Records the first error asmjit reports; finalize() returns it.
class RecordingErrorHandler : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, asmjit::BaseEmitter*) override;
  asmjit::Error first = asmjit::kErrorOk;
  std::string text;
};

// The trap stubs a function uses, one per trap code, emitted after its body
// so that a trapping PC still falls inside the function (backtraces).
using TrapStubs = std::vector<std::pair<TrapCode, Label>>;

class CodeBuffer {
 public:
  // `archName` prefixes error messages ("x86-64 assembler: ...").
  CodeBuffer(const asmjit::Environment& environment, const char* archName);
  CodeBuffer(const CodeBuffer&) = delete;
  CodeBuffer& operator=(const CodeBuffer&) = delete;

  // The backend's assembler, attached once right after construction.
  void attach(asmjit::BaseAssembler& assembler);

  static asmjit::Label toAsmjit(Label l) { return asmjit::Label(l.id); }
  static Label fromAsmjit(asmjit::Label l) { return Label{l.id()}; }

  uint32_t codeOffset() const { return static_cast<uint32_t>(assembler_->offset()); }
  void align(uint32_t alignment) { assembler_->align(asmjit::AlignMode::kCode, alignment); }
  Label newLabel() { return fromAsmjit(assembler_->newLabel()); }
  void bind(Label label) { assembler_->bind(toAsmjit(label)); }
  // The label of function `funcIndex`, created on first use.
  Label functionLabel(uint32_t funcIndex);

  // Starts function `funcIndex` 16-byte aligned and binds its label.
  void beginFunction(uint32_t funcIndex);
  // Ends it: its range covers everything emitted since beginFunction.
  void endFunction();
  bool inFunction() const { return inFunction_; }

  // Where the prologue's frame size is patched (backend-specific encoding),
  // or -1 when the function has no prologue.
  void setFrameSizePatch(int64_t offset) { frameSizePatch_ = offset; }
  int64_t frameSizePatch() const { return frameSizePatch_; }
  uint8_t* bytesAt(int64_t offset) { return code_.textSection()->buffer().data() + offset; }

  // The current function's stub for `code` (bound by the backend when it
  // emits the stubs); takeTrapStubs hands them over once.
  Label trapLabel(TrapCode code);
  TrapStubs takeTrapStubs() { return std::move(trapStubs_); }
  // The code offset of the first use of a pending stub (UINT32_MAX when
  // none), so that a backend with short branches can emit them in time.
  uint32_t oldestTrapStubUse() const {
    return trapStubs_.empty() ? UINT32_MAX : oldestTrapStubUse_;
  }
  // Records the next instruction emitted as one that may fault with `code`.
  void recordTrapSite(TrapCode code) { trapSites_.push_back({codeOffset(), code}); }

  // A br_table's jump table at the current offset: one `entryBytes` (4 or
  // 8) entry per target, each `target - table start`, written by
  // finalize(). Each target costs its 4-byte label id here until then,
  // not an asmjit relocation entry (about 100 bytes): a module may hold
  // millions of targets, and compile memory must stay proportional to its
  // bytes (a hostile-input bound).
  void embedJumpTable(std::span<const Label> targets, uint32_t entryBytes);

  // Records that the backend cannot lower something (finalize() then fails
  // with `what`), for operators a target does not implement yet.
  void reportUnsupported(const char* what);

  // Resolves labels, checks that no absolute relocation remains, copies the
  // code out with its trap table. Calls to functions never begun here are
  // left as pendingCalls. The buffer is spent afterwards.
  Result<CompiledCode> finalize();

 private:
  Error failure(const std::string& what) const;
  Result<void> fillJumpTables();
  Result<std::vector<PendingCall>> pendingCalls() const;

  const char* archName_;
  RecordingErrorHandler errors_;
  asmjit::CodeHolder code_;
  asmjit::BaseAssembler* assembler_ = nullptr;
  std::vector<Label> functionLabels_;  // by function index; invalid until referenced
  std::vector<TrapSite> trapSites_;
  std::vector<FunctionRange> functions_;
  struct JumpTable {
    uint32_t offset;       // of the first entry, which is the table's start
    uint32_t firstTarget;  // into jumpTargets_
    uint32_t count;
    uint32_t entryBytes;
  };
  std::vector<JumpTable> jumpTables_;
  std::vector<uint32_t> jumpTargets_;  // label ids, table after table

  // The function being emitted.
  bool inFunction_ = false;
  uint32_t funcIndex_ = 0;
  uint32_t funcBegin_ = 0;
  int64_t frameSizePatch_ = -1;
  TrapStubs trapStubs_;
  uint32_t oldestTrapStubUse_ = 0;
};

}  // namespace ember
