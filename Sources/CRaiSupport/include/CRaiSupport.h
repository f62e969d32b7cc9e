#ifndef RAI_SUPPORT_H
#define RAI_SUPPORT_H

/// Asks the CPU to start loading the cache line at `address` for writing. Swift has no prefetch
/// intrinsic; score-table updates are random accesses into tables larger than the caches, and
/// issuing their loads a row ahead lets several cache misses overlap.
static inline void rai_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
