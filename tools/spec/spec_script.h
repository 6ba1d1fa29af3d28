// A spec-test script as wast2json writes it (a JSON command list, format in
// the spec data's README): parsed once into plain structs so the runner never
// touches JSON. Parsing is exception-free (nlohmann_json in no-throw mode).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/error.h"
#include "tools/spec/spec_value.h"

namespace ember::tools {

enum class CommandKind : uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformed,
  AssertUnlinkable,
  AssertUninstantiable,
  AssertException,  // exception-handling proposal only
  Unknown,          // a command type this runner does not know
};
constexpr unsigned kCommandKindCount = static_cast<unsigned>(CommandKind::Unknown) + 1;

const char* commandKindName(CommandKind kind);  // the JSON spelling, e.g. "assert_trap"
// Accepts the JSON spelling and, for assert_* kinds, the name without
// "assert_" (so "--kinds malformed,invalid" works).
std::optional<CommandKind> parseCommandKind(std::string_view name);

struct SpecAction {
  enum class Type : uint8_t { Invoke, Get };
  Type type = Type::Invoke;
  std::string field;   // export name: a byte string, may hold NULs or non-ASCII
  std::string module;  // "$name" of a module command; empty = the current module
  std::vector<SpecValue> args;
};

struct SpecCommand {
  CommandKind kind = CommandKind::Unknown;
  std::string typeName;  // as written, for Unknown
  uint32_t line = 0;     // line in the .wast

  std::string filename;     // module file, relative to the script's folder
  bool textModule = false;  // module_type "text": a .wat needing a text parser
  std::string name;         // module: its "$name"; register: the module registered
  std::string registerAs;   // register: the import module name it becomes
  std::string text;         // assert_*: the reference interpreter's message

  bool hasAction = false;
  SpecAction action;
  // assert_return: the values; assert_trap and action: types only.
  std::vector<SpecValue> expected;
  // assert_return with "either" (relaxed SIMD): the one result may match any.
  std::vector<SpecValue> either;
};

struct SpecScript {
  std::string sourceFilename;
  std::vector<SpecCommand> commands;
};

// ErrorKind::Malformed for JSON that does not parse or does not have the
// documented shape, naming the command line where there is one.
Result<SpecScript> parseSpecScript(std::string_view jsonText);

}  // namespace ember::tools
