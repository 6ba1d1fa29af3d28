// Errors carry their location as numbers (Error::funcIndex, Error::offset),
// in every build: without error text (EMBER_ERROR_TEXT=OFF) they are what
// tells one malformed or invalid module from another, so the message is
// then the kind and the location only (scripts/test-minimal-builds.sh
// checks that build's messages against these).
#include <gtest/gtest.h>

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "tests/format/wasm_bytes.h"

namespace ember {
namespace {

using test::Bytes;

// () -> () with the given body bytes (locals included), as the only function.
Bytes moduleWithBody(const Bytes& body) {
  return test::moduleOf({test::section(1, {0x01, 0x60, 0x00, 0x00}),
                         test::section(3, {0x01, 0x00}),
                         test::section(10, test::cat({{0x01}, test::leb(body.size()), body}))});
}

Error errorOf(const Bytes& bytes) {
  Result<Module> m = decodeModule(bytes);
  if (!m) return m.takeError();
  Result<void> v = validateModuleAndBodies(*m);
  return v.ok() ? Error(ErrorKind::Io, "no error") : v.takeError();
}

TEST(ErrorLocation, BadMagicIsMalformedAtOffsetZero) {
  Error e = errorOf({0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00});
  EXPECT_EQ(e.kind(), ErrorKind::Malformed);
  EXPECT_EQ(e.offset(), 0);
  EXPECT_EQ(e.funcIndex(), -1);
}

TEST(ErrorLocation, IllegalOpcodeNamesFunctionAndOffset) {
  // Header 8, type section 6, function section 4, then 0a 05 01 03 00: the
  // illegal 0xFF is byte 23.
  Error e = errorOf(moduleWithBody({0x00, 0xFF, 0x0B}));
  EXPECT_EQ(e.kind(), ErrorKind::Malformed);
  EXPECT_EQ(e.funcIndex(), 0);
  EXPECT_EQ(e.offset(), 23);
  if (kHaveErrorText) {
    EXPECT_NE(e.message().find("illegal opcode"), std::string::npos);
  }
  EXPECT_NE(e.message().find("function 0, byte offset 23"), std::string::npos) << e.message();
}

TEST(ErrorLocation, TypeMismatchNamesFunctionAndOffset) {
  // `i32.const 0` left on the stack of a () -> () function: invalid at the
  // final `end`, byte 25.
  Error e = errorOf(moduleWithBody({0x00, 0x41, 0x00, 0x0B}));
  EXPECT_EQ(e.kind(), ErrorKind::Invalid);
  EXPECT_EQ(e.funcIndex(), 0);
  EXPECT_EQ(e.offset(), 25);
  EXPECT_NE(e.message().find("function 0, byte offset 25"), std::string::npos) << e.message();
}

}  // namespace
}  // namespace ember
