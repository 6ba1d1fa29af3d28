#include "tests/jit/codegen_harness.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "abi/trampolines.h"
#include "runtime/jit/entry.h"  // JitEntryFrame, the trampoline's argument

namespace ember::test {

namespace {

constexpr uint64_t kReservation = (uint64_t{4} << 30) + (uint64_t{64} << 20);

// The call in progress on this thread, for the trap builtin and the
// signal handler to return to.
thread_local sigjmp_buf* currentJump = nullptr;
thread_local JitInstance* currentInstance = nullptr;
thread_local const uint8_t* currentCode = nullptr;
thread_local size_t currentCodeSize = 0;
thread_local const CompiledCode* currentTable = nullptr;

void onFault(int sig, siginfo_t*, void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
  auto pc = reinterpret_cast<const uint8_t*>(uc->uc_mcontext.gregs[REG_RIP]);
  if (currentJump && pc >= currentCode && pc < currentCode + currentCodeSize) {
    if (const TrapSite* site = currentTable->findTrap(static_cast<uint32_t>(pc - currentCode))) {
      siglongjmp(*currentJump, static_cast<int>(site->code) + 1);
    }
  }
  signal(sig, SIG_DFL);  // not ours: crash as usual
}

void installFaultHandler() {
  static bool installed = [] {
    static std::vector<uint8_t> altStack(1 << 16);
    stack_t ss{};
    ss.ss_sp = altStack.data();
    ss.ss_size = altStack.size();
    sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_sigaction = onFault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, nullptr);
    sigaction(SIGBUS, &sa, nullptr);
    sigaction(SIGILL, &sa, nullptr);
    return true;
  }();
  (void)installed;
}

uint32_t canonicalTypeId(const Module& m, uint32_t typeIndex) {
  for (uint32_t i = 0; i < typeIndex; i++) {
    if (m.types[i] == m.types[typeIndex]) return i;
  }
  return typeIndex;
}

}  // namespace

Raw Raw::f32(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return {b};
}
Raw Raw::f64(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return {b};
}
float Raw::asF32() const {
  uint32_t b = static_cast<uint32_t>(bits);
  float v;
  std::memcpy(&v, &b, 4);
  return v;
}
double Raw::asF64() const {
  double v;
  std::memcpy(&v, &bits, 8);
  return v;
}

std::vector<uint8_t> watToWasm(const std::string& wat) {
  namespace fs = std::filesystem;
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("ember-codegen-test-" + std::to_string(getpid()) +
                                              "-" + std::to_string(counter++));
  fs::create_directories(dir);
  fs::path in = dir / "m.wat", out = dir / "m.wasm";
  std::ofstream(in) << wat;
  std::string cmd = std::string(EMBER_WAT2WASM) + " --enable-relaxed-simd " + in.string() + " -o " +
                    out.string() + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream f(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  if (rc != 0 || bytes.empty()) {
    ADD_FAILURE() << "wat2wasm failed for:\n" << wat;
    return {};
  }
  return bytes;
}

JitInstance::JitInstance(const std::string& wat, JitOptions options) {
  build(watToWasm(wat), options);
}

JitInstance::JitInstance(std::vector<uint8_t> wasm, JitOptions options) {
  build(std::move(wasm), options);
}

void JitInstance::build(std::vector<uint8_t> bytes, const JitOptions& options) {
  installFaultHandler();
  auto decoded = decodeModule(bytes);
  if (!decoded) {
    fail("decode: " + decoded.error().message());
    return;
  }
  module_ = std::move(decoded.value());
  if (auto v = validateModule(module_); !v) {
    fail("validate: " + v.error().message());
    return;
  }
  auto compiled = compileModule(module_, options);
  if (!compiled) {
    fail("compile: " + compiled.error().message());
    return;
  }
  code_ = std::move(compiled.value());

  codeSize_ = (std::max<size_t>(code_.bytes.size(), 1) + 4095) & ~size_t{4095};
  void* mem = mmap(nullptr, codeSize_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    fail("mmap code");
    return;
  }
  codeMemory_ = static_cast<uint8_t*>(mem);
  // A module without functions has no bytes (and may have no buffer).
  if (!code_.bytes.empty()) std::memcpy(codeMemory_, code_.bytes.data(), code_.bytes.size());
  mprotect(codeMemory_, codeSize_, PROT_READ | PROT_EXEC);

  context_ = {};
  setUpMemory();
  setUpGlobals();
  setUpFunctionsAndTables();
  context_.vm.builtins[static_cast<uint32_t>(BuiltinId::Trap)] = reinterpret_cast<void*>(&trap);
  context_.vm.builtins[static_cast<uint32_t>(BuiltinId::MemoryGrow)] =
      reinterpret_cast<void*>(&memoryGrow);
  context_.vm.builtins[static_cast<uint32_t>(BuiltinId::MemoryFill)] =
      reinterpret_cast<void*>(&memoryFill);
  context_.vm.builtins[static_cast<uint32_t>(BuiltinId::MemoryCopy)] =
      reinterpret_cast<void*>(&memoryCopy);
  auto set = [&](BuiltinId id, auto* fn) {
    context_.vm.builtins[static_cast<uint32_t>(id)] = reinterpret_cast<void*>(fn);
  };
  set(BuiltinId::MemoryInit, &memoryInit);
  set(BuiltinId::DataDrop, &dataDrop);
  set(BuiltinId::TableGrow, &tableGrow);
  set(BuiltinId::TableFill, &tableFill);
  set(BuiltinId::TableCopy, &tableCopy);
  set(BuiltinId::TableInit, &tableInit);
  set(BuiltinId::ElemDrop, &elemDrop);
  if (module_.startFunction) {
    Outcome start = callIndex(*module_.startFunction, {}, "start function");
    if (start.trap) fail(std::string("start function trapped: ") + trapMessage(*start.trap));
  }
}

JitInstance::~JitInstance() {
  if (codeMemory_) munmap(codeMemory_, codeSize_);
  if (memoryBase_) munmap(memoryBase_, reservation_);
}

void JitInstance::setUpMemory() {
  if (module_.memories.empty()) return;
  reservation_ = kReservation;
  void* mem =
      mmap(nullptr, reservation_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) {
    fail("mmap memory");
    return;
  }
  memoryBase_ = static_cast<uint8_t*>(mem);
  uint64_t bytes = module_.memories[0].limits.min * kPageSize;
  if (bytes) mprotect(memoryBase_, bytes, PROT_READ | PROT_WRITE);
  memoryObject_ = {memoryBase_, bytes};
  context_.vm.memoryBase = memoryBase_;
  context_.vm.memory = &memoryObject_;
  context_.vm.memories = &memoryPtr_;
  context_.vm.memoryLength = bytes;
  for (const DataSegment& d : module_.dataSegments) {
    dataDropped_.push_back(d.mode == SegmentMode::Active);
    if (d.mode != SegmentMode::Active) continue;
    uint64_t offset = static_cast<uint32_t>(d.offset.bits[0]);
    if (offset + d.size > bytes) {
      fail("data segment out of bounds");
      return;
    }
    std::memcpy(memoryBase_ + offset, module_.bytes.data() + d.bytesOffset, d.size);
  }
}

void JitInstance::setUpGlobals() {
  globals_.resize(module_.globals.size());
  for (size_t i = 0; i < module_.globals.size(); i++) {
    globals_[i].value = ValueCell::fromBits(module_.globals[i].init.bits[0]);
    globalPtrs_.push_back(&globals_[i]);
  }
  context_.vm.globals = globalPtrs_.data();
  for (size_t i = 0; i < globalPtrs_.size() && i < kVMFirstGlobals; i++)
    context_.vm.firstGlobals[i] = globalPtrs_[i];
}

// Imports resolve to the export of this module with the import's field
// name: enough to exercise calls through VMContext::functions.
void JitInstance::setUpFunctionsAndTables() {
  typeIds_.resize(module_.types.size());
  for (uint32_t i = 0; i < typeIds_.size(); i++) typeIds_[i] = canonicalTypeId(module_, i);
  context_.vm.typeIds = typeIds_.data();
  uint32_t count = static_cast<uint32_t>(module_.funcTypeIndices.size());
  functions_.resize(count);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t target = i;
    if (i < module_.importedFuncCount) target = exportedFunction(module_.imports[i].name);
    VMFunction& f = functions_[i];
    f.typeId = typeIds_[module_.funcTypeIndices[i]];
    f.funcIndex = target;
    f.context = &context_.vm;
    for (const FunctionRange& r : code_.functions) {
      if (r.funcIndex == target) f.code = codeMemory_ + r.begin;
    }
  }
  for (VMFunction& f : functions_) functionPtrs_.push_back(&f);
  context_.vm.functions = functionPtrs_.data();

  tableElements_.resize(module_.tables.size());
  tables_.resize(module_.tables.size());
  for (size_t t = 0; t < module_.tables.size(); t++) {
    tableElements_[t].assign(module_.tables[t].limits.min, nullptr);
  }
  for (const ElemSegment& s : module_.elemSegments) {
    std::vector<void*> items;
    for (const ElemItem& item : s.items) {
      items.push_back(item.kind == ConstExpr::Kind::RefFunc ? functionPtrs_[item.index] : nullptr);
    }
    if (s.mode == SegmentMode::Active) {
      uint32_t offset = static_cast<uint32_t>(s.offset.bits[0]);
      std::vector<void*>& table = tableElements_[s.tableIndex];
      if (uint64_t{offset} + items.size() > table.size()) {
        fail("elem segment out of bounds");
        return;
      }
      std::copy(items.begin(), items.end(), table.begin() + offset);
    }
    // Active and declarative segments are dropped once instantiated.
    if (s.mode != SegmentMode::Passive) items.clear();
    elemItems_.push_back(std::move(items));
  }
  for (size_t t = 0; t < tables_.size(); t++) {
    tables_[t] = {tableElements_[t].data(), tableElements_[t].size()};
    tablePtrs_.push_back(&tables_[t]);
  }
  context_.vm.tables = tablePtrs_.data();
  if (!tables_.empty()) context_.vm.table0 = tables_[0];
}

void JitInstance::fail(const std::string& message) {
  ADD_FAILURE() << message;
  if (error_.empty()) error_ = message;
}

uint32_t JitInstance::exportedFunction(const std::string& name) {
  for (const Export& e : module_.exports) {
    if (e.kind == ExternKind::Func && e.name == name) return e.index;
  }
  fail("no exported function " + name);
  return kNoFunction;
}

bool JitInstance::canCall(const std::string& exportName) const {
  if (!error_.empty()) return false;
  for (const Export& e : module_.exports) {
    if (e.kind != ExternKind::Func || e.name != exportName) continue;
    const FuncType& type = module_.funcType(e.index);
    for (ValType t : type.params) {
      if (t == ValType::V128) return false;
    }
    for (ValType t : type.results) {
      if (t == ValType::V128) return false;
    }
    return computeCallLayout(type.params, type.results).stackBytes() == 0;
  }
  return false;
}

Outcome JitInstance::call(const std::string& exportName, std::vector<Raw> args) {
  if (!error_.empty()) {
    ADD_FAILURE() << error_;
    return {};
  }
  uint32_t funcIndex = exportedFunction(exportName);
  if (funcIndex == kNoFunction) return {};
  return callIndex(funcIndex, std::move(args), exportName);
}

namespace {
// Runs the entry trampoline; 0, or the trap code + 1 when the call trapped
// (the trap builtin, ember_jit_raise_trap or the fault handler jump here).
// Its own function so that no caller local lives across sigsetjmp.
int enterCatchingTraps(JitEntryFrame* frame) {
  sigjmp_buf jump;
  currentJump = &jump;
  int trapped = sigsetjmp(jump, 1);
  if (trapped == 0) ember_jit_enter(frame);
  currentJump = nullptr;
  return trapped;
}
}  // namespace

Outcome JitInstance::callIndex(uint32_t funcIndex, std::vector<Raw> args,
                               const std::string& exportName) {
  const FuncType& type = module_.funcType(funcIndex);
  CallLayout layout = computeCallLayout(type.params, type.results);
  if (args.size() != type.params.size()) {
    fail(exportName + ": wrong number of arguments");
    return {};
  }
  // JitEntryFrame::regs: GP argument/result registers from slot 0, FP ones
  // from kFirstFpSlot (kFpSlotWords each), in the order of RegisterConventions.
  auto slotOf = [](Reg r, std::span<const Reg> gp, std::span<const Reg> fp) {
    for (size_t i = 0; i < gp.size(); i++) {
      if (gp[i] == r) return i;
    }
    for (size_t i = 0; i < fp.size(); i++) {
      if (fp[i] == r) return kFirstFpSlot + i * kFpSlotWords;
    }
    return size_t{0};  // unreachable: computeCallLayout uses only these
  };
  JitEntryFrame frame;
  std::vector<uint64_t> stack(layout.stackBytes() / 8);
  frame.stackBytes = layout.stackBytes();
  frame.stackArea = stack.data();
  for (size_t i = 0; i < args.size(); i++) {
    const ValueLocation& loc = layout.params[i];
    if (loc.inRegister())
      frame.regs[slotOf(loc.reg, RegisterConventions::kArgGp, RegisterConventions::kArgFp)] =
          args[i].bits;
    else
      stack[loc.stackOffset / 8] = args[i].bits;
  }
  frame.code = functions_[funcIndex].code;
  frame.context = &context_.vm;

  // The stack limit leaves the harness 256 KiB below the current frame.
  char here;
  context_.vm.stackLimit = reinterpret_cast<uintptr_t>(&here) - (uintptr_t{256} << 10);
  Outcome out;
  currentInstance = this;
  currentCode = codeMemory_;
  currentCodeSize = code_.bytes.size();
  currentTable = &code_;
  int trapped = enterCatchingTraps(&frame);
  if (trapped == 0) {
    for (size_t i = 0; i < type.results.size(); i++) {
      const ValueLocation& loc = layout.results[i];
      uint64_t bits =
          loc.inRegister()
              ? frame.regs[slotOf(loc.reg, RegisterConventions::kResultGp,
                                  RegisterConventions::kResultFp)]
              : stack[loc.stackOffset / 8];
      if (type.results[i] == ValType::I32 || type.results[i] == ValType::F32) {
        // The contract: 32-bit GP results have a clear upper half.
        if (type.results[i] == ValType::I32) {
          EXPECT_EQ(bits >> 32, 0u) << exportName << ": i32 result with a dirty upper half";
        }
        bits &= 0xFFFFFFFFu;
      }
      out.results.push_back({bits});
    }
  } else {
    out.trap = static_cast<TrapCode>(trapped - 1);
  }
  currentInstance = nullptr;
  return out;
}

Raw JitInstance::run(const std::string& exportName, std::vector<Raw> args) {
  Outcome o = call(exportName, std::move(args));
  if (o.trap) ADD_FAILURE() << exportName << " trapped: " << trapMessage(*o.trap);
  if (o.results.size() != 1) {
    ADD_FAILURE() << exportName << ": not one result";
    return {};
  }
  return o.results[0];
}

std::optional<TrapCode> JitInstance::trapOf(const std::string& exportName, std::vector<Raw> args) {
  return call(exportName, std::move(args)).trap;
}

void JitInstance::trap(VMContext*, uint32_t code) {
  siglongjmp(*currentJump, static_cast<int>(code) + 1);
}

int64_t JitInstance::memoryGrow(VMContext*, uint32_t, uint64_t delta) {
  JitInstance& self = *currentInstance;
  uint64_t oldPages = self.memoryObject_.length / kPageSize;
  uint64_t max = self.module_.memories[0].limits.max.value_or(kMaxPages32);
  if (delta > max || oldPages + delta > max) return -1;
  uint64_t newBytes = (oldPages + delta) * kPageSize;
  if (newBytes) mprotect(self.memoryBase_, newBytes, PROT_READ | PROT_WRITE);
  self.memoryObject_.length = newBytes;
  self.context_.vm.memoryLength = newBytes;
  return static_cast<int64_t>(oldPages);
}

uint32_t JitInstance::memoryFill(VMContext*, uint32_t, uint64_t dst, uint64_t value, uint64_t n) {
  JitInstance& self = *currentInstance;
  if (dst + n > self.memoryObject_.length) return false;
  std::memset(self.memoryBase_ + dst, static_cast<int>(value), n);
  return true;
}

uint32_t JitInstance::memoryCopy(VMContext*, uint32_t, uint32_t, uint64_t dst, uint64_t src,
                                 uint64_t n) {
  JitInstance& self = *currentInstance;
  uint64_t len = self.memoryObject_.length;
  if (dst + n > len || src + n > len) return false;
  std::memmove(self.memoryBase_ + dst, self.memoryBase_ + src, n);
  return true;
}

uint32_t JitInstance::memoryInit(VMContext*, uint32_t, uint32_t data, uint64_t dst, uint64_t src,
                                 uint64_t n) {
  JitInstance& self = *currentInstance;
  const DataSegment& d = self.module_.dataSegments[data];
  uint64_t size = self.dataDropped_[data] ? 0 : d.size;
  if (src + n > size || dst + n > self.memoryObject_.length) return false;
  std::memcpy(self.memoryBase_ + dst, self.module_.bytes.data() + d.bytesOffset + src, n);
  return true;
}

void JitInstance::dataDrop(VMContext*, uint32_t data) {
  currentInstance->dataDropped_[data] = true;
}

int64_t JitInstance::tableGrow(VMContext*, uint32_t table, uint64_t delta, void* init) {
  JitInstance& self = *currentInstance;
  std::vector<void*>& elements = self.tableElements_[table];
  uint64_t old = elements.size();
  uint64_t max = self.module_.tables[table].limits.max.value_or(UINT32_MAX);
  if (delta > max || old + delta > max) return -1;
  elements.resize(old + delta, init);
  self.tables_[table] = {elements.data(), elements.size()};
  if (table == 0) self.context_.vm.table0 = self.tables_[0];  // the runtime mirrors it too
  return static_cast<int64_t>(old);
}

uint32_t JitInstance::tableFill(VMContext*, uint32_t table, uint64_t index, void* value,
                                uint64_t n) {
  std::vector<void*>& elements = currentInstance->tableElements_[table];
  if (index + n > elements.size()) return false;
  std::fill(elements.begin() + index, elements.begin() + index + n, value);
  return true;
}

uint32_t JitInstance::tableCopy(VMContext*, uint32_t dt, uint32_t st, uint64_t dst, uint64_t src,
                                uint64_t n) {
  std::vector<void*>& d = currentInstance->tableElements_[dt];
  std::vector<void*>& s = currentInstance->tableElements_[st];
  if (dst + n > d.size() || src + n > s.size()) return false;
  std::memmove(d.data() + dst, s.data() + src, n * sizeof(void*));
  return true;
}

uint32_t JitInstance::tableInit(VMContext*, uint32_t table, uint32_t elem, uint64_t dst,
                                uint64_t src, uint64_t n) {
  std::vector<void*>& d = currentInstance->tableElements_[table];
  std::vector<void*>& s = currentInstance->elemItems_[elem];
  if (dst + n > d.size() || src + n > s.size()) return false;
  std::copy(s.begin() + src, s.begin() + src + n, d.begin() + dst);
  return true;
}

void JitInstance::elemDrop(VMContext*, uint32_t elem) { currentInstance->elemItems_[elem].clear(); }

}  // namespace ember::test

// Calls go through the runtime's own entry trampoline, ember_jit_enter
// (jit/x64/runtime_stubs_x64.cpp, linked into this test): the arguments and
// results travel in a JitEntryFrame. The two runtime functions its stubs
// call are the harness's: a trap unwinds to the call in progress.
extern "C" void ember_jit_raise_trap(ember::VMContext*, uint32_t code, uintptr_t, uintptr_t) {
  siglongjmp(*ember::test::currentJump, static_cast<int>(code) + 1);
}
extern "C" void ember_jit_call_host(uintptr_t, uint64_t*, uint64_t*, uintptr_t) {
  std::fprintf(stderr, "codegen harness: no host functions\n");
  std::abort();
}
