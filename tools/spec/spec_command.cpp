#include "tools/spec/spec_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "tools/file_bytes.h"
#include "tools/spec/expected_failures.h"
#include "tools/spec/script_session.h"
#include "tools/spec/spec_runner.h"

namespace ember::tools {

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: ember spec [--engine none|interp|jit] [--bounds signals|checks] [--via-artifact]\n"
    "                  [--cpu-features host|sse4.1] [--no-skips] [--artifact-dir DIR]   (--via-artifact,\n"
    "                   keeping artifacts in DIR and loading those found there: how a\n"
    "                   runtime-only build runs the suite)\n"
    "                  [--kinds KIND,...] [--expected-failures FILE] [--verbose]\n"
    "                  [--compile-threads N] [--compile-part-bytes N] PATH...\n"
    "--compile-threads: JIT compile threads (default: one per processor);\n"
    "--compile-part-bytes: body bytes per part one thread compiles (1: every function\n"
    "      its own part, which tests joining parts).\n"
    "PATH is a wast2json .json script or a folder searched recursively for them.\n"
    "--no-skips: a skipped command (one the engine does not support) fails the run.\n"
    "KIND: module register action assert_return assert_trap assert_exhaustion\n"
    "      assert_invalid assert_malformed assert_unlinkable assert_uninstantiable\n"
    "      assert_exception (the assert_ prefix may be left out).\n";

// Both "--flag value" and "--flag=value".
struct ArgCursor {
  std::span<const std::string_view> args;
  size_t i = 0;

  bool takeValue(std::string_view flag, std::string_view& value) {
    std::string_view a = args[i];
    if (a.starts_with(flag) && a.size() > flag.size() && a[flag.size()] == '=') {
      value = a.substr(flag.size() + 1);
      return true;
    }
    if (a != flag) return false;
    if (i + 1 >= args.size()) {
      value = {};
      return true;
    }
    value = args[++i];
    return true;
  }
};

struct SpecCommandLine {
  SpecRunOptions run;
  std::string expectedFailuresPath = EMBER_DEFAULT_EXPECTED_FAILURES;
  bool expectedFailuresGiven = false;
  bool verbose = false;
  bool noSkips = false;
  std::vector<std::string> paths;
};

bool usageError(const std::string& what) {
  std::fprintf(stderr, "ember spec: %s\n%s", what.c_str(), kUsage);
  return false;
}

bool parseKinds(std::string_view list, SpecRunOptions& run) {
  run.kinds.fill(false);
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (name.empty()) continue;
    auto kind = parseCommandKind(name);
    if (!kind) return usageError("unknown command kind '" + std::string(name) + "'");
    run.kinds[static_cast<unsigned>(*kind)] = true;
  }
  return true;
}

bool parseCommandLine(std::span<const std::string_view> args, SpecCommandLine& out) {
  out.run.execution.engine = defaultEngineChoice();
  ArgCursor cur{args};
  for (; cur.i < args.size(); ++cur.i) {
    std::string_view a = args[cur.i], value;
    if (a == "--verbose" || a == "-v") {
      out.verbose = true;
    } else if (a == "--no-skips") {
      out.noSkips = true;
    } else if (a == "--via-artifact") {
      out.run.execution.viaArtifact = true;
    } else if (cur.takeValue("--artifact-dir", value)) {
      if (value.empty()) return usageError("--artifact-dir needs a directory");
      out.run.execution.viaArtifact = true;
      out.run.execution.artifactDir = std::string(value);
    } else if (cur.takeValue("--engine", value)) {
      auto engine = parseEngineChoice(value);
      if (!engine) return usageError("unknown engine '" + std::string(value) + "'");
      out.run.execution.engine = *engine;
    } else if (cur.takeValue("--bounds", value)) {
      if (value != "signals" && value != "checks")
        return usageError("--bounds takes signals or checks, not '" + std::string(value) + "'");
      out.run.execution.boundsChecks = value == "checks";
    } else if (cur.takeValue("--compile-threads", value)) {
      auto n = parseThreadCount(value);
      if (!n) return usageError(kThreadCountError);
      out.run.execution.compileThreads = *n;
    } else if (cur.takeValue("--compile-part-bytes", value)) {
      auto n = parsePartBytes(value);
      if (!n) return usageError(kPartBytesError);
      out.run.execution.compilePartBytes = *n;
    } else if (cur.takeValue("--cpu-features", value)) {
      auto baseline = parseCpuFeatures(value);
      if (!baseline) return usageError("--cpu-features takes host or sse4.1");
      out.run.execution.baselineCpuFeatures = *baseline;
    } else if (cur.takeValue("--kinds", value)) {
      if (!parseKinds(value, out.run)) return false;
    } else if (cur.takeValue("--expected-failures", value)) {
      if (value.empty()) return usageError("--expected-failures needs a file");
      out.expectedFailuresPath = std::string(value);
      out.expectedFailuresGiven = true;
    } else if (a.starts_with("-")) {
      return usageError("unknown option '" + std::string(a) + "'");
    } else {
      out.paths.emplace_back(a);
    }
  }
  if (out.paths.empty()) return usageError("no PATH given");
  if (out.run.execution.viaArtifact && out.run.execution.engine != EngineChoice::Jit)
    return usageError("--via-artifact needs --engine jit (artifacts hold JIT code)");
  if (!kHaveRuntime && out.run.execution.engine != EngineChoice::None)
    return usageError("this build has no runtime; only --engine none is available");
  return true;
}

// One script to run: where it is, and how to name it in the output.
struct ScriptFile {
  std::string path;
  std::string displayName;
  // Absolute and normalised, so expected-failure entries match however
  // the PATH argument was spelled.
  std::string matchPath;
};

ScriptFile makeScriptFile(const fs::path& path, std::string displayName) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return {path.string(), std::move(displayName),
          (ec ? path : absolute).lexically_normal().string()};
}

// Folders are searched recursively; files in sorted order so runs compare.
bool collectScripts(const std::string& arg, std::vector<ScriptFile>& out) {
  std::error_code ec;
  if (!fs::is_directory(arg, ec)) {
    if (!fs::exists(arg, ec)) {
      std::fprintf(stderr, "ember spec: no such file or folder: %s\n", arg.c_str());
      return false;
    }
    out.push_back(makeScriptFile(arg, arg));
    return true;
  }
  std::vector<ScriptFile> found;
  for (fs::recursive_directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
    found.push_back(makeScriptFile(it->path(), it->path().lexically_relative(arg).string()));
  }
  if (ec) {
    std::fprintf(stderr, "ember spec: cannot list %s: %s\n", arg.c_str(), ec.message().c_str());
    return false;
  }
  std::sort(found.begin(), found.end(),
            [](auto& a, auto& b) { return a.displayName < b.displayName; });
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

// Expected-failure bookkeeping across all scripts of a run.
class FailureLedger {
 public:
  FailureLedger(ExpectedFailures list, std::string engine)
      : list_(std::move(list)),
        engine_(std::move(engine)),
        state_(list_.entries().size(), State::NotRun) {}

  // Records one result; returns whether it is a failure nobody expected.
  bool record(const std::string& scriptPath, const CommandResult& r) {
    if (r.verdict != Verdict::Passed && r.verdict != Verdict::Failed) return false;
    int entry = list_.find(scriptPath, r.line, engine_);
    if (entry < 0) return r.verdict == Verdict::Failed;
    State& s = state_[entry];
    if (r.verdict == Verdict::Failed)
      s = State::Failed;
    else if (s == State::NotRun)
      s = State::Passed;
    return false;
  }

  void print() const {
    printEntries(State::Failed, "expected failures that occurred");
    printEntries(State::Passed, "stale expected failures (these now pass; remove them)");
  }

 private:
  enum class State : uint8_t { NotRun, Passed, Failed };

  void printEntries(State which, const char* title) const {
    size_t n = std::count(state_.begin(), state_.end(), which);
    if (n == 0) return;
    std::printf("%zu %s:\n", n, title);
    for (size_t i = 0; i < state_.size(); ++i) {
      if (state_[i] != which) continue;
      const ExpectedFailure& e = list_.entries()[i];
      std::printf("  %s:%u %s\n", e.file.c_str(), e.line, e.reason.c_str());
    }
  }

  ExpectedFailures list_;
  std::string engine_;
  std::vector<State> state_;
};

bool loadExpectedFailures(const SpecCommandLine& cl, ExpectedFailures& out) {
  std::error_code ec;
  if (!cl.expectedFailuresGiven && !fs::exists(cl.expectedFailuresPath, ec)) return true;
  auto text = readFileText(cl.expectedFailuresPath);
  if (!text) {
    std::fprintf(stderr, "ember spec: %s\n", text.error().message().c_str());
    return false;
  }
  auto list = ExpectedFailures::parse(*text);
  if (!list) {
    std::fprintf(stderr, "ember spec: %s: %s\n", cl.expectedFailuresPath.c_str(),
                 list.error().message().c_str());
    return false;
  }
  out = std::move(*list);
  return true;
}

struct Totals {
  uint64_t passed = 0, failed = 0, skipped = 0, text = 0, unexpected = 0;
  std::vector<std::string> unexpectedLines;  // for the summary when not verbose
};

constexpr size_t kUnexpectedShown = 20;

std::string describeResult(const std::string& name, const CommandResult& r) {
  return formatText("%s:%u %s: ", name.c_str(), r.line, commandKindName(r.kind)) + r.reason;
}

// Why a script's commands were skipped, as " (skipped: reason; ...)", so a
// row says e.g. that a whole SIMD file is out of an engine's reach.
std::string skipReasons(const ScriptReport& report) {
  std::vector<std::string> reasons;
  for (const CommandResult& r : report.results) {
    if (r.verdict != Verdict::Skipped) continue;
    if (std::find(reasons.begin(), reasons.end(), r.reason) == reasons.end())
      reasons.push_back(r.reason);
  }
  if (reasons.empty()) return {};
  std::string out = " (skipped: ";
  for (size_t i = 0; i < reasons.size(); ++i) out += (i ? "; " : "") + reasons[i];
  return out + ")";
}

void runScript(const ScriptFile& file, const SpecCommandLine& cl, SessionEngine& engine,
               FailureLedger& ledger, Totals& totals) {
  auto report = [&]() -> Result<ScriptReport> {
    auto text = readFileText(file.path);
    if (!text) return text.takeError();
    auto script = parseSpecScript(*text);
    if (!script) return script.takeError();
    std::string dir = fs::path(file.path).parent_path().string();
    return runSpecScript(*script, dir.empty() ? "." : dir, cl.run, &engine);
  }();
  if (!report) {
    // A script that cannot be read counts as one unexpected failure.
    std::printf("%s: error: %s\n", file.displayName.c_str(), report.error().message().c_str());
    ++totals.failed, ++totals.unexpected;
    totals.unexpectedLines.push_back(file.displayName + ": " + report.error().message());
    return;
  }
  uint32_t passed = report->count(Verdict::Passed), failed = report->count(Verdict::Failed);
  uint32_t skipped = report->count(Verdict::Skipped);
  std::printf("%s: %u passed, %u failed, %u skipped%s\n", file.displayName.c_str(), passed,
              failed, skipped, skipReasons(*report).c_str());
  totals.passed += passed, totals.failed += failed, totals.skipped += skipped;
  totals.text += report->count(Verdict::Text);
  for (const CommandResult& r : report->results) {
    bool unexpected = ledger.record(file.matchPath, r);
    totals.unexpected += unexpected;
    if (unexpected && totals.unexpectedLines.size() < kUnexpectedShown)
      totals.unexpectedLines.push_back(describeResult(file.displayName, r));
    if (!cl.verbose) continue;
    if (r.verdict == Verdict::Failed)
      std::printf("  FAIL%s %s\n", unexpected ? "" : " (expected)",
                  describeResult(file.displayName, r).c_str());
    else if (r.verdict == Verdict::Passed && !r.note.empty())
      std::printf("  note %s:%u %s: %s\n", file.displayName.c_str(), r.line,
                  commandKindName(r.kind), r.note.c_str());
  }
}

void printUnexpected(const Totals& totals, bool verbose) {
  if (totals.unexpected == 0) return;
  std::printf("%llu unexpected failures\n", static_cast<unsigned long long>(totals.unexpected));
  if (verbose) return;
  for (const std::string& line : totals.unexpectedLines) std::printf("  %s\n", line.c_str());
  if (totals.unexpected > totals.unexpectedLines.size())
    std::printf("  ... (--verbose lists all)\n");
}

}  // namespace

int runSpecCommand(std::span<const std::string_view> args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  SpecCommandLine cl;
  if (!parseCommandLine(args, cl)) return 2;
  ExpectedFailures expected;
  if (!loadExpectedFailures(cl, expected)) return 2;
  std::vector<ScriptFile> files;
  bool allFound = true;
  for (const std::string& p : cl.paths) allFound &= collectScripts(p, files);
  if (!allFound) return 2;
  if (files.empty()) {
    std::fprintf(stderr, "ember spec: no .json scripts found\n");
    return 1;
  }

  FailureLedger ledger(std::move(expected), engineChoiceName(cl.run.execution.engine));
  Totals totals;
  SessionEngine engine(cl.run.execution);  // shared by the scripts (script_session.h)
  for (const ScriptFile& f : files) runScript(f, cl, engine, ledger, totals);
  ledger.print();
  printUnexpected(totals, cl.verbose);
  if (totals.text)
    std::printf("%llu text-format commands not run (no text parser)\n",
                static_cast<unsigned long long>(totals.text));
  std::printf("%llu passed, %llu failed, %llu skipped\n",
              static_cast<unsigned long long>(totals.passed),
              static_cast<unsigned long long>(totals.failed),
              static_cast<unsigned long long>(totals.skipped));
  if (cl.noSkips && totals.skipped)
    std::printf("--no-skips: %llu commands were skipped\n",
                static_cast<unsigned long long>(totals.skipped));
  return totals.unexpected == 0 && !(cl.noSkips && totals.skipped) ? 0 : 1;
}

}  // namespace ember::tools
