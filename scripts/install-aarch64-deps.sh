#!/usr/bin/env bash
# Installs what the AArch64 cross build and its qemu-run tests need, from
# Debian 12's own repositories: the cross compiler, qemu's user-mode
# emulator, and the arm64 builds of the libraries the JIT and its tests
# link (multiarch, beside the native ones). Tools used while building
# (wabt's wat2wasm, binaryen's wasm-opt for the differential test's
# generated modules) and header-only, architecture-independent packages
# (nlohmann-json3-dev) stay native. Safe to run repeatedly.
set -euo pipefail

packages=(
  cmake ninja-build pkg-config
  g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user
  libasmjit-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
  nlohmann-json3-dev wabt binaryen
)

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "install-aarch64-deps: adding the arm64 architecture"
  $sudo dpkg --add-architecture arm64
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-aarch64-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-aarch64-deps: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
