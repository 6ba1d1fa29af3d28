#include "fuzz/module_from_bytes.h"

#include <optional>
#include <string>

namespace ember::fuzz {
namespace {

// --- Reading decisions and writing bytes -------------------------------------------

// The fuzz input as a stream of choices. Past its end every choice is 0,
// which always picks the smallest option (a leaf, no more statements), so
// generation ends.
class Decisions {
 public:
  explicit Decisions(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool exhausted() const { return pos_ >= bytes_.size(); }
  uint8_t byte() { return exhausted() ? 0 : bytes_[pos_++]; }
  // A number in [0, n), n <= 256.
  uint32_t below(uint32_t n) { return n <= 1 ? 0 : byte() % n; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
    return v;
  }
  uint64_t u64() { return (uint64_t{u32()} << 32) | u32(); }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

class Encoder {
 public:
  void byte(uint8_t b) { out_.push_back(b); }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void u32(uint32_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      byte(v ? b | 0x80 : b);
    } while (v);
  }
  void s64(int64_t v) {
    for (;;) {
      uint8_t b = v & 0x7f;
      v >>= 7;  // arithmetic shift
      bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
      byte(done ? b : b | 0x80);
      if (done) return;
    }
  }
  void fixed(uint64_t bits, int width) {
    for (int i = 0; i < width; ++i) byte(static_cast<uint8_t>(bits >> (8 * i)));
  }
  void name(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    for (char c : s) byte(static_cast<uint8_t>(c));
  }
  // A section: id, size, contents.
  void section(uint8_t id, const Encoder& contents) {
    byte(id);
    u32(static_cast<uint32_t>(contents.out_.size()));
    bytes(contents.out_);
  }
  size_t size() const { return out_.size(); }
  std::vector<uint8_t>& out() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// --- Types and operator tables ------------------------------------------------------

enum class T : uint8_t { I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c };
constexpr T kTypes[] = {T::I32, T::I64, T::F32, T::F64};
uint32_t typeIndex(T t) { return t == T::I32 ? 0 : t == T::I64 ? 1 : t == T::F32 ? 2 : 3; }
bool isFloat(T t) { return t == T::F32 || t == T::F64; }

struct Signature {
  std::vector<T> params, results;
};

// Opcode ranges per type (spec 5.4.7 numeric instructions).
struct NumericOps {
  uint8_t unaryFirst, unaryCount;    // same type in and out
  uint8_t binaryFirst, binaryCount;  // same type in and out (copysign last for floats)
  uint8_t compareFirst, compareCount;
};
NumericOps numericOps(T t) {
  switch (t) {
    case T::I32: return {0x67, 3, 0x6a, 15, 0x46, 10};
    case T::I64: return {0x79, 3, 0x7c, 15, 0x51, 10};
    case T::F32: return {0x8b, 7, 0x92, 7, 0x5b, 6};
    case T::F64: return {0x99, 7, 0xa0, 7, 0x61, 6};
  }
  return {};
}
constexpr uint8_t kF32Copysign = 0x98, kF64Copysign = 0xa6;

// Conversions (spec 5.4.7): `prefix` 0xfc for the saturating ones;
// `denan` when a NaN operand's bits would become visible in the result.
struct Conversion {
  T to, from;
  uint8_t prefix, op;
  bool denan;
};
constexpr Conversion kConversions[] = {
    {T::I32, T::I64, 0, 0xa7, false},    {T::I32, T::F32, 0, 0xa8, false},
    {T::I32, T::F32, 0, 0xa9, false},    {T::I32, T::F64, 0, 0xaa, false},
    {T::I32, T::F64, 0, 0xab, false},    {T::I64, T::I32, 0, 0xac, false},
    {T::I64, T::I32, 0, 0xad, false},    {T::I64, T::F32, 0, 0xae, false},
    {T::I64, T::F32, 0, 0xaf, false},    {T::I64, T::F64, 0, 0xb0, false},
    {T::I64, T::F64, 0, 0xb1, false},    {T::F32, T::I32, 0, 0xb2, false},
    {T::F32, T::I32, 0, 0xb3, false},    {T::F32, T::I64, 0, 0xb4, false},
    {T::F32, T::I64, 0, 0xb5, false},    {T::F32, T::F64, 0, 0xb6, false},
    {T::F64, T::I32, 0, 0xb7, false},    {T::F64, T::I32, 0, 0xb8, false},
    {T::F64, T::I64, 0, 0xb9, false},    {T::F64, T::I64, 0, 0xba, false},
    {T::F64, T::F32, 0, 0xbb, false},    {T::I32, T::F32, 0, 0xbc, true},
    {T::I64, T::F64, 0, 0xbd, true},     {T::F32, T::I32, 0, 0xbe, false},
    {T::F64, T::I64, 0, 0xbf, false},    {T::I32, T::I32, 0, 0xc0, false},
    {T::I32, T::I32, 0, 0xc1, false},    {T::I64, T::I64, 0, 0xc2, false},
    {T::I64, T::I64, 0, 0xc3, false},    {T::I64, T::I64, 0, 0xc4, false},
    {T::I32, T::F32, 0xfc, 0, false},    {T::I32, T::F32, 0xfc, 1, false},
    {T::I32, T::F64, 0xfc, 2, false},    {T::I32, T::F64, 0xfc, 3, false},
    {T::I64, T::F32, 0xfc, 4, false},    {T::I64, T::F32, 0xfc, 5, false},
    {T::I64, T::F64, 0xfc, 6, false},    {T::I64, T::F64, 0xfc, 7, false},
};

// Loads and stores: opcode and natural alignment (log2).
struct MemoryOp {
  T type;
  uint8_t op, naturalAlign;
};
constexpr MemoryOp kLoads[] = {
    {T::I32, 0x28, 2}, {T::I64, 0x29, 3}, {T::F32, 0x2a, 2}, {T::F64, 0x2b, 3}, {T::I32, 0x2c, 0},
    {T::I32, 0x2d, 0}, {T::I32, 0x2e, 1}, {T::I32, 0x2f, 1}, {T::I64, 0x30, 0}, {T::I64, 0x31, 0},
    {T::I64, 0x32, 1}, {T::I64, 0x33, 1}, {T::I64, 0x34, 2}, {T::I64, 0x35, 2},
};
constexpr MemoryOp kStores[] = {
    {T::I32, 0x36, 2}, {T::I64, 0x37, 3}, {T::F32, 0x38, 2}, {T::F64, 0x39, 3}, {T::I32, 0x3a, 0},
    {T::I32, 0x3b, 1}, {T::I64, 0x3c, 0}, {T::I64, 0x3d, 1}, {T::I64, 0x3e, 2},
};

template <typename Entry, size_t N>
std::vector<const Entry*> entriesOf(const Entry (&table)[N], T type, T Entry::*field) {
  std::vector<const Entry*> out;
  for (const Entry& e : table)
    if (e.*field == type) out.push_back(&e);
  return out;
}

// --- The module's shape ---------------------------------------------------------------

struct ModuleShape {
  std::vector<Signature> functions;  // function i has type i
  uint32_t minPages = 1, maxPages = 1;
};

// Control labels a branch can target. Loops take no values (their block
// type is always empty here); blocks and ifs take their result, if any.
struct Label {
  bool isLoop = false;
  std::optional<T> result;
  uint32_t arity() const { return isLoop || !result ? 0 : 1; }
};

constexpr int kMaxDepth = 7;
constexpr uint32_t kLoopCounters = 4;  // counted loops nest this deep
constexpr int kOperatorBudget = 1500;  // per function, bounds body size

// --- One function body ------------------------------------------------------------------

class BodyBuilder {
 public:
  BodyBuilder(Decisions& d, const ModuleShape& shape, uint32_t funcIndex)
      : d_(d), shape_(shape), sig_(shape.functions[funcIndex]), self_(funcIndex) {}

  std::vector<uint8_t> build() {
    Encoder body;
    declareLocals(body);
    uint32_t statements = d_.below(8);
    for (uint32_t i = 0; i < statements; ++i) statement(0);
    for (T r : sig_.results) expr(r, 0);
    code_.byte(0x0b);
    body.bytes(code_.out());
    return std::move(body.out());
  }

 private:
  // Parameters, then 0-2 locals of each type, then one scratch f32 and
  // f64 for making floats non-NaN (see denan), then the loop counters,
  // which are not in locals_ so that no other code writes them.
  void declareLocals(Encoder& body) {
    locals_ = sig_.params;
    body.u32(5);
    for (T t : kTypes) {
      uint32_t count = d_.below(3) + (isFloat(t) ? 1 : 0);
      body.u32(count);
      body.byte(static_cast<uint8_t>(t));
      locals_.insert(locals_.end(), count, t);
      if (t == T::F32) scratchF32_ = static_cast<uint32_t>(locals_.size() - 1);
      if (t == T::F64) scratchF64_ = static_cast<uint32_t>(locals_.size() - 1);
    }
    firstCounter_ = static_cast<uint32_t>(locals_.size());
    body.u32(kLoopCounters);
    body.byte(static_cast<uint8_t>(T::I32));
  }

  bool mustStop(int depth) { return depth >= kMaxDepth || budget_ <= 0 || d_.exhausted(); }
  void op(uint8_t opcode) {
    code_.byte(opcode);
    --budget_;
  }
  T anyType() { return kTypes[d_.below(4)]; }

  // --- Expressions: code that leaves exactly one value of type t ---

  void expr(T t, int depth) {
    if (mustStop(depth)) return leaf(t);
    switch (d_.below(20)) {
      case 0: case 1: return constant(t);
      case 2: case 3: return localGet(t);
      case 4: op(0x23); code_.u32(typeIndex(t)); return;  // global.get
      case 5: return unary(t, depth);
      case 6: case 7: return binary(t, depth);
      case 8: return t == T::I32 ? compare(depth) : binary(t, depth);
      case 9: return conversion(t, depth);
      case 10: return load(t, depth);
      case 11: return blockExpr(t, depth);
      case 12: return ifExpr(t, depth);
      case 13: return select(t, depth);
      case 14: return callExpr(t, depth);
      case 15: return callIndirectExpr(t, depth);
      case 16: return localTee(t, depth);
      case 17: return t == T::I32 ? memorySizeOrGrow(depth) : unary(t, depth);
      case 18: return brIfWithValue(t, depth);
      default: return conversion(t, depth);
    }
  }

  void leaf(T t) {
    if (d_.below(2) && localOfType(t)) return localGet(t);
    constant(t);
  }

  void constant(T t) {
    uint32_t kind = d_.below(8);
    switch (t) {
      case T::I32: {
        static const uint32_t kEdges[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0xffff, 0x10000, 31};
        uint32_t v = kind < 4 ? kEdges[d_.below(8)] : kind < 6 ? d_.byte() : d_.u32();
        op(0x41);
        code_.s64(static_cast<int32_t>(v));
        return;
      }
      case T::I64: {
        static const uint64_t kEdges[] = {0, 1, ~0ull, 1ull << 63, ~0ull >> 1, 0xffffffffull, 1ull << 32, 63};
        uint64_t v = kind < 4 ? kEdges[d_.below(8)] : kind < 6 ? d_.byte() : d_.u64();
        op(0x42);
        code_.s64(static_cast<int64_t>(v));
        return;
      }
      case T::F32: {
        // 0, -0, 1, -1, inf, -inf, a quiet NaN, 2^31, 0.5, 2^32
        static const uint32_t kEdges[] = {0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u,
                                          0xff800000u, 0x7fc00000u, 0x4f000000u, 0x3f000000u, 0x4f800000u};
        op(0x43);
        code_.fixed(kind < 5 ? kEdges[d_.below(10)] : d_.u32(), 4);
        return;
      }
      case T::F64: {
        static const uint64_t kEdges[] = {0, 1ull << 63, 0x3ff0000000000000ull, 0xbff0000000000000ull,
                                          0x7ff0000000000000ull, 0xfff0000000000000ull,
                                          0x7ff8000000000000ull, 0x41e0000000000000ull,
                                          0x3fe0000000000000ull, 0x43e0000000000000ull};
        op(0x44);
        code_.fixed(kind < 5 ? kEdges[d_.below(10)] : d_.u64(), 8);
        return;
      }
    }
  }

  std::optional<uint32_t> localOfType(T t) {
    std::vector<uint32_t> matches;
    for (uint32_t i = 0; i < locals_.size(); ++i)
      if (locals_[i] == t) matches.push_back(i);
    if (matches.empty()) return std::nullopt;
    return matches[d_.below(static_cast<uint32_t>(matches.size()))];
  }

  void localGet(T t) {
    auto local = localOfType(t);
    if (!local) return constant(t);
    op(0x20);
    code_.u32(*local);
  }

  void localTee(T t, int depth) {
    auto local = localOfType(t);
    if (!local) return constant(t);
    expr(t, depth + 1);
    op(0x22);
    code_.u32(*local);
  }

  void unary(T t, int depth) {
    NumericOps ops = numericOps(t);
    expr(t, depth + 1);
    op(static_cast<uint8_t>(ops.unaryFirst + d_.below(ops.unaryCount)));
  }

  void binary(T t, int depth) {
    NumericOps ops = numericOps(t);
    uint8_t opcode = static_cast<uint8_t>(ops.binaryFirst + d_.below(ops.binaryCount));
    expr(t, depth + 1);
    expr(t, depth + 1);
    // copysign copies the sign of its second operand, which for a NaN is
    // nondeterministic (spec 4.3.3).
    if (opcode == kF32Copysign || opcode == kF64Copysign) denan(t);
    op(opcode);
  }

  void compare(int depth) {
    T u = anyType();
    NumericOps ops = numericOps(u);
    if (!isFloat(u) && d_.below(4) == 0) {  // eqz
      expr(u, depth + 1);
      op(u == T::I32 ? 0x45 : 0x50);
      return;
    }
    expr(u, depth + 1);
    expr(u, depth + 1);
    op(static_cast<uint8_t>(ops.compareFirst + d_.below(ops.compareCount)));
  }

  void conversion(T t, int depth) {
    auto options = entriesOf(kConversions, t, &Conversion::to);
    const Conversion& c = *options[d_.below(static_cast<uint32_t>(options.size()))];
    expr(c.from, depth + 1);
    if (c.denan) denan(c.from);
    if (c.prefix) {
      op(c.prefix);
      code_.u32(c.op);
    } else {
      op(c.op);
    }
  }

  // Replaces a NaN on top of the stack by 0 and leaves other values alone:
  //   local.tee s; T.const 0; local.get s; local.get s; T.eq; select
  // (select picks the first operand, the value, when it equals itself).
  void denan(T t) {
    if (!isFloat(t)) return;
    uint32_t s = t == T::F32 ? scratchF32_ : scratchF64_;
    op(0x22);
    code_.u32(s);
    if (t == T::F32) {
      op(0x43);
      code_.fixed(0, 4);
    } else {
      op(0x44);
      code_.fixed(0, 8);
    }
    op(0x20);
    code_.u32(s);
    op(0x20);
    code_.u32(s);
    op(t == T::F32 ? 0x5b : 0x61);
    op(0x1b);
  }

  // An address: mostly a small constant, sometimes one at the end of the
  // memory (in bounds or just past it), an expression masked to 64 KiB, or
  // any i32 expression (most out of bounds). Most accesses must succeed or
  // the rest of a function is never run.
  void address(int depth) {
    uint32_t kind = d_.below(32);
    if (kind == 0) return expr(T::I32, depth + 1);
    if (kind == 1) {
      expr(T::I32, depth + 1);
      op(0x41);
      code_.s64(0xfff0);
      op(0x71);  // i32.and
      return;
    }
    uint32_t bytes = shape_.minPages * 65536u;
    uint32_t a = kind == 2 ? bytes - 8 + d_.below(16) : d_.byte() * 4 + d_.below(4);
    op(0x41);
    code_.s64(static_cast<int32_t>(a));
  }

  void memarg(const MemoryOp& m) {
    code_.u32(d_.below(m.naturalAlign + 1));
    code_.u32(d_.below(32) == 0 ? 65536 - d_.below(16) : d_.below(32));
  }

  void load(T t, int depth) {
    auto options = entriesOf(kLoads, t, &MemoryOp::type);
    const MemoryOp& m = *options[d_.below(static_cast<uint32_t>(options.size()))];
    address(depth);
    op(m.op);
    memarg(m);
  }

  void store(int depth) {
    const MemoryOp& m = kStores[d_.below(sizeof(kStores) / sizeof(kStores[0]))];
    address(depth);
    expr(m.type, depth + 1);
    denan(m.type);  // stored bits are observable
    op(m.op);
    memarg(m);
  }

  void blockExpr(T t, int depth) {
    op(0x02);
    code_.byte(static_cast<uint8_t>(t));
    labels_.push_back({false, t});
    statements(depth + 1);
    expr(t, depth + 1);
    labels_.pop_back();
    op(0x0b);
  }

  void ifExpr(T t, int depth) {
    expr(T::I32, depth + 1);
    op(0x04);
    code_.byte(static_cast<uint8_t>(t));
    labels_.push_back({false, t});
    statements(depth + 1);
    expr(t, depth + 1);
    op(0x05);
    statements(depth + 1);
    expr(t, depth + 1);
    labels_.pop_back();
    op(0x0b);
  }

  void select(T t, int depth) {
    expr(t, depth + 1);
    expr(t, depth + 1);
    expr(T::I32, depth + 1);
    op(0x1b);
  }

  // Callees: mostly functions after this one, so that the call graph has
  // no cycle and calls end before the fuel does; one time in sixteen any
  // function (recursion, which ends in "out of fuel" or "call stack
  // exhausted").
  bool anyCallee() { return d_.below(16) == 0; }
  bool mayCall(uint32_t f, bool any) const { return any || f > self_; }

  // Functions (by index) whose single result is t.
  std::vector<uint32_t> functionsReturning(T t) {
    bool any = anyCallee();
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < shape_.functions.size(); ++i) {
      const auto& r = shape_.functions[i].results;
      if (r.size() == 1 && r[0] == t && mayCall(i, any)) out.push_back(i);
    }
    return out;
  }

  void arguments(const Signature& s, int depth) {
    for (T p : s.params) expr(p, depth + 1);
  }

  void callExpr(T t, int depth) {
    auto callees = functionsReturning(t);
    if (callees.empty()) return leaf(t);
    uint32_t f = callees[d_.below(static_cast<uint32_t>(callees.size()))];
    arguments(shape_.functions[f], depth);
    op(0x10);
    code_.u32(f);
  }

  // The table holds function i at slot i: the index is mostly the slot of
  // a function of the expected type, sometimes any slot or one past the
  // end, or any i32 expression (traps are compared too).
  void tableIndex(uint32_t expected, int depth) {
    uint32_t kind = d_.below(8);
    if (kind == 0) return expr(T::I32, depth + 1);
    op(0x41);
    code_.s64(kind == 1 ? d_.below(static_cast<uint32_t>(shape_.functions.size()) + 1) : expected);
  }

  void callIndirectExpr(T t, int depth) {
    auto types = functionsReturning(t);
    if (types.empty()) return leaf(t);
    uint32_t type = types[d_.below(static_cast<uint32_t>(types.size()))];
    arguments(shape_.functions[type], depth);
    tableIndex(type, depth);
    op(0x11);
    code_.u32(type);
    code_.u32(0);
  }

  void memorySizeOrGrow(int depth) {
    if (d_.below(2)) {
      op(0x3f);
      code_.byte(0);
      return;
    }
    if (d_.below(2)) {
      op(0x41);
      code_.s64(d_.below(3));
    } else {
      expr(T::I32, depth + 1);
    }
    op(0x40);
    code_.byte(0);
  }

  // value; condition; br_if L -- L a block or if whose result is t, so the
  // value stays on the stack when the branch is not taken.
  void brIfWithValue(T t, int depth) {
    std::vector<uint32_t> targets;
    for (uint32_t i = 0; i < labels_.size(); ++i)
      if (!labels_[i].isLoop && labels_[i].result == t) targets.push_back(i);
    if (targets.empty()) return unary(t, depth);
    uint32_t label = targets[d_.below(static_cast<uint32_t>(targets.size()))];
    expr(t, depth + 1);
    expr(T::I32, depth + 1);
    op(0x0d);
    code_.u32(relativeDepth(label));
  }

  uint32_t relativeDepth(uint32_t labelIndex) const {
    return static_cast<uint32_t>(labels_.size() - 1 - labelIndex);
  }

  // --- Statements: code that leaves the stack as it found it ---

  void statements(int depth) {
    uint32_t count = d_.below(4);
    for (uint32_t i = 0; i < count; ++i) statement(depth);
  }

  void statement(int depth) {
    if (mustStop(depth)) return;
    switch (d_.below(16)) {
      case 0: case 1: return localSet(depth);
      case 2: {
        T t = anyType();
        expr(t, depth + 1);
        op(0x24);  // global.set
        code_.u32(typeIndex(t));
        return;
      }
      case 3: case 4: return store(depth);
      case 5: expr(anyType(), depth + 1); op(0x1a); return;  // drop
      case 6: return ifStatement(depth);
      case 7: return voidBlock(0x02, depth);
      case 8: case 9: return loop(depth);
      case 10: return branch(depth);
      case 11: return brTable(depth);
      case 12: return callStatement(depth, false);
      case 13: return callStatement(depth, true);
      case 14: return bulkMemory(depth);
      default:
        if (d_.below(4) == 0) return returnStatement(depth);
        return localSet(depth);
    }
  }

  void localSet(int depth) {
    uint32_t local = d_.below(static_cast<uint32_t>(locals_.size()));
    expr(locals_[local], depth + 1);
    op(0x21);
    code_.u32(local);
  }

  void voidBlock(uint8_t opcode, int depth) {
    op(opcode);
    code_.byte(0x40);
    labels_.push_back({opcode == 0x03, std::nullopt});
    statements(depth + 1);
    labels_.pop_back();
    op(0x0b);
  }

  void ifStatement(int depth) {
    expr(T::I32, depth + 1);
    op(0x04);
    code_.byte(0x40);
    labels_.push_back({false, std::nullopt});
    statements(depth + 1);
    if (d_.below(2)) {
      op(0x05);
      statements(depth + 1);
    }
    labels_.pop_back();
    op(0x0b);
  }

  // Mostly a counted loop:
  //   i32.const N; local.set c; loop; body; local.get c; i32.const 1;
  //   i32.sub; local.tee c; br_if 0; end
  // (c a counter no other code writes), so that functions run to their
  // end; sometimes, or when the counters are all in use, one that iterates
  // while any condition holds (fuel bounds it).
  void loop(int depth) {
    bool counted = loopDepth_ < kLoopCounters && d_.below(8) != 0;
    uint32_t counter = firstCounter_ + loopDepth_;
    if (counted) {
      op(0x41);
      code_.s64(1 + d_.below(8));
      op(0x21);
      code_.u32(counter);
      ++loopDepth_;
    }
    op(0x03);
    code_.byte(0x40);
    labels_.push_back({true, std::nullopt});
    statements(depth + 1);
    if (counted) {
      op(0x20);
      code_.u32(counter);
      op(0x41);
      code_.s64(1);
      op(0x6b);  // i32.sub
      op(0x22);
      code_.u32(counter);
    } else {
      expr(T::I32, depth + 1);
    }
    op(0x0d);
    code_.u32(0);
    labels_.pop_back();
    op(0x0b);
    if (counted) --loopDepth_;
  }

  // br_if (mostly) or br to any enclosing label, with the value it takes.
  void branch(int depth) {
    if (labels_.empty()) return localSet(depth);
    uint32_t label = d_.below(static_cast<uint32_t>(labels_.size()));
    Label l = labels_[label];  // a copy: expr() below pushes labels
    if (l.arity()) expr(*l.result, depth + 1);
    bool conditional = d_.below(4) != 0;
    if (conditional) expr(T::I32, depth + 1);
    op(conditional ? 0x0d : 0x0c);
    code_.u32(relativeDepth(label));
    if (conditional && l.arity()) op(0x1a);  // the value stays when not taken
  }

  // br_table over labels that take no value.
  void brTable(int depth) {
    std::vector<uint32_t> targets;
    for (uint32_t i = 0; i < labels_.size(); ++i)
      if (labels_[i].arity() == 0) targets.push_back(i);
    if (targets.empty()) return localSet(depth);
    expr(T::I32, depth + 1);
    op(0x0e);
    uint32_t count = d_.below(5);
    code_.u32(count);
    for (uint32_t i = 0; i <= count; ++i)  // the targets, then the default
      code_.u32(relativeDepth(targets[d_.below(static_cast<uint32_t>(targets.size()))]));
  }

  void callStatement(int depth, bool indirect) {
    uint32_t n = static_cast<uint32_t>(shape_.functions.size());
    bool any = anyCallee();
    if (!any && self_ + 1 >= n) return localSet(depth);
    uint32_t f = any ? d_.below(n) : self_ + 1 + d_.below(n - self_ - 1);
    const Signature& s = shape_.functions[f];
    arguments(s, depth);
    if (indirect) {
      tableIndex(f, depth);
      op(0x11);
      code_.u32(f);  // type index f is function f's type
      code_.u32(0);
    } else {
      op(0x10);
      code_.u32(f);
    }
    for (size_t i = 0; i < s.results.size(); ++i) op(0x1a);
  }

  // memory.fill or memory.copy: destination, value or source, length.
  void bulkMemory(int depth) {
    bool fill = d_.below(2);
    address(depth);
    if (fill) expr(T::I32, depth + 1);
    else address(depth);
    op(0x41);
    code_.s64(d_.below(16) == 0 ? static_cast<int32_t>(d_.u32()) : static_cast<int32_t>(d_.byte()));
    op(0xfc);
    code_.u32(fill ? 11 : 10);
    code_.byte(0);
    if (!fill) code_.byte(0);
  }

  void returnStatement(int depth) {
    for (T r : sig_.results) expr(r, depth + 1);
    op(0x0f);
  }

  Decisions& d_;
  const ModuleShape& shape_;
  const Signature& sig_;
  uint32_t self_;
  Encoder code_;
  std::vector<T> locals_;
  uint32_t scratchF32_ = 0, scratchF64_ = 0;
  uint32_t firstCounter_ = 0, loopDepth_ = 0;  // counters of enclosing counted loops
  std::vector<Label> labels_;
  int budget_ = kOperatorBudget;
};

// --- The module --------------------------------------------------------------------------

ModuleShape chooseShape(Decisions& d) {
  ModuleShape shape;
  uint32_t functions = 1 + d.below(4);
  for (uint32_t i = 0; i < functions; ++i) {
    Signature s;
    uint32_t params = d.below(4), results = d.below(3);
    for (uint32_t p = 0; p < params; ++p) s.params.push_back(kTypes[d.below(4)]);
    for (uint32_t r = 0; r < results; ++r) s.results.push_back(kTypes[d.below(4)]);
    shape.functions.push_back(std::move(s));
  }
  shape.minPages = 1 + d.below(2);
  shape.maxPages = shape.minPages + d.below(3);
  return shape;
}

void typeSection(Encoder& m, const ModuleShape& shape) {
  Encoder s;
  s.u32(static_cast<uint32_t>(shape.functions.size()));
  for (const Signature& sig : shape.functions) {
    s.byte(0x60);
    s.u32(static_cast<uint32_t>(sig.params.size()));
    for (T t : sig.params) s.byte(static_cast<uint8_t>(t));
    s.u32(static_cast<uint32_t>(sig.results.size()));
    for (T t : sig.results) s.byte(static_cast<uint8_t>(t));
  }
  m.section(1, s);
}

void declarationSections(Encoder& m, const ModuleShape& shape, Decisions& d) {
  uint32_t n = static_cast<uint32_t>(shape.functions.size());
  Encoder funcs;  // function i has type i
  funcs.u32(n);
  for (uint32_t i = 0; i < n; ++i) funcs.u32(i);
  m.section(3, funcs);

  Encoder table;
  table.u32(1);
  table.byte(0x70);
  table.byte(0x00);
  table.u32(n);
  m.section(4, table);

  Encoder memory;
  memory.u32(1);
  memory.byte(0x01);
  memory.u32(shape.minPages);
  memory.u32(shape.maxPages);
  m.section(5, memory);

  Encoder globals;  // one mutable global per type, index = typeIndex
  globals.u32(4);
  for (T t : kTypes) {
    globals.byte(static_cast<uint8_t>(t));
    globals.byte(0x01);
    switch (t) {
      case T::I32: globals.byte(0x41); globals.s64(static_cast<int32_t>(d.u32())); break;
      case T::I64: globals.byte(0x42); globals.s64(static_cast<int64_t>(d.u64())); break;
      case T::F32: globals.byte(0x43); globals.fixed(d.u32(), 4); break;
      case T::F64: globals.byte(0x44); globals.fixed(d.u64(), 8); break;
    }
    globals.byte(0x0b);
  }
  m.section(6, globals);

  Encoder exports;
  exports.u32(1 + 4 + n);
  exports.name("memory");
  exports.byte(0x02);
  exports.u32(0);
  for (uint32_t g = 0; g < 4; ++g) {
    exports.name("g" + std::to_string(g));
    exports.byte(0x03);
    exports.u32(g);
  }
  for (uint32_t i = 0; i < n; ++i) {
    exports.name("f" + std::to_string(i));
    exports.byte(0x00);
    exports.u32(i);
  }
  m.section(7, exports);

  Encoder elements;  // slot i = function i
  elements.u32(1);
  elements.u32(0);
  elements.byte(0x41);
  elements.s64(0);
  elements.byte(0x0b);
  elements.u32(n);
  for (uint32_t i = 0; i < n; ++i) elements.u32(i);
  m.section(9, elements);
}

void dataSection(Encoder& m, Decisions& d) {
  Encoder data;
  data.u32(1);
  data.u32(0);
  data.byte(0x41);
  data.s64(d.byte());
  data.byte(0x0b);
  uint32_t size = d.below(32);
  data.u32(size);
  for (uint32_t i = 0; i < size; ++i) data.byte(d.byte());
  m.section(11, data);
}

}  // namespace

std::vector<uint8_t> moduleFromBytes(std::span<const uint8_t> decisions) {
  Decisions d(decisions);
  ModuleShape shape = chooseShape(d);
  Encoder m;
  static const uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  m.bytes(kHeader);
  typeSection(m, shape);
  declarationSections(m, shape, d);
  Encoder code;
  code.u32(static_cast<uint32_t>(shape.functions.size()));
  for (uint32_t i = 0; i < shape.functions.size(); ++i) {
    std::vector<uint8_t> body = BodyBuilder(d, shape, i).build();
    code.u32(static_cast<uint32_t>(body.size()));
    code.bytes(body);
  }
  m.section(10, code);
  dataSection(m, d);
  return std::move(m.out());
}

}  // namespace ember::fuzz
