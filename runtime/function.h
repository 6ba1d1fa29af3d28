// A function (spec 4.2.6): defined in a wasm instance, or provided by the
// host as a C++ callable. It is a VMFunction, so funcref values and table
// entries point straight at it.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "abi/value_cell.h"
#include "abi/vm_context.h"
#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/reclaim_mark.h"
#include "runtime/value.h"

namespace ember {

class Instance;
class Memory;
class Store;
class TypeRegistry;
struct Extern;
struct JitCallPlan;

// What a host function may reach of its caller: the store and, when wasm
// called it, the calling instance (and so its memory).
class Caller {
 public:
  Caller(Store& store, Instance* instance) : store_(store), instance_(instance) {}
  Store& store() { return store_; }
  Instance* instance() { return instance_; }  // nullptr when called from the host
  // The caller's memory `index`, or nullptr.
  Memory* memory(uint32_t index = 0);
  Extern exportByName(std::string_view name);

 private:
  Store& store_;
  Instance* instance_;
};

// A host function: reads args, writes results; returns an empty Result on
// success, or an Error (a trap) to make the caller trap.
using HostCallback = std::function<Result<void>(std::span<const Value> args,
                                                std::span<Value> results)>;
using HostCallbackWithCaller = std::function<Result<void>(
    Caller& caller, std::span<const Value> args, std::span<Value> results)>;
// The same on value cells in place (abi/value_cell.h, by the function's
// type): the arguments in cells[0, params); the callback writes every
// result to cells[0, results), over the arguments. For bindings with their
// own value type (the C API), which would otherwise convert every value
// twice.
using HostCellCallback = std::function<Result<void>(Caller& caller, ValueCell* cells)>;

class Function : public VMFunction, public ReclaimMark {
 public:
  // A wasm function of `instance`; `typeId` is its canonical type id.
  Function(Instance* instance, const FuncType& type, uint32_t typeId, uint32_t funcIndex,
           VMContext* context, const void* code);
  // A host function, holding a reference to its type's id in `types`.
  Function(const FuncType& type, TypeRegistry& types, HostCallbackWithCaller callback);
  Function(const FuncType& type, TypeRegistry& types, HostCellCallback callback);
  ~Function();
  Function(const Function&) = delete;
  Function& operator=(const Function&) = delete;

  const FuncType& type() const { return type_; }
  bool isHost() const { return kind == VMFunctionKind::Host; }
  Instance* instance() const { return instance_; }
  // A host function has one of the two callbacks.
  const HostCallbackWithCaller& hostCallback() const { return host_; }
  const HostCellCallback& hostCellCallback() const { return hostCells_; }
  // The JIT's argument and result placement for this function's type
  // (runtime/jit/call_plan.h), computed on its first host<->JIT call.
  const JitCallPlan* jitCallPlan() const { return jitCallPlan_.get(); }
  void setJitCallPlan(std::shared_ptr<const JitCallPlan> plan) const {
    jitCallPlan_ = std::move(plan);
  }

 private:
  FuncType type_;
  Instance* instance_ = nullptr;
  TypeRegistry* typeOwner_ = nullptr;  // a host function's, to release its id
  HostCallbackWithCaller host_;
  HostCellCallback hostCells_;
  // Filled lazily by a const call path; a store is used by one thread at a time.
  mutable std::shared_ptr<const JitCallPlan> jitCallPlan_;
};

inline const FuncType& functionType(const Function* f) { return f->type(); }

}  // namespace ember
