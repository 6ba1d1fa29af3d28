// Tests of decodeModule (runtime/format/decoder.h): every section, every
// element segment encoding, LEB128 edge cases, hostile counts and lengths,
// the name section, and error messages that say where.
#include "runtime/format/decoder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "runtime/format/const_expr.h"
#include "runtime/format/reader.h"
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

const Bytes kOneVoidType = section(kType, {0x01, 0x60, 0x00, 0x00});

Bytes functions(uint32_t n) {
  Bytes payload = leb(n);
  payload.resize(payload.size() + n, 0x00);  // all of type 0
  return section(kFunction, payload);
}

// A code section of `n` empty bodies (no locals, just `end`).
Bytes emptyBodies(uint32_t n) {
  Bytes payload = leb(n);
  for (uint32_t i = 0; i < n; ++i) payload.insert(payload.end(), {0x02, 0x00, 0x0B});
  return section(kCode, payload);
}

// One function whose body declares `locals` and then ends.
Bytes moduleWithLocals(const Bytes& locals) {
  Bytes body = cat({locals, {0x0B}});
  return moduleOf(
      {kOneVoidType, functions(1), section(kCode, cat({{0x01}, leb(body.size()), body}))});
}

// One global of type `type` (immutable) initialised by `expr` (with its end).
Bytes moduleWithGlobal(uint8_t type, const Bytes& expr) {
  return moduleOf({section(kGlobal, cat({{0x01, type, 0x00}, expr}))});
}

bool startsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

void expectMalformed(const Bytes& bytes, std::string_view phrase) {
  Result<Module> m = decodeModule(bytes);
  ASSERT_FALSE(m.ok()) << "expected \"" << phrase << "\"";
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
  EXPECT_TRUE(startsWith(m.error().message(), phrase))
      << "message: " << m.error().message() << "\nexpected it to start with: " << phrase;
}

Module decodeOk(const Bytes& bytes) {
  Result<Module> m = decodeModule(bytes);
  EXPECT_TRUE(m.ok()) << m.error().message();
  return m.ok() ? std::move(m).value() : Module{};
}

// --- Header and section framing ------------------------------------------

TEST(Decoder, EmptyModuleDecodes) {
  Module m = decodeOk(moduleOf({}));
  EXPECT_TRUE(m.types.empty());
  EXPECT_TRUE(m.bodies.empty());
  EXPECT_FALSE(m.startFunction.has_value());
  EXPECT_FALSE(m.dataCount.has_value());
  EXPECT_EQ(m.bytes.size(), 8u);
}

TEST(Decoder, HeaderErrors) {
  expectMalformed({}, "unexpected end");
  expectMalformed({0x00, 0x61, 0x73}, "unexpected end");
  expectMalformed({0x61, 0x73, 0x6D, 0x00}, "magic header not detected");
  expectMalformed({0xEF, 0xBB, 0xBF, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00},
                  "magic header not detected");
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}, "unexpected end");
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}, "unknown binary version");
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01}, "unknown binary version");
}

TEST(Decoder, UnknownSectionIdIsMalformed) {
  expectMalformed(moduleOf({{0x0D, 0x00}}), "malformed section id");
  expectMalformed(moduleOf({{0x80, 0x00, 0x01, 0x00}}), "malformed section id");
}

TEST(Decoder, SectionSizeMustMatchContent) {
  // One type, then a stray byte the type section does not account for.
  expectMalformed(moduleOf({section(kType, {0x01, 0x60, 0x00, 0x00, 0x00})}),
                  "section size mismatch");
  // A size running past the end of the module.
  expectMalformed(moduleOf({{kType, 0x05, 0x00}}), "length out of bounds");
  // Content running past the section's size.
  expectMalformed(moduleOf({section(kType, {0x01, 0x60, 0x02, 0x7F, 0x7F})}), "unexpected end");
}

TEST(Decoder, SectionOrderIsEnforced) {
  expectMalformed(moduleOf({kOneVoidType, kOneVoidType}), "unexpected content after last section");
  expectMalformed(moduleOf({section(kMemory, {0x00}), section(kTable, {0x00})}),
                  "unexpected content after last section");
  // The data count section goes between element and code, not by its id.
  decodeOk(moduleOf({section(kElem, {0x00}), section(kDataCount, {0x00}), section(kCode, {0x00})}));
  expectMalformed(moduleOf({section(kCode, {0x00}), section(kDataCount, {0x00})}),
                  "unexpected content after last section");
  expectMalformed(moduleOf({section(kData, {0x00}), section(kDataCount, {0x00})}),
                  "unexpected content after last section");
}

TEST(Decoder, CustomSectionsAnywhereAreRecorded) {
  Bytes custom1 = section(0, cat({name("first"), {0xAA, 0xBB}}));
  Bytes custom2 = section(0, cat({name(""), {}}));
  Module m = decodeOk(moduleOf({custom1, kOneVoidType, custom2, custom1}));
  ASSERT_EQ(m.customSections.size(), 3u);
  EXPECT_EQ(m.customSections[0].name, "first");
  EXPECT_EQ(m.customSections[0].size, 2u);
  EXPECT_EQ(m.bytes[m.customSections[0].offset], 0xAA);
  EXPECT_EQ(m.bytes[m.customSections[0].offset + 1], 0xBB);
  EXPECT_EQ(m.customSections[1].name, "");
  EXPECT_EQ(m.customSections[1].size, 0u);
  EXPECT_EQ(m.types.size(), 1u);
  // Those before the last other section stay in the bytes; the rest do not.
  EXPECT_TRUE(m.customSections[0].retained);
  EXPECT_FALSE(m.customSections[1].retained);
  EXPECT_FALSE(m.customSections[2].retained);
  EXPECT_EQ(m.bytes.size(), 8 + custom1.size() + kOneVoidType.size());
}

// Trailing custom sections (DWARF, say) are not kept, but the name section
// is, moved up to follow the last other section; what is kept decodes to
// the same module.
TEST(Decoder, TrailingCustomSectionsAreNotKeptButTheNameSectionIs) {
  Bytes names = section(0, cat({name("name"), {0x00}, leb(7), name("module")}));
  Bytes debug = section(0, cat({name(".debug_info"), Bytes(5000, 0xDD)}));
  Bytes data = section(kData, cat({{0x01, 0x01}, name("abc")}));  // one passive segment
  Bytes binary = moduleOf({kOneVoidType, data, debug, names, debug});
  Module m = decodeOk(binary);
  ASSERT_EQ(m.customSections.size(), 3u);
  EXPECT_FALSE(m.customSections[0].retained);
  EXPECT_TRUE(m.customSections[1].retained);
  EXPECT_FALSE(m.customSections[2].retained);
  EXPECT_EQ(m.bytes, moduleOf({kOneVoidType, data, names}));
  const CustomSection& kept = m.customSections[1];
  EXPECT_EQ(std::string(m.bytes.begin() + kept.offset, m.bytes.end()),
            std::string(names.end() - kept.size, names.end()));
  EXPECT_EQ(std::string(m.bytes.begin() + m.dataSegments[0].bytesOffset,
                        m.bytes.begin() + m.dataSegments[0].bytesOffset + 3),
            "abc");
  EXPECT_EQ(m.names.moduleName, "module");
  Module again = decodeOk(m.bytes);
  EXPECT_EQ(again.bytes, m.bytes);
  EXPECT_EQ(again.names.moduleName, "module");
}

// The runtime passes the platform's prefault hint for the copy: it gets the
// kept bytes' memory once, before they are written, and changes nothing.
const uint8_t* prefaultedAt = nullptr;
size_t prefaultedBytes = 0;
void notePrefault(void* addr, size_t size) {
  prefaultedAt = static_cast<const uint8_t*>(addr);
  prefaultedBytes = size;
}

TEST(Decoder, TheCopyIsPrefaultedBeforeItIsWritten) {
  Bytes debug = section(0, cat({name(".debug_info"), Bytes(5000, 0xDD)}));
  Bytes data = section(kData, cat({{0x01, 0x01}, name("abc")}));
  Bytes binary = moduleOf({kOneVoidType, data, debug});
  auto m = decodeModule(binary, notePrefault);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->bytes, moduleOf({kOneVoidType, data}));
  EXPECT_EQ(prefaultedAt, m->bytes.data());
  EXPECT_EQ(prefaultedBytes, m->bytes.size());
}

// Only the first name section is read, so only it is kept.
TEST(Decoder, OnlyTheFirstNameSectionIsKept) {
  Bytes first = section(0, cat({name("name"), {0x00}, leb(2), name("a")}));
  Bytes second = section(0, cat({name("name"), {0x00}, leb(2), name("b")}));
  Module m = decodeOk(moduleOf({kOneVoidType, first, second}));
  EXPECT_EQ(m.names.moduleName, "a");
  EXPECT_EQ(m.bytes, moduleOf({kOneVoidType, first}));
  Module inside = decodeOk(moduleOf({first, kOneVoidType, second}));
  EXPECT_EQ(inside.bytes, moduleOf({first, kOneVoidType}));
  EXPECT_FALSE(inside.customSections[1].retained);
}

TEST(Decoder, CustomSectionNameMustBeUtf8) {
  expectMalformed(moduleOf({section(0, cat({name("\xC0\x80"), {0x01}}))}),
                  "malformed UTF-8 encoding");
  // A custom section too short to hold its own name.
  expectMalformed(moduleOf({{0x00, 0x00}}), "unexpected end");
  expectMalformed(moduleOf({{0x00, 0x01, 0x05}}), "length out of bounds");
}

// --- LEB128 --------------------------------------------------------------

TEST(Decoder, UnsignedLebEdgeCases) {
  auto memoryMin = [](const Bytes& minLeb) {
    return moduleOf({section(kMemory, cat({{0x01, 0x00}, minLeb}))});
  };
  EXPECT_EQ(decodeOk(memoryMin({0x82, 0x00})).memories[0].limits.min, 2u);  // non-minimal is fine
  EXPECT_EQ(decodeOk(memoryMin({0x82, 0x80, 0x80, 0x80, 0x00})).memories[0].limits.min, 2u);
  expectMalformed(memoryMin({0x82, 0x80, 0x80, 0x80, 0x80, 0x00}),
                  "integer representation too long");
  expectMalformed(memoryMin({0x82, 0x80, 0x80, 0x80, 0x70}), "integer too large");
  expectMalformed(memoryMin({0x82, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  EXPECT_EQ(decodeOk(memoryMin({0xFF, 0xFF, 0xFF, 0xFF, 0x0F})).memories[0].limits.min,
            0xFFFFFFFFu);
  expectMalformed(memoryMin({0x82, 0x80}), "unexpected end");
}

TEST(Decoder, SignedLebEdgeCases) {
  auto i32Init = [](const Bytes& value) {
    return decodeOk(moduleWithGlobal(0x7F, cat({{0x41}, value, {0x0B}})))
        .globals.at(0)
        .init.bits[0];
  };
  EXPECT_EQ(i32Init({0x80, 0x00}), 0u);
  EXPECT_EQ(i32Init({0xFF, 0x7F}), 0xFFFFFFFFu);
  EXPECT_EQ(i32Init({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), 0xFFFFFFFFu);
  EXPECT_EQ(i32Init({0x80, 0x80, 0x80, 0x80, 0x78}), 0x80000000u);  // INT32_MIN
  expectMalformed(moduleWithGlobal(0x7F, {0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B}),
                  "integer too large");
  expectMalformed(moduleWithGlobal(0x7F, {0x41, 0x80, 0x80, 0x80, 0x80, 0x1F, 0x0B}),
                  "integer too large");
  expectMalformed(moduleWithGlobal(0x7F, {0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}),
                  "integer representation too long");
  Bytes minusOne64 = {0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x0B};
  EXPECT_EQ(decodeOk(moduleWithGlobal(0x7E, minusOne64)).globals[0].init.bits[0], ~uint64_t{0});
  expectMalformed(moduleWithGlobal(0x7E, {0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                          0xFF, 0x01, 0x0B}),
                  "integer too large");
}

// --- Hostile sizes: must fail fast, never allocate --------------------------

template <typename F>
void expectFastFailure(F&& decode, std::string_view phrase) {
  auto start = std::chrono::steady_clock::now();
  Result<Module> m = decode();
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(startsWith(m.error().message(), phrase)) << m.error().message();
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));
}

TEST(Decoder, HugeLengthsAndCountsFailFast) {
  const Bytes u32Max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  auto decode = [](Bytes b) { return [b] { return decodeModule(b); }; };
  // A section claiming 4 GiB.
  expectFastFailure(decode(moduleOf({cat({{kType}, u32Max})})), "length out of bounds");
  // Vectors claiming 4 billion entries, in every section that has one.
  for (uint8_t id :
       {kType, kImport, kFunction, kTable, kMemory, kGlobal, kExport, kElem, kCode, kData}) {
    SCOPED_TRACE(int(id));
    expectFastFailure(decode(moduleOf({section(id, cat({u32Max, {0x00, 0x00}}))})),
                      "length out of bounds");
  }
  // A name claiming 4 GiB.
  expectFastFailure(decode(moduleOf({section(kExport, cat({{0x01}, u32Max, {0x00, 0x00}}))})),
                    "length out of bounds");
  // A data segment claiming 4 GiB of bytes.
  expectFastFailure(decode(moduleOf({section(kMemory, {0x01, 0x00, 0x01}),
                                     section(kData, cat({{0x01, 0x01}, u32Max}))})),
                    "unexpected end");
  // Four billion local declaration runs, and a billion locals in one run.
  expectFastFailure(decode(moduleWithLocals(cat({u32Max, {0x01, 0x7F}}))), "length out of bounds");
  expectFastFailure(decode(moduleWithLocals(cat({{0x01}, leb(1000000000), {0x7F}}))),
                    "too many locals");
  // A type with four billion parameters.
  expectFastFailure(decode(moduleOf({section(kType, cat({{0x01, 0x60}, u32Max, {0x00}}))})),
                    "length out of bounds");
}

TEST(Decoder, LocalsLimit) {
  Module m =
      decodeOk(moduleWithLocals(cat({{0x02}, leb(kMaxFunctionLocals - 1), {0x7F}, {0x01, 0x7E}})));
  EXPECT_EQ(m.bodies[0].localCount, kMaxFunctionLocals);
  expectMalformed(moduleWithLocals(cat({{0x02}, leb(kMaxFunctionLocals), {0x7F}, {0x01, 0x7E}})),
                  "too many locals");
  // Runs that overflow 32 bits together (spec binary.wast).
  Bytes quarter = {0x80, 0x80, 0x80, 0x80, 0x04};
  expectMalformed(
      moduleWithLocals(
          cat({{0x04}, quarter, {0x7F}, quarter, {0x7E}, quarter, {0x7D}, quarter, {0x7C}})),
      "too many locals");
  // A run count that does not fit in 32 bits.
  expectMalformed(moduleWithLocals({0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E}),
                  "integer too large");
  expectMalformed(moduleWithLocals({0x01, 0x01, 0x7A}), "malformed value type");
}

// The item counts engines agree on (types.h): one past each is refused at
// its count, before any item is read (the bytes after the count are filler),
// and the limit itself is allowed.
TEST(Decoder, ItemCountLimits) {
  struct Case {
    uint8_t section;
    uint32_t limit;
    size_t minItemBytes;
    const char* error;
  };
  const Case cases[] = {
      {kType, kMaxTypes, 3, "too many types"},
      {kImport, kMaxImports, 4, "too many imports"},
      {kTable, kMaxTables, 3, "too many tables"},
      {kGlobal, kMaxGlobals, 3, "too many globals"},
      {kExport, kMaxExports, 3, "too many exports"},
      {kElem, kMaxElemSegments, 3, "too many element segments"},
      {kData, kMaxDataSegments, 2, "too many data segments"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    Bytes payload = leb(c.limit + 1);
    payload.resize(payload.size() + size_t{c.limit + 1} * c.minItemBytes, 0x00);
    expectMalformed(moduleOf({section(c.section, payload)}), c.error);
  }
  // A segment's items: a funcref segment of function indexes.
  Bytes items = cat({{0x01, 0x00, 0x41, 0x00, 0x0B}, leb(kMaxElemSegmentItems + 1)});
  items.resize(items.size() + kMaxElemSegmentItems + 1, 0x00);
  expectMalformed(moduleOf({section(kElem, items)}), "too many elements in a segment");

  // At the limit: 100,000 exports of one function, each name distinct.
  Bytes exports = leb(kMaxExports);
  for (uint32_t i = 0; i < kMaxExports; ++i) {
    Bytes entry = cat({name(std::to_string(i)), {0x00, 0x00}});
    exports.insert(exports.end(), entry.begin(), entry.end());
  }
  Module m =
      decodeOk(moduleOf({kOneVoidType, functions(1), section(kExport, exports), emptyBodies(1)}));
  EXPECT_EQ(m.exports.size(), kMaxExports);
}

TEST(Decoder, NameLengthLimit) {
  auto exportNamed = [](size_t bytes) {
    Bytes payload = cat({{0x01}, name(std::string(bytes, 'n')), {0x00, 0x00}});
    return moduleOf({kOneVoidType, functions(1), section(kExport, payload), emptyBodies(1)});
  };
  EXPECT_EQ(decodeOk(exportNamed(kMaxNameBytes)).exports[0].name.size(), kMaxNameBytes);
  expectMalformed(exportNamed(kMaxNameBytes + 1), "name too long");
}

// --- Sections, through a module that has all of them ------------------------

class SectionsModule : public ::testing::Test {
 protected:
  void SetUp() override {
    Bytes bytes = test::watModule("format_sections");
    ASSERT_FALSE(bytes.empty()) << "format_sections.wasm missing";
    m_ = decodeOk(bytes);
  }
  Module m_;
};

TEST_F(SectionsModule, Types) {
  ASSERT_EQ(m_.types.size(), 3u);
  EXPECT_EQ(m_.types[0], (FuncType{{}, {}}));
  EXPECT_EQ(m_.types[1], (FuncType{{ValType::I32, ValType::I64}, {ValType::F32}}));
  EXPECT_EQ(m_.types[2],
            (FuncType{{ValType::F64, ValType::V128, ValType::FuncRef, ValType::ExternRef},
                      {ValType::I32, ValType::I64}}));
}

TEST_F(SectionsModule, Imports) {
  ASSERT_EQ(m_.imports.size(), 5u);
  EXPECT_EQ(m_.imports[0].module, "env");
  EXPECT_EQ(m_.imports[0].name, "f");
  EXPECT_EQ(m_.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m_.imports[0].funcTypeIndex, 1u);
  EXPECT_EQ(m_.imports[1].kind, ExternKind::Table);
  EXPECT_EQ(m_.imports[1].table.limits.min, 2u);
  EXPECT_EQ(m_.imports[1].table.limits.max, 10u);
  EXPECT_EQ(m_.imports[2].kind, ExternKind::Memory);
  EXPECT_EQ(m_.imports[2].memory.limits.max, 2u);
  EXPECT_EQ(m_.imports[3].global.type, ValType::I32);
  EXPECT_FALSE(m_.imports[3].global.isMutable);
  EXPECT_TRUE(m_.imports[4].global.isMutable);
  EXPECT_EQ(m_.importedFuncCount, 1u);
  EXPECT_EQ(m_.importedTableCount, 1u);
  EXPECT_EQ(m_.importedMemoryCount, 1u);
  EXPECT_EQ(m_.importedGlobalCount, 2u);
}

TEST_F(SectionsModule, IndexSpacesPutImportsFirst) {
  EXPECT_EQ(m_.funcTypeIndices, (std::vector<uint32_t>{1, 0, 1, 2}));
  ASSERT_EQ(m_.tables.size(), 2u);
  EXPECT_EQ(m_.tables[0].elemType, ValType::FuncRef);
  EXPECT_EQ(m_.tables[1].elemType, ValType::ExternRef);
  EXPECT_EQ(m_.tables[1].limits.min, 3u);
  EXPECT_FALSE(m_.tables[1].limits.max.has_value());
  ASSERT_EQ(m_.memories.size(), 1u);
  EXPECT_EQ(m_.memories[0].limits.min, 1u);
  ASSERT_EQ(m_.globals.size(), 10u);
  EXPECT_EQ(m_.globals[1].type.type, ValType::I64);
}

TEST_F(SectionsModule, GlobalInitialisers) {
  const auto& g = m_.globals;
  EXPECT_EQ(g[2].init.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(g[2].init.bits[0], 0xFFFFFFF9u);
  EXPECT_EQ(g[3].init.kind, ConstExpr::Kind::I64);
  EXPECT_EQ(g[3].init.bits[0], 0x123456789u);
  EXPECT_TRUE(g[3].type.isMutable);
  EXPECT_EQ(g[4].init.bits[0], 0x3FC00000u);          // 1.5f
  EXPECT_EQ(g[5].init.bits[0], 0xC002000000000000u);  // -2.25
  EXPECT_EQ(g[6].init.kind, ConstExpr::Kind::V128);
  EXPECT_EQ(g[6].init.bits[0], 0x0000000200000001u);
  EXPECT_EQ(g[6].init.bits[1], 0x0000000400000003u);
  EXPECT_EQ(g[7].init.kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(g[7].init.index, 2u);
  EXPECT_EQ(g[8].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(g[8].init.type, ValType::ExternRef);
  EXPECT_EQ(g[9].init.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(g[9].init.index, 0u);
  EXPECT_EQ(g[9].init.type, ValType::I32);  // resolved from the import
  for (size_t i = 2; i < g.size(); ++i) EXPECT_EQ(g[i].init.shape, ConstExpr::Shape::Single) << i;
}

TEST_F(SectionsModule, ExportsAndStart) {
  ASSERT_EQ(m_.exports.size(), 4u);
  EXPECT_EQ(m_.exports[0].name, "first");
  EXPECT_EQ(m_.exports[0].kind, ExternKind::Func);
  EXPECT_EQ(m_.exports[0].index, 1u);
  EXPECT_EQ(m_.exports[2].kind, ExternKind::Table);
  EXPECT_EQ(m_.exports[2].index, 1u);
  EXPECT_EQ(m_.exports[3].kind, ExternKind::Global);
  EXPECT_EQ(m_.exports[3].index, 3u);
  EXPECT_EQ(m_.startFunction, 1u);
}

TEST_F(SectionsModule, Bodies) {
  ASSERT_EQ(m_.bodies.size(), 3u);
  EXPECT_EQ(m_.definedFuncCount(), 3u);
  const FunctionBody& first = m_.bodies[0];
  const std::span<const LocalRun> locals = m_.localsOf(first);
  ASSERT_EQ(locals.size(), 3u);
  EXPECT_EQ(locals[0].count, 2u);
  EXPECT_EQ(locals[0].type, ValType::I32);
  EXPECT_EQ(locals[1].type, ValType::I64);
  EXPECT_EQ(locals[2].type, ValType::F32);
  EXPECT_EQ(first.localCount, 4u);
  EXPECT_EQ(first.codeOffset - first.offset, 7u);  // run count + 3 runs of 2 bytes
  // data.drop 1 (0xFC 0x09 0x01), then end.
  std::span<const uint8_t> code = m_.bodyBytes(first);
  EXPECT_EQ(std::vector<uint8_t>(code.begin(), code.end()),
            (std::vector<uint8_t>{0xFC, 0x09, 0x01, 0x0B}));
  for (const FunctionBody& b : m_.bodies) {
    EXPECT_LT(b.offset, b.codeOffset);
    EXPECT_LT(b.codeOffset, b.end);
    EXPECT_EQ(m_.bytes[b.end - 1], 0x0B);
  }
  EXPECT_EQ(m_.bodies[1].localCount, 0u);
  EXPECT_TRUE(m_.localsOf(m_.bodies[1]).empty());
  // A run outside localRuns (a Module not from the decoder) gives none.
  FunctionBody stray = first;
  stray.firstLocalRun = static_cast<uint32_t>(m_.localRuns.size());
  EXPECT_TRUE(m_.localsOf(stray).empty());
  stray.firstLocalRun = UINT32_MAX;
  EXPECT_TRUE(m_.localsOf(stray).empty());
  EXPECT_EQ(m_.bodies[0].end, m_.bodies[1].offset - 1);  // the next body's size byte sits between
}

TEST_F(SectionsModule, ElementAndDataSegments) {
  ASSERT_EQ(m_.elemSegments.size(), 2u);
  EXPECT_EQ(m_.elemSegments[0].mode, SegmentMode::Active);
  EXPECT_EQ(m_.elemSegments[0].offset.bits[0], 1u);
  EXPECT_EQ(m_.elemSegments[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m_.elemSegments[1].items.at(0).index, 3u);
  EXPECT_EQ(m_.dataCount, 2u);
  ASSERT_EQ(m_.dataSegments.size(), 2u);
  const DataSegment& active = m_.dataSegments[0];
  EXPECT_EQ(active.mode, SegmentMode::Active);
  EXPECT_EQ(active.offset.bits[0], 16u);
  EXPECT_EQ(std::string(m_.bytes.begin() + active.bytesOffset,
                        m_.bytes.begin() + active.bytesOffset + active.size),
            "hello");
  const DataSegment& passive = m_.dataSegments[1];
  EXPECT_EQ(passive.mode, SegmentMode::Passive);
  EXPECT_EQ(std::string(m_.bytes.begin() + passive.bytesOffset,
                        m_.bytes.begin() + passive.bytesOffset + passive.size),
            "passive");
}

TEST_F(SectionsModule, DeclaredFuncRefsAndNames) {
  // 0 is only imported; 1 is exported and in an elem; 2 is a ref.func global
  // initialiser; 3 is in a passive elem.
  EXPECT_EQ(m_.declaredFuncRefs, (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(m_.names.moduleName, "sections");
  EXPECT_EQ(m_.names.functionNames.at(0), "imported");
  EXPECT_EQ(m_.names.functionNames.at(3), "third");
  ASSERT_EQ(m_.customSections.size(), 1u);
  EXPECT_EQ(m_.customSections[0].name, "name");
}

// --- Section-specific malformations ----------------------------------------

TEST(Decoder, TypeSectionErrors) {
  expectMalformed(moduleOf({section(kType, {0x01, 0x61, 0x00, 0x00})}), "malformed function type");
  expectMalformed(moduleOf({section(kType, {0x01, 0x60, 0x01, 0x7A, 0x00})}),
                  "malformed value type");
  expectMalformed(moduleOf({section(kType, {0x01, 0x60, 0x00, 0x01, 0x40})}),
                  "malformed value type");
  expectMalformed(moduleOf({section(kType, cat({{0x01, 0x60},
                                                leb(kMaxFunctionParams + 1),
                                                Bytes(kMaxFunctionParams + 1, 0x7F),
                                                {0x00}}))}),
                  "too many parameters");
}

Bytes importOf(const Bytes& desc) {
  return moduleOf({section(kImport, cat({{0x01}, name("m"), name("n"), desc}))});
}

TEST(Decoder, ImportErrors) {
  expectMalformed(importOf({0x04}), "malformed import kind");
  expectMalformed(importOf({0x80, 0x00}), "malformed import kind");
  expectMalformed(importOf({0x03, 0x7F, 0x02}), "malformed mutability");
  expectMalformed(importOf({0x03, 0x7F, 0xFF}), "malformed mutability");
  expectMalformed(importOf({0x02, 0x02, 0x00}), "integer too large");  // shared: threads only
  expectMalformed(importOf({0x02, 0x81, 0x00, 0x00}), "integer representation too long");
  expectMalformed(importOf({0x01, 0x7F, 0x00, 0x00}), "malformed reference type");
  expectMalformed(importOf({0x01, 0x70, 0x02, 0x00}), "integer too large");
  EXPECT_EQ(decodeOk(importOf({0x02, 0x01, 0x01, 0x03})).memories[0].limits.max, 3u);
}

TEST(Decoder, ExportAndGlobalErrors) {
  expectMalformed(moduleOf({section(kExport, cat({{0x01}, name("e"), {0x04, 0x00}}))}),
                  "malformed export kind");
  expectMalformed(moduleOf({section(kGlobal, {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})}),
                  "malformed mutability");
  expectMalformed(moduleOf({section(kGlobal, {0x01, 0x7F, 0x00, 0x41, 0x00})}), "unexpected end");
}

TEST(Decoder, StartAndDataCount) {
  Module m = decodeOk(moduleOf({kOneVoidType, functions(1), section(kStart, {0x00}),
                                section(kDataCount, {0x00}), emptyBodies(1)}));
  EXPECT_EQ(m.startFunction, 0u);
  EXPECT_EQ(m.dataCount, 0u);
  expectMalformed(moduleOf({section(kStart, {0x00}), section(kStart, {0x00})}),
                  "unexpected content after last section");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  const char* phrase = "function and code section have inconsistent lengths";
  expectMalformed(moduleOf({kOneVoidType, functions(2)}), phrase);
  expectMalformed(moduleOf({emptyBodies(1)}), phrase);
  expectMalformed(moduleOf({kOneVoidType, functions(2), emptyBodies(1)}), phrase);
  expectMalformed(moduleOf({kOneVoidType, functions(1), emptyBodies(2)}), phrase);
  decodeOk(moduleOf({functions(0)}));
  decodeOk(moduleOf({emptyBodies(0)}));
}

TEST(Decoder, BodySizeMustFit) {
  expectMalformed(moduleOf({kOneVoidType, functions(1), section(kCode, {0x01, 0x05, 0x00, 0x0B})}),
                  "length out of bounds");
  expectMalformed(moduleOf({kOneVoidType, functions(1), section(kCode, {0x01, 0x00, 0x00})}),
                  "unexpected end");
  // Local declarations running past the body's end.
  expectMalformed(moduleOf({kOneVoidType, functions(1),
                            section(kCode, {0x01, 0x03, 0x01, 0x81, 0x80, 0x7F, 0x0B})}),
                  "unexpected end");
  expectMalformed(
      moduleOf({kOneVoidType, functions(1), section(kCode, {0x01, 0x02, 0x01, 0x01, 0x7F, 0x0B})}),
      "length out of bounds");
}

// --- Element and data segments ---------------------------------------------

TEST(Decoder, AllEightElementSegmentEncodings) {
  Bytes bytes = test::watModule("format_elem_segments");
  ASSERT_FALSE(bytes.empty());
  // The flags byte of each segment is what this test is about; check the
  // file really uses all eight encodings.
  Module m = decodeOk(bytes);
  ASSERT_EQ(m.elemSegments.size(), 8u);
  const auto& s = m.elemSegments;
  using K = ConstExpr::Kind;

  EXPECT_EQ(s[0].mode, SegmentMode::Active);
  EXPECT_EQ(s[0].tableIndex, 0u);
  EXPECT_EQ(s[0].offset.bits[0], 0u);
  EXPECT_EQ(s[0].elemType, ValType::FuncRef);
  ASSERT_EQ(s[0].items.size(), 2u);
  EXPECT_EQ(s[0].items[1].kind, K::RefFunc);
  EXPECT_EQ(s[0].items[1].index, 1u);

  EXPECT_EQ(s[1].mode, SegmentMode::Passive);
  EXPECT_EQ(s[1].items.at(0).index, 1u);

  EXPECT_EQ(s[2].mode, SegmentMode::Active);
  EXPECT_EQ(s[2].tableIndex, 1u);
  EXPECT_EQ(s[2].offset.bits[0], 1u);
  EXPECT_EQ(s[2].items.at(0).index, 0u);

  EXPECT_EQ(s[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(s[3].items.size(), 2u);

  EXPECT_EQ(s[4].mode, SegmentMode::Active);
  EXPECT_EQ(s[4].offset.bits[0], 2u);
  ASSERT_EQ(s[4].items.size(), 2u);
  EXPECT_EQ(s[4].items[0].kind, K::RefFunc);
  EXPECT_EQ(s[4].items[1].kind, K::RefNull);
  EXPECT_EQ(s[4].items[1].type, ValType::FuncRef);

  EXPECT_EQ(s[5].mode, SegmentMode::Passive);
  EXPECT_EQ(s[5].elemType, ValType::ExternRef);
  EXPECT_EQ(s[5].items.at(0).type, ValType::ExternRef);

  EXPECT_EQ(s[6].mode, SegmentMode::Active);
  EXPECT_EQ(s[6].tableIndex, 2u);
  EXPECT_EQ(s[6].elemType, ValType::ExternRef);

  EXPECT_EQ(s[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(s[7].elemType, ValType::FuncRef);
  ASSERT_EQ(s[7].items.size(), 2u);
  EXPECT_EQ(s[7].items[0].kind, K::RefFunc);
  EXPECT_EQ(s[7].items[1].kind, K::RefNull);

  EXPECT_EQ(m.declaredFuncRefs, (std::vector<bool>{true, true}));
}

Bytes elemModule(const Bytes& segment) {
  return moduleOf({kOneVoidType, functions(1), section(kTable, {0x01, 0x70, 0x00, 0x01}),
                   section(kElem, cat({{0x01}, segment})), emptyBodies(1)});
}

TEST(Decoder, ElementSegmentsByHand) {
  // Flags 2 with table 0 and elemkind, one function index.
  Module m = decodeOk(elemModule({0x02, 0x00, 0x41, 0x05, 0x0B, 0x00, 0x01, 0x00}));
  EXPECT_EQ(m.elemSegments[0].offset.bits[0], 5u);
  EXPECT_EQ(m.elemSegments[0].items[0].index, 0u);
  // Flags 6 with an explicit table, a reftype and expressions.
  m = decodeOk(
      elemModule({0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elemSegments[0].items.size(), 2u);
  expectMalformed(elemModule({0x08, 0x00, 0x00}), "malformed elements segment kind");
  expectMalformed(elemModule({0x01, 0x01, 0x00}), "malformed element kind");
  expectMalformed(elemModule({0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B}), "malformed reference type");
  expectMalformed(elemModule({0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B}), "illegal opcode");
}

Bytes dataModule(std::initializer_list<Bytes> segments, std::optional<uint32_t> dataCount = {}) {
  Bytes payload = leb(segments.size());
  for (const Bytes& s : segments) payload.insert(payload.end(), s.begin(), s.end());
  Bytes count = dataCount ? section(kDataCount, leb(*dataCount)) : Bytes{};
  return moduleOf({section(kMemory, {0x01, 0x00, 0x01}), count, section(kData, payload)});
}

TEST(Decoder, DataSegments) {
  Module m = decodeOk(dataModule({{0x00, 0x41, 0x08, 0x0B, 0x02, 'h', 'i'},
                                  {0x01, 0x03, 'a', 'b', 'c'},
                                  {0x02, 0x00, 0x41, 0x00, 0x0B, 0x00}},
                                 3));
  ASSERT_EQ(m.dataSegments.size(), 3u);
  EXPECT_EQ(m.dataSegments[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.dataSegments[0].offset.bits[0], 8u);
  EXPECT_EQ(m.dataSegments[0].size, 2u);
  EXPECT_EQ(m.bytes[m.dataSegments[0].bytesOffset], 'h');
  EXPECT_EQ(m.dataSegments[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.bytes[m.dataSegments[1].bytesOffset + 2], 'c');
  EXPECT_EQ(m.dataSegments[2].memoryIndex, 0u);
  EXPECT_EQ(m.dataSegments[2].size, 0u);
  expectMalformed(dataModule({{0x03, 0x00}}), "malformed data segment kind");
}

TEST(Decoder, DataCountMustMatchDataSection) {
  const char* phrase = "data count and data section have inconsistent lengths";
  expectMalformed(dataModule({{0x01, 0x00}, {0x01, 0x00}}, 3), phrase);
  expectMalformed(dataModule({{0x01, 0x00}, {0x01, 0x00}}, 1), phrase);
  expectMalformed(moduleOf({section(kDataCount, {0x02})}), phrase);  // no data section at all
  decodeOk(moduleOf({section(kDataCount, {0x00})}));
}

// --- Constant expressions ----------------------------------------------------

TEST(Decoder, ConstExprShapesAreRecordedNotRejected) {
  using S = ConstExpr::Shape;
  auto shapeOf = [](const Bytes& expr) {
    return decodeOk(moduleWithGlobal(0x7F, expr)).globals.at(0).init.shape;
  };
  EXPECT_EQ(shapeOf({0x0B}), S::Empty);
  EXPECT_EQ(shapeOf({0x41, 0x00, 0x41, 0x01, 0x0B}), S::ExtraValues);
  EXPECT_EQ(shapeOf({0x41, 0x00, 0x41, 0x01, 0x73, 0x0B}), S::NotConstant);  // i32.xor
  EXPECT_EQ(shapeOf({0x20, 0x00, 0x0B}), S::NotConstant);                    // local.get
  EXPECT_EQ(shapeOf({0x01, 0x0B}), S::NotConstant);                          // nop
  EXPECT_EQ(shapeOf({0x41, 0x00, 0x28, 0x02, 0x80, 0x01, 0x0B}),
            S::NotConstant);                                                 // i32.load memarg
  EXPECT_EQ(shapeOf({0x0E, 0x02, 0x00, 0x01, 0x02, 0x0B}), S::NotConstant);  // br_table
  EXPECT_EQ(shapeOf({0xFC, 0x08, 0x00, 0x00, 0x0B}), S::NotConstant);        // memory.init
  EXPECT_EQ(shapeOf({0xFD, 0x15, 0x03, 0x0B}), S::NotConstant);              // extract_lane
}

// An expression with i32 or i64 add, sub or mul (WebAssembly 3.0) is kept
// as the range of its instructions, which ConstInstructionReader reads back.
TEST(Decoder, ExtendedConstExprsKeepTheirInstructions) {
  const Bytes expr = {0x23, 0x00, 0x41, 0x7F, 0x6A, 0x42, 0x80, 0x01, 0x0B};
  const Module m = decodeOk(moduleWithGlobal(0x7F, expr));
  const ConstExpr& e = m.globals.at(0).init;
  EXPECT_EQ(e.kind, ConstExpr::Kind::Extended);
  EXPECT_EQ(e.shape, ConstExpr::Shape::Single);
  EXPECT_EQ(e.index, expr.size() - 1);  // up to `end`
  ConstInstructionReader reader(m, e);
  std::vector<std::pair<Opcode, uint64_t>> read;
  for (ConstInstruction in; reader.next(in);) read.emplace_back(in.op, in.immediate);
  const std::vector<std::pair<Opcode, uint64_t>> expected = {{Opcode::GlobalGet, 0},
                                                             {Opcode::I32Const, 0xFFFFFFFF},
                                                             {Opcode::I32Add, 0},
                                                             {Opcode::I64Const, 128}};
  EXPECT_EQ(read, expected);
}

TEST(Decoder, NonConstantBlocksAreSkippedToTheirEnd) {
  // A block in the first global's initialiser: its `end` is not the
  // expression's, and the second global must still decode.
  Bytes payload = {0x02, 0x7F, 0x00, 0x02, 0x40, 0x0B, 0x41,
                   0x00, 0x0B, 0x7F, 0x00, 0x41, 0x07, 0x0B};
  Module m = decodeOk(moduleOf({section(kGlobal, payload)}));
  ASSERT_EQ(m.globals.size(), 2u);
  EXPECT_EQ(m.globals[0].init.shape, ConstExpr::Shape::NotConstant);
  EXPECT_EQ(m.globals[1].init.bits[0], 7u);
}

TEST(Decoder, ConstExprMalformations) {
  expectMalformed(moduleWithGlobal(0x7F, {0xF3, 0x0B}), "illegal opcode");
  expectMalformed(moduleWithGlobal(0x7F, {0xFC, 0x80, 0x02, 0x0B}), "illegal opcode");
  expectMalformed(moduleWithGlobal(0x70, {0xD0, 0x7F, 0x0B}), "malformed reference type");
  expectMalformed(moduleWithGlobal(0x7F, {0x41, 0x00}), "unexpected end");
  expectMalformed(moduleWithGlobal(0x7D, {0x43, 0x00, 0x00, 0x0B}), "unexpected end");
}

// --- Names ----------------------------------------------------------------

TEST(Decoder, NamesMustBeUtf8) {
  auto importNamed = [](std::string_view s) {
    return moduleOf(
        {kOneVoidType, section(kImport, cat({{0x01}, name(s), name("x"), {0x00, 0x00}}))});
  };
  Module m = decodeOk(importNamed(std::string_view("a\0\xE2\x8C\xA3\xF0\x9F\x98\x80", 9)));
  EXPECT_EQ(m.imports[0].module,
            std::string("a\0\xE2\x8C\xA3\xF0\x9F\x98\x80", 9));  // compared as bytes
  for (std::string_view bad :
       {"\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x8C",
        "\x80", "\xF8\x88\x80\x80\x80", "\xFF"}) {
    SCOPED_TRACE(testing::PrintToString(std::string(bad)));
    expectMalformed(importNamed(bad), "malformed UTF-8 encoding");
  }
}

TEST(Decoder, NameSectionFromWat2wasm) {
  Bytes bytes = test::watModule("format_names");
  ASSERT_FALSE(bytes.empty());
  Module m = decodeOk(bytes);
  EXPECT_EQ(m.names.moduleName, "named_module");
  EXPECT_EQ(m.names.functionNames.size(), 3u);
  EXPECT_EQ(m.names.functionNames.at(0), "log");
  EXPECT_EQ(m.names.functionNames.at(1), "add");
  EXPECT_EQ(m.names.functionNames.at(2), "unnamed_locals");
  const auto& locals = m.names.localNames.at(1);
  EXPECT_EQ(locals.at(0), "lhs");
  EXPECT_EQ(locals.at(1), "rhs");
  EXPECT_EQ(locals.at(2), "sum");
}

Bytes nameSection(const Bytes& subsections) { return section(0, cat({name("name"), subsections})); }

TEST(Decoder, NameSectionByHand) {
  Bytes moduleName = section(0, name("mod"));
  Bytes funcNames = section(1, cat({{0x02, 0x00}, name("zero"), {0x05}, name("five")}));
  Bytes localNames = section(2, cat({{0x01, 0x05, 0x01, 0x03}, name("x")}));
  Bytes labels = section(3, {0x00});  // an extension subsection: skipped
  Module m = decodeOk(moduleOf({nameSection(cat({moduleName, funcNames, localNames, labels}))}));
  EXPECT_EQ(m.names.moduleName, "mod");
  EXPECT_EQ(m.names.functionNames.at(5), "five");
  EXPECT_EQ(m.names.localNames.at(5).at(3), "x");
}

TEST(Decoder, MalformedNameSectionIsIgnored) {
  Bytes good = section(0, name("mod"));
  for (const Bytes& bad : {
           cat({good, section(1, cat({{0x02, 0x00}, name("zero")}))}),  // one entry short
           cat({good, section(1, cat({{0x01, 0x00}, name("\xFF")}))}),  // bad UTF-8
           cat({section(1, {0x00}), good}),                             // out of order
           cat({good, good}),                                           // repeated
           cat({good, {0x01, 0x10, 0x00}}),                             // size past the end
           cat({good, section(0, cat({name("m"), {0x00}}))}),           // trailing byte
       }) {
    Module m = decodeOk(moduleOf({nameSection(bad)}));
    EXPECT_TRUE(m.names.moduleName.empty());
    EXPECT_TRUE(m.names.functionNames.empty());
    ASSERT_EQ(m.customSections.size(), 1u);  // still recorded as a custom section
    EXPECT_EQ(m.customSections[0].name, "name");
  }
}

// --- Where errors are reported -------------------------------------------------

TEST(Decoder, ErrorsNameSectionFunctionAndOffset) {
  // An imported function, then two bodies; the second has a bad local type.
  Bytes import = section(kImport, cat({{0x01}, name("m"), name("f"), {0x00, 0x00}}));
  Bytes code = section(kCode, {0x02, 0x02, 0x00, 0x0B, 0x04, 0x01, 0x01, 0x40, 0x0B});
  Bytes bytes = moduleOf({kOneVoidType, import, functions(2), code});
  Result<Module> m = decodeModule(bytes);
  ASSERT_FALSE(m.ok());
  // The bad type byte is the 2nd-to-last byte of the module.
  std::string expected = "malformed value type (code section, function 2, byte offset " +
                         std::to_string(bytes.size() - 2) + ")";
  EXPECT_EQ(m.error().message(), expected);

  Result<Module> t = decodeModule(moduleOf({section(kType, {0x01, 0x60, 0x01, 0x7A, 0x00})}));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message(), "malformed value type (type section, byte offset 13)");
}

}  // namespace
}  // namespace ember

// The reader's inline one- and two-byte LEB paths against the spec's
// definition (spec 5.2.2), for every two-byte sequence and both ends.
TEST(Reader, ShortLebsDecodeAsTheSpecSays) {
  for (uint32_t b0 = 0; b0 < 256; b0++) {
    for (uint32_t b1 = 0; b1 < 256; b1++) {
      const uint8_t bytes[2] = {static_cast<uint8_t>(b0), static_cast<uint8_t>(b1)};
      // Reference: the bytes up to the first without continuation.
      size_t used = (b0 & 0x80) ? 2 : 1;
      bool complete = used == 1 || !(b1 & 0x80);
      uint64_t raw = (b0 & 0x7F) | (used == 2 ? uint64_t{b1 & 0x7Fu} << 7 : 0);
      unsigned bits = 7 * static_cast<unsigned>(used);
      int64_t signedRaw = static_cast<int64_t>(raw << (64 - bits)) >> (64 - bits);
      ember::Reader u(std::span<const uint8_t>(bytes, 2));
      uint32_t uv = u.readVarU32();
      ember::Reader s(std::span<const uint8_t>(bytes, 2));
      int32_t sv = s.readVarS32();
      if (!complete) {  // a third byte was needed
        EXPECT_TRUE(u.failed() && s.failed()) << b0 << " " << b1;
        continue;
      }
      ASSERT_FALSE(u.failed() || s.failed()) << b0 << " " << b1;
      EXPECT_EQ(uv, raw) << b0 << " " << b1;
      EXPECT_EQ(sv, signedRaw) << b0 << " " << b1;
      EXPECT_EQ(u.offset(), used);
      EXPECT_EQ(s.offset(), used);
    }
  }
}
