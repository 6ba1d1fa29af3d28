# ember_runtime_wat_modules(<target> <wat files...>): builds each .wat into
# <binary dir>/wasm/<name>.wasm (with the name section, for backtraces)
# before <target>, which finds them through EMBER_TEST_WASM_DIR.
function(ember_runtime_wat_modules target)
  set(outputs)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/wasm)
  foreach(wat IN LISTS ARGN)
    get_filename_component(name ${wat} NAME_WE)
    add_custom_command(
      OUTPUT ${dir}/${name}.wasm
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${WAT2WASM} --debug-names ${wat} -o ${dir}/${name}.wasm
      DEPENDS ${wat}
      COMMENT "wat2wasm ${name}.wat"
      VERBATIM)
    list(APPEND outputs ${dir}/${name}.wasm)
  endforeach()
  add_custom_target(${target}_wasm DEPENDS ${outputs})
  add_dependencies(${target} ${target}_wasm)
  target_compile_definitions(${target} PRIVATE EMBER_TEST_WASM_DIR="${dir}")
endfunction()
