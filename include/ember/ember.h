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

/* ---- Modules ------------------------------------------------------------ */

/* wasm_module_new that says why a binary was rejected. */
WASM_API_EXTERN ember_error_t* ember_module_new(wasm_store_t*, const wasm_byte_vec_t* binary,
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
 * WASI preview 1 setup for the C API is not declared yet; it will be added
 * here over runtime/wasi/ once that layer's host API is settled. */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EMBER_EMBER_H */
