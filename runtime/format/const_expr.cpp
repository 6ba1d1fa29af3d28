#include "runtime/format/const_expr.h"

#include "runtime/format/decode_primitives.h"
#include "runtime/format/opcodes.h"

namespace ember {

namespace {

constexpr uint32_t kUnknownOpcode = 0xFFFFFFFF;

// Every operator of opcodes.def; anything else is "illegal opcode".
bool isKnownOpcode(uint32_t code) {
  switch (code) {
#define EMBER_SPECIAL_OP(Name, code, text) case code:
#define EMBER_LOAD_OP(Name, code, text, Type, align) case code:
#define EMBER_STORE_OP(Name, code, text, Type, align) case code:
#define EMBER_OP1(Name, code, text, Out, A) case code:
#define EMBER_OP2(Name, code, text, Out, A, B) case code:
#define EMBER_OP3(Name, code, text, Out, A, B, C) case code:
#include "runtime/format/opcodes.def"
    return true;
    default:
      return false;
  }
}

bool hasMemArg(uint32_t code) {
  switch (code) {
#define EMBER_LOAD_OP(Name, code, text, Type, align) case code:
#define EMBER_STORE_OP(Name, code, text, Type, align) case code:
#include "runtime/format/opcodes.def"
    return true;
    default:
      return false;
  }
}

// One opcode, with the 0xFC/0xFD prefixes folded in as opcodes.def numbers
// them (prefix << 8 | sub-opcode).
uint32_t readOpcode(Reader& r) {
  uint8_t b = r.readU8();
  if (b != kPrefixMisc && b != kPrefixSimd) return b;
  const uint32_t code = prefixedOpcode(b, r.readVarU32());
  return code != 0 ? code : kUnknownOpcode;
}

void skipMemArg(Reader& r) {
  r.readVarU32();  // alignment
  r.readVarU32();  // offset
}

constexpr uint32_t op(Opcode o) { return static_cast<uint32_t>(o); }

// Skips the immediates of a non-constant operator (spec 5.4), so decoding
// can go on to the expression's `end`; the expression is invalid anyway,
// but only bytes that do not decode are malformed.
void skipImmediates(Reader& r, uint32_t code) {
  if (hasMemArg(code)) return skipMemArg(r);
  switch (code) {
    case op(Opcode::Block):
    case op(Opcode::Loop):
    case op(Opcode::If):
      r.readVarS33();
      return;
    case op(Opcode::BrTable): {
      uint32_t n = readCount(r);
      for (uint64_t i = 0; i <= n && !r.failed(); ++i) r.readVarU32();  // targets and default
      return;
    }
    case op(Opcode::SelectTyped): {
      uint32_t n = readCount(r);
      for (uint32_t i = 0; i < n && !r.failed(); ++i) readValType(r);
      return;
    }
    case op(Opcode::CallIndirect):
    case op(Opcode::TableInit):
    case op(Opcode::TableCopy):
      r.readVarU32();
      r.readVarU32();
      return;
    case op(Opcode::Br):
    case op(Opcode::BrIf):
    case op(Opcode::Call):
    case op(Opcode::RefFunc):
    case op(Opcode::DataDrop):
    case op(Opcode::ElemDrop):
    case op(Opcode::TableGrow):
    case op(Opcode::TableSize):
    case op(Opcode::TableFill):
      r.readVarU32();
      return;
    case op(Opcode::MemorySize):
    case op(Opcode::MemoryGrow):
    case op(Opcode::MemoryFill):
      r.readU8();  // memory index byte
      return;
    case op(Opcode::MemoryInit):
      r.readVarU32();
      r.readU8();
      return;
    case op(Opcode::MemoryCopy):
      r.readU8();
      r.readU8();
      return;
    case op(Opcode::RefNull):
      readRefType(r);
      return;
    case op(Opcode::V128Const):
    case op(Opcode::I8x16Shuffle):
      r.skip(16);
      return;
    default:
      break;
  }
  if (code >= op(Opcode::LocalGet) && code <= op(Opcode::TableSet)) {
    r.readVarU32();  // local, global or table index
  } else if (code >= op(Opcode::I8x16ExtractLaneS) && code <= op(Opcode::F64x2ReplaceLane)) {
    r.readU8();  // lane index
  } else if (code >= op(Opcode::V128Load8Lane) && code <= op(Opcode::V128Store64Lane)) {
    skipMemArg(r);
    r.readU8();
  }
}

void setNumber(ConstExpr& e, ConstExpr::Kind kind, ValType type, uint64_t bits) {
  e.kind = kind;
  e.type = type;
  e.bits[0] = bits;
}

// Decodes the immediate of a constant operator into `e` (spec 3.3.10:
// t.const, ref.null, ref.func, global.get). Returns false for any other
// operator, leaving the reader where it was.
bool decodeConstant(Reader& r, uint32_t code, ConstExpr& e) {
  switch (code) {
    case op(Opcode::I32Const):
      setNumber(e, ConstExpr::Kind::I32, ValType::I32, static_cast<uint32_t>(r.readVarS32()));
      return true;
    case op(Opcode::I64Const):
      setNumber(e, ConstExpr::Kind::I64, ValType::I64, static_cast<uint64_t>(r.readVarS64()));
      return true;
    case op(Opcode::F32Const):
      setNumber(e, ConstExpr::Kind::F32, ValType::F32, r.readFixedU32());
      return true;
    case op(Opcode::F64Const):
      setNumber(e, ConstExpr::Kind::F64, ValType::F64, r.readFixedU64());
      return true;
    case op(Opcode::V128Const):
      setNumber(e, ConstExpr::Kind::V128, ValType::V128, r.readFixedU64());
      e.bits[1] = r.readFixedU64();
      return true;
    case op(Opcode::RefNull):
      e.kind = ConstExpr::Kind::RefNull;
      e.type = readRefType(r);
      return true;
    case op(Opcode::RefFunc):
      e.kind = ConstExpr::Kind::RefFunc;
      e.type = ValType::FuncRef;
      e.index = r.readVarU32();
      return true;
    case op(Opcode::GlobalGet):
      e.kind = ConstExpr::Kind::GlobalGet;
      e.type = ValType::Bottom;
      e.index = r.readVarU32();
      return true;
    default:
      return false;
  }
}

// The operators an extended constant expression adds (WebAssembly 3.0).
bool isConstArithmetic(uint32_t code) {
  if (!kHaveExtendedConst) return false;
  switch (code) {
    case op(Opcode::I32Add):
    case op(Opcode::I32Sub):
    case op(Opcode::I32Mul):
    case op(Opcode::I64Add):
    case op(Opcode::I64Sub):
    case op(Opcode::I64Mul):
      return true;
    default:
      return false;
  }
}

// The constant instructions the arithmetic can take as operands; any other
// (a float, vector or reference) makes the expression mistyped.
bool isIntegerConstant(uint32_t code) {
  return code == op(Opcode::I32Const) || code == op(Opcode::I64Const) ||
         code == op(Opcode::GlobalGet);
}

}  // namespace

void decodeConstExpr(Reader& r, ConstExpr& out) {
  out = ConstExpr{};
  uint32_t count = 0;  // instructions before the final `end`
  uint32_t depth = 0;  // open block/loop/if: their `end` is not ours
  bool allConstant = true;
  bool arithmetic = false, integerOnly = true;
  const uint32_t start = r.offset();
  uint32_t end = start;
  while (!r.failed()) {
    Reader mark = r;
    uint32_t code = readOpcode(r);
    if (r.failed()) return;
    if (code == op(Opcode::End) && depth == 0) {
      end = mark.offset();
      break;
    }
    if (!isKnownOpcode(code)) return failAt(r, mark, "illegal opcode");
    ConstExpr scratch;
    if (decodeConstant(r, code, count == 0 ? out : scratch)) {
      integerOnly = integerOnly && isIntegerConstant(code);
    } else if (isConstArithmetic(code)) {
      arithmetic = true;
    } else {
      allConstant = false;
      skipImmediates(r, code);
      if (code == op(Opcode::Block) || code == op(Opcode::Loop) || code == op(Opcode::If)) ++depth;
      if (code == op(Opcode::End)) --depth;
    }
    ++count;
  }
  if (!allConstant) {
    out.shape = ConstExpr::Shape::NotConstant;
  } else if (arithmetic && integerOnly) {
    out = ConstExpr{};
    out.kind = ConstExpr::Kind::Extended;
    out.type = ValType::Bottom;  // validateModule works it out
    out.bits[0] = start;
    out.index = end - start;
  } else if (arithmetic) {
    out.shape = ConstExpr::Shape::ExtraValues;  // a float, vector or reference among them
  } else if (count == 0) {
    out.shape = ConstExpr::Shape::Empty;
  } else if (count > 1) {
    out.shape = ConstExpr::Shape::ExtraValues;
  }
}

ConstInstructionReader::ConstInstructionReader(const Module& m, const ConstExpr& e)
    : r_(std::span(m.bytes).subspan(e.bits[0], e.index), static_cast<uint32_t>(e.bits[0])) {}

bool ConstInstructionReader::next(ConstInstruction& out) {
  if (r_.atEnd()) return false;
  out.op = static_cast<Opcode>(r_.readU8());  // all of them one-byte opcodes
  switch (out.op) {
    case Opcode::I32Const:
      out.immediate = static_cast<uint32_t>(r_.readVarS32());
      break;
    case Opcode::I64Const:
      out.immediate = static_cast<uint64_t>(r_.readVarS64());
      break;
    case Opcode::GlobalGet:
      out.immediate = r_.readVarU32();
      break;
    default:
      out.immediate = 0;
      break;
  }
  return true;
}

}  // namespace ember
