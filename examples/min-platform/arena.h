/* A fixed arena with a first-fit allocator that counts its bytes: where a
 * device without an operating system would take all of Ember's memory
 * (linear memories included) from. */
#ifndef MIN_PLATFORM_ARENA_H
#define MIN_PLATFORM_ARENA_H

#include <stddef.h>

void* arena_alloc(size_t size, size_t alignment);
void arena_free(void* block);
/* Bytes in use now and at most so far, block headers included. */
size_t arena_in_use(void);
size_t arena_peak(void);
/* Starts a new high-water mark at the current use. */
void arena_reset_peak(void);

#endif
