// Module instantiation, in the order of spec 4.5.4 (WebAssembly 2.0).
#include <algorithm>

#include "runtime/format/const_expr.h"
#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/instance.h"
#if EMBER_HAVE_INTERP
#include "runtime/interp/code.h"
#endif
#if EMBER_HAVE_JIT
#include "runtime/jit/engine.h"
#include "runtime/jit/entry.h"
#endif
#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "runtime/trap.h"

namespace ember {
namespace {

// Limits subtyping (spec 4.5.2.2 "Limits"): the provided limits must be at
// least as large at the minimum and at most as large at the maximum.
bool limitsMatch(const Limits& actual, const Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

// An add, sub or mul of an extended constant expression, on operands of
// its type (unsigned, so i32 and i64 arithmetic wraps); i32 values are
// kept zero-extended.
uint64_t constArithmetic(Opcode op, uint64_t a, uint64_t b) {
  const uint32_t a32 = static_cast<uint32_t>(a), b32 = static_cast<uint32_t>(b);
  switch (op) {
    case Opcode::I32Add:
      return uint32_t(a32 + b32);
    case Opcode::I32Sub:
      return uint32_t(a32 - b32);
    case Opcode::I32Mul:
      return uint32_t(a32 * b32);
    case Opcode::I64Add:
      return a + b;
    case Opcode::I64Sub:
      return a - b;
    default:  // I64Mul
      return a * b;
  }
}

Error unlinkable(const Import& imp, const char* what) {
  return Error(ErrorKind::Unlinkable,
               formatMessage("%s: import \"%s\".\"%s\"", what, imp.module.c_str(), imp.name.c_str()));
}

Result<void> checkImport(const Module& m, const Import& imp, const Extern& ext) {
  if (!ext.object) return unlinkable(imp, "unknown import");
  if (ext.kind != imp.kind) return unlinkable(imp, "incompatible import type");
  switch (imp.kind) {
    case ExternKind::Func:
      if (ext.function()->type() != m.types[imp.funcTypeIndex])
        return unlinkable(imp, "incompatible import type (function signature)");
      return success();
    case ExternKind::Table: {
      TableType t = ext.table()->type();
      if (t.elemType != imp.table.elemType || !limitsMatch(t.limits, imp.table.limits))
        return unlinkable(imp, "incompatible import type (table)");
      return success();
    }
    case ExternKind::Memory:
      if (!limitsMatch(ext.memory()->type().limits, imp.memory.limits))
        return unlinkable(imp, "incompatible import type (memory)");
      return success();
    case ExternKind::Global: {
      const GlobalType& g = ext.global()->type();
      if (g.type != imp.global.type || g.isMutable != imp.global.isMutable)
        return unlinkable(imp, "incompatible import type (global)");
      return success();
    }
  }
  return success();
}

VMMemory* noMemory() {
  static VMMemory empty;
  return &empty;
}

}  // namespace

// Builds an instance step by step; friend of Instance.
class InstanceBuilder {
 public:
  InstanceBuilder(Store& store, Instance& inst) : store_(store), inst_(inst), m_(inst.module().module()) {}

  Result<void> run(std::span<const Extern> imports);

 private:
  Value evalConst(const ConstExpr& e) const;
  Value evalExtended(const ConstExpr& e) const;
  void* itemOf(const ElemSegment& seg, const ElemItem& item) const;  // as a table holds it
  void addImports(std::span<const Extern> imports);
  void createFunctions();
  Result<void> createGlobalsTablesMemories();
  void createExports();
  Result<void> takePassiveItems();
  void createSegments();
  void wireContext();
  Result<void> wireJit();
  Result<void> applyElemSegments();
  Result<void> applyDataSegments();

  Store& store_;
  Instance& inst_;
  const Module& m_;
};

void* InstanceBuilder::itemOf(const ElemSegment& seg, const ElemItem& item) const {
  return Table::toEngine(seg.elemType, evalConst(item.expr()).ref);
}

Value InstanceBuilder::evalConst(const ConstExpr& e) const {
  switch (e.kind) {
    case ConstExpr::Kind::I32: return Value::fromI32(static_cast<uint32_t>(e.bits[0]));
    case ConstExpr::Kind::I64: return Value::fromI64(e.bits[0]);
    case ConstExpr::Kind::F32: return Value::fromF32Bits(static_cast<uint32_t>(e.bits[0]));
    case ConstExpr::Kind::F64: return Value::fromF64Bits(e.bits[0]);
    case ConstExpr::Kind::V128: return Value::fromV128(V128{e.bits[0], e.bits[1]});
    case ConstExpr::Kind::RefNull: return Value::null(e.type);
    case ConstExpr::Kind::RefFunc: return Value::fromFunction(inst_.functions_[e.index]);
    case ConstExpr::Kind::GlobalGet: return inst_.globals_[e.index]->value();
    case ConstExpr::Kind::Extended:
      return kHaveExtendedConst ? evalExtended(e) : Value();  // the decoder made none
  }
  return Value();
}

// Runs an extended constant expression (validated: each operation finds
// two operands of its type) on a stack of raw bits; i32 arithmetic wraps
// at 32 bits, as in a function body. The expression's type is that of its
// last instruction's result.
Value InstanceBuilder::evalExtended(const ConstExpr& e) const {
  std::vector<uint64_t> stack;
  ValType type = ValType::I32;
  ConstInstructionReader reader(m_, e);
  for (ConstInstruction in; reader.next(in);) {
    if (in.op == Opcode::I32Const || in.op == Opcode::I64Const) {
      stack.push_back(uint64_t{in.immediate});  // rvalues only: one push_back instantiated
      type = in.op == Opcode::I32Const ? ValType::I32 : ValType::I64;
    } else if (in.op == Opcode::GlobalGet) {
      const Value v = inst_.globals_[in.immediate]->value();
      stack.push_back(v.type == ValType::I32 ? v.i32 : v.i64);
      type = v.type;
    } else {
      const uint64_t b = stack.back();
      stack.pop_back();
      stack.back() = constArithmetic(in.op, stack.back(), b);
      type = in.op <= Opcode::I32Mul ? ValType::I32 : ValType::I64;
    }
  }
  return type == ValType::I32 ? Value::fromI32(static_cast<uint32_t>(stack.back()))
                              : Value::fromI64(stack.back());
}

void InstanceBuilder::addImports(std::span<const Extern> imports) {
  for (size_t i = 0; i < m_.imports.size(); ++i) {
    const Extern& ext = imports[i];
    switch (m_.imports[i].kind) {
      case ExternKind::Func: inst_.functions_.push_back(ext.function()); break;
      case ExternKind::Table: inst_.tables_.push_back(ext.table()); break;
      case ExternKind::Memory: inst_.memories_.push_back(ext.memory()); break;
      case ExternKind::Global: inst_.globals_.push_back(ext.global()); break;
    }
  }
}

void InstanceBuilder::createFunctions() {
  const CompiledModule& cm = inst_.module();
  for (uint32_t i = 0; i < m_.definedFuncCount(); ++i) {
    uint32_t index = m_.importedFuncCount + i;
    uint32_t typeIndex = m_.funcTypeIndices[index];
    const void* body = nullptr;
#if EMBER_HAVE_INTERP
    if (const interp::ModuleCode* code = cm.interpCode()) body = &code->functions[i];
#endif
#if EMBER_HAVE_JIT
    if (cm.jitCode()) body = cm.jitCode()->entry(index);
#endif
    inst_.functions_.push_back(store_.adoptFunction(std::make_unique<Function>(
        &inst_, m_.types[typeIndex], cm.typeIds()[typeIndex], index, &inst_.ctx_, body)));
  }
}

Result<void> InstanceBuilder::createGlobalsTablesMemories() {
  const Config& config = store_.engine().config();
  for (size_t i = m_.importedGlobalCount; i < m_.globals.size(); ++i) {
    const Global& g = m_.globals[i];
    inst_.globals_.push_back(store_.adoptGlobal(std::make_unique<GlobalInstance>(g.type, evalConst(g.init))));
  }
  for (size_t i = m_.importedTableCount; i < m_.tables.size(); ++i) {
    auto t = Table::create(m_.tables[i], Ref{}, config.maxTableElements, &store_.tableElements());
    if (!t) return t.takeError();
    inst_.tables_.push_back(store_.adoptTable(std::move(t.value())));
  }
  for (size_t i = m_.importedMemoryCount; i < m_.memories.size(); ++i) {
    auto mem = Memory::create(m_.memories[i], store_.memoryOptions());
    if (!mem) return mem.takeError();
    inst_.memories_.push_back(store_.adoptMemory(std::move(mem.value())));
  }
  return success();
}

void InstanceBuilder::createExports() {
  for (const Export& e : m_.exports) {
    Extern ext;
    switch (e.kind) {
      case ExternKind::Func: ext = Extern::of(inst_.functions_[e.index]); break;
      case ExternKind::Table: ext = Extern::of(inst_.tables_[e.index]); break;
      case ExternKind::Memory: ext = Extern::of(inst_.memories_[e.index]); break;
      case ExternKind::Global: ext = Extern::of(inst_.globals_[e.index]); break;
    }
    inst_.exportIndex_.emplace(e.name, inst_.exports_.size());
    inst_.exports_.emplace_back(e.name, ext);
  }
}

// A passive segment's items are evaluated once, at instantiation (spec
// 4.5.4 step 11), into engine references that table.init copies. The
// others are dropped once instantiated, so their items are evaluated
// straight into the table instead (applyElemSegments; evaluating a
// constant expression has no effect to order): an instance kept a copy of
// every item of every segment, 80 MB for a segment of ten million.
void InstanceBuilder::createSegments() {
  for (const ElemSegment& seg : m_.elemSegments) {
    std::vector<void*> items;
    if (seg.mode == SegmentMode::Passive) {
      items.reserve(seg.items.size());
      for (const ElemItem& e : seg.items) items.push_back(itemOf(seg, e));
    }
    inst_.elemItems_.push_back(std::move(items));
  }
  for (const auto& items : inst_.elemItems_) inst_.elems_.push_back({items.data(), items.size()});
  for (const DataSegment& seg : m_.dataSegments)
    inst_.data_.push_back({m_.bytes.data() + seg.bytesOffset, seg.size});
}

// The passive segments' items count against the store's table elements,
// the references being bound for tables: they would otherwise be memory
// outside every limit, again for each instance. ~Instance gives them back.
Result<void> InstanceBuilder::takePassiveItems() {
  uint64_t passive = 0;
  for (const ElemSegment& seg : m_.elemSegments)
    if (seg.mode == SegmentMode::Passive) passive += seg.items.size();
  ResourceCounter& elements = store_.tableElements();
  if (!elements.take(passive))
    return Error(ErrorKind::Resource,
                 formatMessage("passive element segments of %llu items pass the store's limit of "
                               "%llu table elements (%llu in use)",
                               (unsigned long long)passive, (unsigned long long)elements.limit(),
                               (unsigned long long)elements.used()));
  inst_.passiveItems_ = passive;
  return success();
}

void InstanceBuilder::wireContext() {
  for (Function* f : inst_.functions_) inst_.vmFunctions_.push_back(f);
  for (Table* t : inst_.tables_) inst_.vmTables_.push_back(t->vm());
  for (Memory* mem : inst_.memories_) inst_.vmMemories_.push_back(mem->vm());
  for (GlobalInstance* g : inst_.globals_) inst_.vmGlobals_.push_back(g->vm());
  VMContext& ctx = inst_.ctx_;
  ctx.memory = inst_.vmMemories_.empty() ? noMemory() : inst_.vmMemories_[0];
  ctx.memoryBase = ctx.memory->base;
  // Engine code reads memory 0's base and length from the VMContext; both
  // follow memory.grow (the base moves only without signals).
  if (!inst_.memories_.empty())
    inst_.memories_[0]->mirrorTo(inst_.memoryMirror_, &ctx.memoryBase, &ctx.memoryLength);
  if (!inst_.tables_.empty()) inst_.tables_[0]->mirrorTo(inst_.tableMirror_, &ctx.table0);
  ctx.globals = inst_.vmGlobals_.data();
  for (size_t i = 0; i < inst_.vmGlobals_.size() && i < kVMFirstGlobals; ++i)
    ctx.firstGlobals[i] = inst_.vmGlobals_[i];
  ctx.tables = inst_.vmTables_.data();
  ctx.functions = inst_.vmFunctions_.data();
  ctx.dataSegments = inst_.data_.data();
  ctx.elemSegments = inst_.elems_.data();
  ctx.store = store_.vmStore();
  ctx.memories = inst_.vmMemories_.data();
  ctx.instance = &inst_;
  ctx.typeIds = inst_.module().typeIds().data();
  ctx.epochCounter = store_.engine().epochCounter();
  ctx.epochDeadline = store_.epochDeadline();
}

// The JIT's per-store state for this instance.
// Signals-mode code omits bounds checks, so memory 0 must have its whole
// guard reservation (DESIGN decision 4).
Result<void> InstanceBuilder::wireJit() {
#if EMBER_HAVE_JIT
  JitStoreState* jit = store_.jitState();
  if (!jit) return success();
  jit->addInstance(&inst_.ctx_, inst_.module().sharedJitCode());
  if (inst_.memories_.empty()) return success();
  Memory* memory = inst_.memories_[0];
  if (store_.engine().config().bounds == BoundsMode::Signals &&
      memory->reservedBytes() < Memory::kGuardedReservationBytes)
    return Error(ErrorKind::Resource,
                 "memory 0 lacks the 4 GiB + guard reservation signals-based bounds need");
#endif
  return success();
}

// Active segments behave as table.init then elem.drop (spec 4.5.4 step 14),
// one after another: a failing segment traps, earlier ones stay written.
// Declarative segments are dropped.
Result<void> InstanceBuilder::applyElemSegments() {
  for (const ElemSegment& seg : m_.elemSegments) {
    if (seg.mode != SegmentMode::Active) continue;
    uint64_t offset = evalConst(seg.offset).i32;
    VMTable* table = inst_.vmTables_[seg.tableIndex];
    if (offset + seg.items.size() > table->size) return makeTrapError(TrapCode::TableOutOfBounds);
    void** out = table->elements + offset;
    for (const ElemItem& e : seg.items) *out++ = itemOf(seg, e);
  }
  return success();
}

Result<void> InstanceBuilder::applyDataSegments() {
  for (size_t i = 0; i < m_.dataSegments.size(); ++i) {
    const DataSegment& seg = m_.dataSegments[i];
    VMDataSegment& vm = inst_.data_[i];
    if (seg.mode != SegmentMode::Active) continue;
    uint64_t offset = evalConst(seg.offset).i32;
    VMMemory* mem = inst_.vmMemories_[seg.memoryIndex];
    if (offset + vm.size > mem->length) return makeTrapError(TrapCode::MemoryOutOfBounds);
    if (vm.size) std::copy_n(vm.bytes, vm.size, mem->base + offset);
    vm.size = 0;
  }
  return success();
}

Result<void> InstanceBuilder::run(std::span<const Extern> imports) {
  addImports(imports);
  createFunctions();
  if (auto created = createGlobalsTablesMemories(); !created) {
    // Nothing refers to the instance yet: give back what it took.
    store_.destroyInstance(&inst_);
    return created.takeError();
  }
  createExports();
  EMBER_TRY(takePassiveItems());
  createSegments();
  wireContext();
  EMBER_TRY(wireJit());
  EMBER_TRY(applyElemSegments());
  EMBER_TRY(applyDataSegments());
  if (m_.startFunction) {
    Function* start = inst_.functions_[*m_.startFunction];
    EMBER_TRY(store_.call(start, {}, {}));
  }
  return success();
}

Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                              std::span<const Extern> imports) {
  const Module& m = module->module();
  if (imports.size() != m.imports.size())
    return Error(ErrorKind::Unlinkable,
                 formatMessage("module needs %zu imports, %zu given", m.imports.size(), imports.size()));
  for (size_t i = 0; i < imports.size(); ++i) EMBER_TRY(checkImport(m, m.imports[i], imports[i]));
  if (&module->engine() != &store.engine())
    return Error(ErrorKind::Unlinkable, "module and store belong to different engines");
  // DESIGN decision 8: the store's limits, checked before anything is created.
  EMBER_TRY(store.checkLimits(1, m.memories.size() - m.importedMemoryCount,
                              m.tables.size() - m.importedTableCount));
  Instance* inst = store.adoptInstance(std::unique_ptr<Instance>(new Instance(store, module)));
  InstanceBuilder builder(store, *inst);
  EMBER_TRY(builder.run(imports));
  return inst;
}

}  // namespace ember
