# Cross build for 64-bit Arm Linux with Debian's cross compiler; tests run
# under qemu's user-mode emulator. The arm64 libraries (asmjit, GoogleTest)
# come from Debian's multiarch packages (scripts/install-aarch64-deps.sh).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(EMBER_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${EMBER_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EMBER_CROSS_TRIPLE}-g++)

# ctest and gtest_discover_tests run the test executables through qemu;
# -L points it at the arm64 dynamic loader and C/C++ runtime.
find_program(EMBER_QEMU_AARCH64 qemu-aarch64)
if(EMBER_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${EMBER_QEMU_AARCH64} -L /usr/${EMBER_CROSS_TRIPLE})
endif()

# Target libraries: the cross runtime under /usr/aarch64-linux-gnu and the
# multiarch packages under /usr/lib/aarch64-linux-gnu (their CMake package
# files live in /usr/lib/aarch64-linux-gnu/cmake, headers in /usr/include).
# Programs (wat2wasm) are found on the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${EMBER_CROSS_TRIPLE} /usr)
set(CMAKE_LIBRARY_ARCHITECTURE ${EMBER_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${EMBER_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
