/*
 * ember-platform.h: everything Ember needs from the operating system.
 *
 * This is the whole porting surface of Ember (DESIGN.md, layer "platform"):
 * the rest of the runtime calls the OS only through these functions. The
 * POSIX implementation lives in platform/posix/; a custom platform implements
 * exactly this header instead and selects itself with -DEMBER_PLATFORM=<name>.
 * platform/README.md states the contract of each function for porters.
 *
 * Plain C (C99), usable from C and C++. Errors are returned as
 * ember_platform_status values; no function aborts or throws.
 */
#ifndef EMBER_PLATFORM_H
#define EMBER_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes ------------------------------------------------------ */

typedef enum ember_platform_status {
  EMBER_PLATFORM_OK = 0,
  EMBER_PLATFORM_OUT_OF_MEMORY = 1,    /* no address space, or no memory to commit */
  EMBER_PLATFORM_INVALID_ARGUMENT = 2, /* misaligned or zero size, bad flag, wrong state */
  EMBER_PLATFORM_UNSUPPORTED = 3,      /* this platform lacks the feature (e.g. signals) */
  EMBER_PLATFORM_FAILED = 4,           /* any other failure reported by the OS */
} ember_platform_status;

/* ---- Virtual memory ---------------------------------------------------- */

/* Access rights of a range of pages. Never writable and executable at once. */
typedef enum ember_protection {
  EMBER_PROT_NONE = 0,
  EMBER_PROT_READ = 1,
  EMBER_PROT_READ_WRITE = 2,
  EMBER_PROT_READ_EXECUTE = 3,
} ember_protection;

/* Granule of every function below: addresses and sizes passed to them are
 * multiples of it. A power of two, constant for the life of the process. */
size_t ember_page_size(void);

/* Reserves `size` bytes of address space, inaccessible and not backed by
 * memory. This is how a 32-bit linear memory gets its 4 GiB + guard range
 * whose base never moves. */
ember_platform_status ember_vm_reserve(size_t size, void** out_base);

/* Makes [addr, addr+size), inside a reservation, readable and writable.
 * Pages never committed before, or decommitted since, read as zero. */
ember_platform_status ember_vm_commit(void* addr, size_t size);

/* Changes the access rights of [addr, addr+size), inside a reservation. */
ember_platform_status ember_vm_protect(void* addr, size_t size, ember_protection prot);

/* Gives the memory of [addr, addr+size) back to the OS and makes the range
 * inaccessible; the range stays reserved and can be committed again. */
ember_platform_status ember_vm_decommit(void* addr, size_t size);

/* Releases a whole reservation made by ember_vm_reserve (same base, size). */
ember_platform_status ember_vm_release(void* base, size_t size);

/* Moves the committed pages [from, from+size) to [to, to+size), a range of
 * another reservation, without copying them: `to` then holds their
 * contents, committed, and `from` is as after ember_vm_decommit. This is
 * how a linear memory that outgrows its reservation moves to a larger one
 * in time independent of its size. A platform that cannot (or cannot for
 * these pages) changes nothing and returns EMBER_PLATFORM_UNSUPPORTED; the
 * caller then copies. */
ember_platform_status ember_vm_move(void* from, size_t size, void* to);

/* A hint: [addr, addr+size), page aligned inside a reservation, will be
 * used densely (a linear memory's committed pages). The platform may back
 * it with large pages, so that a fault brings in many pages at once and
 * fewer TLB entries cover it; the cost is that a page touched once may
 * make its whole large page resident (never more than the range). Never
 * fails; may do nothing. Called before the range is committed. */
void ember_vm_prefer_large_pages(void* addr, size_t size);

/* A hint: the caller is about to write all of [addr, addr+size), memory it
 * may write (heap, or committed; any alignment). The platform may make the
 * whole pages inside the range present at once instead of faulting them in
 * one at a time. Never fails; may do nothing. */
void ember_vm_prefault(void* addr, size_t size);

/* ---- Heap ---------------------------------------------------------------- */

/* Memory for linear memories when Ember is built without signal-based traps
 * (EMBER_SIGNALS=OFF: no reservation, explicit bounds checks, the base moves
 * on memory.grow), and, with EMBER_PLATFORM=custom, for every allocation of
 * the runtime (its operator new and delete come here). `alignment` is a
 * power of two no larger than 4096. Returns NULL when the memory is
 * exhausted; the runtime turns that into an error or a failed memory.grow. */
void* ember_heap_alloc(size_t size, size_t alignment);

/* Frees a block from ember_heap_alloc. NULL is a no-op. */
void ember_heap_free(void* block);

/* ---- Executable code regions (W^X) ------------------------------------- */

/* A range of pages for generated machine code, with an inaccessible guard
 * page on each side. It is writable (not executable) until sealed, and
 * executable (never again writable) after: one per compiled module, filled
 * once, then sealed. */
typedef struct ember_code_region ember_code_region;

/* Allocates a writable region of at least `size` bytes (rounded up to whole
 * pages). Its pages need not be present yet: the runtime prefaults what it
 * is about to write (ember_vm_prefault), which on POSIX may be far less
 * than the region (the JIT emits into a region sized for the most code a
 * module likely needs; sealing gives back the pages past the code). */
ember_platform_status ember_code_region_alloc(size_t size, ember_code_region** out_region);

/* A hint before code is written from the region's start: it will likely
 * fill the first `size` bytes (the JIT's estimate when it emits in place,
 * the exact size when code is copied in). The platform may back the region
 * with large pages when that pays (POSIX on Linux: transparent huge pages
 * when `size` is at least 512 KiB; a region asked for that much or more
 * starts on a 2 MiB boundary and holds whole 2 MiB blocks). Never fails;
 * may do nothing. Not called with EMBER_PLATFORM=custom. */
void ember_code_region_expect(ember_code_region* region, size_t size);

/* First byte of the usable part, page aligned. */
uint8_t* ember_code_region_start(const ember_code_region* region);

/* Usable bytes (a multiple of the page size). */
size_t ember_code_region_size(const ember_code_region* region);

/* Makes the first `used` bytes read+execute, the unused whole pages after
 * them inaccessible, and flushes the instruction cache over the code. One
 * way: a sealed region cannot be written again. `used` may be 0. */
ember_platform_status ember_code_region_seal(ember_code_region* region, size_t used);

/* Unmaps the region (sealed or not). NULL is a no-op. */
void ember_code_region_free(ember_code_region* region);

/* Makes instructions written to [start, start+size) visible to instruction
 * fetch on this and every other core. No-op on x86-64. */
void ember_icache_flush(void* start, size_t size);

/* ---- Trap handling ----------------------------------------------------- */

/* Which hardware fault a trap signal reports. */
typedef enum ember_fault_kind {
  EMBER_FAULT_SEGV = 1, /* access to an unmapped or protected address */
  EMBER_FAULT_BUS = 2,  /* access to a mapped address with no backing */
  EMBER_FAULT_ILL = 3,  /* illegal instruction (e.g. ud2 / udf trap stubs) */
  EMBER_FAULT_FPE = 4,  /* arithmetic fault (x86-64 integer divide) */
} ember_fault_kind;

/* The registers the runtime reads from a faulting context (for backtraces)
 * and sets to resume it elsewhere. arg0/arg1 are the first two integer
 * argument registers of the C calling convention.
 *   x86-64:  pc=RIP, sp=RSP, fp=RBP, arg0=RDI, arg1=RSI
 *   AArch64: pc=PC,  sp=SP,  fp=X29, arg0=X0,  arg1=X1 */
typedef struct ember_registers {
  uintptr_t pc;
  uintptr_t sp;
  uintptr_t fp;
  uintptr_t arg0;
  uintptr_t arg1;
} ember_registers;

/* What the trap handler tells the runtime about a fault. */
typedef struct ember_fault {
  ember_fault_kind kind;
  int signal_number;       /* the OS signal (SIGSEGV, ...); 0 where none */
  uintptr_t fault_address; /* the data address for SEGV/BUS; else the PC */
  ember_registers regs;    /* the faulting thread's registers */
  void* context;           /* the OS machine context (ucontext_t* on POSIX) */
} ember_fault;

/* Asked, on the faulting thread and inside the signal handler, whether a
 * fault is a wasm trap. `resume` starts as a copy of fault->regs; to claim
 * the fault, set it to where the thread continues (in practice the innermost
 * host->wasm entry stub) and return true. Return false to pass the fault on
 * to the handler installed before Ember's. Must be async-signal-safe: no
 * locks, no allocation. */
typedef bool (*ember_trap_callback)(const ember_fault* fault, ember_registers* resume);

/* Installs the process's trap handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE on
 * POSIX) the first time; every call sets `callback`. Thread-safe. Returns
 * EMBER_PLATFORM_UNSUPPORTED on platforms without fault signals, where the
 * runtime must bounds-check explicitly (DESIGN decision 4). */
ember_platform_status ember_trap_handlers_install(ember_trap_callback callback);

/* Restores the handlers that were in place before the install and clears
 * the callback. Only while no thread runs wasm. No-op if not installed. */
void ember_trap_handlers_uninstall(void);

/* Prepares the calling thread to take traps: on POSIX, gives it an alternate
 * signal stack unless it already has a big enough one. Call on every thread
 * before it runs wasm; repeated calls are no-ops. */
ember_platform_status ember_thread_init(void);

/* Undoes ember_thread_init on the calling thread (frees what it allocated).
 * Also done automatically when the thread exits. */
void ember_thread_teardown(void);

/* Reads the registers of an OS machine context (ucontext_t* on POSIX), e.g.
 * one handed to a profiling signal handler. */
void ember_context_read_registers(const void* context, ember_registers* out);

/* ---- Threads ----------------------------------------------------------- */

/* One pointer of thread-local storage for the runtime's per-thread state
 * (innermost entry frame, stack limit). Initially NULL on every thread.
 * Async-signal-safe: the trap callback may read it. */
void* ember_tls_get(void);
void ember_tls_set(void* value);

/* The calling thread's stack: `*out_low` is its lowest usable address and
 * `*out_size` its usable size (the stack grows down from low + size, guard
 * pages excluded). Not cheap: the runtime computes its stack limit once per
 * thread. */
ember_platform_status ember_thread_stack_bounds(uintptr_t* out_low, size_t* out_size);

/* Worker threads, for parallel compilation (Config::compileThreads). Only
 * a build for a platform with threads calls these: with EMBER_PLATFORM=custom
 * the runtime stays on one thread and a custom platform need not define
 * them. ember_thread_start runs entry(argument) on a new thread; join waits
 * for it to return and frees the handle. */
typedef struct ember_thread ember_thread;
ember_platform_status ember_thread_start(void (*entry)(void*), void* argument,
                                         ember_thread** out_thread);
void ember_thread_join(ember_thread* thread);
/* Processors this process may run on at once (at least 1). */
uint32_t ember_processor_count(void);

/* ---- Time -------------------------------------------------------------- */

/* Nanoseconds since an arbitrary fixed point; never decreases. */
uint64_t ember_monotonic_now_ns(void);

/* ---- Profiler output (optional) ---------------------------------------- */

/* The files Linux perf reads to name JIT code (Config::profiler): only these
 * touch the file system, so they live here, not in the runtime. A platform
 * without them returns EMBER_PLATFORM_UNSUPPORTED from the open function. */
typedef enum ember_profiler_file_kind {
  /* /tmp/perf-<pid>.map: text lines "START SIZE NAME" perf report reads. */
  EMBER_PROFILER_PERF_MAP = 1,
  /* ./jit-<pid>.dump in the current directory (perf's jitdump format, read
   * by `perf inject --jit`). Opening it also maps its first page executable:
   * the mmap event perf record sees is how perf inject finds the file. */
  EMBER_PROFILER_JITDUMP = 2,
} ember_profiler_file_kind;

typedef struct ember_profiler_file ember_profiler_file;

/* Creates (truncating) this process's file of `kind`. For jitdump, the
 * `header` bytes are written before the marker page is mapped. */
ember_platform_status ember_profiler_file_open(ember_profiler_file_kind kind, const void* header,
                                               size_t header_size,
                                               ember_profiler_file** out_file);

/* Appends `size` bytes. Not thread-safe: the runtime serialises writers. */
ember_platform_status ember_profiler_file_write(ember_profiler_file* file, const void* data,
                                                size_t size);

/* The file's path (for messages). */
const char* ember_profiler_file_path(const ember_profiler_file* file);

/* Unmaps the marker and closes the file (it stays on disk). NULL: no-op. */
void ember_profiler_file_close(ember_profiler_file* file);

/* The process id and the calling thread's id, as perf records them. */
uint32_t ember_process_id(void);
uint32_t ember_thread_id(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EMBER_PLATFORM_H */
