#ifndef RAI_SUPPORT_H
#define RAI_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include "rai_startup_arguments.h"
#include "rai_temporary_cleanup.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the CPU to start loading the cache line at `address` for writing. Swift has no prefetch
/// intrinsic; score-table updates are random accesses into tables larger than the caches, and
/// issuing their loads a row ahead lets several cache misses overlap.
static inline void rai_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Bit i set when byte i of the 64 bytes at `p` is `delimiter` or a line feed. With SSE2 (every
/// x86-64) four 16-byte compares and `movemask` replace a loop over bytes; Swift cannot reach
/// `movemask` itself. Elsewhere a plain loop gives the same bits.
static inline uint64_t rai_separator_mask64(const uint8_t *p, uint8_t delimiter) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i n = _mm_set1_epi8('\n');
    uint64_t mask = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, n));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) {
        if (p[k] == delimiter || p[k] == '\n') mask |= (uint64_t)1 << k;
    }
    return mask;
#endif
}

/// The separators, line feeds and quotes among the 64 bytes at `p`, one bit per byte each: what
/// the block scanner needs to cut plain CSV rows into fields without looking at bytes one by one.
typedef struct {
    uint64_t separators;  // delimiter or line feed
    uint64_t lineFeeds;
    uint64_t quotes;
} rai_csv_masks;

static inline rai_csv_masks rai_csv_masks64(const uint8_t *p, uint8_t delimiter) {
    rai_csv_masks masks = {0, 0, 0};
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i n = _mm_set1_epi8('\n');
    const __m128i q = _mm_set1_epi8('"');
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i lf = _mm_cmpeq_epi8(v, n);
        masks.separators |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, d), lf)) << (16 * k);
        masks.lineFeeds |= (uint64_t)(uint16_t)_mm_movemask_epi8(lf) << (16 * k);
        masks.quotes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        uint64_t bit = (uint64_t)1 << k;
        if (p[k] == '\n') { masks.lineFeeds |= bit; masks.separators |= bit; }
        else if (p[k] == delimiter) masks.separators |= bit;
        else if (p[k] == '"') masks.quotes |= bit;
    }
#endif
    return masks;
}

/// Makes a SIGBUS from reading the `length` bytes mapped at `start` (a mapped file truncated by
/// someone else while rai reads it: the pages past its new end no longer exist) print `message`
/// on standard error and exit with status 66 (EX_NOINPUT), instead of killing the process with a
/// signal. Other SIGBUS faults keep their default action. One mapping is guarded at a time.
void rai_guard_mapping(const void *start, size_t length, const char *message);

/// Stops guarding the mapping at `start`, if it is the one guarded.
void rai_unguard_mapping(const void *start);

#endif
