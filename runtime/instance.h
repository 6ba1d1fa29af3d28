// A module instance (spec 4.2.5): the module's functions, tables, memories
// and globals (imported ones first), its exports, and the VMContext engine
// code reaches them through. Owned by its Store.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "abi/vm_context.h"
#include "runtime/compiled_module.h"
#include "runtime/context_mirrors.h"
#include "runtime/extern.h"
#include "runtime/format/error.h"

namespace ember {

class Store;
class Function;
class Table;
class Memory;
class GlobalInstance;

class Instance {
 public:
  ~Instance();  // gives the passive segments' items back to the store

  // nullptr-object Extern when there is no such export.
  Extern exportByName(std::string_view name) const;
  // Exports in the module's order.
  const std::vector<std::pair<std::string, Extern>>& exports() const {
    exportsShared_ = true;
    return exports_;
  }

  // Whether Store::reclaimInstance may destroy this instance now: nothing
  // outside it can refer to its functions, tables, memories or globals.
  // That holds while its exports were never handed out (exports(),
  // exportByName(): to the embedder, a Linker or a host function's Caller)
  // and its imports cannot carry its references out: no imported table or
  // global, and no imported function taking or returning references.
  bool reclaimable() const;
  // Makes reclaimable() false for good (e.g. a trap frame names this
  // instance and may outlive every handle to it).
  void pin() const { exportsShared_ = true; }

  // What this instance created (not imported), for Store::reclaimInstance.
  std::span<Function* const> ownFunctions() const;
  std::span<Table* const> ownTables() const;
  std::span<Memory* const> ownMemories() const;
  std::span<GlobalInstance* const> ownGlobals() const;
  // Memory 0 and table 0 (own or imported) keep their base and size in
  // this instance's VMContext (context_mirrors.h); this ends that, for an
  // instance that goes away.
  void stopMirroring();

  const CompiledModule& module() const { return *module_; }
  Store& store() const { return *store_; }
  Function* function(uint32_t index) const { return functions_[index]; }
  Table* table(uint32_t index) const { return tables_[index]; }
  Memory* memory(uint32_t index) const { return index < memories_.size() ? memories_[index] : nullptr; }
  GlobalInstance* global(uint32_t index) const { return globals_[index]; }

  VMContext* vmContext() { return &ctx_; }

  // elem.drop: the segment becomes empty, and a passive one's items are
  // freed and given back to the store's table elements.
  void dropElemSegment(uint32_t index);

 private:
  friend Result<Instance*> instantiate(Store&, std::shared_ptr<const CompiledModule>,
                                       std::span<const Extern>);
  friend class InstanceBuilder;
  Instance(Store& store, std::shared_ptr<const CompiledModule> module);

  Store* store_;
  std::shared_ptr<const CompiledModule> module_;
  VMContext ctx_;
  ContextMirror memoryMirror_;  // memory 0's base and length in ctx_
  ContextMirror tableMirror_;   // table 0's elements and size in ctx_
  std::vector<Function*> functions_;
  std::vector<VMFunction*> vmFunctions_;
  std::vector<Table*> tables_;
  std::vector<VMTable*> vmTables_;
  std::vector<Memory*> memories_;
  std::vector<VMMemory*> vmMemories_;
  std::vector<GlobalInstance*> globals_;
  std::vector<VMGlobal*> vmGlobals_;
  std::vector<VMDataSegment> data_;
  std::vector<std::vector<void*>> elemItems_;
  // Items of passive segments, kept for table.init: counted against the
  // store's table elements, which they are bound for.
  uint64_t passiveItems_ = 0;
  std::vector<VMElemSegment> elems_;
  std::vector<std::pair<std::string, Extern>> exports_;
  std::unordered_map<std::string, size_t> exportIndex_;
  mutable bool exportsShared_ = false;
};

// Instantiates `module` in `store` with `imports` given in the module's
// import order (spec 4.5.4): imports are checked against their types
// (Unlinkable errors), then globals, tables and memories are created,
// element and data segments applied in order (a bounds failure is a Trap
// error; segments applied before it stay applied, as in the spec), and the
// start function runs (its trap is returned). The instance is owned by the
// store even when a trap is returned after it was allocated; when creating
// its tables or memories fails (a Resource error), nothing is left.
Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                              std::span<const Extern> imports);

}  // namespace ember
