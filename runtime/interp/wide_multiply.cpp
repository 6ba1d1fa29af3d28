#include "runtime/interp/wide_multiply.h"

#include <algorithm>
#include <vector>

#include "runtime/format/opcodes.h"
#include "runtime/format/reader.h"

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
    uint32_t first, count;  // operands_[first, first + count)
  };

  void appendOperands(TermOp op, uint32_t id, std::vector<uint32_t>& out) const {
    const Term& t = terms_[id];
    if (t.op != op) return out.push_back(id);
    out.insert(out.end(), operands_.begin() + t.first, operands_.begin() + t.first + t.count);
  }
  // The id of the term, made if new. Bodies are small: a linear search.
  uint32_t intern(TermOp op, uint64_t value, const std::vector<uint32_t>& operands) {
    for (uint32_t id = 0; id < terms_.size(); ++id) {
      const Term& t = terms_[id];
      if (t.op == op && t.value == value && t.count == operands.size() &&
          std::equal(operands.begin(), operands.end(), operands_.begin() + t.first))
        return id;
    }
    if (terms_.size() == kMaxTerms) return kFailed;
    terms_.push_back({op, value, static_cast<uint32_t>(operands_.size()),
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
  uint32_t at;       // module byte offset of the store
};

constexpr uint32_t kParams = 5;          // out, aLo, aHi, bLo, bHi
constexpr uint32_t kMaxBodyBytes = 512;  // compiler-rt's is about 100
constexpr uint32_t kMaxLocals = 16;

// Evaluates `body` symbolically: the stores it makes, in order, or false
// if it uses anything but the operators this recognizer knows.
bool evaluate(const Module& module, const FunctionBody& body, Terms& terms,
              std::vector<Store>& stores) {
  std::vector<uint32_t> locals;
  for (uint32_t i = 0; i < kParams; ++i) locals.push_back(terms.leaf(TermOp::Param, i));
  if (body.localCount > kMaxLocals) return false;
  for (const LocalRun& run : body.locals) {
    if (run.type != ValType::I64) return false;
    locals.insert(locals.end(), run.count, terms.leaf(TermOp::Const, 0));
  }
  std::vector<uint32_t> stack;
  auto pop = [&stack](uint32_t& out) {
    if (stack.empty()) return false;
    out = stack.back();
    stack.pop_back();
    return true;
  };
  Reader reader(std::span(module.bytes).subspan(body.codeOffset, body.end - body.codeOffset),
                body.codeOffset);
  while (!reader.failed()) {
    const uint32_t at = reader.offset();
    const auto op = static_cast<Opcode>(reader.readU8());
    uint32_t a, b;
    switch (op) {
      case Opcode::End:
        return reader.atEnd() && stack.empty();
      case Opcode::LocalGet: case Opcode::LocalSet: case Opcode::LocalTee: {
        uint32_t index = reader.readVarU32();
        if (index >= locals.size()) return false;
        if (op == Opcode::LocalGet) {
          stack.push_back(locals[index]);
        } else {
          if (!pop(a)) return false;
          locals[index] = a;
          if (op == Opcode::LocalTee) stack.push_back(a);
        }
        break;
      }
      case Opcode::I64Const:
        stack.push_back(terms.leaf(TermOp::Const, static_cast<uint64_t>(reader.readVarS64())));
        break;
      case Opcode::I64Add: case Opcode::I64Mul: case Opcode::I64And: case Opcode::I64Or:
      case Opcode::I64Shl: case Opcode::I64ShrU: {
        if (!pop(b) || !pop(a)) return false;
        static constexpr std::pair<Opcode, TermOp> kOps[] = {
            {Opcode::I64Add, TermOp::Add}, {Opcode::I64Mul, TermOp::Mul},
            {Opcode::I64And, TermOp::And}, {Opcode::I64Or, TermOp::Or},
            {Opcode::I64Shl, TermOp::Shl}, {Opcode::I64ShrU, TermOp::ShrU}};
        TermOp termOp = std::find_if(std::begin(kOps), std::end(kOps),
                                     [op](const auto& p) { return p.first == op; })->second;
        stack.push_back(terms.apply(termOp, a, b));
        break;
      }
      case Opcode::I64Store: {
        // Bit 6 of the alignment field selects a memory by index.
        if (reader.readVarU32() >= 64) return false;
        uint32_t offset = reader.readVarU32();
        if (!pop(b) || !pop(a)) return false;
        stores.push_back({a, offset, b, at});
        break;
      }
      default:
        return false;
    }
  }
  return false;
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

bool hasWideMultiplySignature(const FuncType& type) {
  const ValType params[] = {ValType::I32, ValType::I64, ValType::I64, ValType::I64, ValType::I64};
  return type.results.empty() && std::equal(type.params.begin(), type.params.end(),
                                            std::begin(params), std::end(params));
}

}  // namespace

std::optional<uint32_t> wideMultiplyFirstStore(const Module& module, uint32_t definedIndex) {
  const FunctionBody& body = module.bodies[definedIndex];
  if (!hasWideMultiplySignature(module.funcType(module.importedFuncCount + definedIndex)) ||
      body.end - body.codeOffset > kMaxBodyBytes)
    return std::nullopt;
  Terms terms;
  std::vector<Store> stores;
  if (!evaluate(module, body, terms, stores) || stores.size() != 2) return std::nullopt;
  auto [hi, lo] = schoolbookProduct(terms);
  const uint32_t out = terms.leaf(TermOp::Param, 0);
  const Store& first = stores[0];
  const Store& second = stores[1];
  bool match = hi != Terms::kFailed && lo != Terms::kFailed && first.address == out &&
               first.offset == 8 && first.value == hi && second.address == out &&
               second.offset == 0 && second.value == lo;
  return match ? std::optional(first.at) : std::nullopt;
}

}  // namespace ember::interp
