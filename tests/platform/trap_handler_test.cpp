// Trap handling: a fault in "JIT code" (hand-assembled stubs) is claimed by
// the runtime's callback and resumed at a landing pad; everything else goes
// to the handler installed before Ember's. Also per thread and concurrent.
#include <gtest/gtest.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <climits>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "platform/ember-platform.h"
#include "tests/platform/machine_code.h"

namespace ember::test {
namespace {

// What the trap callback records for its thread. The landing pad stores to
// the first field and reloads the second (see landingPad()).
struct ThreadRecord {
  uintptr_t fpSeenByLandingPad;
  uintptr_t callerFp;
  uint64_t marker;  // what the landing pad returns
  int claims;
  bool handlerOnAltStack;
  ember_fault lastFault;
  ember_registers readFromContext;
};
static_assert(offsetof(ThreadRecord, fpSeenByLandingPad) == 0);
static_assert(offsetof(ThreadRecord, callerFp) == sizeof(uintptr_t));

// Any recognisable value: the landing pad only stores it.
constexpr uintptr_t kResumeFp = uintptr_t{0x5EEDF00D} << 4;

enum Stub : size_t { kLoad, kLanding, kIllegal, kDivide };

StubRegion* gStubs = nullptr;  // the "JIT code" the callback recognises

// What the runtime's callback does: claim a fault only if its PC is in JIT
// code and the thread has entered wasm (has a record), then resume at the
// entry's landing pad on the faulting frame's stack.
bool claimStubFaults(const ember_fault* fault, ember_registers* resume) {
  auto* record = static_cast<ThreadRecord*>(ember_tls_get());
  if (record == nullptr || gStubs == nullptr || !gStubs->contains(fault->regs.pc)) return false;
  record->lastFault = *fault;
  record->claims++;
  ember_context_read_registers(fault->context, &record->readFromContext);
  stack_t altStack;
  record->handlerOnAltStack =
      sigaltstack(nullptr, &altStack) == 0 && (altStack.ss_flags & SS_ONSTACK) != 0;
  record->callerFp = fault->regs.fp;
  resume->pc = gStubs->address(kLanding);
  resume->sp = fault->regs.sp;  // the stubs push nothing: the return address is on top
  resume->fp = kResumeFp;
  resume->arg0 = record->marker;
  resume->arg1 = reinterpret_cast<uintptr_t>(record);
  return true;
}

class TrapHandler : public ::testing::Test {
 protected:
  void SetUp() override {
#if defined(__x86_64__)
    stubs_ = std::make_unique<StubRegion>(std::initializer_list<Bytes>{
        loadThroughArg0(), landingPad(), illegalInstruction(), divide()});
#else
    stubs_ = std::make_unique<StubRegion>(
        std::initializer_list<Bytes>{loadThroughArg0(), landingPad(), illegalInstruction()});
#endif
    gStubs = stubs_.get();
    ASSERT_EQ(ember_thread_init(), EMBER_PLATFORM_OK);
    void* reserved = nullptr;
    ASSERT_EQ(ember_vm_reserve(ember_page_size(), &reserved), EMBER_PLATFORM_OK);
    reserved_ = static_cast<uint8_t*>(reserved);
    record_.marker = 0x123456789ABCDEF0u;
  }

  void TearDown() override {
    ember_trap_handlers_uninstall();
    ember_tls_set(nullptr);
    gStubs = nullptr;
    ember_vm_release(reserved_, ember_page_size());
  }

  uint64_t load(const void* address) {
    return stubs_->function<uint64_t (*)(const void*)>(kLoad)(address);
  }

  std::unique_ptr<StubRegion> stubs_;
  uint8_t* reserved_ = nullptr;  // inaccessible
  ThreadRecord record_ = {};
};

TEST_F(TrapHandler, ClaimedFaultResumesAtTheLandingPad) {
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  const uint8_t* target = reserved_ + 24;

  EXPECT_EQ(load(target), record_.marker);
  EXPECT_EQ(record_.claims, 1);
  EXPECT_EQ(record_.fpSeenByLandingPad, kResumeFp);
  const ember_fault& fault = record_.lastFault;
  EXPECT_EQ(fault.kind, EMBER_FAULT_SEGV);
  EXPECT_EQ(fault.signal_number, SIGSEGV);
  EXPECT_EQ(fault.fault_address, reinterpret_cast<uintptr_t>(target));
  EXPECT_EQ(fault.regs.pc, stubs_->address(kLoad));
  EXPECT_EQ(fault.regs.arg0, reinterpret_cast<uintptr_t>(target));
  EXPECT_NE(fault.context, nullptr);
  EXPECT_TRUE(record_.handlerOnAltStack);
}

TEST_F(TrapHandler, HostContinuesNormallyAfterManyTraps) {
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(load(reserved_ + 4 * (i % 64)), record_.marker) << i;
  EXPECT_EQ(record_.claims, 1000);
  uint32_t value = 0xC0FFEE;
  EXPECT_EQ(load(&value), 0xC0FFEEu);  // no fault, no claim
  EXPECT_EQ(record_.claims, 1000);
}

TEST_F(TrapHandler, ContextRegistersMatchTheFault) {
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  ASSERT_EQ(load(reserved_), record_.marker);
  const ember_registers& fromFault = record_.lastFault.regs;
  const ember_registers& fromContext = record_.readFromContext;
  EXPECT_EQ(fromContext.pc, fromFault.pc);
  EXPECT_EQ(fromContext.sp, fromFault.sp);
  EXPECT_EQ(fromContext.fp, fromFault.fp);
  EXPECT_EQ(fromContext.arg0, fromFault.arg0);
  // The faulting frame's stack pointer is on this thread's stack, below us
  // (or, on AArch64, where GCC keeps the frame record at the bottom of the
  // frame and the leaf stub does not move sp, equal to our frame pointer).
  uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  EXPECT_LE(fromFault.sp, here);
  EXPECT_GT(fromFault.sp, here - 64 * 1024);
}

TEST_F(TrapHandler, IllegalInstructionIsATrap) {
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  EXPECT_EQ(stubs_->function<uint64_t (*)()>(kIllegal)(), record_.marker);
  EXPECT_EQ(record_.lastFault.kind, EMBER_FAULT_ILL);
  EXPECT_EQ(record_.lastFault.signal_number, SIGILL);
  EXPECT_EQ(record_.lastFault.regs.pc, stubs_->address(kIllegal));
}

#if defined(__x86_64__)
TEST_F(TrapHandler, IntegerDivideFaultIsATrap) {
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  auto divide = stubs_->function<uint64_t (*)(int32_t, int32_t)>(kDivide);
  EXPECT_EQ(static_cast<int32_t>(divide(7, 2)), 3);
  EXPECT_EQ(divide(7, 0), record_.marker);
  EXPECT_EQ(record_.lastFault.kind, EMBER_FAULT_FPE);
  EXPECT_EQ(record_.lastFault.signal_number, SIGFPE);
  EXPECT_EQ(record_.lastFault.regs.pc, stubs_->address(kDivide) + 3);  // the idiv
  EXPECT_EQ(divide(INT32_MIN, -1), record_.marker);
  EXPECT_EQ(record_.claims, 2);
}
#endif

TEST_F(TrapHandler, BusErrorIsATrap) {
  // A shared mapping of an empty file: the page exists, its backing does not.
  int fd = memfd_create("ember-bus-test", 0);
  ASSERT_GE(fd, 0);
  void* mapping = mmap(nullptr, ember_page_size(), PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  ASSERT_NE(mapping, MAP_FAILED);
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  EXPECT_EQ(load(mapping), record_.marker);
  EXPECT_EQ(record_.lastFault.kind, EMBER_FAULT_BUS);
  EXPECT_EQ(record_.lastFault.signal_number, SIGBUS);
  EXPECT_EQ(record_.lastFault.fault_address, reinterpret_cast<uintptr_t>(mapping));
  munmap(mapping, ember_page_size());
}

TEST_F(TrapHandler, InstallingAgainReplacesTheCallback) {
  ember_tls_set(&record_);
  auto rejectAll = [](const ember_fault*, ember_registers*) { return false; };
  ASSERT_EQ(ember_trap_handlers_install(rejectAll), EMBER_PLATFORM_OK);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  EXPECT_EQ(load(reserved_), record_.marker);
  EXPECT_EQ(ember_trap_handlers_install(nullptr), EMBER_PLATFORM_INVALID_ARGUMENT);
}

TEST_F(TrapHandler, UninstallRestoresThePreviousAction) {
  ember_trap_handlers_uninstall();
  struct sigaction before, during, after;
  ASSERT_EQ(sigaction(SIGBUS, nullptr, &before), 0);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  ASSERT_EQ(sigaction(SIGBUS, nullptr, &during), 0);
  EXPECT_EQ(during.sa_flags & (SA_SIGINFO | SA_ONSTACK), SA_SIGINFO | SA_ONSTACK);
  EXPECT_NE(reinterpret_cast<void*>(during.sa_sigaction),
            reinterpret_cast<void*>(before.sa_sigaction));
  ember_trap_handlers_uninstall();
  ASSERT_EQ(sigaction(SIGBUS, nullptr, &after), 0);
  EXPECT_EQ(reinterpret_cast<void*>(after.sa_sigaction),
            reinterpret_cast<void*>(before.sa_sigaction));
  EXPECT_EQ(after.sa_flags & SA_SIGINFO, before.sa_flags & SA_SIGINFO);
}

// ---- Faults Ember does not claim go to the previous handler -------------

sigjmp_buf gPreviousJump;
volatile sig_atomic_t gPreviousSignal = 0;
volatile uintptr_t gPreviousAddress = 0;

void previousSiginfoHandler(int signal, siginfo_t* info, void*) {
  gPreviousSignal = signal;
  gPreviousAddress = reinterpret_cast<uintptr_t>(info->si_addr);
  siglongjmp(gPreviousJump, 1);
}

void previousPlainHandler(int signal) {
  gPreviousSignal = signal;
  siglongjmp(gPreviousJump, 1);
}

// Installs a test's own SIGSEGV handler, and then Ember's after it.
class PreviousHandler {
 public:
  explicit PreviousHandler(struct sigaction action) {
    ember_trap_handlers_uninstall();
    sigemptyset(&action.sa_mask);
    action.sa_flags |= SA_ONSTACK;
    sigaction(SIGSEGV, &action, &saved_);
    gPreviousSignal = 0;
    gPreviousAddress = 0;
  }
  ~PreviousHandler() {
    ember_trap_handlers_uninstall();
    sigaction(SIGSEGV, &saved_, nullptr);
  }

 private:
  struct sigaction saved_;
};

struct sigaction siginfoAction(void (*handler)(int, siginfo_t*, void*)) {
  struct sigaction action = {};
  action.sa_sigaction = handler;
  action.sa_flags = SA_SIGINFO;
  return action;
}

struct sigaction plainAction(void (*handler)(int)) {
  struct sigaction action = {};
  action.sa_handler = handler;
  return action;
}

TEST_F(TrapHandler, RejectedFaultGoesToThePreviousSiginfoHandler) {
  PreviousHandler previous(siginfoAction(previousSiginfoHandler));
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  // JIT code faults, but this thread has not entered wasm: not a trap.
  ember_tls_set(nullptr);
  if (sigsetjmp(gPreviousJump, 1) == 0) {
    load(reserved_ + 8);
    ADD_FAILURE() << "the load did not fault";
  }
  EXPECT_EQ(gPreviousSignal, SIGSEGV);
  EXPECT_EQ(gPreviousAddress, reinterpret_cast<uintptr_t>(reserved_ + 8));
}

TEST_F(TrapHandler, FaultOutsideJitCodeGoesToThePreviousPlainHandler) {
  PreviousHandler previous(plainAction(previousPlainHandler));
  ember_tls_set(&record_);
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  if (sigsetjmp(gPreviousJump, 1) == 0) {
    (void)*reinterpret_cast<volatile uint32_t*>(reserved_);  // host code faults
    ADD_FAILURE() << "the load did not fault";
  }
  EXPECT_EQ(gPreviousSignal, SIGSEGV);
  EXPECT_EQ(record_.claims, 0);
  // Ember's handler is still in place for the next trap.
  EXPECT_EQ(load(reserved_), record_.marker);
}

// Death tests fork a child that runs the statement (gtest's default "fast"
// style; no other thread is alive when they run).
using TrapHandlerDeathTest = TrapHandler;

// Whether SIGSEGV had the default action before Ember's install; under
// AddressSanitizer (with its default handle_segv=1) it has ASan's handler.
bool segvHadDefaultAction() {
  ember_trap_handlers_uninstall();
  struct sigaction current;
  sigaction(SIGSEGV, nullptr, &current);
  return !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL;
}

TEST_F(TrapHandlerDeathTest, UnclaimedFaultGetsThePreviousDefaultAction) {
  auto faultUnclaimed = [this] {
    ember_trap_handlers_uninstall();
    ember_trap_handlers_install(claimStubFaults);
    load(reserved_);  // no thread record: rejected
  };
  if (segvHadDefaultAction()) {
    EXPECT_EXIT(faultUnclaimed(), ::testing::KilledBySignal(SIGSEGV), "");
  } else {
#if defined(__SANITIZE_ADDRESS__)
    EXPECT_DEATH(faultUnclaimed(), "AddressSanitizer: SEGV");
#else
    EXPECT_DEATH(faultUnclaimed(), "");
#endif
  }
}

TEST_F(TrapHandlerDeathTest, SignalSentByKillIsNeverATrap) {
  auto raiseWithEverythingClaimed = [] {
    // A callback that claims anything and resumes where the thread was: if
    // it were asked about raise(SIGSEGV), the process would live on.
    auto claimAll = [](const ember_fault*, ember_registers*) { return true; };
    ember_trap_handlers_uninstall();
    ember_trap_handlers_install(claimAll);
    raise(SIGSEGV);
  };
  if (segvHadDefaultAction()) {
    EXPECT_EXIT(raiseWithEverythingClaimed(), ::testing::KilledBySignal(SIGSEGV), "");
  } else {
    EXPECT_DEATH(raiseWithEverythingClaimed(), "");
  }
}

const uint8_t* gNestedTarget = nullptr;

void say(const char* text) {
  ssize_t ignored = write(STDERR_FILENO, text, __builtin_strlen(text));
  (void)ignored;
}

TEST_F(TrapHandlerDeathTest, FaultInsideTheCallbackGoesToThePreviousHandler) {
  auto faultInCallback = [this] {
    ember_trap_handlers_uninstall();
    struct sigaction exitAction = siginfoAction([](int, siginfo_t*, void*) {
      say("previous handler ran\n");
      _exit(3);
    });
    sigaction(SIGSEGV, &exitAction, nullptr);
    gNestedTarget = reserved_;
    ember_trap_handlers_install([](const ember_fault*, ember_registers*) {
      say("callback ran\n");
      (void)*reinterpret_cast<const volatile uint8_t*>(gNestedTarget);
      return false;
    });
    load(reserved_);
  };
  // Without the recursion guard the nested fault would re-enter the callback
  // until the signal stack overflows.
  EXPECT_EXIT(faultInCallback(), ::testing::ExitedWithCode(3),
              "callback ran(.|\n)*previous handler ran");
}

// ---- Threads -------------------------------------------------------------

TEST_F(TrapHandler, ConcurrentFaultsResumeEachThreadOnItsOwnPath) {
  ASSERT_EQ(ember_trap_handlers_install(claimStubFaults), EMBER_PLATFORM_OK);
  constexpr int kThreads = 4;
  constexpr int kFaults = 2000;
  std::vector<ThreadRecord> records(kThreads);
  std::vector<int> failures(kThreads, 0);
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ThreadRecord& record = records[t];
      record.marker = 0xA0000000u + t;
      const uint8_t* target = reserved_ + 64 * t;
      if (ember_thread_init() != EMBER_PLATFORM_OK) failures[t] = -1;
      ember_tls_set(&record);
      start.arrive_and_wait();
      for (int i = 0; i < kFaults; ++i) {
        record.fpSeenByLandingPad = 0;
        bool resumedRight = load(target) == record.marker &&
                            record.fpSeenByLandingPad == kResumeFp &&
                            record.lastFault.fault_address == reinterpret_cast<uintptr_t>(target);
        if (!resumedRight) failures[t]++;
      }
      ember_tls_set(nullptr);
      ember_thread_teardown();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    EXPECT_EQ(records[t].claims, kFaults) << "thread " << t;
    EXPECT_TRUE(records[t].handlerOnAltStack) << "thread " << t;
  }
}

}  // namespace
}  // namespace ember::test
