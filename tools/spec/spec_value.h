// Values of spec-test scripts (wast2json's {"type", "value"} objects): the
// arguments of an action and the results it is expected to produce,
// including NaN classes and per-lane v128 patterns, and the comparison of an
// engine's result against them. Independent of the runtime: results are
// compared as raw bits (RawValue), so the matching rules are unit-testable.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/format/error.h"
#include "runtime/format/types.h"

namespace ember::tools {

// How the 128 bits of a v128 are split into lanes in the script.
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };
unsigned laneBits(LaneType lane);
unsigned laneCount(LaneType lane);  // 128 / laneBits
const char* laneTypeName(LaneType lane);

// One scalar, or one lane of a vector, as a script writes it. NaN classes
// (spec 4.3.3, "nan:canonical" / "nan:arithmetic") may appear only in
// expected results of float type.
struct BitsPattern {
  enum class Kind : uint8_t { Exact, CanonicalNan, ArithmeticNan };
  Kind kind = Kind::Exact;
  uint64_t bits = 0;
};

struct SpecValue {
  ValType type = ValType::I32;
  // False for the type-only entries of assert_trap / action "expected".
  bool hasValue = true;
  LaneType laneType = LaneType::I32;  // v128 only
  // Numbers: one entry. v128: laneCount(laneType) entries. References: none.
  std::vector<BitsPattern> lanes;
  bool isNull = false;   // references
  uint64_t hostRef = 0;  // externref N when !isNull
};

// Builds a value from the strings of a script entry: `type` ("i32",
// "v128", ...), `laneType` (v128 only) and the value strings (one, or one per
// lane). ErrorKind::Malformed on anything a script should not contain.
Result<SpecValue> makeSpecValue(std::string_view type, std::string_view laneType,
                                std::span<const std::string> values);
Result<ValType> parseValTypeName(std::string_view name);

// A value produced by an engine, reduced to bits. Numbers in `lo`; v128 as
// little-endian lo/hi halves; references by identity (`lo` holds the
// pointer bits, 0 for null).
struct RawValue {
  ValType type = ValType::I32;
  uint64_t lo = 0;
  uint64_t hi = 0;
};

// The opaque host references that stand for `externref N` in a script: a
// stable, distinct, non-null address per N, so the runtime can pass them
// around and the runner can recognise them when they come back.
class HostRefs {
 public:
  void* pointerFor(uint64_t n);
  uint64_t identityOf(uint64_t n) { return reinterpret_cast<uintptr_t>(pointerFor(n)); }

 private:
  // Heap cells, so an address stays put however many references are made.
  std::unordered_map<uint64_t, std::unique_ptr<uint64_t>> cells_;
};

// Whether `actual` satisfies `expected`; when not, `why` says how.
bool matchesExpected(const SpecValue& expected, const RawValue& actual, HostRefs& refs,
                     std::string* why);

// The bits of an argument value. Arguments are always exact (a NaN class is
// reported as an error when the script is parsed).
RawValue toRawArgument(const SpecValue& value, HostRefs& refs);

std::string formatSpecValue(const SpecValue& value);
// `hint` picks the lane split for v128 values.
std::string formatRawValue(const RawValue& value, LaneType hint = LaneType::I32);

}  // namespace ember::tools
