// Ember's C interruption API (include/ember/ember.h, "Interruption" and the
// matching Configuration setters): epochs, fuel, stack size, store limits
// and trap codes, over Config, Engine and Store (DESIGN decision 8).
#include "include/ember/ember.h"
#include "runtime/capi/capi_objects.h"

using namespace ember;
using namespace ember::capi;

// The C enum mirrors TrapCode's order; HostError has no C value.
static_assert(EMBER_TRAP_UNREACHABLE == static_cast<int>(TrapCode::Unreachable));
static_assert(EMBER_TRAP_MEMORY_OUT_OF_BOUNDS == static_cast<int>(TrapCode::MemoryOutOfBounds));
static_assert(EMBER_TRAP_TABLE_OUT_OF_BOUNDS == static_cast<int>(TrapCode::TableOutOfBounds));
static_assert(EMBER_TRAP_UNDEFINED_ELEMENT == static_cast<int>(TrapCode::UndefinedElement));
static_assert(EMBER_TRAP_UNINITIALIZED_ELEMENT ==
              static_cast<int>(TrapCode::UninitializedElement));
static_assert(EMBER_TRAP_INDIRECT_CALL_TYPE_MISMATCH ==
              static_cast<int>(TrapCode::IndirectCallTypeMismatch));
static_assert(EMBER_TRAP_INTEGER_DIVIDE_BY_ZERO ==
              static_cast<int>(TrapCode::IntegerDivideByZero));
static_assert(EMBER_TRAP_INTEGER_OVERFLOW == static_cast<int>(TrapCode::IntegerOverflow));
static_assert(EMBER_TRAP_INVALID_CONVERSION_TO_INTEGER ==
              static_cast<int>(TrapCode::InvalidConversionToInteger));
static_assert(EMBER_TRAP_STACK_EXHAUSTED == static_cast<int>(TrapCode::StackExhausted));
static_assert(EMBER_TRAP_INTERRUPTED == static_cast<int>(TrapCode::Interrupted));
static_assert(EMBER_TRAP_OUT_OF_FUEL == static_cast<int>(TrapCode::OutOfFuel));

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

extern "C" void ember_engine_increment_epoch(wasm_engine_t* e) { e->engine.incrementEpoch(); }

extern "C" void ember_store_set_epoch_deadline(wasm_store_t* s, uint64_t ticks) {
  s->store.setEpochDeadline(ticks);
}

extern "C" ember_error_t* ember_store_set_fuel(wasm_store_t* s, uint64_t fuel) {
  auto r = s->store.setFuel(fuel);
  return r ? nullptr : new ember_error_t{r.error().message()};
}

extern "C" ember_error_t* ember_store_get_fuel(const wasm_store_t* s, uint64_t* out) {
  auto fuel = s->store.fuel();
  if (!fuel) return new ember_error_t{fuel.error().message()};
  *out = fuel.value();
  return nullptr;
}

extern "C" bool ember_trap_code(const wasm_trap_t* trap, ember_trap_code_t* out) {
  const auto& code = trap->trap->code;
  if (!code) return false;
  *out = static_cast<ember_trap_code_t>(*code);
  return true;
}
