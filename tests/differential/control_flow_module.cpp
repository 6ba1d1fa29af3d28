#include "tests/differential/control_flow_module.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "runtime/format/opcodes.h"
#include "tests/differential/control_flow_parts.h"
#include "tests/wasm_bytes.h"

namespace ember::differential {
namespace {

using namespace flow;
using test::append;
using test::appendLeb;

// What keeps a module small and each call short. A call's cost is the
// number of statements it may execute, callees included.
constexpr uint32_t kMaxNesting = 6;
constexpr uint32_t kMaxExpressionDepth = 4;
constexpr uint64_t kMaxCost = 6000;
constexpr uint64_t kMaxLoopTrips = 27;   // a statement in loops runs at most this often
constexpr int32_t kAddressMask = 0xFF8;  // loads and stores stay in the first page

// Writes one function's body: random statements over its locals, then a
// hash of every local as its results.
class FunctionWriter {
 public:
  FunctionWriter(Random& random, const ModuleLayout& layout, const std::vector<uint64_t>& costs,
                 uint32_t self, FlowShape shape)
      : shape_(shape),
        random_(random),
        layout_(layout),
        signatures_(layout.signatures),
        blockTypes_(layout.blockTypes),
        costs_(costs),
        self_(self) {
    // Written last to first, so the targets' costs are known here.
    for (uint32_t f = layout.firstTarget; f < layout.functions(); ++f)
      targetCost_ = std::max(targetCost_, costs[f]);
    for (uint32_t f = self + 1; f < layout.functions(); ++f)
      laterCost_ = std::max(laterCost_, costs[f]);
  }

  Bytes write();
  uint64_t cost() const { return cost_; }

 private:
  struct Label {
    std::vector<Type> branchTypes;
    bool loop = false;
    // A guarded loop's counter, which every branch to it counts down (see
    // guardedLoopStatement).
    std::optional<uint32_t> guard = std::nullopt;
  };

  void statements();
  void statement();
  void tightStatement();
  void setLocal();
  void localArithmetic();
  void runtimeCall();
  void setLocalFromCall();
  void ifStatement();
  void blockStatement();
  std::vector<Type> openLoop();
  void loopStatement();
  void guardedLoopStatement();
  void decrement(uint32_t counter);
  void countDown(uint32_t counter);
  void andCountDown(uint32_t counter);
  void multiValueBlock(Opcode opcode);
  void multiValueArm(const Signature& type);
  void consume(const std::vector<Type>& types);
  uint8_t blockTypeIndex(size_t k) const { return static_cast<uint8_t>(signatures_.size() + k); }
  void branch();
  void branchTable();
  void store();
  void bulkMemory();
  void memoryInit();
  void nanToZero(Type t);
  void memoryGrow();
  void earlyReturn();
  void setGlobal();
  void globalAroundCall();
  void tableStatement();
  void tableInit(uint32_t table);
  void tableGrow(uint32_t table);
  void expression(Type t, uint32_t depth);
  void leaf(Type t);
  void constant(Type t) { appendConstant(code_, random_, t); }
  void integerOperator(Type t, uint32_t depth);
  void floatOperator(Type t, uint32_t depth);
  void vectorOperator(uint32_t depth);
  void floatLanes(uint32_t depth);
  void comparison(uint32_t depth);
  void conversion(Type t, uint32_t depth);
  void select(Type t, uint32_t depth);
  void load(Type t, uint32_t depth);
  void address(uint32_t depth);
  bool call(Type t, uint32_t depth);
  void emitCall(uint32_t f, uint32_t depth);
  void blockExpression(Type t, uint32_t depth);
  void ifExpression(Type t, uint32_t depth);
  void referenceExpression(Type t, uint32_t depth);
  void referenceLeaf(Type t);
  void referenceQuery(uint32_t depth);
  void tableIndex(uint32_t table, uint32_t room, uint32_t depth);
  void hashOfLocals();

  uint32_t newLocal(Type t);
  // A pool local of type `t`, or nothing when there is none.
  std::optional<uint32_t> poolLocal(Type t);
  // A global of type `t` (any type without one), mutable when `writable`.
  std::optional<uint32_t> global(std::optional<Type> t, bool writable);
  std::optional<uint32_t> callee(std::optional<Type> firstResult);
  uint32_t target() {
    return layout_.firstTarget + random_.below(layout_.functions() - layout_.firstTarget);
  }
  static uint32_t tableOf(Type t) { return t == kFuncRef ? kFuncTable : kExternTable; }
  void branchValues(const Label& label) {
    for (Type t : label.branchTypes) expression(t, 1);
  }
  void op(Opcode o) { appendOp(code_, o); }
  void op(Opcode o, uint64_t immediate) {
    op(o);
    appendLeb(code_, immediate);
  }
  void i32Const(int32_t v) {
    op(Opcode::I32Const);
    appendSleb(code_, v);
  }
  void open(Opcode opcode, uint8_t blockType, std::vector<Type> branchTypes) {
    op(opcode);
    code_.push_back(blockType);
    labels_.push_back({std::move(branchTypes), opcode == Opcode::Loop});
  }
  void close() {
    op(Opcode::End);
    labels_.pop_back();
  }
  uint32_t depthOf(size_t labelIndex) const {
    return static_cast<uint32_t>(labels_.size() - 1 - labelIndex);
  }
  bool mayNest() const { return labels_.size() <= kMaxNesting; }
  // Any enclosing loop's label, outer ones as often as the innermost.
  std::optional<size_t> someLoopLabel() {
    std::vector<size_t> loops;
    for (size_t i = 0; i < labels_.size(); ++i)
      if (labels_[i].loop) loops.push_back(i);
    if (loops.empty()) return std::nullopt;
    return loops[random_.below(static_cast<uint32_t>(loops.size()))];
  }

  FlowShape shape_;
  Random& random_;
  const ModuleLayout& layout_;
  const std::vector<Signature>& signatures_;
  const std::vector<Signature>& blockTypes_;
  const std::vector<uint64_t>& costs_;
  uint32_t self_;
  uint64_t targetCost_ = 0;     // the dearest function a call through table 1 may reach
  uint64_t laterCost_ = 0;      // the dearest function after this one
  std::vector<Type> locals_;    // parameters, then declared locals
  std::vector<uint32_t> pool_;  // the locals random code reads and writes
  std::vector<Label> labels_;   // labels_[0] is the function's own
  Bytes code_;
  uint64_t trips_ = 1;  // how often the current point may run per call
  uint64_t cost_ = 0;
  uint32_t statementsLeft_ = 0;
  // Operators left; then expressions are leaves. Statements nest inside
  // expressions (block and if with results), so without this bound a body
  // could grow exponentially with the nesting.
  uint32_t nodesLeft_ = 0;
  // A tight function (see write) keeps to few locals and mostly loops,
  // branches, arithmetic on locals and calls into the runtime.
  bool tight_ = false;
  std::optional<uint32_t> vectorScratch_;    // a v128 local, for floatLanes()
  std::optional<uint32_t> floatScratch_[2];  // f32 and f64 locals, for nanToZero()
};

Bytes FunctionWriter::write() {
  const Signature& sig = signatures_[self_];
  locals_ = sig.params;
  for (uint32_t i = 0; i < locals_.size(); ++i) pool_.push_back(i);
  // Tight functions (FlowShape) keep to few locals, read and written in
  // nested loops with branches to outer headers, and rarely call a
  // function, which would send them all to their slots. That is where
  // the JIT keeps locals in registers only, across back-edges and labels
  // (jit/loop_locals.cpp).
  tight_ = shape_ == FlowShape::kTightLoops || random_.percent(40);
  // Few locals half the time: then the same ones are read and written
  // again and again, across more of the control flow.
  uint32_t declared = tight_                ? 1 + random_.below(3)
                      : random_.percent(50) ? 1 + random_.below(4)
                                            : random_.below(20);
  for (uint32_t n = declared; n > 0; --n) pool_.push_back(newLocal(random_.localType()));
  labels_.push_back({sig.results});
  statementsLeft_ = 20 + random_.below(100);
  nodesLeft_ = 4 * statementsLeft_;
  while (statementsLeft_ > 0) statements();
  hashOfLocals();
  op(Opcode::End);

  Bytes body;
  std::vector<std::pair<uint32_t, Type>> groups;
  for (size_t i = sig.params.size(); i < locals_.size(); ++i) {
    if (groups.empty() || groups.back().second != locals_[i]) groups.push_back({0, locals_[i]});
    ++groups.back().first;
  }
  appendLeb(body, groups.size());
  for (auto [count, type] : groups) {
    appendLeb(body, count);
    body.push_back(type);
  }
  append(body, code_);
  return body;
}

uint32_t FunctionWriter::newLocal(Type t) {
  locals_.push_back(t);
  return static_cast<uint32_t>(locals_.size() - 1);
}

std::optional<uint32_t> FunctionWriter::poolLocal(Type t) {
  std::vector<uint32_t> matching;
  for (uint32_t l : pool_)
    if (locals_[l] == t) matching.push_back(l);
  if (matching.empty()) return std::nullopt;
  // Skewed to the first two: a local written in one place is then often
  // read in another, across the control flow between them.
  uint32_t choices = static_cast<uint32_t>(
      random_.percent(50) ? std::min<size_t>(matching.size(), 2) : matching.size());
  return matching[random_.below(choices)];
}

// A later function (calls only go forward, so nothing recurses) whose first
// result is `firstResult` (any, without one) and whose cost still fits.
std::optional<uint32_t> FunctionWriter::callee(std::optional<Type> firstResult) {
  std::vector<uint32_t> fitting;
  for (uint32_t f = self_ + 1; f < signatures_.size(); ++f) {
    const auto& results = signatures_[f].results;
    bool typeFits = !firstResult || (!results.empty() && results[0] == *firstResult);
    if (typeFits && cost_ + trips_ * (costs_[f] + 1) <= kMaxCost) fitting.push_back(f);
  }
  if (fitting.empty()) return std::nullopt;
  return fitting[random_.below(static_cast<uint32_t>(fitting.size()))];
}

std::optional<uint32_t> FunctionWriter::global(std::optional<Type> t, bool writable) {
  std::vector<uint32_t> matching;
  for (uint32_t g = 0; g < layout_.globals.size(); ++g) {
    const GlobalSpec& spec = layout_.globals[g];
    if ((!t || spec.type == *t) && (spec.isMutable || !writable)) matching.push_back(g);
  }
  if (matching.empty()) return std::nullopt;
  return matching[random_.below(static_cast<uint32_t>(matching.size()))];
}

// --- Statements: each leaves the operand stack as it found it ---------------

void FunctionWriter::statements() {
  for (uint32_t n = 1 + random_.below(6); n > 0 && statementsLeft_ > 0; --n) statement();
}

void FunctionWriter::statement() {
  --statementsLeft_;
  cost_ += trips_;
  if (tight_) return tightStatement();
  switch (random_.below(24)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return setLocal();
    case 4:
      return setLocalFromCall();
    case 5:
    case 6:
      return mayNest() ? ifStatement() : setLocal();
    case 7:
      return mayNest() ? blockStatement() : setLocal();
    case 8:
      if (!mayNest()) return setLocal();
      return multiValueBlock(random_.percent(50) ? Opcode::Block : Opcode::If);
    case 9:
    case 10:
    case 11:
      return mayNest() && trips_ <= kMaxLoopTrips / 3 ? loopStatement() : setLocal();
    case 12:
    case 13:
      return branch();
    case 14:
      return branchTable();
    case 15:
      return store();
    case 16:
    case 17:
      return setGlobal();
    case 18:
      return globalAroundCall();
    case 19:
    case 20:
      return tableStatement();
    case 21:
      return random_.percent(25) ? earlyReturn() : setLocal();
    case 22:
      return random_.percent(20) ? memoryGrow() : setLocal();
    default: {
      // local.tee, then drop: the value stays on the stack for a moment.
      Type t = random_.type();
      expression(t, 0);
      if (auto l = poolLocal(t)) op(Opcode::LocalTee, *l);
      return op(Opcode::Drop);
    }
  }
}

void FunctionWriter::tightStatement() {
  switch (random_.below(20)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
      return localArithmetic();
    case 5:
    case 6:
    case 7:
    case 8:
    case 9:
      if (!mayNest() || trips_ > kMaxLoopTrips / 3) return localArithmetic();
      return random_.percent(80) ? guardedLoopStatement() : loopStatement();
    case 10:
    case 11:
    case 12:
      return branch();
    case 13:
      return mayNest() ? ifStatement() : setLocal();
    case 14:
      return mayNest() ? blockStatement() : setLocal();
    case 15:
    case 16:
    case 17:
      return runtimeCall();
    case 18:
      return setLocal();
    default:
      return random_.percent(50) ? setLocalFromCall() : branchTable();
  }
}

// A statement the JIT compiles to a call into the runtime
// (emitBuiltinCall): a native call, which the callee-saved registers
// survive, so a loop header's copies there stay valid across it (a wasm
// call clobbers every allocatable register). The miscompile 982af1c fixed
// showed after memory.fill, not after a call.
void FunctionWriter::runtimeCall() {
  uint32_t choice = random_.below(10);
  if (choice < 6) return bulkMemory();
  if (choice < 8) return tableStatement();
  memoryGrow();
}

// An integer local set from one or two others (or a constant) by one
// operator: a loop body's commonest statement, which leaves every local
// where it is.
void FunctionWriter::localArithmetic() {
  static constexpr Opcode kI32Ops[] = {Opcode::I32Add, Opcode::I32Sub, Opcode::I32Xor,
                                       Opcode::I32Mul};
  static constexpr Opcode kI64Ops[] = {Opcode::I64Add, Opcode::I64Sub, Opcode::I64Xor,
                                       Opcode::I64Mul};
  Type t = random_.percent(70) ? kI32 : kI64;
  auto target = poolLocal(t);
  if (!target) return op(Opcode::Nop);
  op(Opcode::LocalGet, *poolLocal(t));
  if (random_.percent(40))
    constant(t);
  else
    op(Opcode::LocalGet, *poolLocal(t));
  op((t == kI32 ? kI32Ops : kI64Ops)[random_.below(4)]);
  op(Opcode::LocalSet, *target);
}

void FunctionWriter::setLocal() {
  if (pool_.empty()) return op(Opcode::Nop);
  uint32_t l = *poolLocal(locals_[pool_[random_.below(static_cast<uint32_t>(pool_.size()))]]);
  expression(locals_[l], 0);
  op(Opcode::LocalSet, l);
}

// A call whose results (several, with multi-value) go to locals or are
// dropped, last result first.
void FunctionWriter::setLocalFromCall() {
  auto f = callee(std::nullopt);
  if (!f) return setLocal();
  emitCall(*f, 1);
  const auto& results = signatures_[*f].results;
  for (size_t i = results.size(); i-- > 0;) {
    auto l = poolLocal(results[i]);
    if (l)
      op(Opcode::LocalSet, *l);
    else
      op(Opcode::Drop);
  }
}

void FunctionWriter::ifStatement() {
  expression(kI32, 1);
  open(Opcode::If, kVoid, {});
  statements();
  if (random_.percent(60)) {
    op(Opcode::Else);
    statements();
  }
  close();
}

// A block, sometimes with a result that a local receives: branches to it
// then carry a value, and its end merges them.
void FunctionWriter::blockStatement() {
  auto l = random_.percent(40) && !pool_.empty()
               ? std::optional<uint32_t>(pool_[random_.below(static_cast<uint32_t>(pool_.size()))])
               : std::nullopt;
  if (!l) {
    open(Opcode::Block, kVoid, {});
    statements();
    return close();
  }
  Type t = locals_[*l];
  open(Opcode::Block, t, {t});
  statements();
  expression(t, 1);
  close();
  op(Opcode::LocalSet, *l);
}

// Opens a loop, half of them with parameters (their values pushed first);
// returns the parameters.
std::vector<Type> FunctionWriter::openLoop() {
  std::vector<Type> params;
  if (random_.percent(50)) {
    params = blockTypes_[0].params;
    for (Type t : params) expression(t, 1);
    open(Opcode::Loop, blockTypeIndex(0), params);
  } else {
    open(Opcode::Loop, kVoid, {});
  }
  return params;
}

// A loop that runs its body at most `trips` times: the counter, which no
// other code writes, is tested and decremented at the header, so any
// branch back to the loop label also counts down.
// Half the loops take parameters: every branch back carries new values,
// and the body starts with them on the stack (kept there through the body,
// or taken into locals at once).
void FunctionWriter::loopStatement() {
  uint32_t trips = 1 + random_.below(3);
  uint32_t counter = newLocal(kI32);
  op(Opcode::I32Const);
  appendSleb(code_, trips);
  op(Opcode::LocalSet, counter);
  open(Opcode::Block, kVoid, {});
  std::vector<Type> params = openLoop();
  op(Opcode::LocalGet, counter);
  op(Opcode::I32Eqz);
  op(Opcode::BrIf, 1);
  decrement(counter);
  bool keep = random_.percent(50);
  if (!keep) consume(params);
  trips_ *= trips;
  statements();
  uint32_t tail = random_.below(100);
  if (tail < 60) {
    for (Type t : params) expression(t, 1);
    op(Opcode::Br, 0);
  } else if (tail < 85) {
    for (Type t : params) expression(t, 1);
    expression(kI32, 1);
    op(Opcode::BrIf, 0);
    consume(params);
  }
  trips_ /= trips;
  if (keep) consume(params);
  close();
  close();
}

// A loop with no exit branch, which ends by falling out of its end:
// every branch back to the header (the tail's br_if too) counts the
// counter down and is taken only while it stays at 0 or above, so the
// body runs at most `trips` times. Without the exit's branch to a label
// still unbound, the JIT may leave locals only in registers across the
// back-edges (jit/loop_locals.cpp), a shape loopStatement() never makes.
void FunctionWriter::guardedLoopStatement() {
  uint32_t trips = 1 + random_.below(3);
  uint32_t counter = newLocal(kI32);
  i32Const(static_cast<int32_t>(trips - 1));
  op(Opcode::LocalSet, counter);
  std::vector<Type> params = openLoop();
  labels_.back().guard = counter;
  // Mostly nothing: the miscompile 982af1c fixed needed an outer header
  // that writes no local before its inner loop.
  if (random_.percent(30)) localArithmetic();
  bool keep = random_.percent(50);
  if (!keep) consume(params);
  trips_ *= trips;
  statements();
  if (random_.percent(85)) {
    for (Type t : params) expression(t, 1);
    if (random_.percent(50)) {
      countDown(counter);
    } else {
      expression(kI32, 1);
      andCountDown(counter);
    }
    op(Opcode::BrIf, 0);
    consume(params);
  }
  trips_ /= trips;
  if (keep) consume(params);
  close();
}

void FunctionWriter::decrement(uint32_t counter) {
  op(Opcode::LocalGet, counter);
  i32Const(1);
  op(Opcode::I32Sub);
  op(Opcode::LocalSet, counter);
}

// An i32: whether the counter, counted down, is still at 0 or above.
void FunctionWriter::countDown(uint32_t counter) {
  op(Opcode::LocalGet, counter);
  i32Const(1);
  op(Opcode::I32Sub);
  op(Opcode::LocalTee, counter);
  i32Const(0);
  op(Opcode::I32GeS);
}

// The i32 condition on the stack, and countDown() (always counted down):
// (c == 0 | !countDown) == 0.
void FunctionWriter::andCountDown(uint32_t counter) {
  op(Opcode::I32Eqz);
  countDown(counter);
  op(Opcode::I32Eqz);
  op(Opcode::I32Or);
  op(Opcode::I32Eqz);
}

// block or if with a type index: parameters (on the stack when each arm
// begins) and any number of results, which locals receive.
void FunctionWriter::multiValueBlock(Opcode opcode) {
  size_t k = random_.below(static_cast<uint32_t>(blockTypes_.size()));
  Signature type = blockTypes_[k];
  for (Type t : type.params) expression(t, 1);
  if (opcode == Opcode::If) expression(kI32, 1);
  open(opcode, blockTypeIndex(k), type.results);
  multiValueArm(type);
  if (opcode == Opcode::If) {
    op(Opcode::Else);
    multiValueArm(type);
  }
  close();
  consume(type.results);
}

void FunctionWriter::multiValueArm(const Signature& type) {
  bool keep = random_.percent(50);
  if (!keep) consume(type.params);
  statements();
  if (keep) consume(type.params);
  for (Type t : type.results) expression(t, 1);
}

// Pops values of `types` (the last on top) into locals or drops them.
void FunctionWriter::consume(const std::vector<Type>& types) {
  for (size_t i = types.size(); i-- > 0;) {
    auto l = random_.percent(60) ? poolLocal(types[i]) : std::nullopt;
    if (l)
      op(Opcode::LocalSet, *l);
    else
      op(Opcode::Drop);
  }
}

// br or br_if to any enclosing label, with the values it takes; a br_if
// not taken leaves them, and they are dropped.
void FunctionWriter::branch() {
  // Mostly the innermost label; leaving the function is rarer, since it
  // ends the call's work.
  size_t target = random_.percent(50) ? labels_.size() - 1
                                      : random_.below(static_cast<uint32_t>(labels_.size()));
  if (target == 0 && random_.percent(70)) target = labels_.size() - 1;
  if (tight_ && random_.percent(50)) target = someLoopLabel().value_or(target);
  Label label = labels_[target];  // a copy: the values' code may open labels
  branchValues(label);
  if (!label.guard && random_.percent(25)) return op(Opcode::Br, depthOf(target));
  expression(kI32, 1);
  if (label.guard) andCountDown(*label.guard);
  op(Opcode::BrIf, depthOf(target));
  for (size_t i = 0; i < label.branchTypes.size(); ++i) op(Opcode::Drop);
}

void FunctionWriter::branchTable() {
  size_t fallback = random_.below(static_cast<uint32_t>(labels_.size()));
  if (fallback == 0 && random_.percent(70)) fallback = labels_.size() - 1;
  Label label = labels_[fallback];
  // A guarded loop's counter would not bound a br_table's edges.
  if (label.guard) return branch();
  std::vector<uint32_t> targets;
  for (uint32_t n = 1 + random_.below(4); n > 0; --n) {
    size_t t = random_.below(static_cast<uint32_t>(labels_.size()));
    if (labels_[t].branchTypes == label.branchTypes && !labels_[t].guard)
      targets.push_back(depthOf(t));
  }
  branchValues(label);
  expression(kI32, 1);
  if (random_.percent(70)) {  // mostly in range
    op(Opcode::I32Const);
    appendSleb(code_, 3);
    op(Opcode::I32And);
  }
  op(Opcode::BrTable, targets.size());
  for (uint32_t d : targets) appendLeb(code_, d);
  appendLeb(code_, depthOf(fallback));
}

// memory.fill or memory.copy of at most 63 bytes inside the first page,
// or memory.init, or now and then data.drop.
void FunctionWriter::bulkMemory() {
  uint32_t choice = random_.below(100);
  if (choice >= 60) {
    if (choice < 97) return memoryInit();
    // Mostly the droppable passive segment; else the active one, which
    // instantiation dropped already (a drop again is valid and does
    // nothing, and memory.init from it traps unless it copies nothing).
    return op(Opcode::DataDrop, random_.percent(80) ? kDataPassiveDropped : kDataActive);
  }
  bool fill = choice < 30;
  address(1);
  if (fill)
    expression(kI32, 1);
  else
    address(1);
  expression(kI32, 1);
  i32Const(63);
  op(Opcode::I32And);
  op(fill ? Opcode::MemoryFill : Opcode::MemoryCopy);
  code_.push_back(0x00);  // memory 0 (memory.copy names two)
  if (!fill) code_.push_back(0x00);
}

// At most 15 bytes from at most 15 bytes into a passive segment of 32:
// always inside it until it is dropped; after that, a trap unless it
// copies nothing.
void FunctionWriter::memoryInit() {
  uint32_t segment = random_.percent(75)   ? kDataPassiveKept
                     : random_.percent(85) ? kDataPassiveDropped
                                           : kDataActive;
  address(1);
  for (int operand = 0; operand < 2; ++operand) {  // offset in the segment, length
    expression(kI32, 1);
    i32Const(15);
    op(Opcode::I32And);
  }
  op(Opcode::MemoryInit, segment);
  code_.push_back(0x00);  // memory 0
}

void FunctionWriter::store() {
  if (random_.percent(25)) return bulkMemory();
  if (random_.simd() && random_.percent(15)) {
    address(1);
    expression(kV128, 1);
    op(Opcode::V128Store, 0);  // alignment hint 1: always valid
    appendLeb(code_, random_.below(64));
    return;
  }
  static constexpr struct {
    Opcode opcode;
    Type value;
  } kStores[] = {{Opcode::I32Store, kI32},  {Opcode::I64Store, kI64},  {Opcode::F32Store, kF32},
                 {Opcode::F64Store, kF64},  {Opcode::I32Store8, kI32}, {Opcode::I32Store16, kI32},
                 {Opcode::I64Store32, kI64}};
  const auto& s = kStores[random_.below(7)];
  address(1);
  expression(s.value, 1);
  if (s.value == kF32 || s.value == kF64) nanToZero(s.value);
  op(s.opcode, 0);  // alignment hint 1: always valid
  appendLeb(code_, random_.below(64));
}

// A float about to be stored, a NaN replaced by 0: the spec lets engines
// choose a NaN's bits when an operand is a NaN other than the canonical
// one (as bytes from memory or random arguments may be), and an integer
// load would show them. (Before this, seed 3665 stored a NaN that was
// 0xfffffff9 on the interpreter and 0xffc00000 on the JIT, which an
// i32.load then read.)
void FunctionWriter::nanToZero(Type t) {
  std::optional<uint32_t>& scratch = floatScratch_[t == kF64 ? 1 : 0];
  if (!scratch) scratch = newLocal(t);
  op(Opcode::LocalTee, *scratch);
  op(t == kF64 ? Opcode::F64Const : Opcode::F32Const);
  code_.insert(code_.end(), t == kF64 ? 8 : 4, 0);
  op(Opcode::LocalGet, *scratch);
  op(Opcode::LocalGet, *scratch);
  op(t == kF64 ? Opcode::F64Eq : Opcode::F32Eq);  // false for a NaN
  op(Opcode::Select);
}

// Grows the memory by 0 or 1 page (to 4 at most; then it returns -1): the
// JIT must not keep the memory's base or size in a register across it.
void FunctionWriter::memoryGrow() {
  op(Opcode::I32Const);
  appendSleb(code_, random_.below(2));
  op(Opcode::MemoryGrow, 0);
  auto l = poolLocal(kI32);
  if (l)
    op(Opcode::LocalSet, *l);
  else
    op(Opcode::Drop);
}

void FunctionWriter::earlyReturn() {
  for (Type t : signatures_[self_].results) expression(t, 1);
  op(Opcode::Return);
}

// global.set of any mutable global, often of a value computed from the
// global itself (a counter, an accumulator): in a loop, that is what a
// JIT would be tempted to keep in a register.
void FunctionWriter::setGlobal() {
  uint32_t g = *global(std::nullopt, true);  // every type has a mutable global
  Type t = layout_.globals[g].type;
  if (isReference(t) || random_.percent(60)) {
    expression(t, 0);
    return op(Opcode::GlobalSet, g);
  }
  static constexpr struct {
    Type type;
    Opcode add;
  } kAdds[] = {{kI32, Opcode::I32Add},
               {kI64, Opcode::I64Add},
               {kF32, Opcode::F32Add},
               {kF64, Opcode::F64Add},
               {kV128, Opcode::I32x4Add}};
  op(Opcode::GlobalGet, g);
  expression(t, 1);
  for (const auto& a : kAdds)
    if (a.type == t) op(a.add);
  op(Opcode::GlobalSet, g);
}

// A global written, a call (whose callee may write it too), then the
// global read: the value must come from the global after the call, not
// from a register that held it before.
void FunctionWriter::globalAroundCall() {
  uint32_t g = *global(std::nullopt, true);
  Type t = layout_.globals[g].type;
  expression(t, 1);
  op(Opcode::GlobalSet, g);
  setLocalFromCall();
  op(Opcode::GlobalGet, g);
  auto l = poolLocal(t);
  op(Opcode::LocalSet, l ? *l : newLocal(t));  // a new local is still hashed
}

// --- Tables 1 and 2 -----------------------------------------------------------

// An index into `table` with room for `room` entries from it (1 to 3):
// the value modulo (size - room + 1), which is at least 2 since the tables
// never shrink below kTableMin. Now and then any value, which may trap.
void FunctionWriter::tableIndex(uint32_t table, uint32_t room, uint32_t depth) {
  expression(kI32, depth + 1);
  if (random_.percent(3)) return;
  op(Opcode::TableSize, table);
  if (room > 1) {
    i32Const(static_cast<int32_t>(room - 1));
    op(Opcode::I32Sub);
  }
  op(Opcode::I32RemU);
}

void FunctionWriter::tableStatement() {
  Type t = random_.percent(75) ? kFuncRef : kExternRef;
  uint32_t table = tableOf(t);
  switch (random_.below(14)) {
    case 0:
    case 1:
    case 2:
    case 3:
      tableIndex(table, 1, 0);
      expression(t, 1);
      return op(Opcode::TableSet, table);
    case 4:
    case 5:  // table.fill of 0 to 3 entries
      tableIndex(table, 3, 0);
      expression(t, 1);
      expression(kI32, 1);
      i32Const(3);
      op(Opcode::I32And);
      return op(Opcode::TableFill, table);
    case 6:
    case 7:  // table.copy within the table, the ranges may overlap
      tableIndex(table, 3, 0);
      tableIndex(table, 3, 0);
      expression(kI32, 1);
      i32Const(3);
      op(Opcode::I32And);
      op(Opcode::TableCopy, table);
      return appendLeb(code_, table);
    case 8:
    case 9:
    case 10:
      return tableInit(table);
    case 11:
      // Mostly the droppable segment; else an active one, dropped by
      // instantiation already.
      return op(Opcode::ElemDrop, random_.percent(80) ? kElemPassiveDropped : kElemFuncTable);
    default:
      return tableGrow(table);
  }
}

// At most 3 entries from at most 1 into a passive segment of 4: inside it
// until it is dropped.
void FunctionWriter::tableInit(uint32_t table) {
  uint32_t segment = kElemPassiveExtern;
  if (table == kFuncTable) {
    segment = random_.percent(75)   ? kElemPassiveKept
              : random_.percent(85) ? kElemPassiveDropped
                                    : kElemFuncTable;
  }
  tableIndex(table, 3, 0);
  expression(kI32, 1);
  i32Const(1);
  op(Opcode::I32And);
  expression(kI32, 1);
  i32Const(3);
  op(Opcode::I32And);
  op(Opcode::TableInit, segment);
  appendLeb(code_, table);
}

// Grows by 0 to 3 entries (until the small maximum; then -1): the size a
// later table.get, table.set or call_indirect checks against changes.
void FunctionWriter::tableGrow(uint32_t table) {
  expression(table == kFuncTable ? kFuncRef : kExternRef, 1);
  expression(kI32, 1);
  i32Const(3);
  op(Opcode::I32And);
  op(Opcode::TableGrow, table);
  auto l = poolLocal(kI32);
  if (l)
    op(Opcode::LocalSet, *l);
  else
    op(Opcode::Drop);
}

// --- Expressions: each pushes one value of its type -------------------------

void FunctionWriter::expression(Type t, uint32_t depth) {
  if (isReference(t)) return referenceExpression(t, depth);
  if (nodesLeft_ == 0 || depth >= kMaxExpressionDepth || random_.percent(30)) return leaf(t);
  --nodesLeft_;
  bool integer = t == kI32 || t == kI64;
  switch (random_.below(12)) {
    case 0:
    case 1:
    case 2:
    case 3:
      if (t == kV128) return vectorOperator(depth);
      return integer ? integerOperator(t, depth) : floatOperator(t, depth);
    case 4:
      if (t == kV128) return vectorOperator(depth);
      return t == kI32 ? comparison(depth) : conversion(t, depth);
    case 5:
      if (t == kI32 && random_.percent(25)) return referenceQuery(depth);
      return conversion(t, depth);
    case 6:
      return load(t, depth);
    case 7:
      expression(t, depth + 1);
      if (auto l = poolLocal(t)) op(Opcode::LocalTee, *l);
      return;
    case 8:
      return select(t, depth);
    case 9:
      if (tight_ && random_.percent(75)) return leaf(t);
      if (!call(t, depth)) leaf(t);
      return;
    case 10:
      return mayNest() ? blockExpression(t, depth) : leaf(t);
    default:
      return mayNest() ? ifExpression(t, depth) : leaf(t);
  }
}

// Now and then a global of the type: mutable (last written by this call
// or an earlier one, or by a callee) or not (which a JIT may fold).
void FunctionWriter::leaf(Type t) {
  if (isReference(t)) return referenceLeaf(t);
  if (random_.percent(12))
    if (auto g = global(t, false)) return op(Opcode::GlobalGet, *g);
  if (random_.percent(3) && t == kI32) return op(Opcode::MemorySize, 0);
  auto l = random_.percent(75) ? poolLocal(t) : std::nullopt;
  if (l) return op(Opcode::LocalGet, *l);
  constant(t);
}

// select, untyped or with its type written out (select (result t)): the
// typed form is the only one references may take, and is valid for every
// other type too.
void FunctionWriter::select(Type t, uint32_t depth) {
  expression(t, depth + 1);
  expression(t, depth + 1);
  expression(kI32, depth + 1);
  if (!isReference(t) && random_.percent(60)) return op(Opcode::Select);
  op(Opcode::SelectTyped, 1);
  code_.push_back(t);
}

// --- References ---------------------------------------------------------------

// A funcref or an externref: a leaf, table.get from table 1 or 2, select,
// local.tee, or a block or if with a reference result. Every funcref the
// code makes names a target or is null (ModuleLayout).
void FunctionWriter::referenceExpression(Type t, uint32_t depth) {
  if (nodesLeft_ == 0 || depth >= kMaxExpressionDepth || random_.percent(30))
    return referenceLeaf(t);
  --nodesLeft_;
  switch (random_.below(6)) {
    case 0:
    case 1:
      tableIndex(tableOf(t), 1, depth);
      return op(Opcode::TableGet, tableOf(t));
    case 2:
      return select(t, depth);
    case 3:
      expression(t, depth + 1);
      if (auto l = poolLocal(t)) op(Opcode::LocalTee, *l);
      return;
    case 4:
      return mayNest() ? blockExpression(t, depth) : referenceLeaf(t);
    default:
      return mayNest() ? ifExpression(t, depth) : referenceLeaf(t);
  }
}

void FunctionWriter::referenceLeaf(Type t) {
  if (random_.percent(20))
    if (auto g = global(t, false)) return op(Opcode::GlobalGet, *g);
  auto l = random_.percent(50) ? poolLocal(t) : std::nullopt;
  if (l) return op(Opcode::LocalGet, *l);
  if (t == kFuncRef && random_.percent(75)) return op(Opcode::RefFunc, target());
  op(Opcode::RefNull);
  code_.push_back(t);
}

// An i32 from references and tables: ref.is_null, table.size, or
// table.grow by 0 or 1, whose result (the old size, or -1 at the maximum)
// is used at once.
void FunctionWriter::referenceQuery(uint32_t depth) {
  Type t = random_.percent(70) ? kFuncRef : kExternRef;
  switch (random_.below(3)) {
    case 0:
      expression(t, depth + 1);
      return op(Opcode::RefIsNull);
    case 1:
      return op(Opcode::TableSize, tableOf(t));
    default:
      expression(t, depth + 1);
      expression(kI32, depth + 1);
      i32Const(1);
      op(Opcode::I32And);
      return op(Opcode::TableGrow, tableOf(t));
  }
}

// Integer lanes, and float lanes through floatLanes().
void FunctionWriter::vectorOperator(uint32_t depth) {
  static constexpr Opcode kBinary[] = {Opcode::I8x16Swizzle,
                                       Opcode::I8x16Eq,
                                       Opcode::I8x16GtS,
                                       Opcode::I16x8Eq,
                                       Opcode::I32x4Eq,
                                       Opcode::I32x4GtS,
                                       Opcode::V128And,
                                       Opcode::V128Andnot,
                                       Opcode::V128Or,
                                       Opcode::V128Xor,
                                       Opcode::I8x16NarrowI16x8S,
                                       Opcode::I8x16Add,
                                       Opcode::I8x16AddSatS,
                                       Opcode::I8x16Sub,
                                       Opcode::I8x16MinS,
                                       Opcode::I8x16MaxU,
                                       Opcode::I8x16AvgrU,
                                       Opcode::I16x8Q15mulrSatS,
                                       Opcode::I16x8NarrowI32x4U,
                                       Opcode::I16x8Add,
                                       Opcode::I16x8Sub,
                                       Opcode::I16x8Mul,
                                       Opcode::I16x8AvgrU,
                                       Opcode::I16x8ExtmulLowI8x16S,
                                       Opcode::I32x4Add,
                                       Opcode::I32x4Sub,
                                       Opcode::I32x4Mul,
                                       Opcode::I32x4MinS,
                                       Opcode::I32x4MaxU,
                                       Opcode::I32x4DotI16x8S,
                                       Opcode::I32x4ExtmulHighI16x8U,
                                       Opcode::I64x2Add,
                                       Opcode::I64x2Sub,
                                       Opcode::I64x2Mul,
                                       Opcode::I64x2Eq,
                                       Opcode::I64x2GtS,
                                       Opcode::I64x2ExtmulLowI32x4S};
  static constexpr Opcode kUnary[] = {Opcode::V128Not,
                                      Opcode::I8x16Abs,
                                      Opcode::I8x16Neg,
                                      Opcode::I8x16Popcnt,
                                      Opcode::I16x8ExtaddPairwiseI8x16S,
                                      Opcode::I32x4ExtaddPairwiseI16x8U,
                                      Opcode::I16x8Abs,
                                      Opcode::I16x8ExtendLowI8x16S,
                                      Opcode::I32x4TruncSatF32x4S,
                                      Opcode::I32x4TruncSatF32x4U,
                                      Opcode::I32x4TruncSatF64x2SZero,
                                      Opcode::I32x4TruncSatF64x2UZero,
                                      Opcode::I16x8ExtendHighI8x16U,
                                      Opcode::I32x4Abs,
                                      Opcode::I32x4Neg,
                                      Opcode::I32x4ExtendLowI16x8S,
                                      Opcode::I64x2Abs,
                                      Opcode::I64x2ExtendLowI32x4S,
                                      Opcode::I64x2ExtendHighI32x4U};
  static constexpr Opcode kShifts[] = {Opcode::I8x16Shl,  Opcode::I8x16ShrS, Opcode::I16x8Shl,
                                       Opcode::I16x8ShrU, Opcode::I32x4Shl,  Opcode::I32x4ShrS,
                                       Opcode::I64x2Shl,  Opcode::I64x2ShrU};
  if (random_.percent(25)) return floatLanes(depth);
  switch (random_.below(8)) {
    case 0:
    case 1:
    case 2:
      expression(kV128, depth + 1);
      expression(kV128, depth + 1);
      return op(kBinary[random_.below(std::size(kBinary))]);
    case 3:
      expression(kV128, depth + 1);
      return op(kUnary[random_.below(std::size(kUnary))]);
    case 4:
      expression(kV128, depth + 1);
      expression(kI32, depth + 1);
      return op(kShifts[random_.below(std::size(kShifts))]);
    case 5: {
      bool wide = random_.percent(50);
      expression(kV128, depth + 1);
      expression(wide ? kI64 : kI32, depth + 1);
      op(wide ? Opcode::I64x2ReplaceLane : Opcode::I32x4ReplaceLane);
      code_.push_back(static_cast<uint8_t>(random_.below(wide ? 2 : 4)));
      return;
    }
    case 6:
      expression(kV128, depth + 1);
      expression(kV128, depth + 1);
      op(Opcode::I8x16Shuffle);
      for (int i = 0; i < 16; ++i) code_.push_back(static_cast<uint8_t>(random_.below(32)));
      return;
    default:
      expression(kV128, depth + 1);
      expression(kV128, depth + 1);
      expression(kV128, depth + 1);
      return op(Opcode::V128Bitselect);
  }
}

// An f32x4 or f64x2 operator whose NaN lanes are then zeroed (v128.and
// with the lanes' x == x): the spec lets engines choose a NaN's bits, and
// integer operators and the hash would carry them on.
void FunctionWriter::floatLanes(uint32_t depth) {
  static constexpr Opcode kF32Unary[] = {
      Opcode::F32x4Ceil, Opcode::F32x4Floor, Opcode::F32x4Trunc, Opcode::F32x4Nearest,
      Opcode::F32x4Abs,  Opcode::F32x4Neg,   Opcode::F32x4Sqrt};
  static constexpr Opcode kF32Binary[] = {Opcode::F32x4Add,  Opcode::F32x4Sub, Opcode::F32x4Mul,
                                          Opcode::F32x4Div,  Opcode::F32x4Min, Opcode::F32x4Max,
                                          Opcode::F32x4Pmin, Opcode::F32x4Pmax};
  static constexpr Opcode kF64Unary[] = {
      Opcode::F64x2Ceil, Opcode::F64x2Floor, Opcode::F64x2Trunc, Opcode::F64x2Nearest,
      Opcode::F64x2Abs,  Opcode::F64x2Neg,   Opcode::F64x2Sqrt};
  static constexpr Opcode kF64Binary[] = {Opcode::F64x2Add,  Opcode::F64x2Sub, Opcode::F64x2Mul,
                                          Opcode::F64x2Div,  Opcode::F64x2Min, Opcode::F64x2Max,
                                          Opcode::F64x2Pmin, Opcode::F64x2Pmax};
  // From other lanes.
  static constexpr Opcode kF32From[] = {Opcode::F32x4ConvertI32x4S, Opcode::F32x4ConvertI32x4U,
                                        Opcode::F32x4DemoteF64x2Zero};
  static constexpr Opcode kF64From[] = {
      Opcode::F64x2ConvertLowI32x4S, Opcode::F64x2ConvertLowI32x4U, Opcode::F64x2PromoteLowF32x4};
  bool wide = random_.percent(50);
  uint32_t kind = random_.below(3);
  if (kind == 0) {
    expression(kV128, depth + 1);
    op(wide ? kF64Unary[random_.below(7)] : kF32Unary[random_.below(7)]);
  } else if (kind == 1) {
    expression(kV128, depth + 1);
    expression(kV128, depth + 1);
    op(wide ? kF64Binary[random_.below(8)] : kF32Binary[random_.below(8)]);
  } else {
    expression(kV128, depth + 1);
    op(wide ? kF64From[random_.below(3)] : kF32From[random_.below(3)]);
  }
  if (!vectorScratch_) vectorScratch_ = newLocal(kV128);
  op(Opcode::LocalTee, *vectorScratch_);
  op(Opcode::LocalGet, *vectorScratch_);
  op(Opcode::LocalGet, *vectorScratch_);
  op(wide ? Opcode::F64x2Eq : Opcode::F32x4Eq);  // false in a NaN lane
  op(Opcode::V128And);
  op(Opcode::LocalTee, *vectorScratch_);  // the hash reads the scratch local too
}

// Two tables of the same shape, i32's and i64's: the same draw picks the
// same operator of either type.
void FunctionWriter::integerOperator(Type t, uint32_t depth) {
  struct Operators {
    Opcode constant, bitAnd, bitOr;
    Opcode bitCounts[3];  // clz, ctz, popcnt
    Opcode division[4];   // div_s, div_u, rem_s, rem_u
    Opcode binary[11];    // the others, but for eqz and the comparisons
  };
  static constexpr Operators kI32Operators = {
      Opcode::I32Const,
      Opcode::I32And,
      Opcode::I32Or,
      {Opcode::I32Clz, Opcode::I32Ctz, Opcode::I32Popcnt},
      {Opcode::I32DivS, Opcode::I32DivU, Opcode::I32RemS, Opcode::I32RemU},
      {Opcode::I32Add, Opcode::I32Sub, Opcode::I32Mul, Opcode::I32And, Opcode::I32Or,
       Opcode::I32Xor, Opcode::I32Shl, Opcode::I32ShrS, Opcode::I32ShrU, Opcode::I32Rotl,
       Opcode::I32Rotr}};
  static constexpr Operators kI64Operators = {
      Opcode::I64Const,
      Opcode::I64And,
      Opcode::I64Or,
      {Opcode::I64Clz, Opcode::I64Ctz, Opcode::I64Popcnt},
      {Opcode::I64DivS, Opcode::I64DivU, Opcode::I64RemS, Opcode::I64RemU},
      {Opcode::I64Add, Opcode::I64Sub, Opcode::I64Mul, Opcode::I64And, Opcode::I64Or,
       Opcode::I64Xor, Opcode::I64Shl, Opcode::I64ShrS, Opcode::I64ShrU, Opcode::I64Rotl,
       Opcode::I64Rotr}};
  const Operators& ops = t == kI64 ? kI64Operators : kI32Operators;
  uint32_t choice = random_.below(16);
  if (choice < 3) {
    expression(t, depth + 1);
    return op(ops.bitCounts[choice]);
  }
  expression(t, depth + 1);
  if (choice < 6 && random_.percent(40)) {
    static constexpr int64_t kDivisors[] = {1, 2, 3, 5, 7, 10, 16, 641, 0x7fffffff, -3, -16};
    op(ops.constant);
    appendSleb(code_, kDivisors[random_.below(11)]);
    return op(ops.division[random_.below(4)]);
  }
  expression(t, depth + 1);
  if (choice < 6) {
    // A divisor made positive and non-zero, so nothing traps (and div_s
    // cannot overflow).
    op(ops.constant);
    appendSleb(code_, 0x7fff);
    op(ops.bitAnd);
    op(ops.constant);
    appendSleb(code_, 1);
    op(ops.bitOr);
    return op(ops.division[random_.below(4)]);
  }
  op(ops.binary[random_.below(11)]);
}

// No copysign: it would carry a NaN's sign, which engines may choose, into
// an ordinary number.
void FunctionWriter::floatOperator(Type t, uint32_t depth) {
  static constexpr Opcode kF32Unary[] = {Opcode::F32Abs,   Opcode::F32Neg,   Opcode::F32Ceil,
                                         Opcode::F32Floor, Opcode::F32Trunc, Opcode::F32Nearest,
                                         Opcode::F32Sqrt};
  static constexpr Opcode kF32Binary[] = {Opcode::F32Add, Opcode::F32Sub, Opcode::F32Mul,
                                          Opcode::F32Div, Opcode::F32Min, Opcode::F32Max};
  static constexpr Opcode kF64Unary[] = {Opcode::F64Abs,   Opcode::F64Neg,   Opcode::F64Ceil,
                                         Opcode::F64Floor, Opcode::F64Trunc, Opcode::F64Nearest,
                                         Opcode::F64Sqrt};
  static constexpr Opcode kF64Binary[] = {Opcode::F64Add, Opcode::F64Sub, Opcode::F64Mul,
                                          Opcode::F64Div, Opcode::F64Min, Opcode::F64Max};
  bool narrow = t == kF32;
  if (random_.percent(30)) {
    expression(t, depth + 1);
    return op(narrow ? kF32Unary[random_.below(7)] : kF64Unary[random_.below(7)]);
  }
  expression(t, depth + 1);
  expression(t, depth + 1);
  op(narrow ? kF32Binary[random_.below(6)] : kF64Binary[random_.below(6)]);
}

void FunctionWriter::comparison(uint32_t depth) {
  static constexpr Opcode kI32Comparisons[] = {
      Opcode::I32Eq,  Opcode::I32Ne,  Opcode::I32LtS, Opcode::I32LtU, Opcode::I32GtS,
      Opcode::I32GtU, Opcode::I32LeS, Opcode::I32LeU, Opcode::I32GeS, Opcode::I32GeU};
  static constexpr Opcode kI64Comparisons[] = {
      Opcode::I64Eq,  Opcode::I64Ne,  Opcode::I64LtS, Opcode::I64LtU, Opcode::I64GtS,
      Opcode::I64GtU, Opcode::I64LeS, Opcode::I64LeU, Opcode::I64GeS, Opcode::I64GeU};
  static constexpr Opcode kF32Comparisons[] = {Opcode::F32Eq, Opcode::F32Ne, Opcode::F32Lt,
                                               Opcode::F32Gt, Opcode::F32Le, Opcode::F32Ge};
  static constexpr Opcode kF64Comparisons[] = {Opcode::F64Eq, Opcode::F64Ne, Opcode::F64Lt,
                                               Opcode::F64Gt, Opcode::F64Le, Opcode::F64Ge};
  Type operand = random_.scalarType();
  if (random_.percent(15) && (operand == kI32 || operand == kI64)) {
    expression(operand, depth + 1);
    return op(operand == kI32 ? Opcode::I32Eqz : Opcode::I64Eqz);
  }
  expression(operand, depth + 1);
  expression(operand, depth + 1);
  switch (operand) {
    case kI32:
      return op(kI32Comparisons[random_.below(10)]);
    case kI64:
      return op(kI64Comparisons[random_.below(10)]);
    case kF32:
      return op(kF32Comparisons[random_.below(6)]);
    default:  // f64 (scalarType() gives no v128)
      return op(kF64Comparisons[random_.below(6)]);
  }
}

// From another type (or the same) to `t`: never through reinterpret,
// which would show a NaN's bits. Float to integer saturates, except for
// the trapping forms now and then.
void FunctionWriter::conversion(Type t, uint32_t depth) {
  struct Conversion {
    Type result, operand;
    Opcode opcode;
    uint8_t lanes = 0;  // an extract_lane's lane count
  };
  static constexpr Conversion kConversions[] = {
      {kI32, kI64, Opcode::I32WrapI64},
      {kI32, kF32, Opcode::I32TruncSatF32S},
      {kI32, kF32, Opcode::I32TruncSatF32U},
      {kI32, kF64, Opcode::I32TruncSatF64S},
      {kI32, kF64, Opcode::I32TruncSatF64U},
      {kI32, kI32, Opcode::I32Extend8S},
      {kI32, kI32, Opcode::I32Extend16S},
      {kI64, kI32, Opcode::I64ExtendI32S},
      {kI64, kI32, Opcode::I64ExtendI32U},
      {kI64, kF32, Opcode::I64TruncSatF32S},
      {kI64, kF32, Opcode::I64TruncSatF32U},
      {kI64, kF64, Opcode::I64TruncSatF64S},
      {kI64, kF64, Opcode::I64TruncSatF64U},
      {kI64, kI64, Opcode::I64Extend8S},
      {kI64, kI64, Opcode::I64Extend16S},
      {kI64, kI64, Opcode::I64Extend32S},
      {kF32, kI32, Opcode::F32ConvertI32S},
      {kF32, kI32, Opcode::F32ConvertI32U},
      {kF32, kI64, Opcode::F32ConvertI64S},
      {kF32, kI64, Opcode::F32ConvertI64U},
      {kF32, kF64, Opcode::F32DemoteF64},
      {kF64, kI32, Opcode::F64ConvertI32S},
      {kF64, kI32, Opcode::F64ConvertI32U},
      {kF64, kI64, Opcode::F64ConvertI64S},
      {kF64, kI64, Opcode::F64ConvertI64U},
      {kF64, kF32, Opcode::F64PromoteF32},
      // SIMD: splats, extract_lane, any_true, bitmask, all_true
      {kV128, kI32, Opcode::I8x16Splat},
      {kV128, kI32, Opcode::I16x8Splat},
      {kV128, kI32, Opcode::I32x4Splat},
      {kV128, kI64, Opcode::I64x2Splat},
      {kI32, kV128, Opcode::I8x16ExtractLaneS, 16},
      {kI32, kV128, Opcode::I16x8ExtractLaneU, 8},
      {kI32, kV128, Opcode::I32x4ExtractLane, 4},
      {kI64, kV128, Opcode::I64x2ExtractLane, 2},
      {kI32, kV128, Opcode::V128AnyTrue},
      {kI32, kV128, Opcode::I8x16Bitmask},
      {kI32, kV128, Opcode::I32x4AllTrue},
  };
  static constexpr Conversion kTrapping[] = {
      {kI32, kF32, Opcode::I32TruncF32S}, {kI32, kF32, Opcode::I32TruncF32U},
      {kI32, kF64, Opcode::I32TruncF64S}, {kI32, kF64, Opcode::I32TruncF64U},
      {kI64, kF32, Opcode::I64TruncF32S}, {kI64, kF32, Opcode::I64TruncF32U},
      {kI64, kF64, Opcode::I64TruncF64S}, {kI64, kF64, Opcode::I64TruncF64U},
  };
  std::vector<const Conversion*> fitting;
  for (const Conversion& c : kConversions)
    if (c.result == t && (c.operand != kV128 || random_.simd())) fitting.push_back(&c);
  if (random_.percent(5))
    for (const Conversion& c : kTrapping)
      if (c.result == t) fitting.push_back(&c);
  const Conversion& c = *fitting[random_.below(static_cast<uint32_t>(fitting.size()))];
  expression(c.operand, depth + 1);
  op(c.opcode);
  if (c.lanes) code_.push_back(static_cast<uint8_t>(random_.below(c.lanes)));
}

// Masked into the first page, except now and then, when it may trap.
void FunctionWriter::address(uint32_t depth) {
  expression(kI32, depth + 1);
  if (random_.percent(97)) {
    op(Opcode::I32Const);
    appendSleb(code_, kAddressMask);
    op(Opcode::I32And);
  }
}

void FunctionWriter::load(Type t, uint32_t depth) {
  address(depth);
  static constexpr Opcode kNarrowI32[] = {Opcode::I32Load8S, Opcode::I32Load8U, Opcode::I32Load16S,
                                          Opcode::I32Load16U};
  Opcode opcode = Opcode::V128Load;
  switch (t) {
    case kI32:
      opcode = random_.percent(50) ? Opcode::I32Load : kNarrowI32[random_.below(4)];
      break;
    case kI64:
      opcode = random_.percent(50) ? Opcode::I64Load : Opcode::I64Load32U;
      break;
    case kF32:
      opcode = Opcode::F32Load;
      break;
    case kF64:
      opcode = Opcode::F64Load;
      break;
    default:  // v128 (expression() takes references elsewhere)
      break;
  }
  op(opcode, 0);  // alignment hint 1: always valid
  appendLeb(code_, random_.below(64));
}

// call; or call_indirect through table 0 (which holds every function at
// its own index) with that index, or now and then a computed one: any
// later function's, whose type may differ from f's (a trap) or be the
// same type under another index, or one far past the end (a trap); or, from
// below the targets to a target, call_indirect through table 1, whose
// entries the code changes: whichever target is there runs, or a null
// entry or another signature traps. The cost counted is the dearest
// function the call may reach.
void FunctionWriter::emitCall(uint32_t f, uint32_t depth) {
  auto fits = [&](uint64_t cost) { return cost_ + trips_ * (cost + 1) <= kMaxCost; };
  uint32_t how = random_.below(100);
  bool throughFuncTable =
      how < 25 && self_ < layout_.firstTarget && f >= layout_.firstTarget && fits(targetCost_);
  bool computed = how >= 98 && fits(laterCost_);
  cost_ += trips_ * (throughFuncTable ? targetCost_ : computed ? laterCost_ : costs_[f]);
  for (Type p : signatures_[f].params) expression(p, depth);
  if (throughFuncTable) {
    tableIndex(kFuncTable, 1, depth);
    op(Opcode::CallIndirect, f);
    return appendLeb(code_, kFuncTable);
  }
  if (how < 70 || (how >= 98 && !computed)) return op(Opcode::Call, f);
  if (!computed) {
    i32Const(static_cast<int32_t>(f));
  } else if (random_.percent(70)) {
    expression(kI32, depth);
    i32Const(static_cast<int32_t>(layout_.functions() - self_ - 1));
    op(Opcode::I32RemU);
    i32Const(static_cast<int32_t>(self_ + 1));
    op(Opcode::I32Add);
  } else {
    expression(kI32, depth);
    i32Const(0x40000000);
    op(Opcode::I32Or);
  }
  op(Opcode::CallIndirect, f);  // type index f: each function has its own
  appendLeb(code_, kFixedTable);
}

bool FunctionWriter::call(Type t, uint32_t depth) {
  auto f = callee(t);
  if (!f) return false;
  emitCall(*f, depth + 1);
  for (size_t i = 1; i < signatures_[*f].results.size(); ++i) op(Opcode::Drop);
  return true;
}

void FunctionWriter::blockExpression(Type t, uint32_t depth) {
  open(Opcode::Block, t, {t});
  statements();
  expression(t, depth + 1);
  close();
}

void FunctionWriter::ifExpression(Type t, uint32_t depth) {
  expression(kI32, depth + 1);
  open(Opcode::If, t, {t});
  statements();
  expression(t, depth + 1);
  op(Opcode::Else);
  statements();
  expression(t, depth + 1);
  close();
}

// The results: an i64 hash over every local (a float by its bits, or 0 for
// a NaN, whose bits engines may choose), rotated differently per result.
void FunctionWriter::hashOfLocals() {
  uint32_t hash = newLocal(kI64);
  op(Opcode::I64Const);
  appendSleb(code_, static_cast<int64_t>(self_) + 17);
  for (uint32_t l = 0; l + 1 < locals_.size(); ++l) {
    op(Opcode::I64Const);
    appendSleb(code_, 0x100000001b3);
    op(Opcode::I64Mul);
    switch (locals_[l]) {
      case kI32:
        op(Opcode::LocalGet, l);
        op(Opcode::I64ExtendI32U);
        break;
      case kI64:
        op(Opcode::LocalGet, l);
        break;
      case kF32:
        op(Opcode::LocalGet, l);
        op(Opcode::I32ReinterpretF32);
        op(Opcode::I64ExtendI32U);
        op(Opcode::I64Const);
        appendSleb(code_, 0);
        op(Opcode::LocalGet, l);
        op(Opcode::LocalGet, l);
        op(Opcode::F32Eq);  // false for a NaN
        op(Opcode::Select);
        break;
      case kF64:
        op(Opcode::LocalGet, l);
        op(Opcode::I64ReinterpretF64);
        op(Opcode::I64Const);
        appendSleb(code_, 0);
        op(Opcode::LocalGet, l);
        op(Opcode::LocalGet, l);
        op(Opcode::F64Eq);
        op(Opcode::Select);
        break;
      case kV128:  // both i64 lanes
        op(Opcode::LocalGet, l);
        op(Opcode::I64x2ExtractLane);
        code_.push_back(0);
        op(Opcode::I64Xor);
        op(Opcode::I64Const);
        appendSleb(code_, 0x100000001b3);
        op(Opcode::I64Mul);
        op(Opcode::LocalGet, l);
        op(Opcode::I64x2ExtractLane);
        code_.push_back(1);
        break;
      case kFuncRef:  // whether null (the exported tables and globals show more)
      case kExternRef:
        op(Opcode::LocalGet, l);
        op(Opcode::RefIsNull);
        op(Opcode::I64ExtendI32U);
        break;
    }
    op(Opcode::I64Xor);
  }
  op(Opcode::LocalSet, hash);
  const auto& results = signatures_[self_].results;
  for (size_t i = 0; i < results.size(); ++i) {
    op(Opcode::LocalGet, hash);
    op(Opcode::I64Const);
    appendSleb(code_, static_cast<int64_t>(i * 23));
    op(Opcode::I64Rotl);
    switch (results[i]) {
      case kI32:
        op(Opcode::I32WrapI64);
        break;
      case kI64:
        break;
      case kF32:
        op(Opcode::F32ConvertI64S);
        break;
      case kF64:
        op(Opcode::F64ConvertI64S);
        break;
      default:  // v128 (results are never references)
        op(Opcode::I64x2Splat);
        break;
    }
  }
}

// Callees first: a body's cost needs its callees' costs.
Bytes moduleBytes(uint64_t seed, bool simd, FlowShape shape) {
  Random random(seed, simd);
  ModuleLayout layout = randomLayout(random);
  std::vector<uint64_t> costs(layout.functions(), 0);
  std::vector<Bytes> bodies(layout.functions());
  for (uint32_t f = layout.functions(); f-- > 0;) {
    FunctionWriter writer(random, layout, costs, f, shape);
    bodies[f] = writer.write();
    costs[f] = writer.cost();
  }
  return assembleModule(layout, bodies, random);
}

}  // namespace

GeneratedModule generateControlFlowModule(const std::string& workDir, uint64_t seed, bool simd,
                                          FlowShape shape) {
  GeneratedModule out;
  mkdir(workDir.c_str(), 0755);
  std::string name = shape == FlowShape::kTightLoops ? "/flow-tight" : "/flow";
  out.path = workDir + name + (simd ? "-simd-" : "-") + std::to_string(seed) + ".wasm";
  out.bytes = moduleBytes(seed, simd, shape);
  std::ofstream file(out.path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(out.bytes.data()),
             static_cast<std::streamsize>(out.bytes.size()));
  if (!file) out.error = "cannot write " + out.path;
  return out;
}

}  // namespace ember::differential
