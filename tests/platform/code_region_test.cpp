// Executable code regions: guard pages, W^X, seal, run.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "platform/ember-platform.h"
#include "tests/platform/fault_probe.h"
#include "tests/platform/machine_code.h"

namespace ember::test {
namespace {

class CodeRegion : public ::testing::Test {
 protected:
  void TearDown() override { ember_code_region_free(region_); }

  ember_code_region* alloc(size_t size) {
    EXPECT_EQ(ember_code_region_alloc(size, &region_), EMBER_PLATFORM_OK);
    return region_;
  }

  ember_code_region* region_ = nullptr;
};

TEST_F(CodeRegion, SizeIsRoundedToPagesAndGuarded) {
  alloc(1);
  uint8_t* start = ember_code_region_start(region_);
  EXPECT_EQ(ember_code_region_size(region_), page());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(start) % page(), 0u);
  EXPECT_FALSE(writeFaults(start));
  EXPECT_FALSE(writeFaults(start + page() - 1));
  EXPECT_TRUE(readFaults(start - 1));       // guard page before
  EXPECT_TRUE(readFaults(start + page()));  // guard page after
}

TEST_F(CodeRegion, SealedCodeRuns) {
  alloc(64);
  Bytes code = returnFortyTwo();
  std::memcpy(ember_code_region_start(region_), code.data(), code.size());
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  auto function = reinterpret_cast<int (*)()>(ember_code_region_start(region_));
  EXPECT_EQ(function(), 42);
}

TEST_F(CodeRegion, IsNeverWritableAndExecutable) {
  alloc(64);
  Bytes code = returnFortyTwo();
  uint8_t* start = ember_code_region_start(region_);
  std::memcpy(start, code.data(), code.size());
  auto function = reinterpret_cast<int (*)()>(start);
  EXPECT_TRUE(faults([&] { function(); })) << "writable code must not be executable";
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  EXPECT_TRUE(writeFaults(start)) << "sealed code must not be writable";
  EXPECT_EQ(start[0], code[0]);
  EXPECT_EQ(function(), 42);
}

TEST_F(CodeRegion, UnusedPagesBecomeGuardsAtSeal) {
  alloc(3 * page());
  uint8_t* start = ember_code_region_start(region_);
  ASSERT_EQ(ember_code_region_size(region_), 3 * page());
  ASSERT_EQ(ember_code_region_seal(region_, page() + 1), EMBER_PLATFORM_OK);
  EXPECT_FALSE(readFaults(start + page()));  // the page holding the last code byte
  EXPECT_TRUE(readFaults(start + 2 * page()));
}

TEST_F(CodeRegion, SealingNothingLeavesNoAccess) {
  alloc(page());
  ASSERT_EQ(ember_code_region_seal(region_, 0), EMBER_PLATFORM_OK);
  EXPECT_TRUE(readFaults(ember_code_region_start(region_)));
}

TEST_F(CodeRegion, SealIsOneWayAndChecked) {
  alloc(page());
  EXPECT_EQ(ember_code_region_seal(region_, page() + 1), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_seal(region_, 16), EMBER_PLATFORM_OK);
  EXPECT_EQ(ember_code_region_seal(region_, 16), EMBER_PLATFORM_INVALID_ARGUMENT);
}

TEST_F(CodeRegion, BadAllocationsAreReported) {
  ember_code_region* region = nullptr;
  EXPECT_EQ(ember_code_region_alloc(0, &region), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_alloc(16, nullptr), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_alloc(SIZE_MAX, &region), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(region, nullptr);
  ember_code_region_free(nullptr);  // a no-op
}

#if defined(__linux__)
constexpr size_t kHugePage = size_t{2} << 20;

// A field of /proc/self/smaps ("THPeligible", say) for the mapping that
// holds `address`; empty when the mapping or the field is not listed.
std::string smapsField(const void* address, const std::string& field) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind(field + ":", 0) == 0) {
      std::istringstream value(line.substr(field.size() + 1));
      std::string word;
      value >> word;
      return word;
    }
  }
  return {};
}

// Whether any mapping of the process holds `address` (/proc/self/maps).
bool isMapped(const void* address) {
  std::ifstream maps("/proc/self/maps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  for (std::string line; std::getline(maps, line);) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> begin >> dash >> end && dash == '-' && begin <= at && at < end)
      return true;
  }
  return false;
}

// The system's transparent huge page mode: "always", "madvise", "never",
// or empty when it has none.
std::string hugePageMode() {
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const size_t open = text.find('['), close = text.find(']');
  return open < close && close != std::string::npos ? text.substr(open + 1, close - open - 1)
                                                    : std::string();
}

// Whether advising a mapping to take huge pages shows in smaps at all:
// not where THP is off, and not under qemu-user, which drops the advice.
bool hugePageAdviceShows() {
  const std::string mode = hugePageMode();
  if (mode.empty() || mode == "never") return false;
  void* probe =
      mmap(nullptr, 2 * kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (probe == MAP_FAILED) return false;
  const bool shows =
      madvise(probe, 2 * kHugePage, MADV_HUGEPAGE) == 0 && smapsField(probe, "THPeligible") == "1";
  munmap(probe, 2 * kHugePage);
  return shows;
}

TEST_F(CodeRegion, LargeRegionsStartOnAHugePageBoundaryAndKeepTheirGuards) {
  alloc(2 * kHugePage);
  uint8_t* start = ember_code_region_start(region_);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(start) % kHugePage, 0u);
  EXPECT_EQ(ember_code_region_size(region_), 2 * kHugePage);
  EXPECT_TRUE(readFaults(start - 1));
  EXPECT_TRUE(readFaults(start + 2 * kHugePage));
}

// A region worth huge pages but asked for less than one holds a whole
// one, so that code copied into it (a loaded artifact, joined parts) can
// have it; a small region stays its size.
TEST_F(CodeRegion, RegionsWorthHugePagesHoldWholeOnes) {
  alloc(600 * 1024);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(ember_code_region_start(region_)) % kHugePage, 0u);
  EXPECT_EQ(ember_code_region_size(region_), kHugePage);
  EXPECT_TRUE(readFaults(ember_code_region_start(region_) + kHugePage));
  ember_code_region_free(region_);
  region_ = nullptr;
  alloc(100 * 1024);
  EXPECT_EQ(ember_code_region_size(region_), 100u * 1024);
}

// A sealed region keeps the address space of its code and its guards;
// the room past them is given back.
TEST_F(CodeRegion, SealGivesBackTheUnusedRoom) {
  alloc(2 * kHugePage);
  uint8_t* start = ember_code_region_start(region_);
  Bytes code = returnFortyTwo();
  std::memcpy(start, code.data(), code.size());
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  EXPECT_EQ(reinterpret_cast<int (*)()>(start)(), 42);
  EXPECT_TRUE(readFaults(start - 1));
  EXPECT_TRUE(readFaults(start + page()));
  EXPECT_TRUE(isMapped(start - 1)) << "the guard before stays reserved";
  EXPECT_TRUE(isMapped(start + page())) << "the guard after stays reserved";
  EXPECT_FALSE(isMapped(start + 2 * page())) << "the room is given back";
  EXPECT_FALSE(isMapped(start + 2 * kHugePage - 1));
}

// Much code expected: the region is advised to take huge pages. It still
// seals as any region, its tail past the code becoming a guard (which
// splits the huge page the code began in).
TEST_F(CodeRegion, MuchExpectedCodeGetsHugePages) {
  alloc(2 * kHugePage);
  uint8_t* start = ember_code_region_start(region_);
  ember_code_region_expect(region_, kHugePage);
  const std::string eligible = smapsField(start, "THPeligible");
  Bytes code = returnFortyTwo();
  std::memcpy(start, code.data(), code.size());
  std::memset(start + kHugePage / 2, 0xCC, page());
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  EXPECT_EQ(reinterpret_cast<int (*)()>(start)(), 42);
  EXPECT_TRUE(readFaults(start + page()));
  EXPECT_TRUE(readFaults(start + kHugePage / 2));
  if (!hugePageAdviceShows())
    GTEST_SKIP() << "this system has no transparent huge pages, or drops the advice (qemu-user)";
  EXPECT_EQ(eligible, "1");
}

TEST_F(CodeRegion, LittleExpectedCodeKeepsSmallPages) {
  alloc(2 * kHugePage);
  uint8_t* start = ember_code_region_start(region_);
  ember_code_region_expect(region_, 64 * 1024);
  const std::string eligible = smapsField(start, "THPeligible");
  if (hugePageMode() != "madvise" || eligible.empty())
    GTEST_SKIP() << "only a system that gives huge pages on advice alone shows the difference";
  EXPECT_EQ(eligible, "0");
}
#endif

TEST_F(CodeRegion, SeveralStubsInOneRegion) {
  StubRegion stubs({returnFortyTwo(), loadThroughArg0()});
  uint32_t value = 0xDEADBEEF;
  EXPECT_EQ(stubs.function<int (*)()>(0)(), 42);
  EXPECT_EQ(stubs.function<uint64_t (*)(const uint32_t*)>(1)(&value), 0xDEADBEEFu);
  EXPECT_EQ(stubs.address(1) % 16, 0u);
}

}  // namespace
}  // namespace ember::test
