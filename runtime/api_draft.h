// DRAFT of the runtime's C++ surface, the contract between the spec runner /
// CLI (tools/) and the runtime + engines (runtime/, runtime/interp/, jit/).
// The runtime implementation splits this into one header per concept
// (engine.h, store.h, instance.h, ...) and deletes this file; the names and
// shapes below are what tools/ codes against.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

// --- Values ------------------------------------------------------------------
struct V128 {
  uint64_t lo = 0, hi = 0;
};

class Function;

// A reference value: null, a function, or an opaque host (extern) reference.
struct Ref {
  void* ptr = nullptr;  // Function* for funcref, host pointer for externref
  bool isNull() const { return ptr == nullptr; }
};

struct Value {
  ValType type = ValType::I32;
  union {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;  // raw bits: NaN payloads must survive
    uint64_t f64;
    V128 v128;
    Ref ref;
  };
  Value() : i64(0) {}
  static Value fromI32(uint32_t v);
  static Value fromI64(uint64_t v);
  static Value fromF32Bits(uint32_t bits);
  static Value fromF64Bits(uint64_t bits);
  static Value fromV128(V128 v);
  static Value fromRef(ValType type, Ref r);
};

// --- Traps -------------------------------------------------------------------
enum class TrapCode : uint8_t {
  Unreachable,                 // "unreachable"
  MemoryOutOfBounds,           // "out of bounds memory access"
  TableOutOfBounds,            // "out of bounds table access"
  UndefinedElement,            // "undefined element" (call_indirect index >= size)
  UninitializedElement,        // "uninitialized element" (null entry)
  IndirectCallTypeMismatch,    // "indirect call type mismatch"
  IntegerDivideByZero,         // "integer divide by zero"
  IntegerOverflow,             // "integer overflow"
  InvalidConversionToInteger,  // "invalid conversion to integer"
  StackExhausted,              // "call stack exhausted"
  Interrupted,                 // epoch deadline reached
  OutOfFuel,
  HostError,                   // a host function returned a trap
};
const char* trapMessage(TrapCode code);  // the spec interpreter's wording

// A trap as an Error: kind() == ErrorKind::Trap, with the code retrievable.
// (Implementation may carry the code and a backtrace alongside the message.)

// --- Configuration -------------------------------------------------------------
enum class EngineKind : uint8_t { Interpreter, Jit };
enum class BoundsMode : uint8_t { Signals, Checks };

struct Config {
  EngineKind engine = EngineKind::Interpreter;
  BoundsMode bounds = BoundsMode::Signals;
  uint32_t maxCallDepth = 10000;        // "call stack exhausted" beyond this
  uint64_t maxMemoryPages = 65536;      // per memory, store-level cap
  uint32_t maxTableElements = 10000000;
};

class Engine {
 public:
  explicit Engine(Config config = {});
  const Config& config() const;
};

// A decoded, validated module prepared for the engine (interpreter code or
// machine code). Immutable, shareable between stores and threads.
class CompiledModule;
Result<std::shared_ptr<const CompiledModule>> compileModule(Engine& engine,
                                                            std::span<const uint8_t> bytes);
const Module& moduleOf(const CompiledModule& m);

// --- Store-owned objects ----------------------------------------------------------
class Store;
class Memory;
class Table;
class Global;
class Instance;

struct Extern {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // Function*, Table*, Memory*, Global*
};

// A host function: reads args, writes results; returns an empty Result on
// success, or an Error (a trap) to make the caller trap.
using HostCallback = std::function<Result<void>(std::span<const Value> args,
                                                std::span<Value> results)>;

class Store {
 public:
  explicit Store(Engine& engine);
  ~Store();
  Engine& engine();

  Function* createHostFunction(const FuncType& type, HostCallback callback);
  Table* createTable(const TableType& type, Ref init);
  Memory* createMemory(const MemoryType& type);
  Global* createGlobal(const GlobalType& type, const Value& init);

  // Calls a function; args must match its parameter types. Results are
  // written to `results` (sized to the result count). A trap is returned as
  // an Error of kind Trap; the store stays usable after it.
  Result<void> call(Function* func, std::span<const Value> args, std::span<Value> results);
};

const FuncType& functionType(const Function* f);
Value globalValue(const Global* g);

class Instance {
 public:
  // nullptr-kind Extern (object == nullptr) when there is no such export.
  Extern exportByName(std::string_view name) const;
};

// Resolves imports by (module, name) and instantiates modules (spec 4.5.4 order).
class Linker {
 public:
  void define(std::string_view module, std::string_view name, Extern ext);
  void defineInstance(std::string_view moduleName, const Instance* instance);  // all exports
  // Unlinkable errors for missing/mismatched imports; Trap errors for segment
  // bounds and start-function traps (the instance may then be partially
  // initialised, as the spec says: earlier segments stay written).
  Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module);
};

}  // namespace ember
