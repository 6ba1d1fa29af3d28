// Tests of validateModule (runtime/format/module_validator.h): every
// module-level rule of spec 3.4, each with a module that breaks only it.
#include "runtime/format/module_validator.h"

#include <gtest/gtest.h>

#include "runtime/format/decoder.h"
#include "tests/format/wasm_bytes.h"

namespace ember {
namespace {

using test::Bytes;
using test::cat;
using test::leb;
using test::moduleOf;
using test::name;
using test::section;

using namespace test::section_id;
constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kFuncRef = 0x70, kExternRef = 0x6F;

// Types: 0 is [] -> [], 1 is [i32] -> [].
const Bytes kTypes = section(kType, {0x02, 0x60, 0x00, 0x00, 0x60, 0x01, kI32, 0x00});

// `n` functions of the given types, with empty bodies.
Bytes funcs(std::initializer_list<uint8_t> typeIndices) {
  Bytes decl = leb(typeIndices.size());
  Bytes code = leb(typeIndices.size());
  for (uint8_t t : typeIndices) {
    decl.push_back(t);
    code.insert(code.end(), {0x02, 0x00, 0x0B});
  }
  return cat({section(kFunction, decl), section(kCode, code)});
}

Bytes importGlobal(uint8_t type, bool isMutable) {
  return section(kImport, cat({{0x01}, name("m"), name("g"), {0x03, type, uint8_t(isMutable)}}));
}

Bytes globals(std::initializer_list<Bytes> entries) {
  Bytes payload = leb(entries.size());
  for (const Bytes& e : entries) payload.insert(payload.end(), e.begin(), e.end());
  return section(kGlobal, payload);
}

Bytes exports(std::initializer_list<Bytes> entries) {
  Bytes payload = leb(entries.size());
  for (const Bytes& e : entries) payload.insert(payload.end(), e.begin(), e.end());
  return section(kExport, payload);
}

Module decoded(const Bytes& bytes) {
  Result<Module> m = decodeModule(bytes);
  EXPECT_TRUE(m.ok()) << "the test module must decode: " << m.error().message();
  return m.ok() ? std::move(m).value() : Module{};
}

void expectValid(const Bytes& bytes) {
  Result<void> r = validateModule(decoded(bytes));
  EXPECT_TRUE(r.ok()) << r.error().message();
}

void expectInvalid(const Bytes& bytes, std::string_view phrase) {
  Result<void> r = validateModule(decoded(bytes));
  ASSERT_FALSE(r.ok()) << "expected \"" << phrase << "\"";
  EXPECT_EQ(r.error().kind(), ErrorKind::Invalid);
  EXPECT_EQ(r.error().message().rfind(phrase, 0), 0u)
      << "message: " << r.error().message() << "\nexpected it to start with: " << phrase;
}

TEST(ModuleValidator, RealModulesAreValid) {
  for (const char* stem : {"format_sections", "format_elem_segments", "format_names"}) {
    SCOPED_TRACE(stem);
    Bytes bytes = test::watModule(stem);
    ASSERT_FALSE(bytes.empty());
    expectValid(bytes);
  }
  expectValid(moduleOf({}));
}

TEST(ModuleValidator, TypeIndices) {
  expectValid(moduleOf({kTypes, funcs({0, 1})}));
  expectInvalid(moduleOf({kTypes, funcs({2})}), "unknown type");
  expectInvalid(
      moduleOf({kTypes, section(kImport, cat({{0x01}, name("m"), name("f"), {0x00, 0x07}}))}),
      "unknown type");
}

TEST(ModuleValidator, Memories) {
  auto memory = [](const Bytes& limits) {
    return moduleOf({section(kMemory, cat({{0x01}, limits}))});
  };
  expectValid(memory(cat({{0x01, 0x00}, leb(65536)})));
  expectInvalid(memory(cat({{0x00}, leb(65537)})),
                "memory size must be at most 65536 pages (4GiB)");
  expectInvalid(memory(cat({{0x01, 0x00}, leb(65537)})),
                "memory size must be at most 65536 pages (4GiB)");
  expectInvalid(memory({0x01, 0x02, 0x01}), "size minimum must not be greater than maximum");
  expectInvalid(moduleOf({section(kMemory, {0x02, 0x00, 0x00, 0x00, 0x00})}), "multiple memories");
  Bytes importedMemory =
      section(kImport, cat({{0x01}, name("m"), name("mem"), {0x02, 0x00, 0x01}}));
  expectInvalid(moduleOf({importedMemory, section(kMemory, {0x01, 0x00, 0x00})}),
                "multiple memories");
  expectInvalid(
      moduleOf({section(kImport, cat({{0x01}, name("m"), name("mem"), {0x02, 0x01, 0x03, 0x02}}))}),
      "size minimum must not be greater than maximum");
}

TEST(ModuleValidator, Tables) {
  auto table = [](const Bytes& limits) {
    return moduleOf({section(kTable, cat({{0x01, kFuncRef}, limits}))});
  };
  expectValid(table(cat({{0x01, 0x00}, leb(0xFFFFFFFF)})));
  expectInvalid(table({0x01, 0x05, 0x04}), "size minimum must not be greater than maximum");
  // Several tables are fine since reference types.
  expectValid(moduleOf({section(kTable, {0x02, kFuncRef, 0x00, 0x00, kExternRef, 0x00, 0x00})}));
}

TEST(ModuleValidator, GlobalInitialisers) {
  auto global = [](uint8_t type, const Bytes& expr) { return cat({{type, 0x00}, expr}); };
  expectValid(
      moduleOf({globals({global(kI32, {0x41, 0x05, 0x0B}), global(kI64, {0x42, 0x05, 0x0B})})}));
  expectInvalid(moduleOf({globals({global(kI32, {0x42, 0x00, 0x0B})})}), "type mismatch");
  expectInvalid(moduleOf({globals({global(kI32, {0x41, 0x00, 0x0B}), global(kI32, {0x0B})})}),
                "type mismatch: the initialiser of global 1 is empty, expected i32");
  expectInvalid(moduleOf({globals({global(kI32, {0x0B})})}), "type mismatch");
  expectInvalid(moduleOf({globals({global(kI32, {0x41, 0x00, 0x41, 0x00, 0x0B})})}),
                "type mismatch");
  expectInvalid(moduleOf({globals({global(kI32, {0x41, 0x00, 0x45, 0x0B})})}),
                "constant expression required");
  expectInvalid(moduleOf({globals({global(kI32, {0x01, 0x0B})})}), "constant expression required");
  expectInvalid(moduleOf({globals({global(kExternRef, {0xD0, kFuncRef, 0x0B})})}), "type mismatch");
  expectValid(moduleOf({globals({global(kExternRef, {0xD0, kExternRef, 0x0B})})}));
}

TEST(ModuleValidator, GlobalGetInConstantExpressions) {
  auto global = [](uint8_t type, const Bytes& expr) { return cat({{type, 0x00}, expr}); };
  // Only imported, immutable globals may be read (spec 3.4.10, context C').
  expectValid(moduleOf({importGlobal(kI32, false), globals({global(kI32, {0x23, 0x00, 0x0B})})}));
  expectInvalid(moduleOf({importGlobal(kI32, true), globals({global(kI32, {0x23, 0x00, 0x0B})})}),
                "constant expression required");
  expectInvalid(moduleOf({importGlobal(kI32, false), globals({global(kI64, {0x23, 0x00, 0x0B})})}),
                "type mismatch");
  expectInvalid(
      moduleOf({globals({global(kI32, {0x41, 0x00, 0x0B}), global(kI32, {0x23, 0x00, 0x0B})})}),
      "unknown global");
  expectInvalid(moduleOf({importGlobal(kI32, false), globals({global(kI32, {0x23, 0x01, 0x0B})})}),
                "unknown global");
  expectInvalid(moduleOf({globals({global(kI32, {0x23, 0x00, 0x0B})})}), "unknown global");
}

// Extended constant expressions (WebAssembly 3.0): i32 and i64 add, sub and
// mul over constants and imported immutable globals, typed on a stack.
TEST(ModuleValidator, ExtendedConstantExpressions) {
  auto global = [](uint8_t type, const Bytes& expr) { return cat({{type, 0x00}, expr}); };
  constexpr uint8_t kI32Const = 0x41, kI64Const = 0x42, kGlobalGet = 0x23, kI32Add = 0x6A,
                    kI32Mul = 0x6C, kI64Sub = 0x7D, kF32Const = 0x43, kEnd = 0x0B;
  expectValid(moduleOf({globals({global(kI32, {kI32Const, 1, kI32Const, 2, kI32Add, kEnd})})}));
  expectValid(moduleOf({importGlobal(kI64, false),
                        globals({global(kI64, {kGlobalGet, 0, kI64Const, 2, kI64Sub, kEnd})})}));
  expectValid(moduleOf({globals(
      {global(kI32, {kI32Const, 1, kI32Const, 2, kI32Const, 3, kI32Mul, kI32Add, kEnd})})}));
  expectInvalid(moduleOf({globals({global(kI32, {kI32Add, kEnd})})}),
                "type mismatch: i32.add in the initialiser of global 0 takes two i32 operands");
  expectInvalid(moduleOf({globals({global(kI32, {kI32Const, 1, kI64Const, 2, kI32Add, kEnd})})}),
                "type mismatch: i32.add");
  expectInvalid(moduleOf({globals({global(kI64, {kI32Const, 1, kI32Const, 2, kI32Add, kEnd})})}),
                "type mismatch: the initialiser of global 0 produces i32, expected i64");
  expectInvalid(moduleOf({globals(
                    {global(kI32, {kI32Const, 1, kI32Const, 2, kI32Const, 3, kI32Add, kEnd})})}),
                "type mismatch: the initialiser of global 0 leaves 2 values, expected one");
  expectInvalid(
      moduleOf({globals({global(kI32, {kF32Const, 0, 0, 0, 0, kI32Const, 1, kI32Add, kEnd})})}),
      "type mismatch");
  expectInvalid(moduleOf({importGlobal(kI32, true),
                          globals({global(kI32, {kGlobalGet, 0, kI32Const, 1, kI32Add, kEnd})})}),
                "constant expression required (mutable global)");
  expectInvalid(moduleOf({globals({global(kI32, {kGlobalGet, 0, kI32Const, 1, kI32Add, kEnd})})}),
                "unknown global 0");
  // i32.div_s is not among them.
  expectInvalid(moduleOf({globals({global(kI32, {kI32Const, 1, kI32Const, 1, 0x6D, kEnd})})}),
                "constant expression required");
  // An element item is a reference, which no arithmetic makes.
  Bytes table = section(kTable, {0x01, kFuncRef, 0x00, 0x01});
  Bytes elem =
      section(kElem, {0x01, 0x05, kFuncRef, 0x01, kI32Const, 0, kI32Const, 0, kI32Add, kEnd});
  expectInvalid(
      moduleOf({table, elem}),
      "type mismatch: item 0 of element segment 0 is integer arithmetic, expected funcref");
}

TEST(ModuleValidator, RefFuncInConstantExpressions) {
  Bytes refFunc0 = cat({{kFuncRef, 0x00}, {0xD2, 0x00, 0x0B}});
  expectValid(moduleOf({kTypes, section(kFunction, {0x01, 0x00}), globals({refFunc0}),
                        section(kCode, {0x01, 0x02, 0x00, 0x0B})}));
  expectInvalid(moduleOf({globals({refFunc0})}), "unknown function");
}

TEST(ModuleValidator, Exports) {
  Bytes base =
      cat({kTypes, section(kFunction, {0x01, 0x00}), section(kTable, {0x01, kFuncRef, 0x00, 0x00}),
           section(kMemory, {0x01, 0x00, 0x00}), globals({{kI32, 0x00, 0x41, 0x00, 0x0B}})});
  Bytes code = section(kCode, {0x01, 0x02, 0x00, 0x0B});
  auto withExports = [&](std::initializer_list<Bytes> e) {
    return cat({test::header(), base, exports(e), code});
  };
  expectValid(withExports({cat({name("f"), {0x00, 0x00}}), cat({name("t"), {0x01, 0x00}}),
                           cat({name("m"), {0x02, 0x00}}), cat({name("g"), {0x03, 0x00}})}));
  // Names are byte strings: "a" and "a\0" differ.
  expectValid(withExports(
      {cat({name("a"), {0x00, 0x00}}), cat({name(std::string_view("a\0", 2)), {0x00, 0x00}})}));
  expectInvalid(withExports({cat({name("f"), {0x00, 0x00}}), cat({name("f"), {0x03, 0x00}})}),
                "duplicate export name");
  expectInvalid(withExports({cat({name("f"), {0x00, 0x01}})}), "unknown func");
  expectInvalid(withExports({cat({name("t"), {0x01, 0x01}})}), "unknown table");
  expectInvalid(withExports({cat({name("m"), {0x02, 0x01}})}), "unknown memory");
  expectInvalid(withExports({cat({name("g"), {0x03, 0x01}})}), "unknown global");
}

TEST(ModuleValidator, StartFunction) {
  Bytes code = section(kCode, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B});
  auto withStart = [&](uint8_t f) {
    return moduleOf({kTypes, section(kFunction, {0x02, 0x00, 0x01}), section(kStart, {f}), code});
  };
  expectValid(withStart(0));
  expectInvalid(withStart(1), "start function");
  expectInvalid(withStart(2), "unknown function");
}

Bytes elemModule(const Bytes& tables, const Bytes& segment) {
  return moduleOf({kTypes, section(kFunction, {0x01, 0x00}), section(kTable, tables),
                   section(kElem, cat({{0x01}, segment})),
                   section(kCode, {0x01, 0x02, 0x00, 0x0B})});
}

TEST(ModuleValidator, ElementSegments) {
  const Bytes funcTable = {0x01, kFuncRef, 0x00, 0x01};
  const Bytes externTable = {0x01, kExternRef, 0x00, 0x01};
  expectValid(elemModule(funcTable, {0x00, 0x41, 0x00, 0x0B, 0x01, 0x00}));
  expectInvalid(elemModule(funcTable, {0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00}),
                "unknown table");
  expectInvalid(elemModule(funcTable, {0x00, 0x42, 0x00, 0x0B, 0x01, 0x00}),
                "type mismatch");  // i64 offset
  expectInvalid(elemModule(funcTable, {0x00, 0x41, 0x00, 0x0B, 0x01, 0x05}), "unknown function");
  // The message names the item (its name is only formatted on an error).
  expectInvalid(elemModule(funcTable, {0x00, 0x41, 0x00, 0x0B, 0x03, 0x00, 0x00, 0x07}),
                "unknown function 7 in item 2 of element segment 0");
  expectInvalid(elemModule(funcTable, {0x00, 0x42, 0x00, 0x0B, 0x01, 0x00}),
                "type mismatch: the offset of element segment 0 produces i64, expected i32");
  // i32.add is constant since WebAssembly 3.0 (extended constant
  // expressions); i32.xor is not.
  expectValid(elemModule(funcTable, {0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B, 0x01, 0x00}));
  expectInvalid(elemModule(funcTable, {0x00, 0x41, 0x00, 0x41, 0x00, 0x73, 0x0B, 0x01, 0x00}),
                "constant expression required");
  // funcref items into an externref table.
  expectInvalid(elemModule(externTable, {0x00, 0x41, 0x00, 0x0B, 0x01, 0x00}), "type mismatch");
  expectValid(elemModule(externTable,
                         {0x06, 0x00, 0x41, 0x00, 0x0B, kExternRef, 0x01, 0xD0, kExternRef, 0x0B}));
  // Items must have the segment's type.
  expectInvalid(elemModule(funcTable, {0x05, kExternRef, 0x01, 0xD2, 0x00, 0x0B}), "type mismatch");
  expectInvalid(elemModule(funcTable, {0x05, kFuncRef, 0x01, 0x41, 0x00, 0x0B}), "type mismatch");
  // Passive and declarative segments need no table.
  expectValid(moduleOf({kTypes, section(kFunction, {0x01, 0x00}),
                        section(kElem, {0x02, 0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x01, 0x00}),
                        section(kCode, {0x01, 0x02, 0x00, 0x0B})}));
}

TEST(ModuleValidator, DataSegments) {
  Bytes memory = section(kMemory, {0x01, 0x00, 0x01});
  expectValid(moduleOf({memory, section(kData, {0x01, 0x00, 0x41, 0x00, 0x0B, 0x00})}));
  expectInvalid(moduleOf({section(kData, {0x01, 0x00, 0x41, 0x00, 0x0B, 0x00})}), "unknown memory");
  expectInvalid(moduleOf({memory, section(kData, {0x01, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00})}),
                "unknown memory");
  expectInvalid(moduleOf({memory, section(kData, {0x01, 0x00, 0x42, 0x00, 0x0B, 0x00})}),
                "type mismatch");
  expectInvalid(moduleOf({memory, section(kData, {0x01, 0x00, 0x23, 0x00, 0x0B, 0x00})}),
                "unknown global 0 in the offset of data segment 0");
  expectValid(moduleOf({section(kData, {0x01, 0x01, 0x00})}));  // passive: no memory needed
}

TEST(ModuleValidator, ErrorsNameTheSection) {
  Result<void> r = validateModule(decoded(moduleOf({kTypes, funcs({5})})));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "unknown type 5 for function 0 (function section)");
}

}  // namespace
}  // namespace ember
