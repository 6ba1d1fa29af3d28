// Issue: small things. A module's name section is the guest's text: a trap
// backtrace escapes its non-printable bytes, so no terminal escape sequence
// or line break of a function name reaches the host's stderr.
#include <gtest/gtest.h>

#include "../runtime/runtime_test_util.h"

namespace ember {
namespace {

// A module exporting "f" = `unreachable`, whose name section calls it `name`.
std::vector<uint8_t> trappingModuleNamed(const std::string& name) {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,         // type () -> ()
                            0x03, 0x02, 0x01, 0x00,                     // func 0: type 0
                            0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,    // export "f"
                            0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b};  // unreachable
  // Function names subsection (id 1): one entry, function 0.
  std::vector<uint8_t> names = {0x01, 0x00, static_cast<uint8_t>(name.size())};
  names.insert(names.end(), name.begin(), name.end());
  std::vector<uint8_t> subsection = {0x01, static_cast<uint8_t>(names.size())};
  subsection.insert(subsection.end(), names.begin(), names.end());
  std::vector<uint8_t> payload = {0x04, 'n', 'a', 'm', 'e'};
  payload.insert(payload.end(), subsection.begin(), subsection.end());
  m.push_back(0x00);
  m.push_back(static_cast<uint8_t>(payload.size()));
  m.insert(m.end(), payload.begin(), payload.end());
  return m;
}

class OutputEscaping : public testing::TestWithParam<EngineKind> {};

TEST_P(OutputEscaping, BacktraceEscapesControlBytesOfNames) {
  Config c;
  c.engine = GetParam();
  test::Harness h(c);
  const std::string evil = "\x1b[2J\x1b]0;pwned\x07\nfake: frame\\";
  auto module = compileModule(h.engine, trappingModuleNamed(evil));
  ASSERT_TRUE(module) << module.error().message();
  auto inst = h.linker.instantiate(h.store, module.value());
  ASSERT_TRUE(inst);
  auto r = h.call(inst.value(), "f");
  ASSERT_FALSE(r);
  const std::string& text = r.error().context();
  // One line per frame, nothing below 0x20 but their line ends.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  for (char ch : text)
    EXPECT_TRUE(ch == '\n' || (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f))
        << "raw byte " << int(static_cast<unsigned char>(ch)) << " in: " << text;
  EXPECT_NE(text.find("<\\x1b[2J\\x1b]0;pwned\\x07\\x0afake: frame\\x5c>"), std::string::npos)
      << text;
  // The structured trap keeps the name as the module spells it.
  ASSERT_TRUE(r.error().trap());
  ASSERT_EQ(r.error().trap()->backtrace.size(), 1u);
  EXPECT_EQ(r.error().trap()->backtrace[0].name, evil);
}

TEST(OutputEscaping, PrintableTextKeepsPrintableAscii) {
  EXPECT_EQ(printableText("add_one $f.1 <ok>"), "add_one $f.1 <ok>");
  EXPECT_EQ(printableText("caf\xc3\xa9"), "caf\\xc3\\xa9");
  EXPECT_EQ(printableText(std::string("a\0b", 3)), "a\\x00b");
}

INSTANTIATE_TEST_SUITE_P(Engines, OutputEscaping, testing::ValuesIn(test::builtEngines()),
                         [](const auto& info) { return test::engineName(info.param); });

}  // namespace
}  // namespace ember
