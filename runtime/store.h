// The Store (spec 4.2.3): owns every function, table, memory, global and
// instance created in it, and the execution state of the engine; all of it
// is destroyed with the store. Used by one thread at a time (DESIGN
// decision 7).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "abi/vm_context.h"
#include "runtime/engine.h"
#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/function.h"
#include "runtime/resource_counter.h"
#include "runtime/value.h"

namespace ember {

namespace interp {
class Machine;
}
class Table;
class Memory;
struct MemoryOptions;
class GlobalInstance;
class Instance;
class JitStoreState;
struct JitTrapRecord;

class Store {
 public:
  explicit Store(Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Engine& engine() { return engine_; }

  Function* createHostFunction(const FuncType& type, HostCallback callback);
  Function* createHostFunction(const FuncType& type, HostCallbackWithCaller callback);
  Function* createHostCellFunction(const FuncType& type, HostCellCallback callback);
  // nullptr when the type's minimum passes the store's limits.
  Table* createTable(const TableType& type, Ref init);
  Memory* createMemory(const MemoryType& type);
  GlobalInstance* createGlobal(const GlobalType& type, const Value& init);

  // Calls a function; args must match its parameter types. Results are
  // written to `results` (sized to the result count). A trap is returned as
  // an Error of kind Trap (trapCodeOf() gives its code, context() the
  // backtrace); the store stays usable after it.
  Result<void> call(Function* func, std::span<const Value> args, std::span<Value> results);
  // The same on value cells (abi/value_cell.h), for bindings that convert
  // from their own value type (the C API) and so skip Value: `cells` holds
  // the arguments, already checked against the parameter types (they are
  // not checked here), and receives the results; it has room for
  // max(params, results) cells. No allocation for any signature.
  Result<void> callWithCells(Function* func, ValueCell* cells);

  // --- Interruption (DESIGN decision 8) ------------------------------------------
  // Code running in this store traps "interrupted" once the engine's epoch
  // reaches now + `ticks` (saturating). Until the first call the deadline is
  // never, and it stays never unless Config::epochInterruption.
  void setEpochDeadline(uint64_t ticks);
  uint64_t epochDeadline() const { return epochDeadline_; }
  // Fuel (Config::consumeFuel; a unit is described there). A store starts
  // with none; a trap "out of fuel" leaves 0. Errors when fuel is off.
  Result<void> setFuel(uint64_t fuel);
  Result<uint64_t> fuel() const;

  // --- Limits (Config::maxInstances, maxMemories, maxTables) -----------------------
  size_t instanceCount() const { return instances_.size(); }
  size_t memoryCount() const { return memories_.size(); }
  size_t tableCount() const { return tables_.size(); }
  // Every function (host ones too) and global the store holds.
  size_t functionCount() const { return functions_.size(); }
  size_t globalCount() const { return globals_.size(); }
  // A Resource error when `more` memories/tables/instances would pass the limit.
  Result<void> checkLimits(size_t moreInstances, size_t moreMemories, size_t moreTables) const;

  // --- For the runtime's own use ------------------------------------------------
  Table* adoptTable(std::unique_ptr<Table> t);
  Memory* adoptMemory(std::unique_ptr<Memory> m);
  GlobalInstance* adoptGlobal(std::unique_ptr<GlobalInstance> g);
  Function* adoptFunction(std::unique_ptr<Function> f);
  Instance* adoptInstance(std::unique_ptr<Instance> i);
  // Destroys `instance` and what it created, giving back its place under
  // maxInstances and its memory and table budget, if it is reclaimable()
  // (for wasm_instance_delete of the last handle: the C API's examples
  // create and delete 100,000 instances in one store). False, and nothing
  // changes, otherwise; the store then keeps the instance until it dies.
  bool reclaimInstance(Instance* instance);
  // The same without the reclaimable() check, for an instance whose
  // instantiation failed before anything could refer to it.
  void destroyInstance(Instance* instance);
  VMStoreContext* vmStore() { return &vm_; }
  // The store's totals (Config::maxStoreMemoryBytes, maxStoreTableElements)
  // that its memories and tables take from.
  ResourceCounter& memoryBytes() { return memoryBytes_; }
  // How this store's memories are made: its engine's layout, limits and
  // reservation pool, and the store's total.
  MemoryOptions memoryOptions();
  ResourceCounter& tableElements() { return tableElements_; }
  // Host-call trampoline state: the error of the last trapping host call.
  void setHostError(Error e) { hostError_.emplace(std::move(e)); }
  // The JIT side of the store (runtime/jit/entry.h); nullptr unless the
  // engine is the JIT.
  JitStoreState* jitState() { return jit_.get(); }

 private:
  Function* adoptHostFunction(std::unique_ptr<Function> function);
  Error trapFromMachine();
  Error trapFromJit(const JitTrapRecord& record);

  Engine& engine_;
  VMStoreContext vm_;
  // Before the memories and tables, which give back to them when destroyed.
  ResourceCounter memoryBytes_;
  ResourceCounter tableElements_;
  std::shared_ptr<interp::Machine> machine_;  // shared_ptr: complete only with EMBER_HAVE_INTERP
  std::shared_ptr<JitStoreState> jit_;  // shared_ptr: complete only with EMBER_HAVE_JIT
  std::optional<Error> hostError_;
  uint64_t epochDeadline_ = ~uint64_t{0};
  std::vector<std::unique_ptr<Function>> functions_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::unique_ptr<Memory>> memories_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<Instance>> instances_;
};

}  // namespace ember
