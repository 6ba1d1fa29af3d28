#!/usr/bin/env bash
# Installs, from Debian 12's own repositories, whatever Ember's build and
# tests need and the machine lacks. Safe to run repeatedly: it does nothing
# when everything is present.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libasmjit-dev libzydis-dev libcapstone-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  wabt binaryen
  clang lld wasi-libc libclang-rt-dev-wasm32 libclang-rt-14-dev
  gdb  # tests/profiling: backtraces through JIT frames (GDB JIT interface)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
