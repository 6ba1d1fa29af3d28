#include "tests/differential/differential_runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string_view>
#include <memory>
#include <unordered_map>

namespace ember::differential {
namespace {

// --- Keys: what "the same observable value" means ------------------------------

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

uint64_t mix(uint64_t h, uint64_t word) { return (h ^ word) * kFnvPrime; }

bool isNan32(uint32_t bits) { return (bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu); }
bool isNan64(uint64_t bits) {
  return (bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (bits & 0x000fffffffffffffull);
}

// SplitMix64: a tiny PRNG whose output is the same on every platform (the
// <random> distributions are implementation-defined).
uint64_t splitMix(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Hash of a memory's bytes, through libstdc++'s optimised byte hash (this
// runs after every call, on megabytes, in Debug builds too). Above 64 MiB
// only the first and last MiB are hashed, to keep memory_grow-style
// modules (up to 4 GiB) affordable.
uint64_t hashBytes(const uint8_t* data, uint64_t size) {
  constexpr uint64_t kFull = 64ull << 20, kPart = 1ull << 20;
  auto range = [&](uint64_t from, uint64_t to) {
    return static_cast<uint64_t>(std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(data) + from, to - from)));
  };
  if (size <= kFull) return mix(kFnvOffset, range(0, size));
  return mix(mix(kFnvOffset, range(0, kPart)), range(size - kPart, size));
}

std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// --- One engine's side of the comparison -----------------------------------------

class Side {
 public:
  explicit Side(const EngineSpec& spec) : spec_(spec), engine_(spec.config), store_(engine_) {}

  const EngineSpec& spec() const { return spec_; }
  const Module& module() const { return module_->module(); }

  Result<void> compile(std::span<const uint8_t> bytes) {
    auto m = compileModule(engine_, bytes);
    if (!m) return m.takeError();
    module_ = std::move(m.value());
    return success();
  }

  void setFuelPerCall(uint64_t fuel) { fuelPerCall_ = fuel; }

  Result<void> instantiate() {
    refuel();
    auto imports = makeImports();
    if (!imports) return imports.takeError();
    auto inst = ember::instantiate(store_, module_, imports.value());
    if (!inst) return inst.takeError();
    instance_ = inst.value();
    return success();
  }

  Function* exportedFunction(std::string_view name) const {
    return instance_->exportByName(name).function();
  }
  std::vector<std::pair<std::string, Function*>> exportedFunctions() const {
    std::vector<std::pair<std::string, Function*>> out;
    for (const auto& [name, ext] : instance_->exports())
      if (Function* f = ext.function()) out.emplace_back(name, f);
    return out;
  }

  // `captureAll` false skips hashing memories (for calls whose effect is
  // not compared, like binaryen's hang-limit reset).
  CallOutcome call(Function* f, std::span<const Value> args, bool captureAll = true) {
    hostLog_.clear();
    CallOutcome out;
    out.results.resize(f->type().results.size());
    refuel();
    Result<void> r = store_.call(f, args, out.results);
    if (!r) {
      out.ok = false;
      out.errorKind = r.error().kind();
      out.trap = trapCodeOf(r.error());
      out.message = oneLine(r.error().message());
      out.results.clear();
    }
    for (const Value& v : out.results) out.resultKeys.push_back(valueKey(v));
    out.hostCalls = hostLog_;
    if (captureAll) captureState(out);
    return out;
  }

  // The memories whose contents are compared, imported ones first, in the
  // order of CallOutcome::memoryHashes.
  std::vector<std::span<const uint8_t>> comparedMemories() const {
    std::vector<std::span<const uint8_t>> out;
    for (Memory* mem : importedMemories_) out.emplace_back(mem->data(), mem->size());
    for (const Export& e : module().exports) {
      if (e.kind != ExternKind::Memory) continue;
      Memory* mem = instance_->memory(e.index);
      out.emplace_back(mem->data(), mem->size());
    }
    return out;
  }

 private:
  void refuel() {
    if (fuelPerCall_) (void)store_.setFuel(fuelPerCall_);
  }

  // The comparison key of any value. References compare by identity
  // mapped to something both sides share: a wasm function by its index,
  // a host stand-in by its import position, an externref by the opaque
  // pointer the harness passed in.
  uint64_t valueKey(const Value& v) const {
    if (!isRefType(v.type)) return numericKey(v);
    if (v.ref.isNull()) return 0;
    if (v.type == ValType::ExternRef) return reinterpret_cast<uintptr_t>(v.ref.ptr);
    const Function* f = v.asFunction();
    if (!f->isHost()) return (1ull << 63) | f->funcIndex;
    auto it = hostIds_.find(f);
    return (1ull << 62) | (it == hostIds_.end() ? 0xffffffffull : it->second);
  }

  // Fresh objects matching each import's type (spec 4.5.3 import
  // matching): functions that log their call and return zeros, tables of
  // nulls, zeroed memories, zero-valued globals.
  Result<std::vector<Extern>> makeImports() {
    std::vector<Extern> out;
    const Module& m = module();
    for (uint32_t i = 0; i < m.imports.size(); ++i) {
      const Import& imp = m.imports[i];
      switch (imp.kind) {
        case ExternKind::Func: out.push_back(Extern::of(makeStandIn(i, m.types[imp.funcTypeIndex]))); break;
        case ExternKind::Table: {
          Table* t = store_.createTable(imp.table, Ref{});
          if (!t) return Error(ErrorKind::Resource, "imported table too large");
          out.push_back(Extern::of(t));
          break;
        }
        case ExternKind::Memory: {
          Memory* mem = store_.createMemory(imp.memory);
          if (!mem) return Error(ErrorKind::Resource, "imported memory too large");
          importedMemories_.push_back(mem);
          out.push_back(Extern::of(mem));
          break;
        }
        case ExternKind::Global:
          out.push_back(Extern::of(store_.createGlobal(imp.global, Value::zero(imp.global.type))));
          break;
      }
    }
    return out;
  }

  // Each call is logged as a marker with the import's position, then one
  // key per argument, so both the number of calls and their arguments
  // (NaN-canonical, as for results) are compared.
  Function* makeStandIn(uint32_t importIndex, const FuncType& type) {
    Function* f = store_.createHostFunction(
        type, [this, importIndex, type](std::span<const Value> args, std::span<Value> results) {
          hostLog_.push_back(0xca11000000000000ull | importIndex);
          for (const Value& a : args) hostLog_.push_back(valueKey(a));
          for (size_t i = 0; i < results.size(); ++i) results[i] = Value::zero(type.results[i]);
          return success();
        });
    hostIds_[f] = importIndex;
    return f;
  }

  void captureState(CallOutcome& out) const {
    for (std::span<const uint8_t> mem : comparedMemories()) {
      out.memoryHashes.push_back(mem.size());
      out.memoryHashes.push_back(hashBytes(mem.data(), mem.size()));
    }
    for (const Export& e : module().exports) {
      if (e.kind == ExternKind::Table) {
        out.tableKeys.push_back(tableHash(instance_->table(e.index)));
      } else if (e.kind == ExternKind::Global) {
        out.globalKeys.push_back(valueKey(instance_->global(e.index)->value()));
      }
    }
  }

  uint64_t tableHash(const Table* t) const {
    uint64_t h = mix(kFnvOffset, t->size());
    for (uint64_t i = 0; i < t->size() && i < 100000; ++i)
      h = mix(h, valueKey(Value::fromRef(t->elemType(), t->get(i))));
    return h;
  }

  const EngineSpec& spec_;
  Engine engine_;
  Store store_;
  std::shared_ptr<const CompiledModule> module_;
  Instance* instance_ = nullptr;
  std::vector<Memory*> importedMemories_;
  std::unordered_map<const Function*, uint32_t> hostIds_;
  std::vector<uint64_t> hostLog_;
  uint64_t fuelPerCall_ = 0;
};

// --- Describing outcomes ------------------------------------------------------------

std::string describeError(const CallOutcome& o) {
  if (o.trap) return formatMessage("trap '%s'", trapMessage(*o.trap));
  return formatMessage("%s error '%s'", errorKindName(o.errorKind), o.message.c_str());
}

std::string describeResults(const CallOutcome& o) {
  if (!o.ok) return describeError(o);
  std::string s = "(";
  for (size_t i = 0; i < o.results.size(); ++i) s += (i ? ", " : "") + formatValue(o.results[i]);
  return s + ")";
}

std::string describeArgs(std::span<const Value> args) {
  std::string s = "(";
  for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + formatValue(args[i]);
  return s + ")";
}

bool sameOutcome(const CallOutcome& a, const CallOutcome& b) {
  if (a.ok != b.ok) return false;
  if (!a.ok) return a.errorKind == b.errorKind && a.trap == b.trap;
  return a.resultKeys == b.resultKeys;
}

std::optional<std::string> describeStateDifference(const CallOutcome& a, std::string_view nameA,
                                                   const CallOutcome& b, std::string_view nameB) {
  auto differ = [&](const char* what, size_t countA, size_t countB) {
    return formatMessage("%s differ (%.*s: %zu entries, %.*s: %zu entries)", what,
                         static_cast<int>(nameA.size()), nameA.data(), countA,
                         static_cast<int>(nameB.size()), nameB.data(), countB);
  };
  if (a.hostCalls != b.hostCalls) return differ("host calls (imports and arguments)", a.hostCalls.size(), b.hostCalls.size());
  if (a.memoryHashes != b.memoryHashes) return std::string("memory contents or sizes differ");
  if (a.tableKeys != b.tableKeys) return std::string("exported tables differ");
  if (a.globalKeys != b.globalKeys) {
    size_t i = 0;
    while (i < a.globalKeys.size() && i < b.globalKeys.size() && a.globalKeys[i] == b.globalKeys[i])
      ++i;
    return formatMessage("exported globals differ (first: exported global #%zu)", i);
  }
  return std::nullopt;
}

// Both calls did the same except for memory bytes that lie inside a NaN on
// both sides (see differOnlyInNanBits)?
bool differOnlyInStoredNans(const Side& sa, CallOutcome oa, const Side& sb, CallOutcome ob) {
  auto keepSizesOnly = [](std::vector<uint64_t>& hashes) {
    for (size_t i = 1; i < hashes.size(); i += 2) hashes[i] = 0;
  };
  keepSizesOnly(oa.memoryHashes);
  keepSizesOnly(ob.memoryHashes);
  if (!sameOutcome(oa, ob) || describeStateDifference(oa, "", ob, "")) return false;
  std::vector<std::span<const uint8_t>> ma = sa.comparedMemories(), mb = sb.comparedMemories();
  if (ma.size() != mb.size()) return false;
  for (size_t i = 0; i < ma.size(); ++i)
    if (!differOnlyInNanBits(ma[i], mb[i])) return false;
  return true;
}

bool bothStackExhausted(const CallOutcome& a, const CallOutcome& b) {
  return !a.ok && !b.ok && a.trap == TrapCode::StackExhausted && b.trap == TrapCode::StackExhausted;
}

bool eitherStackExhausted(const CallOutcome& a, const CallOutcome& b) {
  return (!a.ok && a.trap == TrapCode::StackExhausted) || (!b.ok && b.trap == TrapCode::StackExhausted);
}

// --- The comparison loop --------------------------------------------------------------

bool onlySpectestImports(const Module& m) {
  for (const Import& imp : m.imports)
    if (imp.module != "spectest") return false;
  return true;
}

// Both sides compiled? Fills `out` (skip or divergence) when not. What one
// engine does not support, or one engine's own limit (the JIT's budget of
// machine code per body byte), skips the module.
bool compileBoth(Side& a, Side& b, std::span<const uint8_t> bytes, ModuleOutcome& out) {
  Result<void> ra = a.compile(bytes), rb = b.compile(bytes);
  if (ra && rb) return true;
  for (auto* r : {&ra, &rb}) {
    if (!r->ok() &&
        (r->error().kind() == ErrorKind::Unsupported || r->error().kind() == ErrorKind::Resource)) {
      out.skipped = true;
      out.skipReason = (r == &ra ? a : b).spec().name + ": " + oneLine(r->error().message());
      return false;
    }
  }
  if (!ra && !rb && ra.error().kind() == rb.error().kind()) {
    out.skipped = true;
    out.skipReason = "does not compile: " + oneLine(ra.error().message());
    return false;
  }
  out.divergences.push_back(formatMessage(
      "compile: %s %s, %s %s", a.spec().name.c_str(), ra ? "ok" : ra.error().message().c_str(),
      b.spec().name.c_str(), rb ? "ok" : rb.error().message().c_str()));
  return false;
}

// Both sides instantiated? Fills `out` when not.
bool instantiateBoth(Side& a, Side& b, ModuleOutcome& out) {
  Result<void> ra = a.instantiate(), rb = b.instantiate();
  if (ra && rb) return true;
  bool same = !ra && !rb && ra.error().kind() == rb.error().kind() &&
              trapCodeOf(ra.error()) == trapCodeOf(rb.error());
  if (same) {
    out.notes.push_back("instantiation fails on both: " + oneLine(ra.error().message()));
  } else {
    out.divergences.push_back(formatMessage(
        "instantiate: %s %s, %s %s", a.spec().name.c_str(), ra ? "ok" : ra.error().message().c_str(),
        b.spec().name.c_str(), rb ? "ok" : rb.error().message().c_str()));
  }
  return false;
}

}  // namespace

// --- Engine specs ----------------------------------------------------------------------

std::optional<EngineSpec> parseEngineSpec(std::string_view text) {
  EngineSpec spec{std::string(text), Config{}};
  // Trailing parts, in any order: ":sse4.1" restricts x86-64 JIT code to
  // SSE4.1; ":fuel" and ":epoch" compile the interruption checks in (fuel
  // counts the same in both engines, so RunOptions::fuelPerCall makes both
  // run out at the same point).
  auto takeSuffix = [&](std::string_view suffix) {
    if (!text.ends_with(suffix)) return false;
    text.remove_suffix(suffix.size());
    return true;
  };
  for (;;) {
    if (takeSuffix(":sse4.1"))
      spec.config.jitCpuFeatures = CpuFeatureLevel::Baseline;
    else if (takeSuffix(":fuel"))
      spec.config.consumeFuel = true;
    else if (takeSuffix(":epoch"))
      spec.config.epochInterruption = true;
    else
      break;
  }
  std::string_view engine = text.substr(0, text.find(':'));
  std::string_view bounds = text.find(':') == std::string_view::npos ? "signals"
                                                                     : text.substr(text.find(':') + 1);
  if (engine == "interp") spec.config.engine = EngineKind::Interpreter;
  else if (engine == "jit") spec.config.engine = EngineKind::Jit;
  else return std::nullopt;
  if (bounds == "signals") spec.config.bounds = BoundsMode::Signals;
  else if (bounds == "checks") spec.config.bounds = BoundsMode::Checks;
  else return std::nullopt;
  return spec;
}

std::optional<std::pair<EngineSpec, EngineSpec>> parseEnginePair(std::string_view text) {
  size_t comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  auto a = parseEngineSpec(text.substr(0, comma));
  auto b = parseEngineSpec(text.substr(comma + 1));
  if (!a || !b) return std::nullopt;
  return std::make_pair(*a, *b);
}

bool engineAvailable(const EngineSpec& spec) {
  // (module (func (export "f") (result i32) i32.const 7))
  static const uint8_t kModule[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05,
                                    0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07,
                                    0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04,
                                    0x00, 0x41, 0x07, 0x0b};
  Side side(spec);
  if (spec.config.consumeFuel) side.setFuelPerCall(100);
  if (!side.compile(kModule) || !side.instantiate()) return false;
  Function* f = side.exportedFunction("f");
  CallOutcome o = side.call(f, {});
  return o.ok && o.results.size() == 1 && o.results[0].i32 == 7;
}

// --- Arguments ------------------------------------------------------------------------------

namespace {

Value fixedArgument(ValType t, uint32_t set, uint32_t position) {
  switch (t) {
    case ValType::I32: {
      const uint32_t v[kFixedArgSets] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, position + 2};
      return Value::fromI32(v[set]);
    }
    case ValType::I64: {
      const uint64_t v[kFixedArgSets] = {0, 1, ~0ull, 1ull << 63, ~0ull >> 1, position + 2};
      return Value::fromI64(v[set]);
    }
    case ValType::F32: {
      const float v[kFixedArgSets] = {0.0f, 1.0f, -1.0f, -0.0f, NAN, position + 2.5f};
      return Value::fromF32(v[set]);
    }
    case ValType::F64: {
      const double v[kFixedArgSets] = {0.0, 1.0, -1.0, -0.0, NAN, position + 2.5};
      return Value::fromF64(v[set]);
    }
    default: return Value::zero(t);
  }
}

// A random value that is small a quarter of the time (loop counts, indices
// and shift amounts that do something), an edge value a quarter of the
// time, and random bits otherwise.
Value randomArgument(ValType t, uint64_t& rng) {
  uint64_t r = splitMix(rng), bits = splitMix(rng);
  static const uint64_t kEdges[] = {0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
                                    0xffffffff, 0x100000000ull, 0x8000000000000000ull};
  switch (r % 4) {
    case 0: bits = (t == ValType::F32 || t == ValType::F64) ? 0 : bits % 32; break;
    case 1: bits = kEdges[bits % (sizeof(kEdges) / sizeof(kEdges[0]))]; break;
    default: break;
  }
  switch (t) {
    case ValType::I32: return Value::fromI32(static_cast<uint32_t>(bits));
    case ValType::I64: return Value::fromI64(bits);
    case ValType::F32:
      return r % 4 == 0 ? Value::fromF32(static_cast<float>(static_cast<int64_t>(splitMix(rng) % 2001) - 1000) / 8)
                        : Value::fromF32Bits(static_cast<uint32_t>(bits));
    case ValType::F64:
      return r % 4 == 0 ? Value::fromF64(static_cast<double>(static_cast<int64_t>(splitMix(rng) % 2001) - 1000) / 8)
                        : Value::fromF64Bits(bits);
    default: return Value::zero(t);
  }
}

}  // namespace

std::vector<Value> argumentSet(std::span<const ValType> params, uint32_t set, uint64_t seed,
                               uint32_t exportOrdinal) {
  std::vector<Value> args;
  uint64_t rng = seed * 0x2545f4914f6cdd1dull ^ (uint64_t{exportOrdinal} << 32) ^ set;
  for (uint32_t i = 0; i < params.size(); ++i) {
    ValType t = params[i];
    if (t == ValType::ExternRef) {
      // Opaque host references: null, or a distinctive pointer the engines
      // must hand back unchanged (never dereferenced).
      void* p = reinterpret_cast<void*>(static_cast<uintptr_t>(0x1000 + 16 * (set + i)));
      args.push_back(Value::fromRef(t, set % 2 ? Ref{p} : Ref{}));
    } else if (set < kFixedArgSets) {
      args.push_back(fixedArgument(t, set, i));
    } else {
      args.push_back(randomArgument(t, rng));
    }
  }
  return args;
}

// --- Comparing one call --------------------------------------------------------------------

// Spec 4.3.3 (Floating-Point Operations, NaN propagation): when an
// operator's result is a NaN, its sign and payload are chosen
// nondeterministically among the canonical or arithmetic NaNs, so two
// correct engines may return different NaN bits. A NaN therefore compares
// equal to any NaN of the same type; all other values compare bit-exactly.
// A v128 does not say its lane shape, so each 64-bit half is taken as an
// f64 lane or two f32 lanes: a half whose upper 32 bits are an f32 NaN
// (which every quiet f64 NaN's are) compares equal to any such half, and a
// lower f32 lane that is a NaN to any NaN. (The lower lane of an f32x4 half
// whose upper lane is a NaN is thus not compared.)
uint64_t nanTolerantHalf(uint64_t half) {
  if (isNan32(static_cast<uint32_t>(half >> 32))) return 0x7ff8000000000000ull;
  if (isNan32(static_cast<uint32_t>(half))) return (half & ~uint64_t{0xFFFFFFFF}) | 0x7fc00000u;
  return half;
}

uint64_t numericKey(const Value& v) {
  switch (v.type) {
    case ValType::I32: return v.i32;
    case ValType::I64: return v.i64;
    case ValType::F32: return isNan32(v.f32) ? 0x7fc00000u : v.f32;
    case ValType::F64: return isNan64(v.f64) ? 0x7ff8000000000000ull : v.f64;
    case ValType::V128: return mix(mix(kFnvOffset, nanTolerantHalf(v.v128.lo)), nanTolerantHalf(v.v128.hi));
    default: return 0;
  }
}

std::string formatValue(const Value& v) {
  switch (v.type) {
    case ValType::I32: return formatMessage("i32:0x%" PRIx32, v.i32);
    case ValType::I64: return formatMessage("i64:0x%" PRIx64, v.i64);
    case ValType::F32: return formatMessage("f32:0x%08" PRIx32 " (%g)", v.f32, v.asF32());
    case ValType::F64: return formatMessage("f64:0x%016" PRIx64 " (%g)", v.f64, v.asF64());
    case ValType::V128: return formatMessage("v128:0x%016" PRIx64 "%016" PRIx64, v.v128.hi, v.v128.lo);
    default: return formatMessage("%s:%p", valTypeName(v.type), v.ref.ptr);
  }
}

namespace {

bool nanWindow(std::span<const uint8_t> a, std::span<const uint8_t> b, size_t start, size_t width) {
  if (start + width > a.size()) return false;
  uint64_t x = 0, y = 0;
  std::memcpy(&x, a.data() + start, width);
  std::memcpy(&y, b.data() + start, width);
  if (width == 4) return isNan32(static_cast<uint32_t>(x)) && isNan32(static_cast<uint32_t>(y));
  return isNan64(x) && isNan64(y);
}

bool insideNanOnBothSides(std::span<const uint8_t> a, std::span<const uint8_t> b, size_t i) {
  for (size_t width : {size_t{4}, size_t{8}})
    for (size_t back = 0; back < width && back <= i; ++back)
      if (nanWindow(a, b, i - back, width)) return true;
  return false;
}

}  // namespace

bool differOnlyInNanBits(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && !insideNanOnBothSides(a, b, i)) return false;
  return true;
}

std::optional<std::string> describeDifference(const CallOutcome& a, std::string_view nameA,
                                              const CallOutcome& b, std::string_view nameB) {
  if (!sameOutcome(a, b))
    return formatMessage("%.*s returned %s, %.*s returned %s", static_cast<int>(nameA.size()),
                         nameA.data(), describeResults(a).c_str(), static_cast<int>(nameB.size()),
                         nameB.data(), describeResults(b).c_str());
  return describeStateDifference(a, nameA, b, nameB);
}

namespace {
bool isSmallArgSet(uint32_t set) { return set == 0 || set == 1 || set == kFixedArgSets - 1; }
}  // namespace

// --- Whole modules --------------------------------------------------------------------------

ModuleOutcome compareModule(std::span<const uint8_t> bytes, const EngineSpec& a,
                            const EngineSpec& b, const RunOptions& options, Progress* progress) {
  ModuleOutcome out;
  Progress quiet;
  if (!progress) progress = &quiet;
  auto sa = std::make_unique<Side>(a), sb = std::make_unique<Side>(b);
  sa->setFuelPerCall(options.fuelPerCall);
  sb->setFuelPerCall(options.fuelPerCall);
  if (!compileBoth(*sa, *sb, bytes, out)) return out;
  if (options.requireSpectestImports && !onlySpectestImports(sa->module())) {
    out.skipped = true;
    out.skipReason = "imports from a module other than spectest";
    return out;
  }
  if (!instantiateBoth(*sa, *sb, out)) return out;
  Function* hangA = options.resetHangLimit ? sa->exportedFunction("hangLimitInitializer") : nullptr;
  Function* hangB = options.resetHangLimit ? sb->exportedFunction("hangLimitInitializer") : nullptr;
  auto funcsA = sa->exportedFunctions(), funcsB = sb->exportedFunctions();
  bool notedStoredNans = false;
  for (uint32_t e = 0; e < funcsA.size(); ++e) {
    const auto& [name, fa] = funcsA[e];
    Function* fb = funcsB[e].second;
    uint32_t sets = fa->type().params.empty() ? 1 : kFixedArgSets + options.randomArgSets;
    for (uint32_t k = 0; k < sets; ++k) {
      if (options.skipCalls.count({e, k})) continue;
      if (options.hungExports.count(e) && !isSmallArgSet(k)) continue;
      std::vector<Value> args = argumentSet(fa->type().params, k, options.seed, e);
      progress->callStarted({e, k}, name);
      if (hangA && hangB) {
        (void)sa->call(hangA, {}, false);
        (void)sb->call(hangB, {}, false);
      }
      bool captureState =
          options.compareStateAfterEveryCall || (e + 1 == funcsA.size() && k + 1 == sets);
      CallOutcome oa = sa->call(fa, args, captureState);
      progress->sideReturned(0);
      CallOutcome ob = sb->call(fb, args, captureState);
      progress->sideReturned(1);
      ++out.calls;
      if (!oa.ok) ++out.trappedCalls;
      auto diff = describeDifference(oa, a.name, ob, b.name);
      if (!diff) continue;
      std::string where = "export '" + name + "' args " + describeArgs(args) + ": ";
      if (differOnlyInStoredNans(*sa, oa, *sb, ob)) {
        if (!notedStoredNans) out.notes.push_back(where + "memory differs only in NaN bits");
        notedStoredNans = true;
        continue;
      }
      if (bothStackExhausted(oa, ob) ||
          (options.stackExhaustionOnOneSideIsNote && eitherStackExhausted(oa, ob))) {
        // The engines' stack limits differ by design (call depth vs native
        // stack bytes), so effects made before exhaustion may differ; the
        // module's later calls are no longer comparable.
        out.notes.push_back(where + "stack exhausted; " + *diff + "; rest of module not compared");
      } else {
        out.divergences.push_back(where + *diff);
      }
      return out;
    }
  }
  return out;
}

// --- Isolation in a child process -----------------------------------------------------------

namespace {

void writeLine(int fd, const std::string& line) {
  std::string s = oneLine(line) + "\n";
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// The child's reporting: one text line per event on a pipe.
class PipeProgress : public Progress {
 public:
  explicit PipeProgress(int fd) : fd_(fd) {}
  void callStarted(CallId id, std::string_view name) override {
    writeLine(fd_, formatMessage("call %u %u %.*s", id.first, id.second,
                                 static_cast<int>(name.size()), name.data()));
  }
  void sideReturned(int side) override { writeLine(fd_, side == 0 ? "ret0" : "ret1"); }

 private:
  int fd_;
};

[[noreturn]] void runChild(int fd, std::span<const uint8_t> bytes, const EngineSpec& a,
                           const EngineSpec& b, const RunOptions& options) {
  PipeProgress progress(fd);
  ModuleOutcome out = compareModule(bytes, a, b, options, &progress);
  writeLine(fd, formatMessage("calls %" PRIu64, out.calls));
  writeLine(fd, formatMessage("traps %" PRIu64, out.trappedCalls));
  if (out.skipped) writeLine(fd, "skip " + out.skipReason);
  for (const std::string& d : out.divergences) writeLine(fd, "div " + d);
  for (const std::string& n : out.notes) writeLine(fd, "note " + n);
  writeLine(fd, "done");
  ::close(fd);
  _exit(0);
}

// What the parent learned from one child.
struct ChildReport {
  ModuleOutcome outcome;
  bool done = false;
  bool timedOut = false;
  bool inCall = false;
  CallId lastCall{0, 0};
  std::string lastExport;
  int sidesReturned = 0;
  int status = 0;
};

void parseLine(const std::string& line, ChildReport& r) {
  auto rest = [&](size_t n) { return line.size() > n ? line.substr(n) : std::string(); };
  if (line.rfind("call ", 0) == 0) {
    unsigned e = 0, k = 0;
    int consumed = 0;
    std::sscanf(line.c_str(), "call %u %u %n", &e, &k, &consumed);
    r.lastCall = {e, k};
    r.lastExport = line.substr(static_cast<size_t>(consumed));
    r.sidesReturned = 0;
    r.inCall = true;
  } else if (line == "ret0") {
    r.sidesReturned = 1;
  } else if (line == "ret1") {
    r.sidesReturned = 2;
    r.inCall = false;
  } else if (line.rfind("calls ", 0) == 0) {
    r.outcome.calls = std::strtoull(line.c_str() + 6, nullptr, 10);
  } else if (line.rfind("traps ", 0) == 0) {
    r.outcome.trappedCalls = std::strtoull(line.c_str() + 6, nullptr, 10);
  } else if (line.rfind("skip ", 0) == 0) {
    r.outcome.skipped = true;
    r.outcome.skipReason = rest(5);
  } else if (line.rfind("div ", 0) == 0) {
    r.outcome.divergences.push_back(rest(4));
  } else if (line.rfind("note ", 0) == 0) {
    r.outcome.notes.push_back(rest(5));
  } else if (line == "done") {
    r.done = true;
  }
}

// Reads the child's lines until EOF or a call stays silent for callTimeoutMs.
void readChild(int fd, pid_t pid, const RunOptions& options, ChildReport& r) {
  std::string buffer;
  char chunk[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(options.callTimeoutMs));
    if (ready == 0) {
      r.timedOut = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (ready < 0) continue;  // EINTR
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      parseLine(buffer.substr(0, nl), r);
      buffer.erase(0, nl + 1);
    }
  }
  while (::waitpid(pid, &r.status, 0) < 0 && errno == EINTR) {
  }
}

std::string runningWhere(const ChildReport& r, const EngineSpec& a, const EngineSpec& b) {
  if (!r.inCall) return "outside a call (compile, instantiate or comparison)";
  const char* engine = r.sidesReturned == 0 ? a.name.c_str()
                       : r.sidesReturned == 1 ? b.name.c_str()
                                              : "the harness";
  return formatMessage("in %s, export '%s' argument set %u", engine, r.lastExport.c_str(),
                       r.lastCall.second);
}

ChildReport runIsolatedOnce(std::span<const uint8_t> bytes, const EngineSpec& a,
                            const EngineSpec& b, const RunOptions& options) {
  ChildReport r;
  int fds[2];
  if (::pipe(fds) != 0) {
    r.outcome.divergences.push_back("harness: pipe() failed");
    return r;
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    runChild(fds[1], bytes, a, b, options);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    r.outcome.divergences.push_back("harness: fork() failed");
    return r;
  }
  readChild(fds[0], pid, options, r);
  ::close(fds[0]);
  return r;
}

}  // namespace

// Modules that do not decode or validate, or import from elsewhere than
// spectest when that is required, are skipped here without a fork (most
// of the spec suite's .wasm files are such negative tests).
static std::optional<std::string> precheck(std::span<const uint8_t> bytes, const RunOptions& options) {
  Engine engine;
  auto m = compileModule(engine, bytes);
  if (!m) {
    if (m.error().kind() == ErrorKind::Unsupported) return std::nullopt;  // the engines decide
    return "does not compile: " + oneLine(m.error().message());
  }
  if (options.requireSpectestImports && !onlySpectestImports((*m)->module()))
    return std::string("imports from a module other than spectest");
  return std::nullopt;
}

ModuleOutcome compareModuleIsolated(std::span<const uint8_t> bytes, const EngineSpec& a,
                                    const EngineSpec& b, RunOptions options) {
  constexpr int kMaxTimeouts = 16;
  if (auto reason = precheck(bytes, options)) {
    ModuleOutcome out;
    out.skipped = true;
    out.skipReason = *reason;
    return out;
  }
  std::vector<std::string> notes;
  for (int attempt = 0;; ++attempt) {
    ChildReport r = runIsolatedOnce(bytes, a, b, options);
    if (r.timedOut && r.inCall && attempt < kMaxTimeouts) {
      notes.push_back(formatMessage("timeout after %u ms %s; call skipped", options.callTimeoutMs,
                                    runningWhere(r, a, b).c_str()));
      options.skipCalls.insert(r.lastCall);
      options.hungExports.insert(r.lastCall.first);
      continue;
    }
    ModuleOutcome out = std::move(r.outcome);
    out.notes.insert(out.notes.begin(), notes.begin(), notes.end());
    if (r.timedOut) {
      out.notes.push_back("gave up: timeout " + runningWhere(r, a, b));
    } else if (!r.done) {
      const char* how = WIFSIGNALED(r.status) ? strsignal(WTERMSIG(r.status)) : "exited early";
      out.divergences.push_back(formatMessage("process died (%s) %s", how, runningWhere(r, a, b).c_str()));
    }
    return out;
  }
}

}  // namespace ember::differential
