// The expected-failures list: its format and how entries match scripts.
#include "tools/spec/expected_failures.h"

#include <gtest/gtest.h>

namespace ember::tools {
namespace {

TEST(ExpectedFailures, ParsesEntriesCommentsAndEngines) {
  auto list = ExpectedFailures::parse(
      "# header comment\n"
      "\n"
      "core/elem.json:123 segment trap order   # trailing comment\n"
      "proposals/threads/imports.json:310 @jit   needs multiple tables\n");
  ASSERT_TRUE(list.ok()) << list.error().message();
  ASSERT_EQ(list->entries().size(), 2u);
  const ExpectedFailure& first = list->entries()[0];
  EXPECT_EQ(first.file, "core/elem.json");
  EXPECT_EQ(first.line, 123u);
  EXPECT_EQ(first.engine, "");
  EXPECT_EQ(first.reason, "segment trap order");
  EXPECT_EQ(first.listLine, 3u);
  EXPECT_EQ(list->entries()[1].engine, "jit");
  EXPECT_EQ(list->entries()[1].reason, "needs multiple tables");
}

TEST(ExpectedFailures, RejectsBadEntries) {
  EXPECT_FALSE(ExpectedFailures::parse("core/elem.json:12\n").ok());      // no reason
  EXPECT_FALSE(ExpectedFailures::parse("core/elem.json reason\n").ok());  // no line
  EXPECT_FALSE(ExpectedFailures::parse("core/elem.json:x reason\n").ok());
  EXPECT_FALSE(ExpectedFailures::parse("core/elem.json:0 reason\n").ok());
  EXPECT_FALSE(ExpectedFailures::parse("core/elem.json:3 @wasm3 reason\n").ok());
  auto bad = ExpectedFailures::parse("# ok\na.json:1 fine\nb.json:2\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("line 3"), std::string::npos);
}

TEST(ExpectedFailures, FindsByPathSuffixLineAndEngine) {
  auto list = ExpectedFailures::parse("core/elem.json:10 a\nelem.json:20 @interp b\n");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->find("/data/spec/core/elem.json", 10, "interp"), 0);
  EXPECT_EQ(list->find("/data/spec/proposals/x/elem.json", 10, "interp"), -1);
  EXPECT_EQ(list->find("/data/spec/core/elem.json", 11, "interp"), -1);
  EXPECT_EQ(list->find("/data/spec/proposals/x/elem.json", 20, "interp"), 1);
  EXPECT_EQ(list->find("/data/spec/core/elem.json", 20, "jit"), -1);
}

TEST(ExpectedFailures, PathSuffixIsComponentWise) {
  EXPECT_TRUE(pathEndsWith("/a/core/elem.json", "core/elem.json"));
  EXPECT_TRUE(pathEndsWith("/a/core/elem.json", "elem.json"));
  EXPECT_TRUE(pathEndsWith("elem.json", "elem.json"));
  EXPECT_FALSE(pathEndsWith("/a/core/xelem.json", "elem.json"));
  EXPECT_FALSE(pathEndsWith("/a/score/elem.json", "core/elem.json"));
  EXPECT_FALSE(pathEndsWith("/a/core/elem.json", "/elem.json"));
  EXPECT_FALSE(pathEndsWith("/a/core/elem.json", ""));
}

}  // namespace
}  // namespace ember::tools
