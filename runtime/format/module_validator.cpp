// Module-level validation (spec 3.4): everything but function bodies.
// Errors name the section and the item, and start with the spec
// interpreter's phrase ("unknown global", "type mismatch", ...).
#include "runtime/format/module_validator.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "runtime/format/const_expr.h"

namespace ember {

namespace {

Error invalid(const char* section, std::string what) {
  return makeError(ErrorKind::Invalid, Location{section, -1, -1}, std::move(what));
}

uint32_t funcCount(const Module& m) { return static_cast<uint32_t>(m.funcTypeIndices.size()); }

Result<void> checkTypeIndex(const Module& m, uint32_t typeIndex, const char* section,
                            const char* item, size_t itemIndex) {
  if (typeIndex < m.types.size()) return success();
  return invalid(section, formatMessage("unknown type %u for %s %zu", typeIndex, item, itemIndex));
}

// Limits (spec 3.2.1): min <= max, and both within `range`.
Result<void> checkLimits(const Limits& limits, uint64_t range, const char* rangeMessage,
                         const char* section, size_t index) {
  auto which = [&] {
    return formatMessage("%s %zu has min %llu%s", section, index, (unsigned long long)limits.min,
                         limits.max ? formatMessage(", max %llu", (unsigned long long)*limits.max).c_str() : "");
  };
  if (limits.min > range || (limits.max && *limits.max > range)) {
    return invalid(section, formatMessage("%s: %s", rangeMessage, which().c_str()));
  }
  if (limits.max && limits.min > *limits.max) {
    return invalid(section, formatMessage("size minimum must not be greater than maximum: %s",
                                          which().c_str()));
  }
  return success();
}

Result<void> checkTableType(const TableType& t, const char* section, size_t index) {
  return checkLimits(t.limits, UINT32_MAX, "table size must be at most 2^32-1", section, index);
}

Result<void> checkMemoryType(const MemoryType& t, const char* section, size_t index) {
  return checkLimits(t.limits, kMaxPages32, "memory size must be at most 65536 pages (4GiB)",
                     section, index);
}

// Names the constant expression being checked in an error message. Only
// formatted on an error: an element segment may hold a million items, and
// formatting each one's name up front took nine tenths of validating them.
struct ConstExprSite {
  const char* owner;  // "offset of data segment", ...
  size_t index;
  size_t item = SIZE_MAX;  // for an element segment's items

  std::string describe() const {
    if (item == SIZE_MAX) return formatMessage("the %s %zu", owner, index);
    return formatMessage("item %zu of %s %zu", item, owner, index);
  }
};

// global.get in a constant expression may only read imported immutable
// globals, the only ones the context C' of spec 3.4.10 holds.
Result<ValType> constGlobalType(const Module& m, uint32_t index, const char* section,
                                const ConstExprSite& site) {
  if (index >= m.importedGlobalCount) {
    return invalid(section,
                   formatMessage("unknown global %u in %s", index, site.describe().c_str()));
  }
  const GlobalType& g = m.globals[index].type;
  if (g.isMutable)
    return invalid(section, formatMessage("constant expression required (mutable global) in %s",
                                          site.describe().c_str()));
  return g.type;
}

// The type of a ConstExpr::Extended, worked out on a stack of operand types
// as in a function body: add, sub and mul take two of their type.
Result<ValType> extendedConstType(const Module& m, const ConstExpr& e, const char* section,
                                  const ConstExprSite& site) {
  std::vector<ValType> stack;
  ConstInstructionReader reader(m, e);
  for (ConstInstruction in; reader.next(in);) {
    if (in.op == Opcode::I32Const || in.op == Opcode::I64Const) {
      stack.push_back(in.op == Opcode::I32Const ? ValType::I32 : ValType::I64);
    } else if (in.op == Opcode::GlobalGet) {
      auto type = constGlobalType(m, static_cast<uint32_t>(in.immediate), section, site);
      if (!type) return type.takeError();
      stack.push_back(ValType(*type));  // an rvalue, as above: one push_back instantiated
    } else {
      const ValType operands = in.op <= Opcode::I32Mul ? ValType::I32 : ValType::I64;
      const size_t n = stack.size();
      if (n < 2 || stack[n - 1] != operands || stack[n - 2] != operands) {
        return invalid(section, formatMessage("type mismatch: %s in %s takes two %s operands",
                                              opcodeName(in.op), site.describe().c_str(),
                                              valTypeName(operands)));
      }
      stack.pop_back();
    }
  }
  if (stack.size() != 1) {
    return invalid(section, formatMessage("type mismatch: %s leaves %zu values, expected one",
                                          site.describe().c_str(), stack.size()));
  }
  return stack[0];
}

// Constant expressions (spec 3.3.10): one constant instruction producing
// `expected`, or an extended sequence of them (WebAssembly 3.0).
Result<void> checkConstExpr(const Module& m, const ConstExpr& e, ValType expected,
                            const char* section, const ConstExprSite& site) {
  using Shape = ConstExpr::Shape;
  if (e.shape == Shape::NotConstant)
    return invalid(section,
                   formatMessage("constant expression required in %s", site.describe().c_str()));
  if (e.shape == Shape::Empty) {
    return invalid(section, formatMessage("type mismatch: %s is empty, expected %s",
                                          site.describe().c_str(), valTypeName(expected)));
  }
  ValType produced = e.type;
  if (e.kind == ConstExpr::Kind::GlobalGet || e.kind == ConstExpr::Kind::Extended) {
    auto type = e.kind == ConstExpr::Kind::GlobalGet || !kHaveExtendedConst
                    ? constGlobalType(m, e.index, section, site)
                    : extendedConstType(m, e, section, site);
    if (!type) return type.takeError();
    produced = *type;
  }
  if (e.kind == ConstExpr::Kind::RefFunc && e.index >= funcCount(m)) {
    return invalid(section,
                   formatMessage("unknown function %u in %s", e.index, site.describe().c_str()));
  }
  if (produced != expected || e.shape == Shape::ExtraValues) {
    return invalid(section, formatMessage("type mismatch: %s produces %s%s, expected %s",
                                          site.describe().c_str(), valTypeName(produced),
                                          e.shape == Shape::ExtraValues ? " and more" : "",
                                          valTypeName(expected)));
  }
  return success();
}

Result<void> validateImports(const Module& m) {
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const Import& imp = m.imports[i];
    switch (imp.kind) {
      case ExternKind::Func:
        EMBER_TRY(checkTypeIndex(m, imp.funcTypeIndex, "import", "import", i));
        break;
      case ExternKind::Table:
        EMBER_TRY(checkTableType(imp.table, "import", i));
        break;
      case ExternKind::Memory:
        EMBER_TRY(checkMemoryType(imp.memory, "import", i));
        break;
      case ExternKind::Global:
        break;
    }
  }
  return success();
}

Result<void> validateDeclarations(const Module& m) {
  for (size_t i = m.importedFuncCount; i < m.funcTypeIndices.size(); ++i) {
    EMBER_TRY(checkTypeIndex(m, m.funcTypeIndices[i], "function", "function", i));
  }
  for (size_t i = m.importedTableCount; i < m.tables.size(); ++i) {
    EMBER_TRY(checkTableType(m.tables[i], "table", i));
  }
  // Spec 3.4.10: at most one memory, imported or defined (multi-memory is a
  // later proposal).
  if (m.memories.size() > 1) {
    return invalid("memory", formatMessage("multiple memories (%zu)", m.memories.size()));
  }
  for (size_t i = m.importedMemoryCount; i < m.memories.size(); ++i) {
    EMBER_TRY(checkMemoryType(m.memories[i], "memory", i));
  }
  for (size_t i = m.importedGlobalCount; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    EMBER_TRY(checkConstExpr(m, g.init, g.type.type, "global",
                             ConstExprSite{"initialiser of global", i}));
  }
  return success();
}

Result<void> validateElemSegment(const Module& m, const ElemSegment& seg, size_t index) {
  if (seg.mode == SegmentMode::Active) {
    if (seg.tableIndex >= m.tables.size()) {
      return invalid("element", formatMessage("unknown table %u in element segment %zu",
                                              seg.tableIndex, index));
    }
    EMBER_TRY(checkConstExpr(m, seg.offset, ValType::I32, "element",
                             ConstExprSite{"offset of element segment", index}));
    if (m.tables[seg.tableIndex].elemType != seg.elemType) {
      return invalid("element",
                     formatMessage("type mismatch: element segment %zu holds %s, table %u %s",
                                   index, valTypeName(seg.elemType), seg.tableIndex,
                                   valTypeName(m.tables[seg.tableIndex].elemType)));
    }
  }
  for (size_t j = 0; j < seg.items.size(); ++j) {
    const ConstExprSite site{"element segment", index, j};
    // An item keeps no bytes to type an extended expression by, and needs
    // none: its arithmetic makes integers, never a reference.
    if (seg.items[j].kind == ConstExpr::Kind::Extended) {
      return invalid("element",
                     formatMessage("type mismatch: %s is integer arithmetic, expected %s",
                                   site.describe().c_str(), valTypeName(seg.elemType)));
    }
    EMBER_TRY(checkConstExpr(m, seg.items[j].expr(), seg.elemType, "element", site));
  }
  return success();
}

Result<void> validateSegments(const Module& m) {
  for (size_t i = 0; i < m.elemSegments.size(); ++i)
    EMBER_TRY(validateElemSegment(m, m.elemSegments[i], i));
  for (size_t i = 0; i < m.dataSegments.size(); ++i) {
    const DataSegment& seg = m.dataSegments[i];
    if (seg.mode != SegmentMode::Active) continue;
    if (seg.memoryIndex >= m.memories.size()) {
      return invalid("data",
                     formatMessage("unknown memory %u in data segment %zu", seg.memoryIndex, i));
    }
    EMBER_TRY(checkConstExpr(m, seg.offset, ValType::I32, "data",
                             ConstExprSite{"offset of data segment", i}));
  }
  return success();
}

// Spec 3.4.9: the start function must exist and have type [] -> [].
Result<void> validateStart(const Module& m) {
  if (!m.startFunction) return success();
  uint32_t f = *m.startFunction;
  if (f >= funcCount(m))
    return invalid("start", formatMessage("unknown function %u as start function", f));
  const FuncType& type = m.funcType(f);
  if (!type.params.empty() || !type.results.empty()) {
    return invalid("start", formatMessage("start function %u must have type [] -> [], has %s", f,
                                          type.toString().c_str()));
  }
  return success();
}

size_t indexSpaceSize(const Module& m, ExternKind kind) {
  switch (kind) {
    case ExternKind::Func:
      return m.funcTypeIndices.size();
    case ExternKind::Table:
      return m.tables.size();
    case ExternKind::Memory:
      return m.memories.size();
    case ExternKind::Global:
      return m.globals.size();
  }
  return 0;
}

// Spec 3.4.8 and 3.4.10: every export names an existing item, and export
// names are unique (as byte strings).
Result<void> validateExports(const Module& m) {
  std::unordered_set<std::string_view> names;
  names.reserve(m.exports.size());
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const Export& e = m.exports[i];
    if (e.index >= indexSpaceSize(m, e.kind)) {
      return invalid("export", formatMessage("unknown %s %u in export %zu", externKindName(e.kind),
                                             e.index, i));
    }
    if (!names.insert(e.name).second) {
      return invalid(
          "export", formatMessage("duplicate export name \"%s\" in export %zu", e.name.c_str(), i));
    }
  }
  return success();
}

// A build without SIMD refuses any v128 in a signature or a global here,
// and in bodies in the function validator, so no engine meets one.
Result<void> checkNoV128(const Module& m) {
  auto hasV128 = [](std::span<const ValType> types) {
    return std::find(types.begin(), types.end(), ValType::V128) != types.end();
  };
  for (const FuncType& t : m.types)
    if (hasV128(t.params) || hasV128(t.results))
      return makeError(ErrorKind::Unsupported, Location{"type", -1, -1}, std::string(kNoSimdMessage));
  for (const Global& g : m.globals)
    if (g.type.type == ValType::V128)
      return makeError(ErrorKind::Unsupported, Location{"global", -1, -1}, std::string(kNoSimdMessage));
  return success();
}

}  // namespace

Result<void> validateModule(const Module& m) {
  if (!kHaveSimd) EMBER_TRY(checkNoV128(m));
  EMBER_TRY(validateImports(m));
  EMBER_TRY(validateDeclarations(m));
  EMBER_TRY(validateSegments(m));
  EMBER_TRY(validateStart(m));
  EMBER_TRY(validateExports(m));
  return success();
}

}  // namespace ember
