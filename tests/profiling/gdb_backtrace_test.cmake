# Runs gdb_jit_target under gdb in batch mode, stops in the host function
# the wasm code calls, and checks the backtrace through the JIT frames:
# with Config::debugInfo they are named inner, wasm[func 2], outer, in that
# order; without it (MODE=no-debug-info) gdb cannot name them.
# Usage: cmake -DGDB=... -DTARGET=... -DMODE=debug-info|no-debug-info -P gdb_backtrace_test.cmake
# (LeakSanitizer cannot run under ptrace: the sanitizer build turns it off.)
execute_process(
  COMMAND ${GDB} -nx -batch -ex "set environment ASAN_OPTIONS=detect_leaks=0"
          -ex "break ember_test_breakpoint" -ex run -ex "bt 30" -ex continue
          --args ${TARGET} ${MODE}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 120)
message("${out}${err}")
if(NOT out MATCHES "#0 +(0x[0-9a-f]+ in )?ember_test_breakpoint")
  message(FATAL_ERROR "gdb did not stop in ember_test_breakpoint")
endif()
set(jit_frames "in inner \\(\\)[^\n]*\n#[0-9]+ +0x[0-9a-f]+ in wasm\\[func 2\\] \\(\\)[^\n]*\n#[0-9]+ +0x[0-9a-f]+ in outer \\(\\)")
if(MODE STREQUAL "debug-info")
  if(NOT out MATCHES "${jit_frames}")
    message(FATAL_ERROR "the backtrace does not show inner, wasm[func 2], outer in a row")
  endif()
  if(NOT out MATCHES "outer\\(4\\) = 150")
    message(FATAL_ERROR "the program did not finish after the breakpoint")
  endif()
else()
  if(out MATCHES "in inner \\(\\)" OR out MATCHES "in outer \\(\\)")
    message(FATAL_ERROR "wasm names without debug info: the test cannot tell them apart")
  endif()
endif()
