// Decoder of the code section (spec 5.5.13): locates each function body and
// decodes its local declarations; the instructions are left to the
// function validator, which walks them once per consumer.
#include "runtime/format/decode_primitives.h"
#include "runtime/format/section_decoders.h"

namespace ember {

namespace {

// Local declarations: runs of (count, type). The running total is checked
// after every run, so a billion declared locals fail here without anything
// being allocated for them.
void readLocals(Reader& r, Module& m, FunctionBody& body) {
  uint32_t runs = readCount(r, 2);
  body.firstLocalRun = static_cast<uint32_t>(m.localRuns.size());
  uint64_t total = 0;
  for (uint32_t i = 0; i < runs && !r.failed(); ++i) {
    Reader mark = r;
    uint32_t count = r.readVarU32();
    ValType type = readValType(r);
    total += count;
    if (total > kMaxFunctionLocals) return failAt(r, mark, "too many locals");
    if (count > 0) m.localRuns.push_back(LocalRun{count, type});
  }
  body.localRunCount = static_cast<uint32_t>(m.localRuns.size()) - body.firstLocalRun;
  body.localCount = static_cast<uint32_t>(total);
}

Result<void> readBody(Reader& r, Module& m, uint32_t funcIndex) {
  Reader mark = r;
  uint32_t size = r.readVarU32();
  if (!r.failed() && size > r.remaining()) failAt(r, mark, "length out of bounds");
  if (r.failed()) return readerError(r, "code", funcIndex);
  if (size > kMaxFunctionSize) {
    return makeError(
        ErrorKind::Malformed, Location{"code", funcIndex, r.offset()},
        formatMessage("function body too large (%u bytes, limit %u)", size, kMaxFunctionSize));
  }
  FunctionBody body;
  body.offset = r.offset();
  body.end = body.offset + size;
  Reader bodyReader(r.readBytes(size), body.offset);
  readLocals(bodyReader, m, body);
  if (bodyReader.failed()) return readerError(bodyReader, "code", funcIndex);
  body.codeOffset = bodyReader.offset();
  m.bodies.push_back(std::move(body));
  return success();
}

}  // namespace

Result<void> decodeCodeSection(Reader& r, Module& m) {
  uint32_t start = r.offset();
  uint32_t n = readCount(r, 2);  // a size and at least one byte of body
  if (r.failed()) return success();
  uint32_t declared = static_cast<uint32_t>(m.funcTypeIndices.size()) - m.importedFuncCount;
  if (n != declared) {
    return makeError(ErrorKind::Malformed, Location{"code", -1, start},
                     formatMessage("function and code section have inconsistent lengths "
                                   "(%u functions, %u bodies)",
                                   declared, n));
  }
  m.bodies.reserve(n);
  for (uint32_t i = 0; i < n; ++i) EMBER_TRY(readBody(r, m, m.importedFuncCount + i));
  return success();
}

}  // namespace ember
