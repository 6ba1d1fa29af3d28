// Parsing of wast2json command lists into SpecScript.
#include "tools/spec/spec_script.h"

#include <gtest/gtest.h>

#include <string>

namespace ember::tools {
namespace {

const char* kSampleScript = R"({"source_filename": "x.wast",
 "commands": [
  {"type": "module", "line": 1, "name": "$M1", "filename": "x.0.wasm"},
  {"type": "register", "line": 2, "name": "$M1", "as": "M"},
  {"type": "assert_return", "line": 3,
   "action": {"type": "invoke", "module": "$M1", "field": "a\u0000b",
              "args": [{"type": "v128", "lane_type": "i32", "value": ["1", "2", "3", "4294967295"]}]},
   "expected": [{"type": "f32", "value": "nan:arithmetic"}, {"type": "externref", "value": "7"}]},
  {"type": "assert_trap", "line": 4, "action": {"type": "get", "field": "g"},
   "text": "integer divide by zero", "expected": [{"type": "i32"}]},
  {"type": "assert_malformed", "line": 5, "filename": "x.1.wat", "text": "unknown operator",
   "module_type": "text"},
  {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "r", "args": []},
   "either": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]},
  {"type": "assert_something_new", "line": 7}
 ]})";

TEST(SpecScript, ParsesEveryField) {
  auto script = parseSpecScript(kSampleScript);
  ASSERT_TRUE(script.ok()) << script.error().message();
  EXPECT_EQ(script->sourceFilename, "x.wast");
  ASSERT_EQ(script->commands.size(), 7u);

  const SpecCommand& module = script->commands[0];
  EXPECT_EQ(module.kind, CommandKind::Module);
  EXPECT_EQ(module.line, 1u);
  EXPECT_EQ(module.name, "$M1");
  EXPECT_EQ(module.filename, "x.0.wasm");
  EXPECT_FALSE(module.textModule);

  const SpecCommand& reg = script->commands[1];
  EXPECT_EQ(reg.kind, CommandKind::Register);
  EXPECT_EQ(reg.name, "$M1");
  EXPECT_EQ(reg.registerAs, "M");

  const SpecCommand& ret = script->commands[2];
  ASSERT_TRUE(ret.hasAction);
  EXPECT_EQ(ret.action.type, SpecAction::Type::Invoke);
  EXPECT_EQ(ret.action.module, "$M1");
  EXPECT_EQ(ret.action.field, std::string("a\0b", 3));  // names are byte strings
  ASSERT_EQ(ret.action.args.size(), 1u);
  EXPECT_EQ(ret.action.args[0].type, ValType::V128);
  EXPECT_EQ(ret.action.args[0].lanes[3].bits, 0xffffffffu);
  ASSERT_EQ(ret.expected.size(), 2u);
  EXPECT_EQ(ret.expected[0].lanes[0].kind, BitsPattern::Kind::ArithmeticNan);
  EXPECT_EQ(ret.expected[1].hostRef, 7u);

  const SpecCommand& trap = script->commands[3];
  EXPECT_EQ(trap.kind, CommandKind::AssertTrap);
  EXPECT_EQ(trap.action.type, SpecAction::Type::Get);
  EXPECT_EQ(trap.text, "integer divide by zero");
  ASSERT_EQ(trap.expected.size(), 1u);
  EXPECT_FALSE(trap.expected[0].hasValue);

  EXPECT_TRUE(script->commands[4].textModule);
  EXPECT_EQ(script->commands[5].either.size(), 2u);
  EXPECT_EQ(script->commands[6].kind, CommandKind::Unknown);
  EXPECT_EQ(script->commands[6].typeName, "assert_something_new");
}

TEST(SpecScript, RejectsBrokenInput) {
  EXPECT_FALSE(parseSpecScript("{").ok());
  EXPECT_FALSE(parseSpecScript(R"({"source_filename": "x"})").ok());
  EXPECT_FALSE(parseSpecScript(R"({"commands": 3})").ok());
  auto badValue = parseSpecScript(R"({"commands": [{"type": "assert_return", "line": 9,
      "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "x"}]}}]})");
  ASSERT_FALSE(badValue.ok());
  EXPECT_NE(badValue.error().message().find("line 9"), std::string::npos);
  // A NaN class is a pattern for results, never an argument.
  EXPECT_FALSE(parseSpecScript(R"({"commands": [{"type": "action", "line": 1,
      "action": {"type": "invoke", "field": "f", "args": [{"type": "f32", "value": "nan:canonical"}]}}]})")
                   .ok());
  EXPECT_FALSE(parseSpecScript(R"({"commands": [{"type": "action", "line": 1,
      "action": {"type": "call", "field": "f"}}]})")
                   .ok());
}

TEST(SpecScript, CommandKindNames) {
  EXPECT_EQ(parseCommandKind("assert_malformed"), CommandKind::AssertMalformed);
  EXPECT_EQ(parseCommandKind("malformed"), CommandKind::AssertMalformed);
  EXPECT_EQ(parseCommandKind("invalid"), CommandKind::AssertInvalid);
  EXPECT_EQ(parseCommandKind("module"), CommandKind::Module);
  EXPECT_EQ(parseCommandKind("return"), CommandKind::AssertReturn);
  EXPECT_EQ(parseCommandKind("exception"), CommandKind::AssertException);
  EXPECT_EQ(parseCommandKind("assert_module"), std::nullopt);
  EXPECT_EQ(parseCommandKind("unknown"), std::nullopt);
  EXPECT_EQ(parseCommandKind(""), std::nullopt);
  EXPECT_STREQ(commandKindName(CommandKind::AssertUninstantiable), "assert_uninstantiable");
}

}  // namespace
}  // namespace ember::tools
