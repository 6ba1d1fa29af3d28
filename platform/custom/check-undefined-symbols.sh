#!/usr/bin/env bash
# The undefined-symbol check of a custom-platform build: everything the
# static libraries of Ember's runtime need from outside themselves must be a
# function of platform/ember-platform.h or on the allow-list below. Any
# other symbol is a dependency a port would not have (a file, a lock, a
# libc call) and fails the check.
#
# usage: check-undefined-symbols.sh PLATFORM_HEADER ARCHIVE...
set -euo pipefail
header=$1
shift

# Symbols the archives need but none of them defines.
needed=$(comm -23 <(nm "$@" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u) \
                  <(nm "$@" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[TDBRVWSiu]$/ { print $3 }' | sort -u))
platform=$(grep -oE '\bember_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u)

allowed() {
  case "$1" in
    # Freestanding C: what the compiler itself may emit calls to, and abort.
    memcpy|memmove|memset|memcmp|memchr|strlen|abort) return 0 ;;
    # The math functions wasm's float operators need (spec 4.3.3).
    sqrt|sqrtf|ceil|ceilf|floor|floorf|trunc|truncf|nearbyint|nearbyintf|fmin|fminf|fmax|fmaxf) return 0 ;;
    # Error message text (runtime/format/error.cpp formats into a buffer).
    vsnprintf|snprintf) return 0 ;;
    # The C++ support library that comes with the compiler: thread-safe
    # static initialisation, the out-of-line parts of the standard
    # containers (map/unordered_map/shared_ptr helpers, std::__throw_* which
    # abort under -fno-exceptions), and libgcc's bit-counting helper.
    __cxa_guard_acquire|__cxa_guard_release|__cxa_guard_abort|__cxa_pure_virtual|__popcountdi2) return 0 ;;
    _ZSt*|_ZNSt*|_ZNKSt*) return 0 ;;
    # glibc only: libstdc++'s shared_ptr asks it whether the process has one
    # thread; another C library does not produce this reference.
    __libc_single_threaded) return 0 ;;
    # Defined by the linker.
    _GLOBAL_OFFSET_TABLE_) return 0 ;;
  esac
  return 1
}

unexpected=()
used_platform=()
for symbol in $needed; do
  if grep -qx "$symbol" <<<"$platform"; then
    used_platform+=("$symbol")
  elif ! allowed "$symbol"; then
    unexpected+=("$symbol")
  fi
done

echo "platform functions used: ${used_platform[*]:-none}"
if ((${#unexpected[@]})); then
  echo "undefined symbols outside ember-platform.h and the allow-list:"
  for symbol in "${unexpected[@]}"; do
    printf '  %s  (%s)\n' "$symbol" "$(echo "$symbol" | c++filt)"
    nm -A "$@" 2>/dev/null | awk -v s="$symbol" '$2 == "U" && $3 == s { sub(/:$/, "", $1); print "    needed by " $1 }'
  done
  exit 1
fi
echo "undefined-symbol check passed: nothing beyond ember-platform.h and the allow-list"
