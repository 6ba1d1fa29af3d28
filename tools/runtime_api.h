// The one place tools/ includes the runtime's C++ API from (only when
// EMBER_HAVE_RUNTIME), plus conversions between the runtime's Value and the
// runner's RawValue.
#pragma once

#include "runtime/ember_runtime.h"
#include "tools/engine_choice.h"
#include "tools/spec/spec_value.h"

namespace ember::tools {

inline RawValue toRawValue(const Value& v) {
  RawValue raw;
  raw.type = v.type;
  switch (v.type) {
    case ValType::I32:
      raw.lo = v.i32;
      break;
    case ValType::I64:
      raw.lo = v.i64;
      break;
    case ValType::F32:
      raw.lo = v.f32;
      break;
    case ValType::F64:
      raw.lo = v.f64;
      break;
    case ValType::V128:
      raw.lo = v.v128.lo, raw.hi = v.v128.hi;
      break;
    case ValType::FuncRef:
    case ValType::ExternRef:
      raw.lo = reinterpret_cast<uintptr_t>(v.ref.ptr);
      break;
    case ValType::Bottom:
      break;
  }
  return raw;
}

inline Value toRuntimeValue(const RawValue& raw) {
  switch (raw.type) {
    case ValType::I32:
      return Value::fromI32(static_cast<uint32_t>(raw.lo));
    case ValType::I64:
      return Value::fromI64(raw.lo);
    case ValType::F32:
      return Value::fromF32Bits(static_cast<uint32_t>(raw.lo));
    case ValType::F64:
      return Value::fromF64Bits(raw.lo);
    case ValType::V128:
      return Value::fromV128(V128{raw.lo, raw.hi});
    case ValType::FuncRef:
    case ValType::ExternRef:
      return Value::fromRef(raw.type, Ref{reinterpret_cast<void*>(static_cast<uintptr_t>(raw.lo))});
    case ValType::Bottom:
      break;
  }
  return Value();
}

inline Config makeConfig(const ExecutionOptions& options) {
  Config config;
  config.engine = options.engine == EngineChoice::Jit ? EngineKind::Jit : EngineKind::Interpreter;
  config.bounds = options.boundsChecks ? BoundsMode::Checks : BoundsMode::Signals;
  config.compileThreads = options.compileThreads;
  if (options.compilePartBytes != 0) config.compilePartBytes = options.compilePartBytes;
  if (options.baselineCpuFeatures) config.jitCpuFeatures = CpuFeatureLevel::Baseline;
  config.largePageMemory = options.largePages;
  return config;
}

}  // namespace ember::tools
