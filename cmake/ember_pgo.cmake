# Profile-guided optimisation (GCC), in two configurations of one build
# directory: EMBER_PGO=generate builds instrumented code that writes its
# branch and call counts to EMBER_PGO_DIR when it exits; EMBER_PGO=use
# rebuilds with those counts. GCC names each object's profile after the
# object's path, so both phases must use the same build directory
# (scripts/build-pgo.sh runs them in order).
#
# Why: compiling is bound by the instruction cache (the validator and code
# generator span hundreds of KB), and a profile lets GCC lay out the hot
# paths together and move the cold ones away.
set(EMBER_PGO "" CACHE STRING "Profile-guided optimisation phase: empty (off), generate or use")
set_property(CACHE EMBER_PGO PROPERTY STRINGS "" generate use)
set(EMBER_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH "Where EMBER_PGO=generate writes the profile and =use reads it")

if(NOT EMBER_PGO STREQUAL "" AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "EMBER_PGO needs GCC (its -fprofile-* options), not ${CMAKE_CXX_COMPILER_ID}")
endif()
if(EMBER_PGO STREQUAL "generate")
  # Single-threaded counter updates: a compile on several threads may lose
  # a few counts, which only blurs the profile.
  add_compile_options(-fprofile-generate -fprofile-update=single "-fprofile-dir=${EMBER_PGO_DIR}")
  add_link_options(-fprofile-generate)
elseif(EMBER_PGO STREQUAL "use")
  if(NOT IS_DIRECTORY "${EMBER_PGO_DIR}")
    message(FATAL_ERROR "EMBER_PGO=use: no profile at ${EMBER_PGO_DIR}; build with EMBER_PGO=generate and run it first")
  endif()
  # Partial training: code the training run never reached (another ISA's
  # paths, features it did not use) stays optimised for speed, not size.
  add_compile_options(-fprofile-use -fprofile-partial-training "-fprofile-dir=${EMBER_PGO_DIR}"
                      -Wno-missing-profile)
elseif(NOT EMBER_PGO STREQUAL "")
  message(FATAL_ERROR "EMBER_PGO must be empty, generate or use, not '${EMBER_PGO}'")
endif()
