// Decoders of the sections that declare things: type, import, function,
// table, memory, global, export, start, data count (spec 5.5.4-5.5.10,
// 5.5.13). The segment and code sections have their own files.
#include "runtime/format/section_decoders.h"

#include "runtime/format/const_expr.h"
#include "runtime/format/decode_primitives.h"

namespace ember {

namespace {

constexpr uint8_t kFuncTypeForm = 0x60;

// A result type (spec 5.3.4): a vector of value types, at most `limit` long.
void readResultType(Reader& r, std::vector<ValType>& out, uint32_t limit, const char* tooMany) {
  Reader mark = r;
  uint32_t n = readCount(r);
  if (n > limit) return failAt(r, mark, tooMany);
  out.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) out.push_back(readValType(r));
}

FuncType readFuncType(Reader& r) {
  FuncType type;
  Reader mark = r;
  if (r.readU8() != kFuncTypeForm) {
    failAt(r, mark, "malformed function type");
    return type;
  }
  readResultType(r, type.params, kMaxFunctionParams, "too many parameters");
  readResultType(r, type.results, kMaxFunctionResults, "too many results");
  return type;
}

TableType readTableType(Reader& r) {
  TableType type;
  type.elemType = readRefType(r);
  type.limits = readLimits(r);
  return type;
}

// Adds a function to the index space, keeping it within the engine's limit.
void addFunction(Reader& r, Module& m, uint32_t typeIndex) {
  if (m.funcTypeIndices.size() >= kMaxFunctions)
    return r.fail("too many functions (implementation limit)");
  m.funcTypeIndices.push_back(typeIndex);
}

void readImportDesc(Reader& r, Module& m, Import& imp) {
  Reader mark = r;
  uint8_t kind = r.readU8();
  if (r.failed()) return;
  switch (kind) {
    case 0:
      imp.funcTypeIndex = r.readVarU32();
      addFunction(r, m, imp.funcTypeIndex);
      ++m.importedFuncCount;
      break;
    case 1:
      imp.table = readTableType(r);
      m.tables.push_back(imp.table);
      ++m.importedTableCount;
      break;
    case 2:
      imp.memory.limits = readLimits(r);
      m.memories.push_back(imp.memory);
      ++m.importedMemoryCount;
      break;
    case 3:
      imp.global = readGlobalType(r);
      m.globals.push_back(Global{imp.global, ConstExpr{}});
      ++m.importedGlobalCount;
      break;
    default:
      return failAt(r, mark, "malformed import kind");
  }
  imp.kind = static_cast<ExternKind>(kind);
}

}  // namespace

const char* sectionName(SectionId id) {
  switch (id) {
    case SectionId::Custom:
      return "custom";
    case SectionId::Type:
      return "type";
    case SectionId::Import:
      return "import";
    case SectionId::Function:
      return "function";
    case SectionId::Table:
      return "table";
    case SectionId::Memory:
      return "memory";
    case SectionId::Global:
      return "global";
    case SectionId::Export:
      return "export";
    case SectionId::Start:
      return "start";
    case SectionId::Element:
      return "element";
    case SectionId::Code:
      return "code";
    case SectionId::Data:
      return "data";
    case SectionId::DataCount:
      return "data count";
  }
  return "unknown";
}

void decodeModuleConstExpr(Reader& r, const Module& m, ConstExpr& out) {
  decodeConstExpr(r, out);
  if (out.kind == ConstExpr::Kind::GlobalGet && out.index < m.importedGlobalCount) {
    out.type = m.globals[out.index].type.type;
  }
}

Result<void> decodeTypeSection(Reader& r, Module& m) {
  // 0x60 and two empty vectors at least
  uint32_t n = readLimitedCount(r, 3, kMaxTypes, "too many types (implementation limit)");
  m.types.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.types.push_back(readFuncType(r));
  return success();
}

Result<void> decodeImportSection(Reader& r, Module& m) {
  // two empty names, a kind and an index
  uint32_t n = readLimitedCount(r, 4, kMaxImports, "too many imports (implementation limit)");
  m.imports.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    Import imp;
    imp.module = readName(r);
    imp.name = readName(r);
    readImportDesc(r, m, imp);
    m.imports.push_back(std::move(imp));
  }
  return success();
}

Result<void> decodeFunctionSection(Reader& r, Module& m) {
  uint32_t n = readCount(r);
  m.funcTypeIndices.reserve(m.funcTypeIndices.size() + n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) addFunction(r, m, r.readVarU32());
  return success();
}

Result<void> decodeTableSection(Reader& r, Module& m) {
  uint32_t n = readLimitedCount(r, 3, kMaxTables, "too many tables (implementation limit)");
  m.tables.reserve(m.tables.size() + n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.tables.push_back(readTableType(r));
  return success();
}

Result<void> decodeMemorySection(Reader& r, Module& m) {
  uint32_t n = readCount(r, 2);
  m.memories.reserve(m.memories.size() + n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.memories.push_back(MemoryType{readLimits(r)});
  return success();
}

Result<void> decodeGlobalSection(Reader& r, Module& m) {
  // type, mutability, `end`
  uint32_t n = readLimitedCount(r, 3, kMaxGlobals, "too many globals (implementation limit)");
  m.globals.reserve(m.globals.size() + n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    Global g;
    g.type = readGlobalType(r);
    decodeModuleConstExpr(r, m, g.init);
    m.globals.push_back(g);
  }
  return success();
}

Result<void> decodeExportSection(Reader& r, Module& m) {
  // empty name, kind, index
  uint32_t n = readLimitedCount(r, 3, kMaxExports, "too many exports (implementation limit)");
  m.exports.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    Export e;
    e.name = readName(r);
    Reader mark = r;
    uint8_t kind = r.readU8();
    if (kind > static_cast<uint8_t>(ExternKind::Global)) failAt(r, mark, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    e.index = r.readVarU32();
    m.exports.push_back(std::move(e));
  }
  return success();
}

Result<void> decodeStartSection(Reader& r, Module& m) {
  m.startFunction = r.readVarU32();
  return success();
}

Result<void> decodeDataCountSection(Reader& r, Module& m) {
  m.dataCount = r.readVarU32();
  return success();
}

}  // namespace ember
