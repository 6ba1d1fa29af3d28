/* First-fit over an implicit list of blocks, each with a 16-byte header,
 * coalescing free neighbours on free. Small and slow, as an example should
 * be; a device would pick its own allocator. Single-threaded. */
#include "arena.h"

#include <stdint.h>

#ifndef ARENA_BYTES
#define ARENA_BYTES (1024 * 1024)
#endif

typedef struct block {
  size_t size; /* payload bytes, a multiple of 16 */
  size_t free;
} block;

static _Alignas(16) unsigned char arena[ARENA_BYTES];
static size_t in_use, peak;
static int ready;

static block* next_block(block* b) { return (block*)((unsigned char*)(b + 1) + b->size); }
static int inside(const block* b) { return (const unsigned char*)b < arena + ARENA_BYTES; }

static void prepare(void) {
  block* first = (block*)arena;
  first->size = ARENA_BYTES - sizeof(block);
  first->free = 1;
  ready = 1;
}

static void* take(size_t size) {
  if (!ready) prepare();
  if (size > ARENA_BYTES) return NULL;
  size = (size + 15) & ~(size_t)15;
  for (block* b = (block*)arena; inside(b); b = next_block(b)) {
    if (!b->free || b->size < size) continue;
    if (b->size >= size + sizeof(block) + 16) { /* split off the rest */
      block* rest = (block*)((unsigned char*)(b + 1) + size);
      rest->size = b->size - size - sizeof(block);
      rest->free = 1;
      b->size = size;
    }
    b->free = 0;
    in_use += b->size + sizeof(block);
    if (in_use > peak) peak = in_use;
    return b + 1;
  }
  return NULL;
}

static void give_back(void* payload) {
  block* b = (block*)payload - 1;
  b->free = 1;
  in_use -= b->size + sizeof(block);
  for (block* a = (block*)arena; inside(a); a = next_block(a)) {
    while (a->free && inside(next_block(a)) && next_block(a)->free) {
      a->size += next_block(a)->size + sizeof(block);
    }
  }
}

/* Blocks aligned beyond 16 bytes are carved from a larger block; the word
 * before the payload then holds the larger block's address (for a plain
 * block that word is its header's `free` field, 0). */
void* arena_alloc(size_t size, size_t alignment) {
  if (alignment <= 16) return take(size);
  unsigned char* raw = take(size + alignment + 16);
  if (!raw) return NULL;
  uintptr_t aligned = ((uintptr_t)raw + 16 + alignment - 1) & ~(uintptr_t)(alignment - 1);
  ((void**)aligned)[-1] = raw;
  return (void*)aligned;
}

void arena_free(void* payload) {
  if (!payload) return;
  void* outer = ((void**)payload)[-1];
  give_back(outer ? outer : payload);
}

size_t arena_in_use(void) { return in_use; }
size_t arena_peak(void) { return peak; }
void arena_reset_peak(void) { peak = in_use; }
