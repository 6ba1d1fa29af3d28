// Ember's C interruption API (include/ember/ember.h, "Interruption"):
// epochs, fuel and trap codes, over Engine and Store (DESIGN decision 8).
// The matching Configuration setters are with the others in capi_ember.cpp.
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
