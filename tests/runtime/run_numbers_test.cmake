# `ember run` range-checks its numbers: a --fuel past 2^64-1, negative, signed
# or not a decimal integer is a usage error (exit 2) naming the range, not a
# silently saturated or wrapped budget. 2^64-1 itself is accepted: given a
# missing module, the run gets as far as loading it (exit 1).
# Variables: EMBER (the CLI), WASM, EMULATOR (as in run_timeout_test.cmake).
separate_arguments(emulator UNIX_COMMAND "${EMULATOR}")
foreach(bad 18446744073709551616 99999999999999999999999 -1 +5 " 5" 1e3 0x10 "")
  execute_process(
    COMMAND ${emulator} ${EMBER} run --fuel "${bad}" ${WASM}
    RESULT_VARIABLE rc
    ERROR_VARIABLE err
    TIMEOUT 20)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "--fuel takes an integer from 0 to 18446744073709551615")
    message(FATAL_ERROR "--fuel '${bad}': expected a usage error, got '${rc}':\n${err}")
  endif()
endforeach()
execute_process(
  COMMAND ${emulator} ${EMBER} run --fuel 18446744073709551615 ${WASM}.missing
  RESULT_VARIABLE rc
  ERROR_VARIABLE err
  TIMEOUT 20)
if(NOT rc EQUAL 1 OR NOT err MATCHES "cannot read")
  message(FATAL_ERROR "--fuel 18446744073709551615: expected it accepted, got '${rc}':\n${err}")
endif()
