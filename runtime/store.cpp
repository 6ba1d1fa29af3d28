#include "runtime/store.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/inline_buffer.h"
#include "runtime/instance.h"
#if EMBER_HAVE_INTERP
#include "runtime/interp/code.h"
#include "runtime/interp/interpreter.h"
#endif
#if EMBER_HAVE_JIT
#include "runtime/jit/entry.h"
#include "runtime/jit/traps.h"
#endif
#include "runtime/memory.h"
#include "runtime/native_stack.h"
#include "runtime/table.h"
#include "runtime/trap.h"
#include "runtime/value_cells.h"

namespace ember {
namespace {

// --- Builtins: what engine code asks of the runtime ----------------------------------

Instance* instanceOf(VMContext* ctx) { return static_cast<Instance*>(ctx->instance); }

int64_t memoryGrowBuiltin(VMContext* ctx, uint32_t memoryIndex, uint64_t deltaPages) {
  Memory* m = instanceOf(ctx)->memory(memoryIndex);
  return m ? m->grow(deltaPages) : -1;
}

int64_t tableGrowBuiltin(VMContext* ctx, uint32_t tableIndex, uint64_t delta, void* init) {
  Table* t = instanceOf(ctx)->table(tableIndex);
  return t->grow(delta, Table::fromEngine(t->elemType(), init), ctx);
}

// A host function on cells, through whichever callback it has.
Result<void> callHostFunction(Store& store, Instance* callerInstance, const Function& f,
                              ValueCell* cells) {
  Caller caller(store, callerInstance);
  if (f.hostCellCallback()) return f.hostCellCallback()(caller, cells);
  const FuncType& type = f.type();
  InlineBuffer<Value, 8> args(type.params.size()), results(type.results.size());
  for (size_t i = 0; i < args.size(); ++i) args[i] = valueOf(cells[i], type.params[i]);
  for (size_t i = 0; i < results.size(); ++i) results[i] = Value::zero(type.results[i]);
  EMBER_TRY(f.hostCallback()(caller, args.span(), results.span()));
  for (size_t i = 0; i < results.size(); ++i) cells[i] = cellOf(results[i], type.results[i]);
  return success();
}

bool callHostBuiltin(VMContext* caller, const VMFunction* callee, ValueCell* cells) {
  Store& store = *static_cast<Store*>(caller->store->store);
  Result<void> r =
      callHostFunction(store, instanceOf(caller), *static_cast<const Function*>(callee), cells);
  if (!r) {
    store.setHostError(r.takeError());
    return false;
  }
  return true;
}

void elemDropBuiltin(VMContext* ctx, uint32_t elemIndex) {
  instanceOf(ctx)->dropElemSegment(elemIndex);
}

constexpr VMBuiltins kBuiltins = {memoryGrowBuiltin, tableGrowBuiltin, callHostBuiltin,
                                  elemDropBuiltin};

}  // namespace

Store::Store(Engine& engine)
    : engine_(engine),
      memoryBytes_(engine.config().maxStoreMemoryBytes),
      tableElements_(engine.config().maxStoreTableElements) {
  const Config& config = engine.config();

  vm_.builtins = &kBuiltins;
  vm_.store = this;
#if EMBER_HAVE_JIT
  if (config.engine == EngineKind::Jit) jit_ = std::make_shared<JitStoreState>(&vm_);
#endif
#if EMBER_HAVE_INTERP
  // The value stack never needs more than the wasm stack budget allows.
  uint64_t stackBytes = config.valueStackBytes;
  if (config.wasmStackBytes) stackBytes = std::min(stackBytes, config.wasmStackBytes);
  machine_ = std::make_shared<interp::Machine>(config.maxCallDepth, stackBytes / sizeof(uint64_t),
                                               config.wasmStackBytes / sizeof(uint64_t));
  vm_.machine = machine_.get();
#endif
}

Store::~Store() = default;

Function* Store::createHostFunction(const FuncType& type, HostCallback callback) {
  return createHostFunction(type, [cb = std::move(callback)](Caller&, std::span<const Value> args,
                                                             std::span<Value> results) {
    return cb(args, results);
  });
}

Function* Store::createHostFunction(const FuncType& type, HostCallbackWithCaller callback) {
  return adoptHostFunction(std::make_unique<Function>(type, engine_.types(), std::move(callback)));
}

Function* Store::createHostCellFunction(const FuncType& type, HostCellCallback callback) {
  return adoptHostFunction(std::make_unique<Function>(type, engine_.types(), std::move(callback)));
}

Function* Store::adoptHostFunction(std::unique_ptr<Function> function) {
  Function* f = adoptFunction(std::move(function));
#if EMBER_HAVE_JIT
  if (jit_) jit_->prepareHostFunction(*f);
#endif
  return f;
}

Table* Store::createTable(const TableType& type, Ref init) {
  if (!checkLimits(0, 0, 1)) return nullptr;
  auto t = Table::create(type, init, engine_.config().maxTableElements, &tableElements_);
  return t ? adoptTable(std::move(t.value())) : nullptr;
}

Memory* Store::createMemory(const MemoryType& type) {
  if (!checkLimits(0, 1, 0)) return nullptr;
  auto m = Memory::create(type, memoryOptions());
  return m ? adoptMemory(std::move(m.value())) : nullptr;
}

MemoryOptions Store::memoryOptions() {
  const Config& config = engine_.config();
  return {config.maxMemoryPages, memoryLayoutFor(config), &memoryBytes_,
          engine_.memoryReservations(), config.largePageMemory};
}

GlobalInstance* Store::createGlobal(const GlobalType& type, const Value& init) {
  return adoptGlobal(std::make_unique<GlobalInstance>(type, init));
}

Table* Store::adoptTable(std::unique_ptr<Table> t) {
  tables_.push_back(std::move(t));
  return tables_.back().get();
}
Memory* Store::adoptMemory(std::unique_ptr<Memory> m) {
  memories_.push_back(std::move(m));
  return memories_.back().get();
}
GlobalInstance* Store::adoptGlobal(std::unique_ptr<GlobalInstance> g) {
  globals_.push_back(std::move(g));
  return globals_.back().get();
}
Function* Store::adoptFunction(std::unique_ptr<Function> f) {
  functions_.push_back(std::move(f));
  return functions_.back().get();
}
Instance* Store::adoptInstance(std::unique_ptr<Instance> i) {
  instances_.push_back(std::move(i));
  return instances_.back().get();
}

namespace {

// Removes and destroys the objects of `owner` that are among `doomed` (an
// instance's own ones) in one pass over `owner`: searching for each in
// turn took time in their product, 15 s to reclaim an instance of 200,000
// functions and globals.
template <typename T>
[[gnu::noinline]] void destroyOwned(std::vector<std::unique_ptr<T>>& owner,
                                    std::span<T* const> doomed) {
  if (doomed.empty()) return;
  for (T* object : doomed) object->markForReclaim();
  std::erase_if(owner, [](const std::unique_ptr<T>& p) { return p->markedForReclaim(); });
}

}  // namespace

bool Store::reclaimInstance(Instance* instance) {
  if (!instance || !instance->reclaimable()) return false;
  destroyInstance(instance);
  return true;
}

void Store::destroyInstance(Instance* instance) {
#if EMBER_HAVE_JIT
  if (jit_) jit_->removeInstance(instance->vmContext());
#endif
  instance->stopMirroring();
  destroyOwned(functions_, instance->ownFunctions());
  destroyOwned(tables_, instance->ownTables());
  destroyOwned(memories_, instance->ownMemories());
  destroyOwned(globals_, instance->ownGlobals());
  std::erase_if(instances_, [instance](const auto& p) { return p.get() == instance; });
}

Result<void> Store::call(Function* func, std::span<const Value> args, std::span<Value> results) {
  const FuncType& type = func->type();
  if (args.size() != type.params.size() || results.size() != type.results.size())
    return Error(ErrorKind::Invalid,
                 formatMessage("call of a %s function with %zu arguments and %zu results",
                               type.toString().c_str(), args.size(), results.size()));
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].type != type.params[i])
      return Error(ErrorKind::Invalid, formatMessage("argument %zu is %s, expected %s", i,
                                                     valTypeName(args[i].type),
                                                     valTypeName(type.params[i])));
  if (func->isHost() && func->hostCallback()) {
    for (size_t i = 0; i < results.size(); ++i) results[i] = Value::zero(type.results[i]);
    Caller caller(*this, nullptr);
    return func->hostCallback()(caller, args, results);
  }
  InlineBuffer<ValueCell, 8> cells(std::max(args.size(), results.size()));
  for (size_t i = 0; i < args.size(); ++i) cells[i] = cellOf(args[i], type.params[i]);
  EMBER_TRY(callWithCells(func, cells.data()));
  for (size_t i = 0; i < results.size(); ++i) results[i] = valueOf(cells[i], type.results[i]);
  return success();
}

Result<void> Store::callWithCells(Function* func, ValueCell* cells) {
  if (func->isHost()) return callHostFunction(*this, nullptr, *func, cells);
#if EMBER_HAVE_JIT
  JitTrapRecord trap;
  if (jit_ && !jit_->invoke(*func, cells, trap)) return trapFromJit(trap);
#endif
#if EMBER_HAVE_INTERP
  if (!jit_) {
    machine_->setNativeStackLimit(nativeStackLimit());
    if (!interp::invoke(*machine_, *func, cells)) return trapFromMachine();
  }
#endif
  return success();
}

// Without epoch interruption the deadline stays "never": code has no
// checks then, and the bulk operators, which read it in any build
// (runtime/bulk_pieces.h), must not trap either.
void Store::setEpochDeadline(uint64_t ticks) {
  if (!engine_.config().epochInterruption) return;
  uint64_t now = engine_.epoch();
  epochDeadline_ = ticks > ~uint64_t{0} - now ? ~uint64_t{0} : now + ticks;
  for (const auto& instance : instances_) instance->vmContext()->epochDeadline = epochDeadline_;
}

Result<void> Store::setFuel(uint64_t fuel) {
  if (!engine_.config().consumeFuel)
    return Error(ErrorKind::Invalid, "fuel is not enabled in this engine's config");
  // VMStoreContext::fuel is signed (the check traps below zero).
  vm_.fuel = static_cast<int64_t>(std::min<uint64_t>(fuel, INT64_MAX));
  return success();
}

Result<uint64_t> Store::fuel() const {
  if (!engine_.config().consumeFuel)
    return Error(ErrorKind::Invalid, "fuel is not enabled in this engine's config");
  return static_cast<uint64_t>(std::max<int64_t>(vm_.fuel, 0));
}

namespace {

Result<void> checkLimit(size_t count, size_t more, uint32_t limit, const char* what) {
  if (count + more <= limit) return success();
  return Error(ErrorKind::Resource, formatMessage("store %s limit (%u) reached", what, limit));
}

}  // namespace

Result<void> Store::checkLimits(size_t moreInstances, size_t moreMemories,
                                size_t moreTables) const {
  const Config& c = engine_.config();
  EMBER_TRY(checkLimit(instances_.size(), moreInstances, c.maxInstances, "instance"));
  EMBER_TRY(checkLimit(memories_.size(), moreMemories, c.maxMemories, "memory"));
  return checkLimit(tables_.size(), moreTables, c.maxTables, "table");
}

// A trap in a host function keeps the host's error (it may itself be a trap
// from a nested call); other traps get the spec's message and a backtrace
// with names from the name section.
Error Store::trapFromMachine() {
#if EMBER_HAVE_INTERP
  TrapCode code = machine_->trapCode();
  if (code == TrapCode::HostError && hostError_) {
    Error e = std::move(*hostError_);
    hostError_.reset();
    return e;
  }
  Trap trap;
  trap.code = code;
  trap.message = trapMessage(code);
  for (const interp::TrapFrame& f : machine_->backtrace()) {
    TrapFrameInfo info;
    info.funcIndex = f.funcIndex;
    info.instance = f.ctx ? static_cast<const Instance*>(f.ctx->instance) : nullptr;
    if (f.module && f.module->module) {
      const auto& names = f.module->module->names.functionNames;
      auto it = names.find(f.funcIndex);
      if (it != names.end()) info.name = it->second;
      setFrameOffsets(info, *f.module->module, f.wasmOffset);
    }
    trap.backtrace.push_back(std::move(info));
  }
  trap.omittedFrames = machine_->omittedFrames();
  return trap.toError();
#else
  return makeTrapError(TrapCode::Unreachable);
#endif
}

Error Store::trapFromJit([[maybe_unused]] const JitTrapRecord& record) {
#if EMBER_HAVE_JIT
  if (record.code == TrapCode::HostError && hostError_) {
    Error e = std::move(*hostError_);
    hostError_.reset();
    return e;
  }
  return jitTrapOf(record, *jit_).toError();
#else
  return makeTrapError(TrapCode::Unreachable);
#endif
}

}  // namespace ember
