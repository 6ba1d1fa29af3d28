// Trap codes shared by the interpreter, the JIT's trap tables and the
// runtime (DESIGN decision 5). The messages are the spec interpreter's
// wording, which the spec suite's assert_trap `text` fields use.
#pragma once

#include <cstdint>

namespace ember {

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
  Interrupted,                 // "interrupted": the store's epoch deadline was reached
  OutOfFuel,                   // "out of fuel": Store::setFuel's budget is spent
  HostError,                   // a host function returned a trap
};
constexpr uint32_t kTrapCodeCount = static_cast<uint32_t>(TrapCode::HostError) + 1;

constexpr const char* trapMessage(TrapCode code) {
  switch (code) {
    case TrapCode::Unreachable: return "unreachable";
    case TrapCode::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::TableOutOfBounds: return "out of bounds table access";
    case TrapCode::UndefinedElement: return "undefined element";
    case TrapCode::UninitializedElement: return "uninitialized element";
    case TrapCode::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapCode::IntegerDivideByZero: return "integer divide by zero";
    case TrapCode::IntegerOverflow: return "integer overflow";
    case TrapCode::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapCode::StackExhausted: return "call stack exhausted";
    case TrapCode::Interrupted: return "interrupted";
    case TrapCode::OutOfFuel: return "out of fuel";
    case TrapCode::HostError: return "host function trapped";
  }
  return "trap";
}

}  // namespace ember
