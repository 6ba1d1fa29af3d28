// The small binary-format pieces every section decoder reads (spec 5.2-5.3):
// vector counts, names, value/reference types, limits. Each reports failure
// through the Reader's sticky flag with the spec's phrase, so a decoder reads
// a run of fields and checks once.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/format/error.h"
#include "runtime/format/reader.h"
#include "runtime/format/types.h"

namespace ember {

// Fails `r` at the position of `mark`, a copy of `r` taken before reading
// the offending item, so the error offset points at the item's first byte.
inline void failAt(Reader& r, const Reader& mark, ErrorText what) {
  if (r.failed()) return;
  r = mark;
  r.fail(what);
}

// A vector length, checked against the bytes left on the assumption that
// every element takes at least `minItemBytes`: a count that lies fails here,
// so callers may `reserve(count)` without trusting the input.
uint32_t readCount(Reader& r, size_t minItemBytes = 1);
// readCount for a vector whose length also has an implementation limit
// (types.h); `tooMany` is the error past it.
uint32_t readLimitedCount(Reader& r, size_t minItemBytes, uint32_t limit, ErrorText tooMany);

// A name (spec 5.2.4): length-prefixed, valid UTF-8, at most kMaxNameBytes.
std::string readName(Reader& r);

ValType readValType(Reader& r);
ValType readRefType(Reader& r);
// Limits (spec 5.3.7). The flag is read as the spec's 1-bit LEB, which is
// why a continuation bit is "integer representation too long" and 2 is
// "integer too large" (shared memories, flags 2 and 3, are threads only).
Limits readLimits(Reader& r);
GlobalType readGlobalType(Reader& r);

// Turns the reader's failure into a Malformed error naming the section, the
// function (if >= 0) and the offset.
Error readerError(const Reader& r, const char* section, int64_t funcIndex = -1);

}  // namespace ember
