// Functions of wasm.h: host functions from C callbacks (with an optional
// environment and its finalizer), reflection, and calls.
#include <algorithm>
#include <memory>

#include "runtime/capi/capi_objects.h"
#include "runtime/inline_buffer.h"

using namespace ember;
using namespace ember::capi;

namespace {

// Owns a host function's environment; the runtime keeps the callback (and
// with it this) until the store is destroyed, then the finalizer runs.
struct HostEnv {
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
  ~HostEnv() {
    if (finalizer) finalizer(env);
  }
};

using Invoke = wasm_trap_t* (*)(void* callback, void* env, const wasm_val_vec_t*, wasm_val_vec_t*);

// Runs a C callback on a call's value cells: arguments become C values
// (new reference handles, released afterwards), results start out typed and
// zeroed, and a returned trap becomes a trap error. The vectors borrow
// stack storage: the callback owns neither (wasm.h).
Result<void> runCallback(wasm_store_t* store, const FuncType& type, Invoke invoke,
                         void* callback, void* env, ValueCell* cells) {
  size_t nargs = type.params.size(), nresults = type.results.size();
  InlineBuffer<wasm_val_t, 8> argStorage(nargs), resultStorage(nresults);
  wasm_val_vec_t cArgs{nargs, argStorage.data()};
  wasm_val_vec_t cResults{nresults, resultStorage.data()};
  for (size_t i = 0; i < nargs; ++i) cArgs.data[i] = cellToCValue(store, cells[i], type.params[i]);
  for (size_t i = 0; i < nresults; ++i)
    cResults.data[i] = toCValue(store, Value::zero(type.results[i]));
  wasm_trap_t* trap = invoke(callback, env, &cArgs, &cResults);
  Result<void> outcome = success();
  if (trap) {
    outcome = trapToError(trap);
    wasm_trap_delete(trap);
  } else {
    for (size_t i = 0; i < nresults; ++i) {
      if (!toCellOf(cResults.data[i], type.results[i], store, &cells[i])) {
        outcome = Error(ErrorKind::Trap, "host function returned a value of the wrong type",
                        static_cast<uint32_t>(TrapCode::HostError), {});
        break;
      }
    }
  }
  for (size_t i = 0; i < nargs; ++i) wasm_val_delete(&cArgs.data[i]);
  for (size_t i = 0; i < nresults; ++i) wasm_val_delete(&cResults.data[i]);
  return outcome;
}

wasm_trap_t* invokePlain(void* callback, void*, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  return reinterpret_cast<wasm_func_callback_t>(callback)(args, results);
}

wasm_trap_t* invokeWithEnv(void* callback, void* env, const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  return reinterpret_cast<wasm_func_callback_with_env_t>(callback)(env, args, results);
}

wasm_func_t* newHostFunc(wasm_store_t* store, const wasm_functype_t* type, Invoke invoke,
                         void* callback, std::shared_ptr<HostEnv> env) {
  HostCellCallback cb = [store, type = type->type, invoke, callback, env](Caller&,
                                                                         ValueCell* cells) {
    return runCallback(store, type, invoke, callback, env->env, cells);
  };
  Function* f = store->store.createHostCellFunction(type->type, std::move(cb));
  return static_cast<wasm_func_t*>(newHandle(EmberRefKind::Func, store, f));
}

}  // namespace

extern "C" wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                                      wasm_func_callback_t callback) {
  return newHostFunc(store, type, invokePlain, reinterpret_cast<void*>(callback),
                     std::make_shared<HostEnv>());
}

extern "C" wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                               wasm_func_callback_with_env_t callback, void* env,
                                               void (*finalizer)(void*)) {
  auto holder = std::make_shared<HostEnv>();
  holder->env = env;
  holder->finalizer = finalizer;
  return newHostFunc(store, type, invokeWithEnv, reinterpret_cast<void*>(callback),
                     std::move(holder));
}

extern "C" wasm_functype_t* wasm_func_type(const wasm_func_t* f) {
  return new wasm_functype_t(f->fn()->type());
}

extern "C" size_t wasm_func_param_arity(const wasm_func_t* f) { return f->fn()->type().params.size(); }

extern "C" size_t wasm_func_result_arity(const wasm_func_t* f) {
  return f->fn()->type().results.size();
}

extern "C" wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args,
                                       wasm_val_vec_t* results) {
  const FuncType& type = f->fn()->type();
  size_t nargs = args ? args->size : 0;
  size_t nresults = results ? results->size : 0;
  if (nargs != type.params.size())
    return newTrap(f->store, Error(ErrorKind::Invalid,
                                   formatMessage("expected %zu arguments, got %zu",
                                                 type.params.size(), nargs)));
  InlineBuffer<ValueCell, 8> cells(std::max(nargs, type.results.size()));
  // Kinds are checked before any payload is read (a wrong kind's payload
  // could be taken for a reference).
  for (size_t i = 0; i < nargs; ++i) {
    if (!toCellOf(args->data[i], type.params[i], f->store, &cells[i]))
      return newTrap(f->store,
                     Error(ErrorKind::Invalid,
                           formatMessage("argument %zu has kind %u, expected a %s of this store",
                                         i, unsigned(args->data[i].kind),
                                         valTypeName(type.params[i]))));
  }
  // The result vector's size is checked once the call has returned: a call
  // that traps reports its trap whatever room was given (wasm-c-api's own
  // example/trap.c passes an empty vector to functions that trap).
  Result<void> r = f->store->store.callWithCells(f->fn(), cells.data());
  if (!r) return newTrap(f->store, r.error());
  if (nresults != type.results.size())
    return newTrap(f->store, Error(ErrorKind::Invalid,
                                   formatMessage("expected %zu results, got room for %zu",
                                                 type.results.size(), nresults)));
  for (size_t i = 0; i < nresults; ++i)
    results->data[i] = cellToCValue(f->store, cells[i], type.results[i]);
  return nullptr;
}
