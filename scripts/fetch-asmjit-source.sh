#!/usr/bin/env bash
# Unpacks Debian's asmjit source package (the version libasmjit-dev is built
# from) into DIR (default: build/asmjit-src), with DIR/current pointing at
# the tree, for the minsize preset, which compiles only asmjit's Assembler
# (cmake/ember_asmjit.cmake). Enables the deb-src lines of Debian's own
# repositories if they are off. Prints the source tree's path.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-build/asmjit-src}
if [[ -f "$dest/current/src/asmjit/core/assembler.cpp" ]]; then
  echo "$dest/current"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [[ -z "$(apt-cache showsrc asmjit 2>/dev/null)" ]]; then
  sources=/etc/apt/sources.list.d/debian.sources
  if [[ -f $sources ]] && ! grep -q '^Types:.*deb-src' "$sources"; then
    $sudo sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  fi
  $sudo apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null || $sudo apt-get install -y -qq --no-install-recommends dpkg-dev >&2
mkdir -p "$dest"
(cd "$dest" && apt-get source asmjit) >&2
tree=$(cd "$dest" && ls -d asmjit-*/ | head -n 1)
ln -sfn "${tree%/}" "$dest/current"
echo "$dest/current"
