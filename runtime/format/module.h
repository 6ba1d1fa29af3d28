// A decoded module: everything the binary says, in structured form, before
// any engine touches it. Function bodies stay as byte ranges of `bytes`; the
// function validator walks them once per consumer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/format/types.h"

namespace ember {

// A constant expression (spec 3.3.10). WebAssembly 2.0 allows exactly one
// producing instruction before `end`, so it is stored decoded.
struct ConstExpr {
  // Extended: several instructions, with i32 or i64 add, sub or mul among
  // t.const and global.get (extended constant expressions, WebAssembly
  // 3.0). `bits[0]` is the first instruction's offset in Module::bytes and
  // `index` the length up to `end`; validateModule types the sequence and
  // ConstInstructionReader (const_expr.h) reads it back.
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet, Extended };
  // How the instructions before `end` depart from one constant instruction.
  // The spec makes these validation errors (3.3.10), not decoding ones, so
  // the decoder records the shape and validateModule reports it; `kind` etc.
  // describe the first instruction when it is a constant one.
  enum class Shape : uint8_t {
    Single,       // exactly one constant instruction
    Empty,        // no instruction: produces nothing ("type mismatch")
    ExtraValues,  // several constant instructions ("type mismatch")
    NotConstant,  // some instruction is not constant
  };

  // The small fields first, where they share one 8-byte unit (24 bytes in
  // all, not 32): a module may hold a million globals.
  Kind kind = Kind::I32;
  ValType type = ValType::I32;  // the type it produces
  Shape shape = Shape::Single;
  uint32_t index = 0;         // function index (RefFunc) or global index (GlobalGet)
  uint64_t bits[2] = {0, 0};  // numeric value (raw bits; V128 uses both)
};
static_assert(sizeof(ConstExpr) == 24);

// An element segment's item: ref.null, ref.func or global.get, a third of
// a ConstExpr's size, since a segment may hold ten million (a 10 MB module
// of them took 240 MB as ConstExprs). Any other constant there fails
// validation, and its kind and type are all the error needs.
struct ElemItem {
  ConstExpr::Kind kind = ConstExpr::Kind::RefFunc;
  ValType type = ValType::FuncRef;
  ConstExpr::Shape shape = ConstExpr::Shape::Single;
  uint32_t index = 0;

  static ElemItem of(const ConstExpr& e) { return {e.kind, e.type, e.shape, e.index}; }
  ConstExpr expr() const {
    ConstExpr e;
    e.kind = kind;
    e.type = type;
    e.shape = shape;
    e.index = index;
    return e;
  }
};
static_assert(sizeof(ElemItem) == 8);

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t funcTypeIndex = 0;  // kind == Func
  TableType table;             // kind == Table
  MemoryType memory;           // kind == Memory
  GlobalType global;           // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t tableIndex = 0;
  ConstExpr offset;               // mode == Active
  ValType elemType = ValType::FuncRef;
  std::vector<ElemItem> items;  // function-index forms are stored as RefFunc
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memoryIndex = 0;
  ConstExpr offset;                        // mode == Active
  uint32_t bytesOffset = 0;                // into Module::bytes
  uint32_t size = 0;
};

// A run of locals of one type, as the code section declares them.
struct LocalRun {
  uint32_t count;
  ValType type;
};

struct FunctionBody {
  uint32_t offset = 0;      // first byte of the body (the local declarations) in Module::bytes
  uint32_t codeOffset = 0;  // first instruction byte in Module::bytes
  uint32_t end = 0;         // one past the final `end` opcode
  uint32_t localCount = 0;  // declared locals, without parameters
  // Its local declarations: Module::localRuns[firstLocalRun, + localRunCount).
  uint32_t firstLocalRun = 0;
  uint32_t localRunCount = 0;
};

struct CustomSection {
  std::string name;
  uint32_t offset = 0;  // payload, in Module::bytes when retained, else in the binary decoded
  uint32_t size = 0;
  // False for a custom section after the module's last other section, but
  // the name section: Module::bytes does not keep it (decoder.cpp).
  bool retained = true;
};

// The `name` custom section (spec 7.4). Missing entries are simply absent.
struct NameSection {
  std::string moduleName;
  std::unordered_map<uint32_t, std::string> functionNames;
  std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>> localNames;
};

struct Module {
  // The binary, less the custom sections that trail it (CustomSection::
  // retained); bodies, data and every section's offsets point into it.
  std::vector<uint8_t> bytes;

  std::vector<FuncType> types;
  std::vector<Import> imports;
  // Type index of every function, imported ones first (the function index
  // space of spec 2.5.1).
  std::vector<uint32_t> funcTypeIndices;
  std::vector<TableType> tables;      // imported first
  std::vector<MemoryType> memories;   // imported first
  std::vector<Global> globals;        // imported first; imported ones have no init
  std::vector<Export> exports;
  std::vector<ElemSegment> elemSegments;
  std::vector<DataSegment> dataSegments;
  std::vector<FunctionBody> bodies;   // one per defined (not imported) function
  // Every body's local declarations, body after body: one array, not one
  // per body (sqlite3 has 2,562 bodies; a vector each was 2,562 heap blocks).
  std::vector<LocalRun> localRuns;
  std::vector<CustomSection> customSections;
  NameSection names;

  std::optional<uint32_t> startFunction;
  std::optional<uint32_t> dataCount;  // from the data count section

  uint32_t importedFuncCount = 0;
  uint32_t importedTableCount = 0;
  uint32_t importedMemoryCount = 0;
  uint32_t importedGlobalCount = 0;

  // Functions that may be the target of ref.func in function bodies
  // (spec 3.4.10 "C.refs"): referenced from exports, elem segments or globals.
  std::vector<bool> declaredFuncRefs;

  const FuncType& funcType(uint32_t funcIndex) const { return types[funcTypeIndices[funcIndex]]; }
  // A body's local declarations; none when its run lies outside
  // localRuns (a Module built by other means than the decoder).
  std::span<const LocalRun> localsOf(const FunctionBody& body) const {
    if (body.firstLocalRun > localRuns.size() ||
        body.localRunCount > localRuns.size() - body.firstLocalRun)
      return {};
    return {localRuns.data() + body.firstLocalRun, body.localRunCount};
  }
  uint32_t definedFuncCount() const { return static_cast<uint32_t>(bodies.size()); }
  std::span<const uint8_t> bodyBytes(const FunctionBody& b) const {
    return {bytes.data() + b.codeOffset, b.end - b.codeOffset};
  }
};

}  // namespace ember
