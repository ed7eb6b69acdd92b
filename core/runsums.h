/* Separable Bokeh: the separable passes by running sums (box engine).
 *
 * For a 1-D filter w of n taps, with S[t] = Σ_{j<t} in[j] the running sum,
 *
 *   Σⱼ w[j] in[x + j] = Σ_{o=0…n} (w[o − 1] − w[o]) S[x + o]
 *
 * (w[−1] = w[n] = 0): one lookup per place where w changes.  A piecewise
 * constant filter with P pieces needs P + 1 lookups per pixel, whatever n.
 * This works for any filter (a dense one just changes at every tap); it
 * pays for the box engine's filters (boxes.h).
 *
 * Same contract as the dense passes (dense-passes.h): true convolution with
 * K / Σ K, src with a halo of size / 2 pixels on each side, channels 1 … 4,
 * independent strips for threads.
 *
 * Precision: running sums over thousands of pixels in float would lose
 * the small values next to large ones (HDR), so they are kept in double,
 * restarted for every strip and band; the result equals the dense passes
 * with the same filters within float rounding (tests/test-runsums.c).
 *
 * Layout: a strip of columns is streamed down its rows.  Each source row
 * gets its running sum along x; the N horizontal filters read it at the
 * union of their lookup places (one load feeds every pair: the box engine
 * gives all pairs the same breakpoints) and add to their running sums
 * along y, T_i.  Vertically, the lookups are turned around: when row t of
 * the T_i is ready, it is added, weighted, into every output row t − o it
 * contributes to, kept in one ring of output rows for all pairs (size + 1
 * rows).  An output row leaves the ring when its last contribution is in.
 * Rows go in chunks, and the ring is worked on one column block at a
 * time, so that the part of it in use stays in L2 cache.
 */
#ifndef SBOKEH_RUNSUMS_H
#define SBOKEH_RUNSUMS_H

#include <glib.h>

#include "filters.h"

/* Per direction: the places any pair looks up (ascending, 0 … size),
 * and every pair's weight there (0 where it has no change).  */
typedef struct
{
  int     count;
  int    *offset;     /* count                                          */
  double *coef;       /* count × rank; horizontal ones include 1 / Σ K  */
  /* Mirrored: the places come in pairs o, size − o, and every filter is
   * symmetric (weights −c, c at the pair) or antisymmetric (c, c) — the
   * box engine's disk and regular polygons.  A pair then costs one
   * multiply-add per filter instead of two: on S[x + o] ∓ S[x + size − o]
   * horizontally, and scattered to both rows at once vertically.  */
  gboolean mirrored;
  int      n_even;    /* symmetric filters, first in order              */
  int     *order;     /* rank: filters, symmetric ones first            */
  double  *pair_coef; /* count / 2 × rank, in that order               */
} SbokehLookups;

typedef struct
{
  int           size;
  int           rank;
  /* The CPU path's kernels (simd.h), chosen by sbokeh_runsums_prepare.  */
  const struct SbokehBoxesKernels *kernels;
  SbokehLookups horizontal;
  SbokehLookups vertical;
} SbokehRunsums;

SbokehStatus sbokeh_runsums_prepare   (const SbokehFilters *filters,
                                       SbokehRunsums       *runsums);
void         sbokeh_runsums_clear     (SbokehRunsums       *runsums);

int          sbokeh_runsums_halo      (const SbokehRunsums *runsums);

/* Multiply-adds per output value, both passes and all pairs together
 * (lookup places × pairs; half as many places when mirrored).  */
int          sbokeh_runsums_lookups   (const SbokehRunsums *runsums);

int          sbokeh_runsums_n_strips  (const SbokehRunsums *runsums,
                                       int                  channels,
                                       int                  width,
                                       int                  height);

SbokehStatus sbokeh_runsums_strips    (const SbokehRunsums *runsums,
                                       int                  channels,
                                       const float         *src,
                                       gsize                src_stride,
                                       int                  width,
                                       int                  height,
                                       float               *dest,
                                       gsize                dest_stride,
                                       int                  first,
                                       int                  last);

/* Streaming: the strips keep their state (the ring and the running sums
 * along y) from one call to the next, so a region can be fed band by band
 * with no halo rows read twice.  Feed the height + size − 1 source rows
 * (the halo rows included) in order, in calls of any number of rows:
 * per call, run sbokeh_runsums_stream_strips () over all strips (on any
 * threads), then sbokeh_runsums_stream_advance ().  Output rows complete
 * in order; after `fed` source rows, sbokeh_runsums_stream_done () of
 * them are, and a call writes rows done (before it) … done (after it) − 1
 * into dest, the first of them at dest's first row.  Memory: the ring
 * and sums of every strip, ≈ width · channels · (size + rank) doubles.  */
typedef struct _SbokehRunsumsStream SbokehRunsumsStream;

SbokehStatus sbokeh_runsums_stream_new     (const SbokehRunsums  *runsums,
                                            int                   channels,
                                            int                   width,
                                            int                   height,
                                            SbokehRunsumsStream **stream);
void         sbokeh_runsums_stream_free    (SbokehRunsumsStream  *stream);
int          sbokeh_runsums_stream_n_strips
                                           (const SbokehRunsumsStream *stream);
int          sbokeh_runsums_stream_done    (const SbokehRunsumsStream *stream,
                                            int                   fed);
SbokehStatus sbokeh_runsums_stream_strips  (const SbokehRunsumsStream *stream,
                                            const float          *src,
                                            gsize                 src_stride,
                                            int                   rows,
                                            float                *dest,
                                            gsize                 dest_stride,
                                            int                   first,
                                            int                   last);
void         sbokeh_runsums_stream_advance (SbokehRunsumsStream  *stream,
                                            int                   rows);

/* Feeds COUNT copies of one source row (src) at once, as COUNT calls of
 * sbokeh_runsums_stream_strips () with that row would, in time that does
 * not grow with COUNT beyond the rows it touches: the rows a region's
 * clamped edges repeat (2 × halo of them for a whole image).  Measured,
 * 512 × 512 RGBA at radius 200, rank 4: 31 → 20 ms; on 4000 × 3000 the
 * gain (under 5 %) is within this machine's noise.  Same contract for
 * threads, dest and sbokeh_runsums_stream_advance (stream, count) after
 * it.  */
SbokehStatus sbokeh_runsums_stream_repeat  (const SbokehRunsumsStream *stream,
                                            const float          *src,
                                            int                   count,
                                            float                *dest,
                                            gsize                 dest_stride,
                                            int                   first,
                                            int                   last);

/* The whole region at once (a stream fed every row in one call).  */
SbokehStatus sbokeh_runsums_region    (const SbokehRunsums *runsums,
                                       int                  channels,
                                       const float         *src,
                                       gsize                src_stride,
                                       int                  width,
                                       int                  height,
                                       float               *dest,
                                       gsize                dest_stride);

#endif /* SBOKEH_RUNSUMS_H */
