// Ember's C extensions (include/ember/ember.h): configuration setters,
// errors, a module constructor that reports why, and the linker.
#include <string>

#include "include/ember/ember.h"
#include "runtime/capi/capi_objects.h"

using namespace ember;
using namespace ember::capi;

namespace {

ember_error_t* newError(const Error& e) { return new ember_error_t{e.message()}; }

}  // namespace

extern "C" void ember_error_delete(ember_error_t* e) { delete e; }

extern "C" void ember_error_message(const ember_error_t* e, wasm_name_t* out) {
  wasm_byte_vec_new(out, e->message.size() + 1, e->message.c_str());
}

// --- Configuration ---------------------------------------------------------------------

extern "C" void ember_config_engine_set(wasm_config_t* c, ember_engine_kind_t kind) {
  c->config.engine = kind == EMBER_ENGINE_JIT ? EngineKind::Jit : EngineKind::Interpreter;
}
extern "C" void ember_config_bounds_mode_set(wasm_config_t* c, ember_bounds_mode_t mode) {
  c->config.bounds = mode == EMBER_BOUNDS_CHECKS ? BoundsMode::Checks : BoundsMode::Signals;
}
extern "C" void ember_config_max_call_depth_set(wasm_config_t* c, uint32_t depth) {
  c->config.maxCallDepth = depth;
}
extern "C" void ember_config_max_memory_pages_set(wasm_config_t* c, uint64_t pages) {
  c->config.maxMemoryPages = pages;
}
extern "C" void ember_config_max_table_elements_set(wasm_config_t* c, uint32_t elements) {
  c->config.maxTableElements = elements;
}
extern "C" void ember_config_epoch_interruption_set(wasm_config_t* c, bool enable) {
  c->config.epochInterruption = enable;
}
extern "C" void ember_config_consume_fuel_set(wasm_config_t* c, bool enable) {
  c->config.consumeFuel = enable;
}
extern "C" void ember_config_wasm_stack_size_set(wasm_config_t* c, size_t bytes) {
  c->config.wasmStackBytes = bytes;
}
extern "C" void ember_config_max_instances_set(wasm_config_t* c, uint32_t count) {
  c->config.maxInstances = count;
}
extern "C" void ember_config_max_memories_set(wasm_config_t* c, uint32_t count) {
  c->config.maxMemories = count;
}
extern "C" void ember_config_max_tables_set(wasm_config_t* c, uint32_t count) {
  c->config.maxTables = count;
}
extern "C" void ember_config_profiler_set(wasm_config_t* c, ember_profiler_t profiler) {
  switch (profiler) {
    case EMBER_PROFILER_PERFMAP: c->config.profiler = ember::Profiler::PerfMap; break;
    case EMBER_PROFILER_JITDUMP: c->config.profiler = ember::Profiler::JitDump; break;
    default: c->config.profiler = ember::Profiler::None; break;
  }
}
extern "C" void ember_config_debug_info_set(wasm_config_t* c, bool enable) {
  c->config.debugInfo = enable;
}
extern "C" void ember_config_large_page_memory_set(wasm_config_t* c, bool enable) {
  c->config.largePageMemory = enable;
}
extern "C" void ember_config_compile_threads_set(wasm_config_t* c, uint32_t threads) {
  c->config.compileThreads = threads;
}

extern "C" void ember_config_max_store_memory_bytes_set(wasm_config_t* c, uint64_t bytes) {
  c->config.maxStoreMemoryBytes = bytes;
}

extern "C" void ember_config_max_store_table_elements_set(wasm_config_t* c, uint64_t elements) {
  c->config.maxStoreTableElements = elements;
}

// --- Modules -----------------------------------------------------------------------------

extern "C" ember_error_t* ember_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary,
                                           wasm_module_t** out) {
  *out = nullptr;
  auto compiled =
      compileModule(*store->engine, {reinterpret_cast<const uint8_t*>(binary->data), binary->size});
  if (!compiled) return newError(compiled.error());
  *out = newModuleHandle(store, std::move(compiled.value()));
  return nullptr;
}

// --- Linker ------------------------------------------------------------------------------

extern "C" ember_linker_t* ember_linker_new(wasm_store_t* store) {
  return new ember_linker_t{store, Linker()};
}
extern "C" void ember_linker_delete(ember_linker_t* l) { delete l; }

extern "C" ember_error_t* ember_linker_define(ember_linker_t* l, const char* module,
                                              const char* name, const wasm_extern_t* item) {
  if (item->store != l->store)
    return new ember_error_t{"the item belongs to another store than the linker"};
  l->linker.define(module, name, externOf(item));
  return nullptr;
}

extern "C" ember_error_t* ember_linker_define_instance(ember_linker_t* l, const char* module,
                                                       const wasm_instance_t* instance) {
  if (instance->store != l->store)
    return new ember_error_t{"the instance belongs to another store than the linker"};
  l->linker.defineInstance(module, instance->instance());
  return nullptr;
}

extern "C" ember_error_t* ember_linker_instantiate(const ember_linker_t* l,
                                                   const wasm_module_t* module,
                                                   wasm_instance_t** instance_out,
                                                   wasm_trap_t** trap_out) {
  *instance_out = nullptr;
  if (trap_out) *trap_out = nullptr;
  auto instance = l->linker.instantiate(l->store->store, module->module->compiled);
  if (!instance) {
    if (instance.error().kind() != ErrorKind::Trap) return newError(instance.error());
    if (trap_out) *trap_out = newTrap(l->store, instance.error());
    return nullptr;
  }
  *instance_out =
      static_cast<wasm_instance_t*>(newHandle(EmberRefKind::Instance, l->store, instance.value()));
  return nullptr;
}
