# Provides asmjit::asmjit for the JIT.
#
# By default it is Debian's package (libasmjit-dev, found with find_package).
# That archive is built with every asmjit feature (Builder, Compiler, logging,
# text, validation, both architectures) and without function sections, so a
# binary that only uses the Assembler still links ~190 KB of it. With
# EMBER_ASMJIT_SOURCE_DIR pointing at asmjit's source tree (Debian's source
# package: scripts/fetch-asmjit-source.sh) it is compiled here instead,
# with only what Ember uses: the host architecture's Assembler and CodeHolder
# (ASMJIT_NO_* switches below) and the project's size flags. The minsize
# preset does this; nothing of asmjit's source is part of the project.
set(EMBER_ASMJIT_SOURCE_DIR "" CACHE PATH
    "asmjit source tree to compile with only the Assembler (empty: Debian's libasmjit)")

if(TARGET asmjit::asmjit)
  return()
endif()

if(NOT EMBER_ASMJIT_SOURCE_DIR)
  find_package(asmjit REQUIRED CONFIG)
  return()
endif()

set(asmjit_src ${EMBER_ASMJIT_SOURCE_DIR}/src/asmjit)
if(NOT EXISTS ${asmjit_src}/core/assembler.cpp)
  message(FATAL_ERROR "EMBER_ASMJIT_SOURCE_DIR=${EMBER_ASMJIT_SOURCE_DIR} holds no asmjit source "
                      "(expected src/asmjit/core/assembler.cpp); run scripts/fetch-asmjit-source.sh")
endif()
# A build of several configurations (bench/size-report's rungs) compiles
# asmjit once: the later ones link the first one's archive, which is the
# same code since only the preset's flags reach asmjit.
set(EMBER_ASMJIT_PREBUILT "" CACHE FILEPATH
    "libember_asmjit.a of another build from the same source and flags, linked instead of compiling asmjit")
if(EMBER_ASMJIT_PREBUILT)
  add_library(ember_asmjit STATIC IMPORTED)
  set_target_properties(ember_asmjit PROPERTIES IMPORTED_LOCATION ${EMBER_ASMJIT_PREBUILT})
  set(ember_asmjit_usage INTERFACE)
else()
  file(GLOB ember_asmjit_sources ${asmjit_src}/core/*.cpp)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    file(GLOB ember_asmjit_arch_sources ${asmjit_src}/x86/*.cpp)
  else()
    file(GLOB ember_asmjit_arch_sources ${asmjit_src}/arm/*.cpp)
  endif()
  add_library(ember_asmjit STATIC ${ember_asmjit_sources} ${ember_asmjit_arch_sources})
  target_compile_options(ember_asmjit PRIVATE -w -fno-exceptions -fno-rtti)
  set(ember_asmjit_usage PUBLIC)
endif()
# What Ember does not use: the Builder/Compiler layers and their register
# allocator, loggers and instruction text, validation and introspection
# tables, the JitRuntime (Ember's code regions come from the platform layer)
# and every architecture but the host's.
target_compile_definitions(ember_asmjit ${ember_asmjit_usage}
  ASMJIT_STATIC ASMJIT_NO_FOREIGN ASMJIT_NO_DEPRECATED ASMJIT_NO_BUILDER ASMJIT_NO_COMPILER
  ASMJIT_NO_LOGGING ASMJIT_NO_TEXT ASMJIT_NO_VALIDATION ASMJIT_NO_INTROSPECTION ASMJIT_NO_JIT)
target_include_directories(ember_asmjit SYSTEM ${ember_asmjit_usage} ${EMBER_ASMJIT_SOURCE_DIR}/src)
add_library(asmjit::asmjit ALIAS ember_asmjit)
