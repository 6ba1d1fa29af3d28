// The builtins of abi/builtin_ids.h over the runtime's objects: what JIT
// code calls for memory.grow, bulk memory and table operations. Those that
// can trap return a BulkResult and let the generated code trap (spec 4.4.7,
// 4.4.6: bounds are checked before anything is written).
#include <algorithm>
#include <cstring>

#include "abi/builtin_ids.h"
#include "runtime/bulk_pieces.h"
#include "runtime/instance.h"
#include "runtime/jit/engine.h"
#include "runtime/jit/traps.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace ember {
namespace {

Instance& instanceOf(VMContext* ctx) { return *static_cast<Instance*>(ctx->instance); }

bool inBounds(uint64_t start, uint64_t n, uint64_t size) {
  return start <= size && n <= size - start;
}

BulkResult finished(bool complete) { return complete ? kBulkDone : kBulkInterrupted; }

int64_t memoryGrow(VMContext* ctx, uint32_t memory, uint64_t deltaPages) {
  Memory* m = instanceOf(ctx).memory(memory);
  return m ? m->grow(deltaPages) : -1;
}

BulkResult memoryFill(VMContext* ctx, uint32_t memory, uint64_t dst, uint64_t value, uint64_t n) {
  VMMemory* m = ctx->memories[memory];
  if (!inBounds(dst, n, m->length)) return kBulkTrapped;
  return finished(fillInPieces(ctx, m->base + dst, static_cast<uint8_t>(value), n));
}

BulkResult memoryCopy(VMContext* ctx, uint32_t dstMemory, uint32_t srcMemory, uint64_t dst,
                      uint64_t src, uint64_t n) {
  VMMemory* d = ctx->memories[dstMemory];
  VMMemory* s = ctx->memories[srcMemory];
  if (!inBounds(dst, n, d->length) || !inBounds(src, n, s->length)) return kBulkTrapped;
  return finished(moveInPieces(ctx, d->base + dst, s->base + src, n));
}

BulkResult memoryInit(VMContext* ctx, uint32_t memory, uint32_t dataIndex, uint64_t dst,
                      uint64_t src, uint64_t n) {
  VMMemory* m = ctx->memories[memory];
  const VMDataSegment& data = ctx->dataSegments[dataIndex];
  if (!inBounds(src, n, data.size) || !inBounds(dst, n, m->length)) return kBulkTrapped;
  return finished(moveInPieces(ctx, m->base + dst, data.bytes + src, n));
}

void dataDrop(VMContext* ctx, uint32_t dataIndex) { ctx->dataSegments[dataIndex].size = 0; }

int64_t tableGrow(VMContext* ctx, uint32_t table, uint64_t delta, void* init) {
  Table* t = instanceOf(ctx).table(table);
  return t->grow(delta, Table::fromEngine(t->elemType(), init), ctx);
}

BulkResult tableFill(VMContext* ctx, uint32_t table, uint64_t index, void* value, uint64_t n) {
  VMTable* t = ctx->tables[table];
  if (!inBounds(index, n, t->size)) return kBulkTrapped;
  return finished(fillInPieces(ctx, t->elements + index, value, n));
}

BulkResult tableCopy(VMContext* ctx, uint32_t dstTable, uint32_t srcTable, uint64_t dst,
                     uint64_t src, uint64_t n) {
  VMTable* d = ctx->tables[dstTable];
  VMTable* s = ctx->tables[srcTable];
  if (!inBounds(dst, n, d->size) || !inBounds(src, n, s->size)) return kBulkTrapped;
  return finished(moveInPieces(ctx, d->elements + dst, s->elements + src, n * sizeof(void*)));
}

BulkResult tableInit(VMContext* ctx, uint32_t table, uint32_t elemIndex, uint64_t dst, uint64_t src,
                     uint64_t n) {
  VMTable* t = ctx->tables[table];
  const VMElemSegment& elem = ctx->elemSegments[elemIndex];
  if (!inBounds(src, n, elem.size) || !inBounds(dst, n, t->size)) return kBulkTrapped;
  return finished(moveInPieces(ctx, t->elements + dst, elem.items + src, n * sizeof(void*)));
}

void elemDrop(VMContext* ctx, uint32_t elemIndex) {
  ctx->store->builtins->elemDrop(ctx, elemIndex);
}

template <typename F>
void set(VMContext& ctx, BuiltinId id, F* fn) {
  ctx.builtins[static_cast<uint32_t>(id)] = reinterpret_cast<void*>(fn);
}

}  // namespace

void fillJitBuiltins(VMContext& ctx) {
  ctx.builtins[static_cast<uint32_t>(BuiltinId::Trap)] = trapBuiltin();
  set(ctx, BuiltinId::MemoryGrow, &memoryGrow);
  set(ctx, BuiltinId::MemoryFill, &memoryFill);
  set(ctx, BuiltinId::MemoryCopy, &memoryCopy);
  set(ctx, BuiltinId::MemoryInit, &memoryInit);
  set(ctx, BuiltinId::DataDrop, &dataDrop);
  set(ctx, BuiltinId::TableGrow, &tableGrow);
  set(ctx, BuiltinId::TableFill, &tableFill);
  set(ctx, BuiltinId::TableCopy, &tableCopy);
  set(ctx, BuiltinId::TableInit, &tableInit);
  set(ctx, BuiltinId::ElemDrop, &elemDrop);
}

}  // namespace ember
