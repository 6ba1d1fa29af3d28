# `ember run --timeout 10ms` on a module that never ends must exit 134 with
# the interruption message, well within the TIMEOUT below (CI-safe bound;
# bench/timeout_latency.sh measures the real latency).
# Variables: EMBER (the CLI), WASM, ENGINE, and EMULATOR (empty, or the
# command line that runs a cross-built EMBER; emulation gets a longer bound).
separate_arguments(emulator UNIX_COMMAND "${EMULATOR}")
set(bound 2)
if(emulator)
  set(bound 10)
endif()
string(TIMESTAMP start "%s")
execute_process(
  COMMAND ${emulator} ${EMBER} run --engine ${ENGINE} --timeout 10ms ${WASM}
  RESULT_VARIABLE rc
  ERROR_VARIABLE err
  TIMEOUT ${bound})
if(NOT rc EQUAL 134)
  message(FATAL_ERROR "expected exit status 134, got '${rc}'; stderr:\n${err}")
endif()
if(NOT err MATCHES "interrupted after 10ms" OR NOT err MATCHES "trap: interrupted")
  message(FATAL_ERROR "missing interruption message; stderr:\n${err}")
endif()
execute_process(
  COMMAND ${emulator} ${EMBER} run --engine ${ENGINE} --fuel 100 ${WASM}
  RESULT_VARIABLE rc
  ERROR_VARIABLE err
  TIMEOUT ${bound})
if(NOT rc EQUAL 134 OR NOT err MATCHES "trap: out of fuel")
  message(FATAL_ERROR "--fuel 100: expected exit 134 and 'out of fuel', got '${rc}':\n${err}")
endif()
