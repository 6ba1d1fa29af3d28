// Precompiled artifacts (DESIGN decision 10): a loaded artifact runs like the
// module compiled directly, and every kind of mismatch or damage is refused
// with an error that names it, before anything runs.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "abi/artifact_format.h"
#include "abi/wasm_offset_map.h"
#include "runtime/artifact/artifact_checksum.h"
#include "runtime/artifact/artifact_reader.h"
#include "runtime/artifact/artifact_target.h"
#include "runtime/jit/engine.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::Harness;
using test::i32;
using test::readWasm;

Config jitConfig(BoundsMode bounds = BoundsMode::Signals) {
  Config c;
  c.engine = EngineKind::Jit;
  c.bounds = bounds;
  return c;
}

std::vector<uint8_t> artifactOf(const Config& config, const std::string& name = "artifact_demo") {
  Engine engine(config);
  auto compiled = compileModule(engine, readWasm(name));
  EXPECT_TRUE(compiled) << compiled.error().message();
  if (!compiled) return {};
  auto bytes = serializeModule(**compiled);
  EXPECT_TRUE(bytes) << bytes.error().message();
  return bytes ? std::move(bytes.value()) : std::vector<uint8_t>{};
}

ArtifactHeader headerOf(const std::vector<uint8_t>& bytes) {
  ArtifactHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  return h;
}

// Rewrites the header and recomputes the checksum, as a well-formed artifact
// from another build or host would have it.
void patchHeader(std::vector<uint8_t>& bytes, void (*edit)(ArtifactHeader&)) {
  ArtifactHeader h = headerOf(bytes);
  edit(h);
  h.checksum = 0;
  std::memcpy(bytes.data(), &h, sizeof h);
  h.checksum = artifactChecksum(bytes);
  std::memcpy(bytes.data(), &h, sizeof h);
}

void fixChecksum(std::vector<uint8_t>& bytes) {
  patchHeader(bytes, [](ArtifactHeader&) {});
}

// Loads `bytes` into a JIT engine with `config`; the error message, or ""
// when it loaded (a test failure where a rejection was expected).
std::string loadError(const std::vector<uint8_t>& bytes, const Config& config = jitConfig()) {
  Engine engine(config);
  auto loaded = loadArtifact(engine, bytes);
  return loaded ? std::string() : loaded.error().message();
}

void defineHost(Harness& h) {
  FuncType type{{ValType::I32, ValType::I32}, {ValType::I32}};
  h.linker.define("host", "add", Extern::of(h.store.createHostFunction(
                                     type, [](std::span<const Value> a, std::span<Value> r) {
                                       r[0] = Value::fromI32(a[0].i32 + a[1].i32);
                                       return success();
                                     })));
}

void expectRunsLikeDirect(BoundsMode bounds) {
  std::vector<uint8_t> artifact = artifactOf(jitConfig(bounds));
  Harness h(jitConfig(bounds));
  defineHost(h);
  auto loaded = loadArtifact(h.engine, artifact);
  ASSERT_TRUE(loaded) << loaded.error().message();
  artifact.assign(artifact.size(), 0);  // the module must not keep pointing into it
  auto inst = h.linker.instantiate(h.store, *loaded);
  ASSERT_TRUE(inst) << inst.error().message();
  EXPECT_EQ(h.one(*inst, "fib", {i32(20)}).i32, 6765u);
  EXPECT_EQ(h.one(*inst, "call_table", {i32(0), i32(7), i32(0)}).i32, 49u);
  EXPECT_EQ(h.one(*inst, "call_table", {i32(1), i32(42), i32(5)}).i32, 8u);
  EXPECT_EQ(h.one(*inst, "bump").i32, 42u);
  EXPECT_EQ(h.one(*inst, "load_byte", {i32(16)}).i32, uint32_t{'a'});
  for (uint32_t i : {0u, 1u, 2u, 3u})
    EXPECT_EQ(h.one(*inst, "pick", {i32(i)}).i32, i < 2 ? 10u + 10 * i : 30u) << i;
  EXPECT_EQ(h.trap(*inst, "load_byte", {i32(70000)}), TrapCode::MemoryOutOfBounds);
  auto trapped = h.call(*inst, "trap");
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapCodeOf(trapped.error()), TrapCode::IntegerDivideByZero);
  // Backtraces name functions from the artifact's name section.
  EXPECT_NE(trapped.error().context().find("div"), std::string::npos) << trapped.error().context();
  EXPECT_NE(trapped.error().context().find("inner_trap"), std::string::npos);
  // And give the same wasm offsets as the module compiled directly: the
  // artifact keeps the original bodies' offsets, which its metadata lost.
  Harness direct(jitConfig(bounds));
  defineHost(direct);
  Instance* directInst = direct.load("artifact_demo");
  ASSERT_NE(directInst, nullptr);
  auto directTrapped = direct.call(directInst, "trap");
  ASSERT_FALSE(directTrapped);
  const auto& want = directTrapped.error().trap()->backtrace;
  const auto& got = trapped.error().trap()->backtrace;
  ASSERT_EQ(got.size(), 2u);
  ASSERT_EQ(got.size(), want.size());
  // The jump table is marked as data as in the module compiled directly
  // (what `ember objdump` of an artifact needs; builds without objdump
  // keep no ranges).
  const auto loadedRanges = (*loaded)->jitCode()->dataRanges();
  const auto directRanges = directInst->module().jitCode()->dataRanges();
  ASSERT_EQ(loadedRanges.empty(), !kKeepCodeDataRanges);
  ASSERT_EQ(loadedRanges.size(), directRanges.size());
  for (size_t i = 0; i < loadedRanges.size(); ++i) {
    EXPECT_EQ(loadedRanges[i].begin, directRanges[i].begin) << i;
    EXPECT_EQ(loadedRanges[i].end, directRanges[i].end) << i;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NE(got[i].moduleOffset, TrapFrameInfo::kUnknownOffset) << i;
    EXPECT_EQ(got[i].funcIndex, want[i].funcIndex) << i;
    EXPECT_EQ(got[i].funcOffset, want[i].funcOffset) << i;
    EXPECT_EQ(got[i].moduleOffset, want[i].moduleOffset) << i;
  }
}

TEST(Artifact, RoundTripRunsLikeDirectCompileWithSignals) { expectRunsLikeDirect(BoundsMode::Signals); }
TEST(Artifact, RoundTripRunsLikeDirectCompileWithChecks) { expectRunsLikeDirect(BoundsMode::Checks); }

TEST(Artifact, SerializingIsDeterministicAndLoadedModulesSerializeTheSame) {
  std::vector<uint8_t> a = artifactOf(jitConfig());
  EXPECT_EQ(a, artifactOf(jitConfig()));
  Engine engine(jitConfig());
  auto loaded = loadArtifact(engine, a);
  ASSERT_TRUE(loaded) << loaded.error().message();
  auto again = serializeModule(**loaded);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, a);
}

TEST(Artifact, HeaderRecordsTheCodeChoices) {
  Config c = jitConfig(BoundsMode::Checks);
  c.consumeFuel = true;
  ArtifactHeader h = headerOf(artifactOf(c));
  EXPECT_EQ(h.formatVersion, kArtifactFormatVersion);
  EXPECT_EQ(h.arch, static_cast<uint32_t>(hostArtifactArch()));
  EXPECT_EQ(h.cpuFeatures, hostCpuFeatureBits());
  EXPECT_EQ(h.bounds, static_cast<uint32_t>(ArtifactBounds::Checks));
  EXPECT_TRUE(h.codeFlags & kCodeFuelChecks);
  EXPECT_FALSE(h.codeFlags & kCodeEpochChecks);
  EXPECT_EQ(h.abiFingerprint, runtimeAbiFingerprint());
  Config back = configForArtifact(h);
  EXPECT_EQ(back.bounds, BoundsMode::Checks);
  EXPECT_TRUE(back.consumeFuel);
  EXPECT_FALSE(back.epochInterruption);
}

TEST(Artifact, InterpreterModulesAreNotSerialized) {
  Engine engine(Config{});
  auto compiled = compileModule(engine, readWasm("artifact_demo"));
  ASSERT_TRUE(compiled);
  auto bytes = serializeModule(**compiled);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("interpreter"), std::string::npos);
}

TEST(ArtifactRejects, Truncation) {
  std::vector<uint8_t> a = artifactOf(jitConfig());
  for (size_t size : {a.size() - 1, a.size() / 2, size_t{kArtifactHeaderSize}}) {
    std::vector<uint8_t> cut(a.begin(), a.begin() + size);
    EXPECT_NE(loadError(cut).find("truncated"), std::string::npos) << size << ": " << loadError(cut);
  }
  std::vector<uint8_t> tiny(a.begin(), a.begin() + 20);
  EXPECT_NE(loadError(tiny).find("truncated"), std::string::npos) << loadError(tiny);
}

TEST(ArtifactRejects, EveryFlippedBit) {
  const std::vector<uint8_t> a = artifactOf(jitConfig());
  for (size_t byte = 0; byte < a.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> flipped = a;
      flipped[byte] ^= static_cast<uint8_t>(1u << bit);
      std::string e = loadError(flipped);
      // Fields read before the checksum is computed have their own message.
      bool named = e.find("checksum mismatch") != std::string::npos ||
                   e.find("bad magic") != std::string::npos ||
                   e.find("format version") != std::string::npos ||
                   e.find("header size") != std::string::npos ||
                   e.find("truncated or padded") != std::string::npos;
      ASSERT_TRUE(named) << "byte " << byte << " bit " << bit << ": '" << e << "'";
      bool checkedEarly = byte < offsetof(ArtifactHeader, arch) ||
                          (byte >= offsetof(ArtifactHeader, fileSize) &&
                           byte < offsetof(ArtifactHeader, checksum));
      if (!checkedEarly) {
        EXPECT_NE(e.find("checksum mismatch"), std::string::npos) << byte << ": " << e;
      }
    }
  }
}

TEST(ArtifactRejects, OtherFormatVersion) {
  std::vector<uint8_t> a = artifactOf(jitConfig());
  patchHeader(a, [](ArtifactHeader& h) { h.formatVersion = kArtifactFormatVersion + 1; });
  std::string e = loadError(a);
  EXPECT_NE(e.find(formatMessage("format version %u", kArtifactFormatVersion + 1)),
            std::string::npos) << e;
  EXPECT_NE(e.find(formatMessage("reads format version %u", kArtifactFormatVersion)),
            std::string::npos) << e;
  // A file of the previous format (before the wasm offset table) too.
  patchHeader(a, [](ArtifactHeader& h) { h.formatVersion = kArtifactFormatVersion - 1; });
  e = loadError(a);
  EXPECT_NE(e.find(formatMessage("format version %u", kArtifactFormatVersion - 1)),
            std::string::npos) << e;
}

TEST(ArtifactRejects, OtherArchitecture) {
  std::vector<uint8_t> a = artifactOf(jitConfig());
  patchHeader(a, [](ArtifactHeader& h) {
    h.arch = static_cast<uint32_t>(hostArtifactArch() == ArtifactArch::X86_64
                                       ? ArtifactArch::AArch64
                                       : ArtifactArch::X86_64);
  });
  std::string e = loadError(a);
  EXPECT_NE(e.find("compiled for"), std::string::npos) << e;
  EXPECT_NE(e.find(artifactArchName(static_cast<uint32_t>(hostArtifactArch()))), std::string::npos)
      << e;
}

TEST(ArtifactRejects, MissingCpuFeature) {
  ArtifactHeader h = headerOf(artifactOf(jitConfig()));
  h.cpuFeatures |= kCpuSse41 | kCpuBmi2;
  // A CPU with everything this one has and SSE4.1, but no BMI2.
  auto r = checkArtifactTarget(h, jitConfig(), (hostCpuFeatureBits() | kCpuSse41) & ~kCpuBmi2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("CPU features this CPU lacks: bmi2"), std::string::npos)
      << r.error().message();
  // Through the loader: a feature this CPU really lacks, when there is one.
  uint32_t lacking = (kCpuSse41 | kCpuPopcnt | kCpuLzcnt | kCpuBmi1 | kCpuBmi2) &
                     ~hostCpuFeatureBits();
  if (hostArtifactArch() == ArtifactArch::X86_64 && lacking) {
    std::vector<uint8_t> a = artifactOf(jitConfig());
    static uint32_t missing;
    missing = lacking;
    patchHeader(a, [](ArtifactHeader& hh) { hh.cpuFeatures |= missing; });
    EXPECT_NE(loadError(a).find(cpuFeatureNames(lacking)), std::string::npos) << loadError(a);
  }
}

// Code compiled with AVX forms (the JIT uses them wherever the CPU has
// AVX) must not load on a CPU without AVX.
TEST(ArtifactRejects, AvxCodeOnACpuWithoutAvx) {
  if (hostArtifactArch() != ArtifactArch::X86_64) GTEST_SKIP() << "x86-64 only";
  ArtifactHeader h = headerOf(artifactOf(jitConfig()));
  h.cpuFeatures = kCpuSse41 | kCpuPopcnt | kCpuAvx;
  auto r = checkArtifactTarget(h, jitConfig(), kCpuSse41 | kCpuSse42 | kCpuPopcnt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("CPU features this CPU lacks: avx"), std::string::npos)
      << r.error().message();
}

// With Config::jitCpuFeatures = Baseline the code assumes SSE4.1 only, and
// the artifact says so: it loads on a CPU with nothing else.
TEST(Artifact, BaselineCpuFeaturesAssumeOnlySse41) {
  if (hostArtifactArch() != ArtifactArch::X86_64) GTEST_SKIP() << "x86-64 only";
  Config c = jitConfig();
  c.jitCpuFeatures = CpuFeatureLevel::Baseline;
  ArtifactHeader h = headerOf(artifactOf(c));
  EXPECT_EQ(h.cpuFeatures, kCpuSse41);
  EXPECT_TRUE(checkArtifactTarget(h, jitConfig(), kCpuSse41));
  EXPECT_EQ(headerOf(artifactOf(jitConfig())).cpuFeatures, hostCpuFeatureBits());
}

TEST(ArtifactRejects, OtherRuntimeAbi) {
  std::vector<uint8_t> a = artifactOf(jitConfig());
  patchHeader(a, [](ArtifactHeader& h) { h.abiFingerprint ^= 1; });
  EXPECT_NE(loadError(a).find("runtime ABI fingerprint"), std::string::npos) << loadError(a);
}

TEST(ArtifactRejects, OtherBoundsMode) {
  std::string e = loadError(artifactOf(jitConfig(BoundsMode::Signals)), jitConfig(BoundsMode::Checks));
  EXPECT_NE(e.find("bounds mode signals, the engine uses checks"), std::string::npos) << e;
  e = loadError(artifactOf(jitConfig(BoundsMode::Checks)), jitConfig(BoundsMode::Signals));
  EXPECT_NE(e.find("bounds mode checks, the engine uses signals"), std::string::npos) << e;
}

TEST(ArtifactRejects, OtherFuelOrEpochSetting) {
  Config fuel = jitConfig();
  fuel.consumeFuel = true;
  std::string e = loadError(artifactOf(fuel), jitConfig());
  EXPECT_NE(e.find("fuel on, the engine has it off"), std::string::npos) << e;
  Config epochs = jitConfig();
  epochs.epochInterruption = true;
  e = loadError(artifactOf(jitConfig()), epochs);
  EXPECT_NE(e.find("epoch interruption off, the engine has it on"), std::string::npos) << e;
}

TEST(ArtifactRejects, InterpreterEngine) {
  std::string e = loadError(artifactOf(jitConfig()), Config{});
  EXPECT_NE(e.find("configured for the interpreter"), std::string::npos) << e;
}

TEST(ArtifactRejects, WasmWhereAnArtifactIsExpectedAndViceVersa) {
  std::string e = loadError(readWasm("artifact_demo"));
  EXPECT_NE(e.find("WebAssembly binary (.wasm), not a precompiled Ember artifact"),
            std::string::npos) << e;
  Engine engine(jitConfig());
  auto compiled = compileModule(engine, artifactOf(jitConfig()));
  ASSERT_FALSE(compiled);
  EXPECT_NE(compiled.error().message().find("precompiled Ember artifact, not a WebAssembly"),
            std::string::npos) << compiled.error().message();
}

// Well-formed files (correct checksum) whose tables lie: the loader checks
// every entry instead of trusting the checksum.
TEST(ArtifactRejects, TablesThatDoNotFitTheCodeOrTheModule) {
  const std::vector<uint8_t> a = artifactOf(jitConfig());
  const ArtifactHeader h = headerOf(a);
  ASSERT_GT(h.functions.size, 0u);
  ASSERT_GT(h.traps.size, 0u);
  auto withFunction = [&](void (*edit)(ArtifactFunctionRange&)) {
    std::vector<uint8_t> b = a;
    ArtifactFunctionRange f;
    std::memcpy(&f, b.data() + h.functions.offset, sizeof f);
    edit(f);
    std::memcpy(b.data() + h.functions.offset, &f, sizeof f);
    fixChecksum(b);
    return loadError(b);
  };
  EXPECT_NE(withFunction([](ArtifactFunctionRange& f) { f.end = 0xFFFFFFF0u; })
                .find("outside the code"), std::string::npos);
  EXPECT_NE(withFunction([](ArtifactFunctionRange& f) { f.funcIndex = 0; })  // the import
                .find("imported, unknown or already given"), std::string::npos);
  EXPECT_NE(withFunction([](ArtifactFunctionRange& f) { f.funcIndex = 1000; })
                .find("imported, unknown or already given"), std::string::npos);

  std::vector<uint8_t> b = a;
  ArtifactTrapSite t;
  std::memcpy(&t, b.data() + h.traps.offset, sizeof t);
  t.trapCode = 200;
  std::memcpy(b.data() + h.traps.offset, &t, sizeof t);
  fixChecksum(b);
  EXPECT_NE(loadError(b).find("unknown trap code 200"), std::string::npos) << loadError(b);

  ASSERT_GE(h.traps.size, 2 * sizeof(ArtifactTrapSite));
  b = a;
  ArtifactTrapSite first, second;
  std::memcpy(&first, b.data() + h.traps.offset, sizeof first);
  std::memcpy(&second, b.data() + h.traps.offset + sizeof first, sizeof second);
  std::memcpy(b.data() + h.traps.offset, &second, sizeof second);
  std::memcpy(b.data() + h.traps.offset + sizeof first, &first, sizeof first);
  fixChecksum(b);
  EXPECT_NE(loadError(b).find("trap sites are not sorted"), std::string::npos) << loadError(b);

  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.code.size = hh.fileSize; });
  EXPECT_NE(loadError(b).find("code section"), std::string::npos) << loadError(b);
  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.traps.size -= 1; });
  EXPECT_NE(loadError(b).find("not a multiple"), std::string::npos) << loadError(b);
  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.functions.size -= sizeof(ArtifactFunctionRange); });
  EXPECT_NE(loadError(b).find("function code ranges for"), std::string::npos) << loadError(b);
  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.metadata.size = 4; });
  EXPECT_NE(loadError(b).find("metadata"), std::string::npos) << loadError(b);

  if (!kKeepCodeDataRanges) {  // written empty, and not read
    EXPECT_EQ(h.dataRanges.size, 0u);
    return;
  }
  ASSERT_GE(h.dataRanges.size, sizeof(ArtifactDataRange));
  auto withDataRange = [&](ArtifactDataRange d) {
    std::vector<uint8_t> c = a;
    std::memcpy(c.data() + h.dataRanges.offset, &d, sizeof d);
    fixChecksum(c);
    return loadError(c);
  };
  const auto codeSize = static_cast<uint32_t>(h.code.size);
  EXPECT_NE(withDataRange({8, codeSize + 1}).find("is not inside the code"), std::string::npos);
  EXPECT_NE(withDataRange({9, 8}).find("is not inside the code"), std::string::npos);
  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.dataRanges.size -= 1; });
  EXPECT_NE(loadError(b).find("data range table size"), std::string::npos) << loadError(b);
}

// The wasm offset map (backtraces) and the body locations in the function
// ranges are checked like the other tables: every run lies in its section
// and decodes to sites inside its function's code and body.
TEST(ArtifactRejects, WasmOffsetsThatDoNotFitTheCodeOrTheBodies) {
  const std::vector<uint8_t> a = artifactOf(jitConfig());
  const ArtifactHeader h = headerOf(a);
  ASSERT_GE(h.functions.size, 2 * sizeof(ArtifactFunctionRange));
  ASSERT_GT(h.wasmOffsets.size, 0u);
  ArtifactFunctionRange first;
  std::memcpy(&first, a.data() + h.functions.offset, sizeof first);
  ASSERT_GT(first.offsetsSize, 0u);
  auto withFunction = [&](size_t index, auto edit) {
    std::vector<uint8_t> b = a;
    uint8_t* at = b.data() + h.functions.offset + index * sizeof(ArtifactFunctionRange);
    ArtifactFunctionRange f;
    std::memcpy(&f, at, sizeof f);
    edit(f);
    std::memcpy(at, &f, sizeof f);
    fixChecksum(b);
    return loadError(b);
  };
  std::string e = withFunction(0, [](ArtifactFunctionRange& f) { f.offsetsBegin = 0x7FFFFFFFu; });
  EXPECT_NE(e.find("lie outside their section"), std::string::npos) << e;
  e = withFunction(0, [&](ArtifactFunctionRange& f) { f.offsetsSize = h.wasmOffsets.size + 1; });
  EXPECT_NE(e.find("lie outside their section"), std::string::npos) << e;
  e = withFunction(0, [](ArtifactFunctionRange& f) { f.bodySize = 0; });
  EXPECT_NE(e.find("in a body of 0 bytes"), std::string::npos) << e;
  e = withFunction(0, [](ArtifactFunctionRange& f) { f.end = f.begin + 1; });
  EXPECT_NE(e.find("outside its code"), std::string::npos) << e;
  e = withFunction(0, [](ArtifactFunctionRange& f) {
    f.bodyOffset = 0xFFFFFFF0u;
    f.bodySize = 0x100;
  });
  EXPECT_NE(e.find("beyond 4 GiB"), std::string::npos) << e;
  e = withFunction(1, [](ArtifactFunctionRange& f) { f.begin = 0; });
  EXPECT_NE(e.find("overlaps or precedes"), std::string::npos) << e;

  // A run whose bytes never end a LEB128 number.
  std::vector<uint8_t> b = a;
  std::memset(b.data() + h.wasmOffsets.offset + first.offsetsBegin, 0x80, first.offsetsSize);
  fixChecksum(b);
  EXPECT_NE(loadError(b).find("do not decode"), std::string::npos) << loadError(b);
  b = a;
  patchHeader(b, [](ArtifactHeader& hh) { hh.wasmOffsets.offset = hh.fileSize; });
  EXPECT_NE(loadError(b).find("wasm offset section"), std::string::npos) << loadError(b);
}

// The offset map's encoding (abi/wasm_offset_map.h): what is written reads
// back, across the one- and multi-byte forms and both signs; and the reader
// stops, marked malformed, at anything an untrusted file could hold that
// does not fit.
TEST(WasmOffsetMap, EntriesReadBackAndBadRunsAreMalformed) {
  struct Site {
    uint32_t code, func;
  };
  const uint32_t start = 0x1000;
  const std::vector<Site> sites = {{start, 0},          {start + 127, 63},     {start + 128, 0},
                                   {start + 300, 64},   {start + 301, 0},      {start + 302, 200000},
                                   {0xFFFFFFF0u, 5},    {0xFFFFFFFFu, 0xFFFFFFFFu}};
  std::vector<uint8_t> bytes;
  uint32_t code = start, func = 0;
  for (const Site& s : sites) {
    wasm_offset_map::appendEntry(bytes, s.code - code, int64_t{s.func} - int64_t{func});
    code = s.code;
    func = s.func;
  }
  wasm_offset_map::Reader reader(bytes, start);
  for (const Site& s : sites) {
    uint32_t c = 0, f = 0;
    ASSERT_TRUE(reader.next(c, f));
    EXPECT_EQ(c, s.code);
    EXPECT_EQ(f, s.func);
  }
  uint32_t c = 0, f = 0;
  EXPECT_FALSE(reader.next(c, f));
  EXPECT_FALSE(reader.malformed());

  auto malformedRun = [](std::vector<uint8_t> run, uint32_t begin) {
    wasm_offset_map::Reader r(run, begin);
    uint32_t code = 0, func = 0;
    while (r.next(code, func)) {
    }
    return r.malformed();
  };
  EXPECT_TRUE(malformedRun({0x80}, 0));                             // unterminated
  EXPECT_TRUE(malformedRun({0x01}, 0));                             // no body offset
  EXPECT_TRUE(malformedRun({0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00}, 0));  // over-long
  EXPECT_TRUE(malformedRun({0x7F, 0x00}, 0xFFFFFFF0u));             // beyond 4 GiB of code
  EXPECT_TRUE(malformedRun({0x00, 0x7F}, 0));                       // body offset -1
  EXPECT_FALSE(malformedRun({0x00, 0x01, 0x02, 0x7F}, 0));          // +1, then -1: 0
}

TEST(ArtifactChecksum, EverySingleBitFlipChangesIt) {
  std::vector<uint8_t> bytes(37);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7);
  uint64_t base = artifactChecksum(bytes);
  for (size_t i = 0; i < bytes.size() * 8; ++i) {
    bytes[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
    EXPECT_NE(artifactChecksum(bytes), base) << i;
    bytes[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
  }
  bytes.push_back(0);  // a trailing zero byte counts too
  EXPECT_NE(artifactChecksum(bytes), base);
}

}  // namespace
}  // namespace ember
