// Profiler and debugger output for JIT code (runtime/jit/perf_map, jitdump,
// gdb_jit_interface): each file or object is read back and checked against
// the code's own function ranges.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "runtime/jit/elf_symbol_file.h"
#include "runtime/jit/gdb_jit_interface.h"
#include "runtime/jit/jitdump.h"
#include "runtime/jit/engine.h"
#include "tests/profiling/profiling_test_util.h"

namespace ember {
namespace {

struct ExpectedSymbol {
  uintptr_t start;
  size_t size;
  std::string name;
};

Config jitConfig() {
  Config config;
  config.engine = EngineKind::Jit;
  return config;
}

// Every function of `module`'s code with the name tools must show.
std::vector<ExpectedSymbol> expectedSymbols(const CompiledModule& module) {
  const std::map<uint32_t, std::string> names = {
      {1, "inner"}, {2, "wasm[func 2]"}, {3, "outer"}};
  const JitCode* code = module.jitCode();
  std::vector<ExpectedSymbol> out;
  for (const FunctionRange& f : code->functionRanges()) {
    out.push_back({reinterpret_cast<uintptr_t>(code->code().data()) + f.begin, f.end - f.begin,
                   names.at(f.funcIndex)});
  }
  return out;
}

// The perf map stays open for the life of the process (later modules append
// to it), so it is removed only when all tests are done.
class RemovePerfMapAtExit : public ::testing::Environment {
 public:
  void TearDown() override {
    std::remove(("/tmp/perf-" + std::to_string(getpid()) + ".map").c_str());
  }
};
[[maybe_unused]] ::testing::Environment* const removePerfMap =
    ::testing::AddGlobalTestEnvironment(new RemovePerfMapAtExit);

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(Profiling, PerfMapHasOneLinePerFunction) {
  Config config = jitConfig();
  config.profiler = Profiler::PerfMap;
  Engine engine(config);
  auto module = compileModule(engine, test::readProfiledWasm());
  ASSERT_TRUE(module) << module.error().message();
  std::vector<ExpectedSymbol> expected = expectedSymbols(**module);
  ASSERT_EQ(expected.size(), 3u);

  const JitCode* code = (*module)->jitCode();
  uintptr_t codeStart = reinterpret_cast<uintptr_t>(code->code().data());
  std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  std::istringstream lines(readFile(path));
  std::map<uintptr_t, std::pair<size_t, std::string>> byStart;  // lines inside this code
  std::string line;
  while (std::getline(lines, line)) {
    unsigned long long start = 0, size = 0;
    int nameAt = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%llx %llx %n", &start, &size, &nameAt), 2) << line;
    if (start < codeStart || start >= codeStart + code->codeSize()) continue;
    EXPECT_TRUE(byStart.emplace(start, std::make_pair(size, line.substr(nameAt))).second)
        << "two lines for " << line;
  }
  EXPECT_EQ(byStart.size(), expected.size());
  for (const ExpectedSymbol& s : expected) {
    auto it = byStart.find(s.start);
    ASSERT_NE(it, byStart.end()) << "no line for " << s.name;
    EXPECT_EQ(it->second.first, s.size) << s.name;
    EXPECT_EQ(it->second.second, s.name);
  }
}

TEST(Profiling, JitdumpHeaderAndLoadRecordsParse) {
  // jit-<pid>.dump goes to the current directory: use a scratch one.
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("ember-jitdump-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  Config config = jitConfig();
  config.profiler = Profiler::JitDump;
  Engine engine(config);
  auto module = compileModule(engine, test::readProfiledWasm());
  std::filesystem::current_path(previous);
  ASSERT_TRUE(module) << module.error().message();
  std::vector<ExpectedSymbol> expected = expectedSymbols(**module);

  std::string name = "jit-" + std::to_string(getpid()) + ".dump";
  // perf inject finds the file through an executable mapping of it.
  std::istringstream maps(readFile("/proc/self/maps"));
  bool marked = false;
  for (std::string line; std::getline(maps, line);) {
    if (line.ends_with("/" + name)) marked = line.find("r-xp") != std::string::npos;
  }
  EXPECT_TRUE(marked) << "no r-x mapping of " << name;

  std::string bytes = readFile((dir / name).string());
  ASSERT_GE(bytes.size(), sizeof(jitdump::FileHeader));
  jitdump::FileHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  EXPECT_EQ(header.magic, 0x4A695444u);
  EXPECT_EQ(std::string(bytes.data(), 4), "DTiJ");  // the magic as a little-endian host writes it
  EXPECT_EQ(header.version, 1u);
  EXPECT_EQ(header.totalSize, 40u);
  EXPECT_EQ(header.pid, static_cast<uint32_t>(getpid()));
#if defined(__x86_64__)
  EXPECT_EQ(header.elfMachine, 62u);
#elif defined(__aarch64__)
  EXPECT_EQ(header.elfMachine, 183u);
#endif

  size_t at = header.totalSize;
  size_t matched = 0;
  uint64_t lastIndex = 0;
  uint64_t lastTime = header.timestamp;
  while (at < bytes.size()) {
    jitdump::RecordHeader record;
    ASSERT_LE(at + sizeof record, bytes.size());
    std::memcpy(&record, bytes.data() + at, sizeof record);
    ASSERT_EQ(record.id, jitdump::kCodeLoad);
    ASSERT_LE(at + record.totalSize, bytes.size()) << "record runs past the end";
    EXPECT_GE(record.timestamp, lastTime);
    lastTime = record.timestamp;
    jitdump::CodeLoad load;
    std::memcpy(&load, bytes.data() + at + sizeof record, sizeof load);
    const char* symbolName = bytes.data() + at + sizeof record + sizeof load;
    size_t nameSize = std::strlen(symbolName) + 1;
    EXPECT_EQ(record.totalSize, sizeof record + sizeof load + nameSize + load.codeSize);
    EXPECT_EQ(load.pid, static_cast<uint32_t>(getpid()));
    EXPECT_EQ(load.vma, load.codeAddress);
    if (matched > 0) {
      EXPECT_GT(load.codeIndex, lastIndex);
    }
    lastIndex = load.codeIndex;
    const ExpectedSymbol& s = expected.at(matched++);
    EXPECT_EQ(load.codeAddress, s.start);
    EXPECT_EQ(load.codeSize, s.size);
    EXPECT_EQ(std::string(symbolName), s.name);
    EXPECT_EQ(std::memcmp(symbolName + nameSize, reinterpret_cast<const void*>(s.start), s.size), 0)
        << "the record's code differs from the function's";
    at += record.totalSize;
  }
  EXPECT_EQ(matched, expected.size());
  std::filesystem::remove_all(dir);
}

// Reads an ELF symbol file back: .text's address and size, and the
// function symbols as (absolute address, size, name).
struct ParsedElf {
  uint64_t textAddress = 0, textSize = 0;
  uint32_t textType = 0;
  std::vector<ExpectedSymbol> symbols;
};

ParsedElf parseElf(const char* image, size_t size) {
  ParsedElf out;
  elf::FileHeader header;
  EXPECT_GE(size, sizeof header);
  std::memcpy(&header, image, sizeof header);
  EXPECT_EQ(std::memcmp(header.ident, "\x7f" "ELF", 4), 0);
  EXPECT_EQ(header.sectionHeaderCount, elf::kSectionCount);
  EXPECT_LE(header.sectionHeaderOffset + header.sectionHeaderCount * sizeof(elf::SectionHeader),
            size);
  auto section = [&](uint16_t i) {
    elf::SectionHeader s;
    std::memcpy(&s, image + header.sectionHeaderOffset + i * sizeof s, sizeof s);
    return s;
  };
  elf::SectionHeader names = section(header.sectionNamesIndex);
  elf::SectionHeader text = section(elf::kText);
  EXPECT_STREQ(image + names.offset + text.name, ".text");
  out.textAddress = text.address;
  out.textSize = text.size;
  out.textType = text.type;
  elf::SectionHeader symtab = section(elf::kSymtab);
  elf::SectionHeader strtab = section(symtab.link);
  EXPECT_STREQ(image + names.offset + symtab.name, ".symtab");
  for (size_t i = 1; i < symtab.size / sizeof(elf::Symbol); ++i) {
    elf::Symbol sym;
    std::memcpy(&sym, image + symtab.offset + i * sizeof sym, sizeof sym);
    EXPECT_EQ(sym.info, elf::kGlobalFunction);
    EXPECT_EQ(sym.sectionIndex, elf::kText);
    out.symbols.push_back({static_cast<uintptr_t>(text.address + sym.value),
                           static_cast<size_t>(sym.size), image + strtab.offset + sym.name});
  }
  return out;
}

size_t registeredObjects() {
  size_t n = 0;
  for (jit_code_entry* e = __jit_debug_descriptor.first_entry; e; e = e->next_entry) ++n;
  return n;
}

TEST(Profiling, GdbRegistrationDescribesTheCodeAndEndsWithIt) {
  Config config = jitConfig();
  config.debugInfo = true;
  Engine engine(config);
  size_t before = registeredObjects();
  {
    auto module = compileModule(engine, test::readProfiledWasm());
    ASSERT_TRUE(module) << module.error().message();
    ASSERT_EQ(registeredObjects(), before + 1);
    EXPECT_EQ(__jit_debug_descriptor.version, 1u);
    const JitCode* code = (*module)->jitCode();
    jit_code_entry* entry = __jit_debug_descriptor.first_entry;
    ASSERT_EQ(__jit_debug_descriptor.relevant_entry, entry);
    ParsedElf elf = parseElf(entry->symfile_addr, entry->symfile_size);
    EXPECT_EQ(elf.textType, elf::kSectionNoBits);
    EXPECT_EQ(elf.textAddress, reinterpret_cast<uintptr_t>(code->code().data()));
    EXPECT_EQ(elf.textSize, code->codeSize());
    std::vector<ExpectedSymbol> expected = expectedSymbols(**module);
    ASSERT_EQ(elf.symbols.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(elf.symbols[i].start, expected[i].start);
      EXPECT_EQ(elf.symbols[i].size, expected[i].size);
      EXPECT_EQ(elf.symbols[i].name, expected[i].name);
    }
  }
  // The module (and with it its code) is gone: so is its object.
  EXPECT_EQ(registeredObjects(), before);
}

TEST(Profiling, OffByDefault) {
  Engine engine(jitConfig());
  size_t before = registeredObjects();
  auto module = compileModule(engine, test::readProfiledWasm());
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ(registeredObjects(), before);
}

}  // namespace
}  // namespace ember
