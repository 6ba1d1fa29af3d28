/* ember-platform.h for a host with no virtual memory, no signals and one
 * thread, as on a microcontroller: every byte of Ember's memory comes from a
 * fixed arena (arena.c), thread-local storage is a static variable, and the
 * functions that only signal-based traps need report UNSUPPORTED (Ember is
 * built with EMBER_SIGNALS=OFF, so it never calls them). The one exception
 * is code memory: a device would hand out executable RAM here; on Linux
 * this example takes it from mmap/mprotect, the only OS calls it makes. */
#define _GNU_SOURCE
#include <ember-platform.h>

#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#include "arena.h"

/* ---- Heap: the arena ---------------------------------------------------- */

void* ember_heap_alloc(size_t size, size_t alignment) { return arena_alloc(size, alignment); }
void ember_heap_free(void* block) { arena_free(block); }

size_t ember_page_size(void) { return 4096; }

/* ---- Virtual memory: none (only signal-based bounds checks reserve) ---- */

ember_platform_status ember_vm_reserve(size_t size, void** out_base) {
  (void)size;
  *out_base = NULL;
  return EMBER_PLATFORM_UNSUPPORTED;
}
ember_platform_status ember_vm_commit(void* addr, size_t size) {
  (void)addr, (void)size;
  return EMBER_PLATFORM_UNSUPPORTED;
}
ember_platform_status ember_vm_protect(void* addr, size_t size, ember_protection prot) {
  (void)addr, (void)size, (void)prot;
  return EMBER_PLATFORM_UNSUPPORTED;
}
ember_platform_status ember_vm_decommit(void* addr, size_t size) {
  (void)addr, (void)size;
  return EMBER_PLATFORM_UNSUPPORTED;
}
ember_platform_status ember_vm_release(void* base, size_t size) {
  (void)base, (void)size;
  return EMBER_PLATFORM_UNSUPPORTED;
}

ember_platform_status ember_vm_move(void* from, size_t size, void* to) {
  (void)from, (void)size, (void)to;
  return EMBER_PLATFORM_UNSUPPORTED;
}

void ember_vm_prefault(void* addr, size_t size) { (void)addr, (void)size; }
void ember_vm_prefer_large_pages(void* addr, size_t size) { (void)addr, (void)size; }

/* ---- Code memory: the one place that needs executable RAM -------------- */

struct ember_code_region {
  uint8_t* start;
  size_t size;
  int sealed;
};

ember_platform_status ember_code_region_alloc(size_t size, ember_code_region** out_region) {
  *out_region = NULL;
  size_t bytes = (size + 4095) & ~(size_t)4095;
  if (bytes == 0) bytes = 4096;
  ember_code_region* region = arena_alloc(sizeof *region, 16);
  if (!region) return EMBER_PLATFORM_OUT_OF_MEMORY;
  void* code = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) {
    arena_free(region);
    return EMBER_PLATFORM_OUT_OF_MEMORY;
  }
  region->start = code;
  region->size = bytes;
  region->sealed = 0;
  *out_region = region;
  return EMBER_PLATFORM_OK;
}

uint8_t* ember_code_region_start(const ember_code_region* region) { return region->start; }
size_t ember_code_region_size(const ember_code_region* region) { return region->size; }

ember_platform_status ember_code_region_seal(ember_code_region* region, size_t used) {
  if (region->sealed || used > region->size) return EMBER_PLATFORM_INVALID_ARGUMENT;
  ember_icache_flush(region->start, used);
  if (mprotect(region->start, region->size, PROT_READ | PROT_EXEC) != 0) return EMBER_PLATFORM_FAILED;
  region->sealed = 1;
  return EMBER_PLATFORM_OK;
}

void ember_code_region_free(ember_code_region* region) {
  if (!region) return;
  munmap(region->start, region->size);
  arena_free(region);
}

void ember_icache_flush(void* start, size_t size) {
  __builtin___clear_cache((char*)start, (char*)start + size);
}

/* ---- Traps: no signals on this host ------------------------------------ */

ember_platform_status ember_trap_handlers_install(ember_trap_callback callback) {
  (void)callback;
  return EMBER_PLATFORM_UNSUPPORTED;
}
void ember_trap_handlers_uninstall(void) {}
ember_platform_status ember_thread_init(void) { return EMBER_PLATFORM_OK; }
void ember_thread_teardown(void) {}
void ember_context_read_registers(const void* context, ember_registers* out) {
  (void)context;
  *out = (ember_registers){0, 0, 0, 0, 0};
}

/* ---- One thread -------------------------------------------------------- */

static void* tls_value;
void* ember_tls_get(void) { return tls_value; }
void ember_tls_set(void* value) { tls_value = value; }

/* Unknown: the runtime then assumes 1 MiB below its current frame. A device
 * would return its stack's linker symbols. */
ember_platform_status ember_thread_stack_bounds(uintptr_t* out_low, size_t* out_size) {
  *out_low = 0;
  *out_size = 0;
  return EMBER_PLATFORM_UNSUPPORTED;
}

uint64_t ember_monotonic_now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* ---- Profiler output: no perf on this host ------------------------------ */

ember_platform_status ember_profiler_file_open(ember_profiler_file_kind kind, const void* header,
                                               size_t header_size, ember_profiler_file** out_file) {
  (void)kind, (void)header, (void)header_size;
  *out_file = NULL;
  return EMBER_PLATFORM_UNSUPPORTED;
}
ember_platform_status ember_profiler_file_write(ember_profiler_file* file, const void* data,
                                                size_t size) {
  (void)file, (void)data, (void)size;
  return EMBER_PLATFORM_UNSUPPORTED;
}
const char* ember_profiler_file_path(const ember_profiler_file* file) {
  (void)file;
  return "";
}
void ember_profiler_file_close(ember_profiler_file* file) { (void)file; }
uint32_t ember_process_id(void) { return 1; }
uint32_t ember_thread_id(void) { return 1; }
