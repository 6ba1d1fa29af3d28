#include "runtime/interp/wide_multiply.h"

#include <algorithm>
#include <vector>

#include "runtime/interp/instruction_shape.h"

namespace ember::interp {
namespace {

// An i64 expression over the parameters and constants.
enum class TermOp : uint8_t { Param, Const, Add, Mul, And, Or, Shl, ShrU };

bool isAssociative(TermOp op) {
  return op == TermOp::Add || op == TermOp::Mul || op == TermOp::And || op == TermOp::Or;
}

// Terms in a normal form, each kept once, so that two terms with the same
// normal form are the same term (the same id). A nest of one associative
// and commutative operator is one term of all its operands, sorted by id
// (`(a + b) + c` is `c + (b + a)`); a shift has its two operands in order.
class Terms {
 public:
  static constexpr uint32_t kFailed = 0xFFFFFFFFu;

  uint32_t leaf(TermOp op, uint64_t value) { return intern(op, value, {}); }

  // kFailed when an operand failed or a nest grows past a bound (a hostile
  // body can double a nest's operands with each operator).
  uint32_t apply(TermOp op, uint32_t a, uint32_t b) {
    if (a == kFailed || b == kFailed) return kFailed;
    std::vector<uint32_t> operands;
    if (isAssociative(op)) {
      appendOperands(op, a, operands);
      appendOperands(op, b, operands);
      if (operands.size() > kMaxNestOperands) return kFailed;
      std::sort(operands.begin(), operands.end());
    } else {
      operands = {a, b};
    }
    return intern(op, 0, operands);
  }

 private:
  static constexpr size_t kMaxNestOperands = 64;
  static constexpr size_t kMaxTerms = 1024;

  struct Term {
    TermOp op;
    uint64_t value;  // Param: its index; Const: the constant
    uint64_t hash;   // of op, value and operands
    uint32_t first, count;  // operands_[first, first + count)
  };

  void appendOperands(TermOp op, uint32_t id, std::vector<uint32_t>& out) const {
    const Term& t = terms_[id];
    if (t.op != op) return out.push_back(id);
    out.insert(out.end(), operands_.begin() + t.first, operands_.begin() + t.first + t.count);
  }
  // The id of the term, made if new: a linear search (code is short),
  // comparing hashes first.
  uint32_t intern(TermOp op, uint64_t value, const std::vector<uint32_t>& operands) {
    uint64_t hash = (static_cast<uint64_t>(op) + 1) * 0x9E3779B97F4A7C15ull ^ value;
    for (uint32_t operand : operands) hash = (hash ^ operand) * 0x100000001B3ull;
    for (uint32_t id = 0; id < terms_.size(); ++id) {
      const Term& t = terms_[id];
      if (t.hash == hash && t.op == op && t.value == value && t.count == operands.size() &&
          std::equal(operands.begin(), operands.end(), operands_.begin() + t.first))
        return id;
    }
    if (terms_.size() == kMaxTerms) return kFailed;
    terms_.push_back({op, value, hash, static_cast<uint32_t>(operands_.size()),
                      static_cast<uint32_t>(operands.size())});
    operands_.insert(operands_.end(), operands.begin(), operands.end());
    return static_cast<uint32_t>(terms_.size() - 1);
  }

  std::vector<Term> terms_;
  std::vector<uint32_t> operands_;
};

struct Store {
  uint32_t address;  // term
  uint32_t offset;
  uint32_t value;    // term
  uint32_t word;     // where the store is in the code
};

constexpr uint32_t kParams = 5;  // out, aLo, aHi, bLo, bHi
constexpr uint32_t kMaxSlots = 256;

// The terms in each frame slot as the code runs: parameters, then the
// declared locals and the zero slot (zero), then the operand stack
// (unknown until written).
class SlotTerms {
 public:
  SlotTerms(Terms& terms, uint32_t localSlots) {
    for (uint32_t i = 0; i < localSlots; ++i)
      slots_.push_back(terms.leaf(i < kParams ? TermOp::Param : TermOp::Const, i < kParams ? i : 0));
  }
  uint32_t get(uint32_t slot) const { return slot < slots_.size() ? slots_[slot] : Terms::kFailed; }
  bool set(uint32_t slot, uint32_t term) {
    if (slot >= kMaxSlots || term == Terms::kFailed) return false;
    if (slot >= slots_.size()) slots_.resize(slot + 1, Terms::kFailed);
    slots_[slot] = term;
    return true;
  }

 private:
  std::vector<uint32_t> slots_;
};

uint64_t imm64(const uint32_t* words) { return words[0] | uint64_t{words[1]} << 32; }

// Evaluates one instruction of `code` at `w` (w[1] is its first operand);
// false if it is not one this recognizer knows. The Acc forms' operand
// from `acc` names the slot that value was written to (code.h), so they
// read like the others.
bool evaluate(IOp op, const uint32_t* w, Terms& t, SlotTerms& slots, std::vector<Store>& stores,
              uint32_t word) {
  auto slot = [&](uint32_t k) { return slots.get(w[k]); };
  auto constant = [&](uint64_t v) { return t.leaf(TermOp::Const, v); };
  auto binary = [&](TermOp termOp, uint32_t b) { return slots.set(w[1], t.apply(termOp, slot(2), b)); };
  switch (op) {
#define EMBER_BINARY(Name, termOp)                                           \
  case IOp::Name: case IOp::Name##Acc: return binary(termOp, slot(3));     \
  case IOp::Name##Imm: case IOp::Name##ImmAcc: return binary(termOp, constant(imm64(w + 3)));
    EMBER_BINARY(I64Add, TermOp::Add)
    EMBER_BINARY(I64Mul, TermOp::Mul)
    EMBER_BINARY(I64And, TermOp::And)
    EMBER_BINARY(I64Or, TermOp::Or)
    EMBER_BINARY(I64Shl, TermOp::Shl)
    EMBER_BINARY(I64ShrU, TermOp::ShrU)
#undef EMBER_BINARY
    case IOp::I64MulAdd: case IOp::I64MulAddAcc:  // dst a b c: a * b + c
      return slots.set(w[1], t.apply(TermOp::Add, t.apply(TermOp::Mul, slot(2), slot(3)), slot(4)));
    case IOp::I64AddShrU: case IOp::I64AddShrUAcc:  // dst a b k: a + (b >> k)
      return slots.set(w[1], t.apply(TermOp::Add, slot(2), t.apply(TermOp::ShrU, slot(3), constant(w[4]))));
    case IOp::I64ShrUAnd: case IOp::I64ShrUAndAcc:  // dst a k mask: (a >> k) & mask
      return slots.set(w[1], t.apply(TermOp::And, t.apply(TermOp::ShrU, slot(2), constant(w[3])),
                                     constant(imm64(w + 4))));
    case IOp::Copy: return slots.set(w[1], slot(2));
    case IOp::Const64: return slots.set(w[1], constant(imm64(w + 2)));
    case IOp::I64Store:  // addr value add offset
      if (w[3] != 0) return false;
      stores.push_back({slot(1), w[4], slot(2), word});
      return true;
    default:
      return false;
  }
}

// The terms of the product: the high half, then the low half.
std::pair<uint32_t, uint32_t> schoolbookProduct(Terms& t) {
  const uint32_t aLo = t.leaf(TermOp::Param, 1), aHi = t.leaf(TermOp::Param, 2),
                 bLo = t.leaf(TermOp::Param, 3), bHi = t.leaf(TermOp::Param, 4);
  const uint32_t mask = t.leaf(TermOp::Const, 0xFFFFFFFF), k32 = t.leaf(TermOp::Const, 32);
  auto low = [&](uint32_t x) { return t.apply(TermOp::And, x, mask); };
  auto high = [&](uint32_t x) { return t.apply(TermOp::ShrU, x, k32); };
  auto mul = [&](uint32_t x, uint32_t y) { return t.apply(TermOp::Mul, x, y); };
  auto add = [&](uint32_t x, uint32_t y) { return t.apply(TermOp::Add, x, y); };
  // The 32-bit halves of aLo and bLo multiplied crosswise, carries
  // propagated through `mid` and `cross`.
  uint32_t lowest = mul(low(aLo), low(bLo));
  uint32_t mid = add(high(lowest), mul(high(aLo), low(bLo)));
  uint32_t cross = add(low(mid), mul(low(aLo), high(bLo)));
  uint32_t lo = t.apply(TermOp::Or, t.apply(TermOp::Shl, cross, k32), low(lowest));
  uint32_t hi = add(add(add(mul(high(aLo), high(bLo)), high(mid)), high(cross)),
                    add(mul(aLo, bHi), mul(aHi, bLo)));
  return {hi, lo};
}

}  // namespace

bool hasWideMultiplySignature(const FuncType& type) {
  const ValType params[] = {ValType::I32, ValType::I64, ValType::I64, ValType::I64, ValType::I64};
  return type.results.empty() && std::equal(type.params.begin(), type.params.end(),
                                            std::begin(params), std::end(params));
}

std::optional<uint32_t> wideMultiplyFirstStore(std::span<const uint32_t> code, uint32_t localSlots) {
  if (code.empty() || code.size() > kMaxWideMultiplyWords) return std::nullopt;
  Terms terms;
  SlotTerms slots(terms, localSlots);
  std::vector<Store> stores;
  uint32_t word = 0;
  for (std::optional<IOp> op; (op = opOfToken(code[word])) != IOp::Return0;) {
    const auto available = static_cast<uint32_t>(code.size() - word);
    uint32_t words = op ? instructionWords(*op, &code[word], available) : 0;
    if (words == 0 || !evaluate(*op, &code[word], terms, slots, stores, word)) return std::nullopt;
    word += words;
    if (word == code.size()) return std::nullopt;  // no return
  }
  if (word + 1 != code.size() || stores.size() != 2) return std::nullopt;
  auto [hi, lo] = schoolbookProduct(terms);
  const uint32_t out = terms.leaf(TermOp::Param, 0);
  const Store& first = stores[0];
  const Store& second = stores[1];
  bool match = hi != Terms::kFailed && lo != Terms::kFailed && first.address == out &&
               first.offset == 8 && first.value == hi && second.address == out &&
               second.offset == 0 && second.value == lo;
  return match ? std::optional(first.word) : std::nullopt;
}

}  // namespace ember::interp
