#include "tools/spec/spec_script.h"

#include <nlohmann/json.hpp>

namespace ember::tools {

namespace {

using Json = nlohmann::json;

constexpr const char* kKindNames[kCommandKindCount] = {
    "module",
    "register",
    "action",
    "assert_return",
    "assert_trap",
    "assert_exhaustion",
    "assert_invalid",
    "assert_malformed",
    "assert_unlinkable",
    "assert_uninstantiable",
    "assert_exception",
    "unknown",
};

Error scriptError(uint32_t line, const std::string& what) {
  if (line == 0) return Error(ErrorKind::Malformed, what);
  return Error(ErrorKind::Malformed, formatText("command at line %u: ", line) + what);
}

// In no-throw mode a wrong-type access aborts, so every field is checked
// before it is read.
const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string stringMember(const Json& object, const char* key) {
  const Json* m = member(object, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

Result<SpecValue> parseValue(const Json& entry, uint32_t line) {
  const Json* type = member(entry, "type");
  if (!type || !type->is_string()) return scriptError(line, "value without a type");
  const Json* value = member(entry, "value");
  std::vector<std::string> strings;
  if (!value) {
    // Type-only entries: assert_trap / action expectations.
    auto t = parseValTypeName(type->get<std::string>());
    if (!t) return scriptError(line, t.error().message());
    SpecValue v;
    v.type = *t;
    v.hasValue = false;
    return v;
  }
  if (value->is_string()) {
    strings.push_back(value->get<std::string>());
  } else if (value->is_array()) {
    for (const Json& lane : *value) {
      if (!lane.is_string()) return scriptError(line, "v128 lane is not a string");
      strings.push_back(lane.get<std::string>());
    }
  } else {
    return scriptError(line, "value is neither a string nor a lane list");
  }
  auto v = makeSpecValue(type->get<std::string>(), stringMember(entry, "lane_type"), strings);
  if (!v) return scriptError(line, v.error().message());
  return v;
}

Result<std::vector<SpecValue>> parseValues(const Json& object, const char* key, uint32_t line) {
  std::vector<SpecValue> values;
  const Json* list = member(object, key);
  if (!list) return values;
  if (!list->is_array()) return scriptError(line, std::string("'") + key + "' is not a list");
  for (const Json& entry : *list) {
    auto v = parseValue(entry, line);
    if (!v) return v.takeError();
    values.push_back(std::move(*v));
  }
  return values;
}

Result<void> parseAction(const Json& json, uint32_t line, SpecAction& action) {
  std::string type = stringMember(json, "type");
  if (type == "invoke")
    action.type = SpecAction::Type::Invoke;
  else if (type == "get")
    action.type = SpecAction::Type::Get;
  else
    return scriptError(line, "unknown action type '" + type + "'");
  const Json* field = member(json, "field");
  if (!field || !field->is_string()) return scriptError(line, "action without a field");
  action.field = field->get<std::string>();
  action.module = stringMember(json, "module");
  auto args = parseValues(json, "args", line);
  if (!args) return args.takeError();
  for (const SpecValue& a : *args)
    for (const BitsPattern& p : a.lanes)
      if (p.kind != BitsPattern::Kind::Exact) return scriptError(line, "NaN class in an argument");
  action.args = std::move(*args);
  return success();
}

Result<SpecCommand> parseCommand(const Json& json) {
  SpecCommand c;
  const Json* line = member(json, "line");
  if (line && line->is_number_unsigned()) c.line = line->get<uint32_t>();
  c.typeName = stringMember(json, "type");
  c.kind = parseCommandKind(c.typeName).value_or(CommandKind::Unknown);
  c.name = stringMember(json, "name");
  c.registerAs = stringMember(json, "as");
  c.filename = stringMember(json, "filename");
  c.textModule = stringMember(json, "module_type") == "text";
  c.text = stringMember(json, "text");
  if (const Json* action = member(json, "action")) {
    c.hasAction = true;
    EMBER_TRY(parseAction(*action, c.line, c.action));
  }
  auto expected = parseValues(json, "expected", c.line);
  if (!expected) return expected.takeError();
  c.expected = std::move(*expected);
  auto either = parseValues(json, "either", c.line);
  if (!either) return either.takeError();
  c.either = std::move(*either);
  return c;
}

}  // namespace

const char* commandKindName(CommandKind kind) { return kKindNames[static_cast<unsigned>(kind)]; }

std::optional<CommandKind> parseCommandKind(std::string_view name) {
  for (unsigned i = 0; i + 1 < kCommandKindCount; ++i) {
    std::string_view full = kKindNames[i];
    bool shortForm = full.starts_with("assert_") && full.substr(7) == name;
    if (full == name || shortForm) return static_cast<CommandKind>(i);
  }
  return std::nullopt;
}

Result<SpecScript> parseSpecScript(std::string_view jsonText) {
  Json root = Json::parse(jsonText.begin(), jsonText.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return scriptError(0, "not valid JSON");
  const Json* commands = member(root, "commands");
  if (!commands || !commands->is_array()) return scriptError(0, "no 'commands' list");
  SpecScript script;
  script.sourceFilename = stringMember(root, "source_filename");
  script.commands.reserve(commands->size());
  for (const Json& entry : *commands) {
    auto c = parseCommand(entry);
    if (!c) return c.takeError();
    script.commands.push_back(std::move(*c));
  }
  return script;
}

}  // namespace ember::tools
