/* Separable Bokeh: the box engine's passes as a stream of source rows.
 *
 * Layout: a strip of columns is streamed down its rows.  Each source row
 * gets its running sum along x; the N horizontal filters read it at the
 * union of their lookup places (boxes-places.h: one load feeds every
 * pair) and add to their running sums along y, T_i.  Vertically, the
 * lookups are turned around: when row t of the T_i is ready, it is added,
 * weighted, into every output row t − o it contributes to, kept in one
 * ring of output rows for all pairs (size + 1 rows).  An output row
 * leaves the ring when its last contribution is in.  Rows go in chunks,
 * and the ring is worked on one column block at a time, so that the part
 * of it in use stays in L2 cache.
 *
 * Streaming: the strips keep their state (the ring and the running sums
 * along y) from one call to the next, so a region can be fed band by band
 * with no halo rows read twice.  Feed the height + size − 1 source rows
 * (the halo rows included) in order, in calls of any number of rows:
 * per call, run sbokeh_boxes_stream_strips () over all strips (on any
 * threads), then sbokeh_boxes_stream_advance ().  Output rows complete
 * in order; after `fed` source rows, sbokeh_boxes_stream_done () of
 * them are, and a call writes rows done (before it) … done (after it) − 1
 * into dest, the first of them at dest's first row.  Memory: the ring
 * and sums of every strip, ≈ width · channels · (size + rank) doubles.
 * Precision: as boxes-passes.h.
 */
#ifndef SBOKEH_BOXES_STREAM_H
#define SBOKEH_BOXES_STREAM_H

#include <glib.h>

#include "boxes-passes.h"

typedef struct _SbokehBoxesStream SbokehBoxesStream;

SbokehStatus sbokeh_boxes_stream_new      (const SbokehBoxesPasses *passes,
                                           int                      channels,
                                           int                      width,
                                           int                      height,
                                           SbokehBoxesStream      **stream);
void         sbokeh_boxes_stream_free     (SbokehBoxesStream       *stream);
int          sbokeh_boxes_stream_n_strips (const SbokehBoxesStream *stream);
int          sbokeh_boxes_stream_done     (const SbokehBoxesStream *stream,
                                           int                      fed);
SbokehStatus sbokeh_boxes_stream_strips   (const SbokehBoxesStream *stream,
                                           const float             *src,
                                           gsize                    src_stride,
                                           int                      rows,
                                           float                   *dest,
                                           gsize                    dest_stride,
                                           int                      first,
                                           int                      last);
void         sbokeh_boxes_stream_advance  (SbokehBoxesStream       *stream,
                                           int                      rows);

/* Feeds COUNT copies of one source row (src) at once, as COUNT calls of
 * sbokeh_boxes_stream_strips () with that row would, in time that does
 * not grow with COUNT beyond the rows it touches: the rows a region's
 * clamped edges repeat (2 × halo of them for a whole image).  Measured,
 * 512 × 512 RGBA at radius 200, rank 4: 31 → 20 ms; on 4000 × 3000 the
 * gain (under 5 %) is within this machine's noise.  Same contract for
 * threads, dest and sbokeh_boxes_stream_advance (stream, count) after
 * it.  (boxes-stream-repeat.c)  */
SbokehStatus sbokeh_boxes_stream_repeat   (const SbokehBoxesStream *stream,
                                           const float             *src,
                                           int                      count,
                                           float                   *dest,
                                           gsize                    dest_stride,
                                           int                      first,
                                           int                      last);

#endif /* SBOKEH_BOXES_STREAM_H */
