#include "runtime/jit/gdb_jit_interface.h"

#include <atomic>
#include <mutex>  // std::lock_guard
#include <new>
#include <vector>

#include "runtime/jit/elf_symbol_file.h"
#include "runtime/threading.h"

extern "C" {
// GDB stops here; the body must survive optimisation.
__attribute__((weak, noinline, used)) void __jit_debug_register_code(void) {
  __asm__ volatile("" ::: "memory");
}
__attribute__((weak, used)) jit_descriptor __jit_debug_descriptor = {1, 0, nullptr, nullptr};
}

namespace ember {

namespace {

enum : uint32_t { kNoAction = 0, kRegister = 1, kUnregister = 2 };

struct Registration {
  jit_code_entry entry = {};
  uintptr_t codeStart = 0;
  std::vector<uint8_t> image;
};

// Never destroyed: JIT code may be freed during or after static
// destruction (a module held by a global), and must still unregister.
struct Registry {
  RuntimeMutex mutex;
  std::vector<Registration*> registrations;
};
std::atomic<bool> everRegistered{false};

Registry* registry() {
  static Registry* instance = new (std::nothrow) Registry;
  return instance;
}

void notifyGdb(jit_code_entry* entry, uint32_t action) {
  __jit_debug_descriptor.relevant_entry = entry;
  __jit_debug_descriptor.action_flag = action;
  __jit_debug_register_code();
  __jit_debug_descriptor.action_flag = kNoAction;
}

}  // namespace

Result<void> registerWithGdb(uintptr_t codeStart, size_t codeSize,
                             std::span<const CodeSymbol> symbols) {
  Registry* reg = registry();
  auto* registration = new (std::nothrow) Registration;
  if (reg == nullptr || registration == nullptr)
    return Error(ErrorKind::Resource, "out of memory registering JIT code with GDB");
  registration->codeStart = codeStart;
  registration->image = buildElfSymbolFile(codeStart, codeSize, symbols);
  jit_code_entry& entry = registration->entry;
  entry.symfile_addr = reinterpret_cast<const char*>(registration->image.data());
  entry.symfile_size = registration->image.size();

  std::lock_guard<RuntimeMutex> lock(reg->mutex);
  reg->registrations.push_back(registration);
  everRegistered.store(true, std::memory_order_relaxed);
  entry.next_entry = __jit_debug_descriptor.first_entry;
  if (entry.next_entry != nullptr) entry.next_entry->prev_entry = &entry;
  __jit_debug_descriptor.first_entry = &entry;
  notifyGdb(&entry, kRegister);
  return success();
}

void unregisterFromGdb(uintptr_t codeStart) {
  if (!everRegistered.load(std::memory_order_relaxed)) return;
  Registry* reg = registry();
  std::lock_guard<RuntimeMutex> lock(reg->mutex);
  for (size_t i = 0; i < reg->registrations.size(); ++i) {
    Registration* registration = reg->registrations[i];
    if (registration->codeStart != codeStart) continue;
    jit_code_entry& entry = registration->entry;
    if (entry.prev_entry != nullptr)
      entry.prev_entry->next_entry = entry.next_entry;
    else
      __jit_debug_descriptor.first_entry = entry.next_entry;
    if (entry.next_entry != nullptr) entry.next_entry->prev_entry = entry.prev_entry;
    notifyGdb(&entry, kUnregister);
    reg->registrations.erase(reg->registrations.begin() + static_cast<ptrdiff_t>(i));
    delete registration;
    return;
  }
}

}  // namespace ember
