#include "jit/code_buffer.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>

namespace ember {

void RecordingErrorHandler::handleError(asmjit::Error err, const char* message,
                                        asmjit::BaseEmitter*) {
  if (first == asmjit::kErrorOk) {
    first = err;
    text = message ? message : asmjit::DebugUtils::errorAsString(err);
  }
}

CodeBuffer::CodeBuffer(const asmjit::Environment& environment, const char* archName)
    : archName_(archName) {
  code_.init(environment);
  code_.setErrorHandler(&errors_);
}

void CodeBuffer::attach(asmjit::BaseAssembler& assembler, const CallFormat& callFormat,
                        const uint32_t* unpatchedBranches) {
  code_.attach(&assembler);
  assembler_ = &assembler;
  callFormat_ = callFormat;
  unpatchedBranches_ = unpatchedBranches;
}

// Function entries are offsets, not asmjit labels: a label costs a zeroed
// 64-byte entry, and each call waiting for it a 40-byte link.
void CodeBuffer::growFunctionTables(uint32_t funcIndex) {
  if (funcIndex < functionEntries_.size()) return;
  functionEntries_.resize(size_t{funcIndex} + 1, kNoCall);
  waitingCalls_.resize(size_t{funcIndex} + 1, kNoCall);
}

void CodeBuffer::waitForCallee(uint32_t funcIndex, uint32_t instruction) {
  growFunctionTables(funcIndex);
  asmjit::CodeBuffer& text = code_.textSection()->buffer();
  const std::span<uint8_t> code(text.data(), codeOffset());
  if (!writeCallLink(code, instruction, callFormat_, waitingCalls_[funcIndex])) {
    reportUnsupported("a call beyond the reach of its instruction");
    return;
  }
  waitingCalls_[funcIndex] = instruction;
}

// The function begins here: the calls waiting for it get their
// displacement.
void CodeBuffer::bindFunctionEntry(uint32_t funcIndex) {
  growFunctionTables(funcIndex);
  const uint32_t entry = codeOffset();
  functionEntries_[funcIndex] = entry;
  asmjit::CodeBuffer& text = code_.textSection()->buffer();
  const std::span<uint8_t> code(text.data(), entry);
  for (uint32_t call = waitingCalls_[funcIndex]; call != kNoCall;) {
    const uint32_t previous = readCallLink(code, call, callFormat_);
    if (!writeCallDisplacement(code, PendingCall{funcIndex, call, callFormat_}, 0, entry))
      reportUnsupported("a call beyond the reach of its instruction");
    call = previous;
  }
  waitingCalls_[funcIndex] = kNoCall;
}

Label CodeBuffer::newLabel() {
  if (!inFunction_ || freeLabels_.empty()) {
    const Label made = fromAsmjit(assembler_->newLabel());
    if (inFunction_ && made.isValid()) localLabels_.push_back(made.id);
    return made;
  }
  const uint32_t id = freeLabels_.back();
  freeLabels_.pop_back();
  localLabels_.push_back(id);
  return Label{id};
}

// Puts the function's bound labels back as new: unbound, no links (bind
// resolved them all, the code has one section), and the zero offset the
// x64 assembler reads as "no branch waits for it". A label left unbound
// is not reused: finalize reports the branch that waits for it.
void CodeBuffer::recycleLocalLabels() {
  for (uint32_t id : localLabels_) {
    asmjit::LabelEntry* entry = code_.labelEntry(id);
    if (!entry || !entry->isBound() || entry->links()) continue;
    entry->_section = nullptr;
    entry->_offset = 0;
    freeLabels_.push_back(id);
  }
  localLabels_.clear();
}

// Only hints: when a reservation fails the buffer grows as it would.
void CodeBuffer::reserveCode(uint64_t codeBytes) {
  (void)code_.reserveBuffer(&code_.textSection()->buffer(), codeBytes);
}

void CodeBuffer::reserveTables(uint64_t trapSites, uint64_t offsetMapBytes, uint32_t functions) {
  trapSites_.reserve(trapSites);
  wasmOffsets_.reserve(offsetMapBytes);
  functions_.reserve(functions);
}

// asmjit's own way to point a section at memory it does not own: an
// external buffer, fixed so that growing it fails (kErrorTooLarge) rather
// than moving the code. The attached assembler's write pointers are set as
// asmjit sets them when it grows a buffer.
void CodeBuffer::emitInto(uint8_t* data, size_t capacity) {
  assert(codeOffset() == 0 && !inPlace_);
  asmjit::CodeBuffer& text = code_.textSection()->buffer();
  if (text._data && !text.isExternal()) ::free(text._data);  // asmjit's, from malloc
  text._data = data;
  text._size = 0;
  text._capacity = capacity;
  text._flags = asmjit::CodeBufferFlags::kIsExternal | asmjit::CodeBufferFlags::kIsFixed;
  assembler_->_bufferData = data;
  assembler_->_bufferPtr = data;
  assembler_->_bufferEnd = data + capacity;
  inPlace_ = true;
}

void CodeBuffer::prefaultAsWritten(uint64_t codeBytes, PrefaultAhead::Prefault prefault) {
  asmjit::CodeBuffer& text = code_.textSection()->buffer();
  codeAhead_.start(prefault, text.data(),
                   static_cast<size_t>(std::min<uint64_t>(codeBytes, text.capacity())));
  if (!inPlace_) codeAhead_.stop();  // asmjit's buffer, which it may move
  trapSitesAhead_.start(prefault, nullptr, 0);
  offsetsAhead_.start(prefault, nullptr, 0);
  functionsAhead_.start(prefault, nullptr, 0);
  prefaultTablesAhead();
}

void CodeBuffer::prefaultCodeAhead() {
  codeAhead_.advance(codeData(), codeOffset(), code_.textSection()->buffer().capacity());
}

void CodeBuffer::prefaultTablesAhead() {
  trapSitesAhead_.keepAhead(trapSites_);
  offsetsAhead_.keepAhead(wasmOffsets_);
  functionsAhead_.keepAhead(functions_);
}

void CodeBuffer::beginFunction(uint32_t funcIndex) {
  assert(!inFunction_);
  align(16);
  inFunction_ = true;
  funcIndex_ = funcIndex;
  funcBegin_ = codeOffset();
  frameSizePatch_ = -1;
  trapEntries_.clear();
  std::fill(std::begin(latestEntry_), std::end(latestEntry_), kNoEntry);
  offsetsBegin_ = static_cast<uint32_t>(wasmOffsets_.size());
  lastSiteCode_ = funcBegin_;
  lastSiteFunc_ = 0;
  hasSite_ = false;
  if (codeAhead_.due(codeData(), codeOffset())) [[unlikely]]
    prefaultCodeAhead();
  bindFunctionEntry(funcIndex);
}

void CodeBuffer::endFunction() {
  assert(inFunction_);
  if constexpr (kHaveSimd) emitConstantPool();  // only vector constants use it
  fillJumpTables();
  recycleLocalLabels();
  FunctionRange range{funcIndex_, funcBegin_, codeOffset()};
  range.offsetsBegin = offsetsBegin_;
  range.offsetsSize = static_cast<uint32_t>(wasmOffsets_.size()) - offsetsBegin_;
  functions_.push_back(range);
  inFunction_ = false;
  prefaultTablesAhead();
}

Label CodeBuffer::trapLabel(TrapCode code) {
  assert(inFunction_ && "trap entries belong to a function");
  const uint32_t offset = currentWasmOffset();
  uint32_t& latest = latestEntry_[static_cast<uint32_t>(code)];
  if (latest != kNoEntry && trapEntries_[latest].wasmOffset == offset)
    return trapEntries_[latest].label;
  if (trapEntries_.empty()) oldestTrapStubUse_ = codeOffset();
  latest = static_cast<uint32_t>(trapEntries_.size());
  trapEntries_.push_back({code, newLabel(), offset});
  return trapEntries_.back().label;
}

// Grouped by code, the codes in order of first use (a counting sort into a
// buffer kept across functions).
const TrapEntries& CodeBuffer::takeTrapEntries() {
  uint32_t groupStart[kTrapCodeCount];
  std::fill(std::begin(groupStart), std::end(groupStart), kNoEntry);
  uint32_t groupSize[kTrapCodeCount] = {};
  TrapCode order[kTrapCodeCount];
  uint32_t codes = 0;
  for (const TrapEntry& e : trapEntries_) {
    const auto c = static_cast<uint32_t>(e.code);
    if (groupSize[c]++ == 0) order[codes++] = e.code;
  }
  for (uint32_t i = 0, next = 0; i < codes; i++) {
    const auto c = static_cast<uint32_t>(order[i]);
    groupStart[c] = next;
    next += groupSize[c];
  }
  grouped_.resize(trapEntries_.size());
  for (const TrapEntry& e : trapEntries_) grouped_[groupStart[static_cast<uint32_t>(e.code)]++] = e;
  trapEntries_.clear();
  std::fill(std::begin(latestEntry_), std::end(latestEntry_), kNoEntry);
  return grouped_;
}

// A call's return address is the pc a backtrace holds for its frame; it
// looks one byte back, inside the call instruction (runtime/jit/traps.cpp).
void CodeBuffer::recordCallSite() {
  if (!offsetSource_.operatorStart) return;
  recordWasmOffset(codeOffset() - 1, currentWasmOffset());
}

void CodeBuffer::reportUnsupported(const char* what) {
  if (errors_.first != asmjit::kErrorOk) return;
  errors_.first = asmjit::kErrorInvalidState;
  errors_.text = what;
}

Error CodeBuffer::failure(const std::string& what) const {
  return Error(ErrorKind::Resource, std::string(archName_) + " assembler: " + what);
}

void CodeBuffer::embedJumpTable(const asmjit::Label& table, std::span<const Label> targets,
                                uint32_t entryBytes) {
  const uint32_t padded = codeOffset();
  assembler_->align(asmjit::AlignMode::kData, entryBytes);
  assembler_->bind(table);
  const uint32_t start = codeOffset();
  jumpTables_.push_back({start, static_cast<uint32_t>(jumpTargets_.size()),
                         static_cast<uint32_t>(targets.size()), entryBytes});
  for (Label target : targets) jumpTargets_.push_back(target.id);
  static constexpr uint8_t kZeros[256] = {};
  for (size_t left = targets.size() * size_t{entryBytes}; left > 0;) {
    size_t chunk = std::min(left, sizeof kZeros);
    assembler_->embed(kZeros, chunk);
    left -= chunk;
  }
  if constexpr (kKeepCodeDataRanges) dataRanges_.push_back({padded, codeOffset()});
}

void CodeBuffer::referToConstant128(uint64_t lo, uint64_t hi) {
  constexpr uint32_t kSearched = 16;
  const auto size = static_cast<uint32_t>(constantPool_.size());
  uint32_t index = size;
  for (uint32_t i = size; i > 0 && size - i < kSearched; i--) {
    const PoolConstant& c = constantPool_[i - 1];
    if (c.lo == lo && c.hi == hi) {
      index = i - 1;
      break;
    }
  }
  if (index == size) constantPool_.push_back({lo, hi});
  poolReferences_.push_back({codeOffset() - 4, index});
}

void CodeBuffer::emitConstantPool() {
  if (constantPool_.empty()) return;
  const uint32_t padded = codeOffset();
  assembler_->align(asmjit::AlignMode::kData, 16);
  const uint32_t poolStart = codeOffset();
  for (const PoolConstant& c : constantPool_) {
    const uint64_t bytes[2] = {c.lo, c.hi};  // little-endian: lo first
    assembler_->embed(bytes, sizeof bytes);
  }
  if constexpr (kKeepCodeDataRanges) dataRanges_.push_back({padded, codeOffset()});
  for (const PoolReference& r : poolReferences_) {
    // rip-relative: from the end of the instruction, which the
    // displacement ends.
    const int64_t target = int64_t{poolStart} + int64_t{r.constant} * 16;
    const auto displacement = static_cast<int32_t>(target - (int64_t{r.displacementAt} + 4));
    if (uint8_t* field = bytesAt(r.displacementAt, sizeof displacement))
      std::memcpy(field, &displacement, sizeof displacement);
    else
      reportUnsupported("a constant's load was not emitted whole");
  }
  constantPool_.clear();
  poolReferences_.clear();
}

// Writes the function's jump tables now that its labels are bound (a
// failure waits for finalize, as an assembler error does).
void CodeBuffer::fillJumpTables() {
  for (const JumpTable& t : jumpTables_) {
    if (const char* failed = fillJumpTable(t)) reportUnsupported(failed);
  }
  jumpTables_.clear();
  jumpTargets_.clear();
}

const char* CodeBuffer::fillJumpTable(const JumpTable& t) {
  for (uint32_t i = 0; i < t.count; i++) {
    uint32_t id = jumpTargets_[t.firstTarget + i];
    if (!code_.isLabelBound(id)) return "a br_table target was never bound";
    int64_t delta = static_cast<int64_t>(code_.labelOffset(id)) - int64_t{t.offset};
    uint8_t* entry = bytesAt(int64_t{t.offset} + int64_t{i} * t.entryBytes, t.entryBytes);
    if (!entry) return "a jump table was not emitted whole";
    if (t.entryBytes == 8) {
      std::memcpy(entry, &delta, 8);
    } else {
      auto narrow = static_cast<int32_t>(delta);
      if (narrow != delta) return "a br_table target is out of the table's reach";
      std::memcpy(entry, &narrow, 4);
    }
  }
  return nullptr;
}

// Calls to functions never begun here stay for whoever joins this code
// with theirs (PendingCall).
std::vector<PendingCall> CodeBuffer::pendingCalls() const {
  std::vector<PendingCall> calls;
  const asmjit::CodeBuffer& text = code_.textSection()->buffer();
  const std::span<const uint8_t> code(text.data(), text.size());
  for (uint32_t funcIndex = 0; funcIndex < waitingCalls_.size(); funcIndex++) {
    for (uint32_t call = waitingCalls_[funcIndex]; call != kNoCall;
         call = readCallLink(code, call, callFormat_))
      calls.push_back(PendingCall{funcIndex, call, callFormat_});
  }
  return calls;
}

Result<CompiledCode> CodeBuffer::finalize(CodeDestination destination) {
  assert(!inFunction_);
  if (errors_.first == asmjit::kErrorOk) {
    code_.flatten();
    code_.resolveUnresolvedLinks();
    code_.relocateToBase(0);
  }
  if (errors_.first != asmjit::kErrorOk) return failure(errors_.text);
  std::vector<PendingCall> calls = pendingCalls();
  if (code_.unresolvedLinkCount() != 0 || (unpatchedBranches_ && *unpatchedBranches_ != 0))
    return failure("a branch to an unbound label");
  // DESIGN decision 2: label differences are fine, absolute addresses not.
  for (const asmjit::RelocEntry* reloc : code_.relocEntries()) {
    if (reloc->relocType() != asmjit::RelocType::kExpression &&
        reloc->relocType() != asmjit::RelocType::kNone) {
      return failure("code needs an absolute relocation");
    }
  }
  CompiledCode out;
  // All code lives in the one text section, starting at offset 0: a plain
  // copy of its bytes (resize + copyFlattenedData would zero them first).
  asmjit::CodeBuffer& text = code_.textSection()->buffer();
  if (code_.sectionCount() != 1 || code_.codeSize() != text.size())
    return failure("code outside the text section");
  if (inPlace_) {
    out.placed = {text.data(), text.size()};
  } else if (destination.allocate) {
    uint8_t* placed = destination.allocate(destination.context, text.size());
    if (!placed) return Error(ErrorKind::Resource, "no memory for the compiled code");
    if (text.size()) std::memcpy(placed, text.data(), text.size());
    out.placed = {placed, text.size()};
  } else {
    out.bytes.assign(text.data(), text.data() + text.size());
  }
  // Emission order is offset order: one section, stubs after each body.
  assert(std::is_sorted(trapSites_.begin(), trapSites_.end(),
                        [](const TrapSite& x, const TrapSite& y) {
                          return x.codeOffset < y.codeOffset;
                        }));
  out.trapSites = std::move(trapSites_);
  out.functions = std::move(functions_);
  out.pendingCalls = std::move(calls);
  out.wasmOffsets = std::move(wasmOffsets_);
  out.dataRanges = std::move(dataRanges_);
  return out;
}

}  // namespace ember
