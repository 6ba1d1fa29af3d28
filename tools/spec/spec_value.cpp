#include "tools/spec/spec_value.h"

#include <cerrno>
#include <cinttypes>
#include <cstdlib>

namespace ember::tools {

namespace {

constexpr uint32_t kF32SignMask = 0x80000000u;
constexpr uint32_t kF32QuietNan = 0x7fc00000u;  // exponent all ones, top mantissa bit
constexpr uint64_t kF64SignMask = 0x8000000000000000ull;
constexpr uint64_t kF64QuietNan = 0x7ff8000000000000ull;

struct LaneInfo {
  const char* name;
  unsigned bits;
};
constexpr LaneInfo kLanes[] = {{"i8", 8},   {"i16", 16}, {"i32", 32},
                               {"i64", 64}, {"f32", 32}, {"f64", 64}};

bool isFloatLane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

Error badValue(std::string what) { return Error(ErrorKind::Malformed, std::move(what)); }

// Values are unsigned decimal bit patterns (spec README "Values"), parsed as
// integers so 64-bit patterns never pass through a double.
Result<uint64_t> parseUnsigned(const std::string& text, unsigned bits) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return badValue("bad number '" + text + "'");
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return badValue("bad number '" + text + "'");
  if (bits < 64 && v >> bits)
    return badValue("'" + text + "' does not fit in " + std::to_string(bits) + " bits");
  return static_cast<uint64_t>(v);
}

Result<BitsPattern> parsePattern(const std::string& text, unsigned bits, bool isFloat) {
  if (text == "nan:canonical" || text == "nan:arithmetic") {
    if (!isFloat) return badValue("'" + text + "' in a non-float value");
    return BitsPattern{text == "nan:canonical" ? BitsPattern::Kind::CanonicalNan
                                               : BitsPattern::Kind::ArithmeticNan,
                       0};
  }
  auto bitsValue = parseUnsigned(text, bits);
  if (!bitsValue) return bitsValue.takeError();
  return BitsPattern{BitsPattern::Kind::Exact, *bitsValue};
}

Result<LaneType> parseLaneType(std::string_view name) {
  for (unsigned i = 0; i < std::size(kLanes); ++i)
    if (name == kLanes[i].name) return static_cast<LaneType>(i);
  return badValue("unknown lane type '" + std::string(name) + "'");
}

Result<SpecValue> makeReference(ValType type, std::span<const std::string> values) {
  if (values.size() != 1) return badValue("a reference value needs one string");
  SpecValue v;
  v.type = type;
  if (values[0] == "null") {
    v.isNull = true;
    return v;
  }
  auto n = parseUnsigned(values[0], 64);
  if (!n) return n.takeError();
  v.hostRef = *n;
  return v;
}

// Lane `index` of `width` bits of a little-endian 128-bit value.
uint64_t laneOf(const RawValue& v, unsigned width, unsigned index) {
  unsigned bitOffset = index * width;
  uint64_t half = bitOffset < 64 ? v.lo : v.hi;
  uint64_t shifted = half >> (bitOffset % 64);
  return width == 64 ? shifted : shifted & ((uint64_t{1} << width) - 1);
}

bool isNanOfClass(uint64_t bits, unsigned width, BitsPattern::Kind kind) {
  if (width == 32) {
    uint32_t b = static_cast<uint32_t>(bits);
    if (kind == BitsPattern::Kind::CanonicalNan) return (b & ~kF32SignMask) == kF32QuietNan;
    return (b & kF32QuietNan) == kF32QuietNan;
  }
  if (kind == BitsPattern::Kind::CanonicalNan) return (bits & ~kF64SignMask) == kF64QuietNan;
  return (bits & kF64QuietNan) == kF64QuietNan;
}

bool matchesPattern(const BitsPattern& p, uint64_t bits, unsigned width) {
  if (p.kind == BitsPattern::Kind::Exact) return p.bits == bits;
  return isNanOfClass(bits, width, p.kind);
}

std::string formatPattern(const BitsPattern& p) {
  switch (p.kind) {
    case BitsPattern::Kind::CanonicalNan:
      return "nan:canonical";
    case BitsPattern::Kind::ArithmeticNan:
      return "nan:arithmetic";
    case BitsPattern::Kind::Exact:
      break;
  }
  return std::to_string(p.bits);
}

unsigned scalarBits(ValType t) { return (t == ValType::I32 || t == ValType::F32) ? 32 : 64; }

}  // namespace

unsigned laneBits(LaneType lane) { return kLanes[static_cast<unsigned>(lane)].bits; }
unsigned laneCount(LaneType lane) { return 128 / laneBits(lane); }
const char* laneTypeName(LaneType lane) { return kLanes[static_cast<unsigned>(lane)].name; }

Result<ValType> parseValTypeName(std::string_view name) {
  constexpr ValType kTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                ValType::V128, ValType::FuncRef, ValType::ExternRef};
  for (ValType t : kTypes)
    if (name == valTypeName(t)) return t;
  return badValue("unknown value type '" + std::string(name) + "'");
}

Result<SpecValue> makeSpecValue(std::string_view type, std::string_view laneType,
                                std::span<const std::string> values) {
  auto valType = parseValTypeName(type);
  if (!valType) return valType.takeError();
  if (isRefType(*valType)) return makeReference(*valType, values);
  SpecValue v;
  v.type = *valType;
  if (v.type != ValType::V128) {
    if (values.size() != 1) return badValue(std::string(type) + " value needs one string");
    bool isFloat = v.type == ValType::F32 || v.type == ValType::F64;
    auto p = parsePattern(values[0], scalarBits(v.type), isFloat);
    if (!p) return p.takeError();
    v.lanes.push_back(*p);
    return v;
  }
  auto lane = parseLaneType(laneType);
  if (!lane) return lane.takeError();
  v.laneType = *lane;
  if (values.size() != laneCount(v.laneType))
    return badValue(formatText("v128 with %s lanes needs %u values, not %zu",
                                  laneTypeName(v.laneType), laneCount(v.laneType), values.size()));
  for (const std::string& s : values) {
    auto p = parsePattern(s, laneBits(v.laneType), isFloatLane(v.laneType));
    if (!p) return p.takeError();
    v.lanes.push_back(*p);
  }
  return v;
}

void* HostRefs::pointerFor(uint64_t n) {
  auto& cell = cells_[n];
  if (!cell) cell = std::make_unique<uint64_t>(n);
  return cell.get();
}

bool matchesExpected(const SpecValue& expected, const RawValue& actual, HostRefs& refs,
                     std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (expected.type != actual.type)
    return fail(std::string("type ") + valTypeName(actual.type) + ", expected " +
                valTypeName(expected.type));
  if (!expected.hasValue) return true;
  if (isRefType(expected.type)) {
    // Funcref results in these suites are only ever null; a non-null
    // expectation can only say "some reference".
    bool ok = expected.isNull                       ? actual.lo == 0
              : expected.type == ValType::ExternRef ? actual.lo == refs.identityOf(expected.hostRef)
                                                    : actual.lo != 0;
    return ok ? true
              : fail("got " + formatRawValue(actual) + ", expected " + formatSpecValue(expected));
  }
  if (expected.type == ValType::V128) {
    unsigned width = laneBits(expected.laneType);
    for (unsigned i = 0; i < expected.lanes.size(); ++i) {
      if (!matchesPattern(expected.lanes[i], laneOf(actual, width, i), width))
        return fail(formatText("lane %u: got ", i) + formatRawValue(actual, expected.laneType) +
                    ", expected " + formatSpecValue(expected));
    }
    return true;
  }
  if (!matchesPattern(expected.lanes[0], actual.lo, scalarBits(expected.type)))
    return fail("got " + formatRawValue(actual) + ", expected " + formatSpecValue(expected));
  return true;
}

RawValue toRawArgument(const SpecValue& value, HostRefs& refs) {
  RawValue raw;
  raw.type = value.type;
  if (isRefType(value.type)) {
    // A non-null funcref argument cannot be written in these scripts.
    if (!value.isNull && value.type == ValType::ExternRef) raw.lo = refs.identityOf(value.hostRef);
    return raw;
  }
  if (value.type != ValType::V128) {
    raw.lo = value.lanes.empty() ? 0 : value.lanes[0].bits;
    return raw;
  }
  unsigned width = laneBits(value.laneType);
  for (unsigned i = 0; i < value.lanes.size(); ++i) {
    unsigned bitOffset = i * width;
    uint64_t& half = bitOffset < 64 ? raw.lo : raw.hi;
    half |= value.lanes[i].bits << (bitOffset % 64);
  }
  return raw;
}

std::string formatSpecValue(const SpecValue& value) {
  std::string out = std::string(valTypeName(value.type)) + ":";
  if (!value.hasValue) return out + "*";
  if (isRefType(value.type)) return out + (value.isNull ? "null" : std::to_string(value.hostRef));
  if (value.type == ValType::V128)
    out += std::string(laneTypeName(value.laneType)) + "x" +
           std::to_string(laneCount(value.laneType)) + ":";
  for (size_t i = 0; i < value.lanes.size(); ++i)
    out += (i ? " " : "") + formatPattern(value.lanes[i]);
  return out;
}

std::string formatRawValue(const RawValue& value, LaneType hint) {
  std::string out = std::string(valTypeName(value.type)) + ":";
  if (isRefType(value.type))
    return out + (value.lo ? formatText("ref@%#" PRIx64, value.lo) : "null");
  if (value.type != ValType::V128) return out + std::to_string(value.lo);
  unsigned width = laneBits(hint);
  out += std::string(laneTypeName(hint)) + "x" + std::to_string(laneCount(hint)) + ":";
  for (unsigned i = 0; i < laneCount(hint); ++i)
    out += (i ? " " : "") + std::to_string(laneOf(value, width, i));
  return out;
}

}  // namespace ember::tools
