// Runs code from the JIT's module compiler without the runtime: compiles a
// .wat module, maps the code executable, builds a VMContext (plus the
// fields the JIT reads) by hand, and calls exported functions
// through a small assembly trampoline. Traps surface through the Trap
// builtin (which longjmps back here) or, for guard-page faults, through a
// signal handler that looks the faulting PC up in the trap table.
#pragma once

#include <csetjmp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi/vm_context.h"
#include "jit/module_compiler.h"
#include "runtime/format/module.h"

namespace ember::test {

// wat text -> wasm bytes through wabt's wat2wasm; empty (and a test
// failure) when it fails.
std::vector<uint8_t> watToWasm(const std::string& wat);

// One raw argument or result: the value's bit pattern.
struct Raw {
  uint64_t bits = 0;
  static Raw i32(int32_t v) { return {static_cast<uint32_t>(v)}; }
  static Raw i64(int64_t v) { return {static_cast<uint64_t>(v)}; }
  static Raw f32(float v);
  static Raw f64(double v);
  int32_t asI32() const { return static_cast<int32_t>(bits); }
  int64_t asI64() const { return static_cast<int64_t>(bits); }
  float asF32() const;
  double asF64() const;
};

// The outcome of a call: results, or the trap code that stopped it.
struct Outcome {
  std::vector<Raw> results;
  std::optional<TrapCode> trap;
};

class JitInstance {
 public:
  // Compiles `wat`; memory 0 (if any) gets its minimum pages. Failures are
  // test failures, and every later call() fails too.
  explicit JitInstance(const std::string& wat, JitOptions options = {});
  // The same from a binary module.
  JitInstance(std::vector<uint8_t> wasm, JitOptions options);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  ~JitInstance();
  JitInstance(const JitInstance&) = delete;
  JitInstance& operator=(const JitInstance&) = delete;

  // Whether `exportName` is a function the trampoline can call: scalar
  // parameters and results (references as pointers), all in registers.
  bool canCall(const std::string& exportName) const;
  Outcome call(const std::string& exportName, std::vector<Raw> args);
  // The single result of a call that must not trap.
  Raw run(const std::string& exportName, std::vector<Raw> args = {});
  std::optional<TrapCode> trapOf(const std::string& exportName, std::vector<Raw> args = {});

  uint8_t* memory() { return memoryBase_; }
  VMGlobal& global(uint32_t index) { return globals_[index]; }
  const CompiledCode& code() const { return code_; }
  const Module& module() const { return module_; }
  size_t wasmSize() const { return module_.bytes.size(); }

  // The VMContext, with the fields the JIT reads (module_compiler.h).
  struct Context {
    VMContext vm;
  };

 private:
  static constexpr uint32_t kNoFunction = 0xFFFFFFFF;
  Outcome callIndex(uint32_t funcIndex, std::vector<Raw> args, const std::string& exportName);
  uint32_t exportedFunction(const std::string& name);
  void fail(const std::string& message);
  void setUpMemory();
  void setUpGlobals();
  void setUpFunctionsAndTables();
  static int64_t memoryGrow(VMContext* ctx, uint32_t memory, uint64_t delta);
  static uint32_t memoryFill(VMContext* ctx, uint32_t memory, uint64_t dst, uint64_t value,
                             uint64_t n);
  static uint32_t memoryCopy(VMContext* ctx, uint32_t dm, uint32_t sm, uint64_t dst, uint64_t src,
                             uint64_t n);
  static uint32_t memoryInit(VMContext* ctx, uint32_t memory, uint32_t data, uint64_t dst,
                             uint64_t src, uint64_t n);
  static void dataDrop(VMContext* ctx, uint32_t data);
  static int64_t tableGrow(VMContext* ctx, uint32_t table, uint64_t delta, void* init);
  static uint32_t tableFill(VMContext* ctx, uint32_t table, uint64_t index, void* value,
                            uint64_t n);
  static uint32_t tableCopy(VMContext* ctx, uint32_t dt, uint32_t st, uint64_t dst, uint64_t src,
                            uint64_t n);
  static uint32_t tableInit(VMContext* ctx, uint32_t table, uint32_t elem, uint64_t dst,
                            uint64_t src, uint64_t n);
  static void elemDrop(VMContext* ctx, uint32_t elem);
  [[noreturn]] static void trap(VMContext* ctx, uint32_t code);
  void build(std::vector<uint8_t> wasm, const JitOptions& options);

  std::string error_;  // set when the module could not be built
  Module module_;
  CompiledCode code_;
  uint8_t* codeMemory_ = nullptr;
  size_t codeSize_ = 0;
  uint8_t* memoryBase_ = nullptr;
  size_t reservation_ = 0;
  VMMemory memoryObject_;
  VMMemory* memoryPtr_ = &memoryObject_;
  std::vector<VMGlobal> globals_;
  std::vector<VMGlobal*> globalPtrs_;
  std::vector<VMFunction> functions_;
  std::vector<VMFunction*> functionPtrs_;
  std::vector<std::vector<void*>> tableElements_;
  std::vector<VMTable> tables_;
  std::vector<VMTable*> tablePtrs_;
  std::vector<uint32_t> typeIds_;
  std::vector<bool> dataDropped_;
  std::vector<std::vector<void*>> elemItems_;  // emptied by elem.drop
  Context context_;
};

}  // namespace ember::test
