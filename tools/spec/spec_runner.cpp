#include "tools/spec/spec_runner.h"

#include "tools/file_bytes.h"
#include "tools/format_check.h"
#include "tools/spec/script_session.h"

namespace ember::tools {

namespace {

struct Outcome {
  Verdict verdict = Verdict::Passed;
  std::string reason;
  std::string note;
};

Outcome passed(std::string note = {}) { return {Verdict::Passed, {}, std::move(note)}; }
Outcome failed(std::string reason) { return {Verdict::Failed, std::move(reason), {}}; }
Outcome skipped(std::string reason) { return {Verdict::Skipped, std::move(reason), {}}; }

std::string describeError(ErrorKind kind, const std::string& message) {
  return std::string(errorKindName(kind)) + ": " + message;
}

std::string describeValues(const std::vector<RawValue>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? " " : "") + formatRawValue(values[i]);
  return out + "]";
}

// Executes the commands of one script in order, keeping the session state
// (current module, names, registrations) between them.
class ScriptRunner {
 public:
  ScriptRunner(const std::string& dir, SessionEngine& engine)
      : dir_(dir), session_(engine, refs_) {}

  Outcome run(const SpecCommand& c) {
    switch (c.kind) {
      case CommandKind::Module:
        return runModule(c);
      case CommandKind::Register:
        return runRegister(c);
      case CommandKind::Action:
        return runAction(c);
      case CommandKind::AssertReturn:
        return runAssertReturn(c);
      case CommandKind::AssertTrap:
        return runAssertTrap(c, false);
      case CommandKind::AssertExhaustion:
        return runAssertTrap(c, true);
      case CommandKind::AssertInvalid:
        return runFormatAssertion(c, ErrorKind::Invalid);
      case CommandKind::AssertMalformed:
        return runFormatAssertion(c, ErrorKind::Malformed);
      case CommandKind::AssertUnlinkable:
        return runLinkAssertion(c, ErrorKind::Unlinkable);
      case CommandKind::AssertUninstantiable:
        return runLinkAssertion(c, ErrorKind::Trap);
      case CommandKind::AssertException:
        return skipped("exception handling is not supported");
      case CommandKind::Unknown:
        break;
    }
    return failed("unknown command type '" + c.typeName + "'");
  }

 private:
  Result<std::vector<uint8_t>> load(const SpecCommand& c) {
    return readFileBytes(dir_ + "/" + c.filename);
  }

  Outcome runModule(const SpecCommand& c) {
    if (c.textModule) return {Verdict::Text, {}, {}};
    auto bytes = load(c);
    if (!bytes) return moduleBroken(c, bytes.error().message());
    auto module = decodeAndValidate(*bytes);
    // A feature left out of this build (EMBER_SIMD=OFF) is refused as
    // Unsupported: the session then records the module as skipped.
    bool unsupported = !module && module.error().kind() == ErrorKind::Unsupported;
    if (!module && !unsupported)
      return moduleBroken(c, describeError(module.error().kind(), module.error().message()));
    if (!session_.canExecute()) return unsupported ? skipped(module.error().message()) : passed();
    SessionResult r = session_.defineModule(*bytes, c.name);
    if (r.status == SessionStatus::Skipped) return skipped(r.message);
    if (r.status == SessionStatus::Error)
      return failed("instantiation: " + describeError(r.errorKind, r.message));
    return passed();
  }

  Outcome moduleBroken(const SpecCommand& c, const std::string& reason) {
    session_.defineBrokenModule(c.name, formatText("module at line %u: ", c.line) + reason);
    return failed(reason);
  }

  Outcome runRegister(const SpecCommand& c) {
    if (!session_.canExecute()) return skipped("no engine to instantiate with");
    SessionResult r = session_.registerModule(c.name, c.registerAs);
    if (r.status == SessionStatus::Skipped) return skipped(r.message);
    if (r.status == SessionStatus::Error) return failed(r.message);
    return passed();
  }

  // Runs the command's action into `r`; false (with the verdict in `early`)
  // when it could not run here and the caller has nothing to check.
  bool execute(const SpecCommand& c, SessionResult& r, Outcome& early) {
    if (!session_.canExecute()) {
      early = skipped("no engine to execute with");
      return false;
    }
    r = session_.runAction(c.action);
    if (r.status == SessionStatus::Skipped) {
      early = skipped(r.message);
      return false;
    }
    return true;
  }

  Outcome runAction(const SpecCommand& c) {
    SessionResult r;
    Outcome early;
    if (!execute(c, r, early)) return early;
    if (r.status == SessionStatus::Error) return failed(describeError(r.errorKind, r.message));
    return passed();
  }

  Outcome runAssertReturn(const SpecCommand& c) {
    SessionResult r;
    Outcome early;
    if (!execute(c, r, early)) return early;
    if (r.status == SessionStatus::Error) return failed(describeError(r.errorKind, r.message));
    std::string why;
    if (!c.either.empty()) {
      if (r.values.size() == 1)
        for (const SpecValue& alternative : c.either)
          if (matchesExpected(alternative, r.values[0], refs_, nullptr)) return passed();
      return failed("got " + describeValues(r.values) + ", none of the 'either' values");
    }
    if (r.values.size() != c.expected.size())
      return failed(
          formatText("got %zu results, expected %zu: ", r.values.size(), c.expected.size()) +
          describeValues(r.values));
    for (size_t i = 0; i < r.values.size(); ++i)
      if (!matchesExpected(c.expected[i], r.values[i], refs_, &why))
        return failed(formatText("result %zu: ", i) + why);
    return passed();
  }

  Outcome runAssertTrap(const SpecCommand& c, bool exhaustion) {
    SessionResult r;
    Outcome early;
    if (!execute(c, r, early)) return early;
    std::string wanted = "expected trap \"" + c.text + "\"";
    if (r.status == SessionStatus::Ok) return failed(wanted + ", got " + describeValues(r.values));
    if (r.errorKind != ErrorKind::Trap)
      return failed(wanted + ", got " + describeError(r.errorKind, r.message));
    if (exhaustion && !r.stackExhausted) return failed(wanted + ", got trap: " + r.message);
    // Any trap passes (the text is advisory), but a different message is
    // worth a look.
    if (r.message.find(c.text) == std::string::npos)
      return passed("trap text \"" + r.message + "\", script says \"" + c.text + "\"");
    return passed();
  }

  Outcome runFormatAssertion(const SpecCommand& c, ErrorKind wanted) {
    if (c.textModule) return {Verdict::Text, {}, {}};
    auto bytes = load(c);
    if (!bytes) return failed(bytes.error().message());
    auto module = decodeAndValidate(*bytes);
    std::string expectation =
        std::string("expected ") + errorKindName(wanted) + " (\"" + c.text + "\")";
    if (module) return failed(expectation + ", but the module decoded and validated");
    if (module.error().kind() == ErrorKind::Unsupported) return skipped(module.error().message());
    if (module.error().kind() != wanted)
      return failed(expectation + ", got " +
                    describeError(module.error().kind(), module.error().message()));
    return passed();
  }

  Outcome runLinkAssertion(const SpecCommand& c, ErrorKind wanted) {
    if (c.textModule) return {Verdict::Text, {}, {}};
    auto bytes = load(c);
    if (!bytes) return failed(bytes.error().message());
    auto module = decodeAndValidate(*bytes);
    if (!module && module.error().kind() == ErrorKind::Unsupported)
      return skipped(module.error().message());
    if (!module)
      return failed("module should be valid: " +
                    describeError(module.error().kind(), module.error().message()));
    if (!session_.canExecute()) return skipped("no engine to instantiate with");
    SessionResult r = session_.instantiateOnly(*bytes);
    std::string expectation =
        std::string("expected ") + errorKindName(wanted) + " (\"" + c.text + "\")";
    if (r.status == SessionStatus::Skipped) return skipped(r.message);
    if (r.status == SessionStatus::Ok) return failed(expectation + ", but the module instantiated");
    if (r.errorKind != wanted)
      return failed(expectation + ", got " + describeError(r.errorKind, r.message));
    return passed();
  }

  std::string dir_;
  HostRefs refs_;  // before session_, which keeps a reference to it
  ScriptSession session_;
};

// Whether an unselected command must still run: anything that may change
// the state later commands see (instances, registrations, memories and
// tables written by actions or by a failed instantiation). Only the pure
// decoding/validation assertions can be left out.
bool runsUncounted(CommandKind kind) {
  return kind != CommandKind::AssertMalformed && kind != CommandKind::AssertInvalid &&
         kind != CommandKind::Unknown;
}

}  // namespace

uint32_t ScriptReport::count(Verdict v) const {
  uint32_t n = 0;
  for (const CommandResult& r : results) n += r.verdict == v;
  return n;
}

ScriptReport runSpecScript(const SpecScript& script, const std::string& scriptDir,
                           const SpecRunOptions& options, SessionEngine* engine) {
  std::unique_ptr<SessionEngine> own;
  if (!engine) {
    own = std::make_unique<SessionEngine>(options.execution);
    engine = own.get();
  }
  ScriptRunner runner(scriptDir, *engine);
  ScriptReport report;
  for (const SpecCommand& c : script.commands) {
    bool selected = options.kinds[static_cast<unsigned>(c.kind)];
    if (!selected && !runsUncounted(c.kind)) continue;
    Outcome o = runner.run(c);
    if (!selected) continue;
    report.results.push_back(
        CommandResult{c.line, c.kind, o.verdict, std::move(o.reason), std::move(o.note)});
  }
  return report;
}

}  // namespace ember::tools
