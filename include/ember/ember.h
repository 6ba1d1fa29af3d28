/* Ember's additions to the standard C API (ember/wasm.h): engine
 * configuration, errors with messages, and a linker that resolves imports
 * by name. */
#ifndef EMBER_EMBER_H
#define EMBER_EMBER_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors --------------------------------------------------------------
 * Functions below return NULL on success, or an error the caller owns. */

typedef struct ember_error_t ember_error_t;

WASM_API_EXTERN void ember_error_delete(ember_error_t*);
/* The message, NUL-terminated, into `out` (owned by the caller). */
WASM_API_EXTERN void ember_error_message(const ember_error_t*, wasm_name_t* out);

/* ---- Configuration ------------------------------------------------------ */

typedef uint8_t ember_engine_kind_t;
enum ember_engine_kind_enum { EMBER_ENGINE_INTERPRETER, EMBER_ENGINE_JIT };

typedef uint8_t ember_bounds_mode_t;
enum ember_bounds_mode_enum {
  EMBER_BOUNDS_SIGNALS, /* guard pages and a fault handler (the default) */
  EMBER_BOUNDS_CHECKS,  /* an explicit bounds check on every access */
};

WASM_API_EXTERN void ember_config_engine_set(wasm_config_t*, ember_engine_kind_t);
WASM_API_EXTERN void ember_config_bounds_mode_set(wasm_config_t*, ember_bounds_mode_t);
/* Deeper calls trap with "call stack exhausted". */
WASM_API_EXTERN void ember_config_max_call_depth_set(wasm_config_t*, uint32_t depth);
/* Store-wide caps on any one memory (in 64 KiB pages) and table. */
WASM_API_EXTERN void ember_config_max_memory_pages_set(wasm_config_t*, uint64_t pages);
WASM_API_EXTERN void ember_config_max_table_elements_set(wasm_config_t*, uint32_t elements);
/* Interruption (see "Interruption" below): code compiled with these off
 * contains no checks. Both off by default. */
WASM_API_EXTERN void ember_config_epoch_interruption_set(wasm_config_t*, bool enable);
WASM_API_EXTERN void ember_config_consume_fuel_set(wasm_config_t*, bool enable);
/* Stack wasm code may use per call from the host; deeper calls trap with
 * "call stack exhausted". 0 (the default): only the host's limits. */
WASM_API_EXTERN void ember_config_wasm_stack_size_set(wasm_config_t*, size_t bytes);
/* Per store: instantiation fails beyond these (default 10000 each). They
 * count live objects: wasm_instance_delete of an instance's last handle
 * reclaims it, with the memories, tables, globals and functions it created,
 * unless something else may still refer to them -- that is, unless its
 * exports were ever taken (wasm_instance_exports, a linker, a host
 * function's caller), a trap frame named it, or it imports a table, a
 * global, or a function taking or returning references. Such an instance
 * lives, and counts, until its store is deleted. So the usual pattern of
 * creating, calling through exports and deleting instances in a loop keeps
 * up to 10000 of them; one that only instantiates (the start function) and
 * deletes runs without bound. */
WASM_API_EXTERN void ember_config_max_instances_set(wasm_config_t*, uint32_t count);
WASM_API_EXTERN void ember_config_max_memories_set(wasm_config_t*, uint32_t count);
WASM_API_EXTERN void ember_config_max_tables_set(wasm_config_t*, uint32_t count);
/* Per store, totals over all its memories and tables (as Wasmtime's
 * resource limiter): creating or growing one past them fails (instantiation
 * with an error, memory.grow and table.grow with -1). Defaults, safe for
 * untrusted code: 4 GiB of memory (one full 32-bit memory) and 10,000,000
 * table elements (80 MB); the items of passive element segments, which
 * each instance keeps, count as table elements. Host memory running out is
 * an error the same way, never an abort. */
WASM_API_EXTERN void ember_config_max_store_memory_bytes_set(wasm_config_t*, uint64_t bytes);
WASM_API_EXTERN void ember_config_max_store_table_elements_set(wasm_config_t*, uint64_t elements);

/* Profiling and debugging JIT code (the JIT engine; no effect otherwise).
 * PERFMAP appends "START SIZE NAME" lines to /tmp/perf-<pid>.map for
 * `perf report`; JITDUMP writes ./jit-<pid>.dump for
 * `perf record -k mono` + `perf inject --jit`. Names come from the name
 * section, else "wasm[func N]". Default NONE. A build without
 * EMBER_PROFILING refuses either setting (and debug info) when it compiles
 * a module: the module is not created. */
typedef uint8_t ember_profiler_t;
enum ember_profiler_enum { EMBER_PROFILER_NONE, EMBER_PROFILER_PERFMAP, EMBER_PROFILER_JITDUMP };
WASM_API_EXTERN void ember_config_profiler_set(wasm_config_t*, ember_profiler_t);
/* Registers each module's code with GDB's JIT interface (a symbol per
 * function), so gdb and lldb name wasm frames in backtraces. Default off. */
WASM_API_EXTERN void ember_config_debug_info_set(wasm_config_t*, bool enable);
/* Builds with signals: back linear memories with large pages where the
 * platform can (Linux: transparent huge pages, madvise). Off by default.
 * On, a guest writing fresh memory takes one fault per 2 MiB instead of
 * one per 4 KiB; the price depends on the host: a page touched once may
 * make its 2 MiB resident (never more than the memory's size), the kernel
 * may stall a fault to assemble a huge page, and a virtual machine that
 * returns free memory to its host may fault a huge page in slower than
 * its small pages. */
WASM_API_EXTERN void ember_config_large_page_memory_set(wasm_config_t*, bool enable);
/* Threads the JIT compiles a module's functions on; 0 (the default) is one
 * per processor. The machine code is the same bytes for every count. */
WASM_API_EXTERN void ember_config_compile_threads_set(wasm_config_t*, uint32_t threads);

/* ---- Interruption -------------------------------------------------------
 * Epochs: another thread (or a signal handler) calls
 * ember_engine_increment_epoch; code in a store whose deadline that reaches
 * traps EMBER_TRAP_INTERRUPTED at its next function entry or loop header.
 * Fuel: a deterministic budget, one unit per function entry or loop
 * iteration; EMBER_TRAP_OUT_OF_FUEL when spent. The store stays usable: set
 * a new deadline or fuel and call again. */

/* Thread-safe and async-signal-safe. */
WASM_API_EXTERN void ember_engine_increment_epoch(wasm_engine_t*);
/* Traps once the epoch reaches its current value + `ticks`. A new store
 * has no deadline. */
WASM_API_EXTERN void ember_store_set_epoch_deadline(wasm_store_t*, uint64_t ticks);
/* Errors unless the engine was configured with fuel. A new store has 0. */
WASM_API_EXTERN ember_error_t* ember_store_set_fuel(wasm_store_t*, uint64_t fuel);
WASM_API_EXTERN ember_error_t* ember_store_get_fuel(const wasm_store_t*, uint64_t* fuel_out);

typedef uint8_t ember_trap_code_t;
enum ember_trap_code_enum {
  EMBER_TRAP_UNREACHABLE,
  EMBER_TRAP_MEMORY_OUT_OF_BOUNDS,
  EMBER_TRAP_TABLE_OUT_OF_BOUNDS,
  EMBER_TRAP_UNDEFINED_ELEMENT,
  EMBER_TRAP_UNINITIALIZED_ELEMENT,
  EMBER_TRAP_INDIRECT_CALL_TYPE_MISMATCH,
  EMBER_TRAP_INTEGER_DIVIDE_BY_ZERO,
  EMBER_TRAP_INTEGER_OVERFLOW,
  EMBER_TRAP_INVALID_CONVERSION_TO_INTEGER,
  EMBER_TRAP_STACK_EXHAUSTED,
  EMBER_TRAP_INTERRUPTED,
  EMBER_TRAP_OUT_OF_FUEL,
};
/* The code of a trap raised by wasm code; false for a trap a host function
 * made (wasm_trap_new) or one that passed through it. */
WASM_API_EXTERN bool ember_trap_code(const wasm_trap_t*, ember_trap_code_t* code_out);

/* ---- Modules ------------------------------------------------------------ */

/* wasm_module_new that says why a binary was rejected. */
WASM_API_EXTERN ember_error_t* ember_module_new(wasm_store_t*, const wasm_byte_vec_t* binary,
                                                wasm_module_t** module_out);

/* Precompiled artifacts (README "Precompiled artifacts"): the JIT's machine
 * code and the module's metadata, loadable with no compiler. A module the
 * interpreter engine compiled serialises as its WebAssembly binary instead,
 * and deserialising a WebAssembly binary compiles it for the store's
 * engine (so it needs a compiler in the build). Loading checks the file
 * (checksum, every offset and count) and that this host and the store's
 * engine match what the code assumes (architecture, CPU features, bounds
 * mode, fuel, epochs); the error names the first difference. It trusts the
 * machine code of a file that passes. wasm_module_serialize/deserialize do
 * the same without saying why they fail. */
WASM_API_EXTERN ember_error_t* ember_module_serialize(const wasm_module_t*,
                                                      wasm_byte_vec_t* artifact_out);
WASM_API_EXTERN ember_error_t* ember_module_deserialize(wasm_store_t*,
                                                        const wasm_byte_vec_t* artifact,
                                                        wasm_module_t** module_out);
/* Loads from memory the caller owns (e.g. an artifact in flash, read-only
 * or memory-mapped) without copying the buffer first: the code is copied
 * into an executable code region, the metadata decoded, and nothing refers
 * to `data` after the call returns. */
WASM_API_EXTERN ember_error_t* ember_module_deserialize_raw(wasm_store_t*, const uint8_t* data,
                                                            size_t size,
                                                            wasm_module_t** module_out);

/* ---- Linker ------------------------------------------------------------- */

/* Definitions by (module, name) for one store; later definitions of a name
 * replace earlier ones. */
typedef struct ember_linker_t ember_linker_t;

WASM_API_EXTERN ember_linker_t* ember_linker_new(wasm_store_t*);
WASM_API_EXTERN void ember_linker_delete(ember_linker_t*);
/* `item` must belong to the linker's store; the linker does not take it. */
WASM_API_EXTERN ember_error_t* ember_linker_define(ember_linker_t*, const char* module,
                                                   const char* name, const wasm_extern_t* item);
/* Defines every export of `instance` under the module name `module`. */
WASM_API_EXTERN ember_error_t* ember_linker_define_instance(ember_linker_t*, const char* module,
                                                            const wasm_instance_t* instance);
/* Resolves the module's imports and instantiates it. A trap during
 * instantiation (segment bounds, start function) goes to `trap_out` with a
 * NULL error; any other failure (unknown import, type mismatch) is the
 * returned error. */
WASM_API_EXTERN ember_error_t* ember_linker_instantiate(const ember_linker_t*,
                                                        const wasm_module_t*,
                                                        wasm_instance_t** instance_out,
                                                        wasm_trap_t** trap_out);

/* ---- WASI ----------------------------------------------------------------
 * WASI preview 1 (wasi_snapshot_preview1) for a guest: what it is given
 * (arguments, environment, stdio, preopened directories) and the linker
 * definitions of its imports. Only in builds with EMBER_WASI; elsewhere
 * ember_linker_define_wasi returns an error. */

typedef struct ember_wasi_config_t ember_wasi_config_t;

/* A guest with no arguments, no environment, no preopens and its stdin,
 * stdout and stderr closed (the sandbox default; see _inherit_stdio). */
WASM_API_EXTERN ember_wasi_config_t* ember_wasi_config_new(void);
WASM_API_EXTERN void ember_wasi_config_delete(ember_wasi_config_t*);

/* The guest's argv, argv[0] (the program name) included; strings copied. */
WASM_API_EXTERN void ember_wasi_config_set_argv(ember_wasi_config_t*, int argc,
                                                const char* const argv[]);
/* The guest's environment: `n` NAME=VALUE pairs; strings copied. */
WASM_API_EXTERN void ember_wasi_config_set_env(ember_wasi_config_t*, int n,
                                               const char* const names[],
                                               const char* const values[]);

/* Guest fds 0, 1 and 2 become the host process's own. */
WASM_API_EXTERN void ember_wasi_config_inherit_stdio(ember_wasi_config_t*);
WASM_API_EXTERN void ember_wasi_config_inherit_stdin(ember_wasi_config_t*);
WASM_API_EXTERN void ember_wasi_config_inherit_stdout(ember_wasi_config_t*);
WASM_API_EXTERN void ember_wasi_config_inherit_stderr(ember_wasi_config_t*);
/* Guest stdin reads the host file `path`; stdout and stderr write to it
 * (created, or truncated). The file is opened now: an error names it. */
WASM_API_EXTERN ember_error_t* ember_wasi_config_set_stdin_file(ember_wasi_config_t*,
                                                                const char* path);
WASM_API_EXTERN ember_error_t* ember_wasi_config_set_stdout_file(ember_wasi_config_t*,
                                                                 const char* path);
WASM_API_EXTERN ember_error_t* ember_wasi_config_set_stderr_file(ember_wasi_config_t*,
                                                                 const char* path);

/* The host directory `host_path` is what the guest sees as `guest_path`
 * (e.g. "." or "/data"); nothing outside it is reachable. Errors when the
 * host path is not a directory. */
WASM_API_EXTERN ember_error_t* ember_wasi_config_preopen_dir(ember_wasi_config_t*,
                                                             const char* host_path,
                                                             const char* guest_path);

/* The most guest descriptors open at once, stdio and preopens included
 * (default 1024); past it path_open fails with EMFILE. Bounds the host
 * descriptors one guest can hold. */
WASM_API_EXTERN void ember_wasi_config_set_max_open_fds(ember_wasi_config_t*, uint32_t max);

/* Defines every wasi_snapshot_preview1 function in the linker, and every
 * wasi_unstable (snapshot 0) one for older programs, working on a WASI
 * context made from `config`. Takes ownership of `config` (also on
 * error); the context lives until the linker's store is deleted. */
WASM_API_EXTERN ember_error_t* ember_linker_define_wasi(ember_linker_t*,
                                                        ember_wasi_config_t* config);

/* The guest called proc_exit: the trap a call returned is that exit, and
 * `*status` gets its code. False (status untouched) for any other trap. */
WASM_API_EXTERN bool ember_trap_exit_status(const wasm_trap_t*, int* status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EMBER_EMBER_H */
