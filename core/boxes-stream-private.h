/* Separable Bokeh: the box engine's stream, inside (boxes-stream.c and
 * boxes-stream-repeat.c; internal to core/).  */
#ifndef SBOKEH_BOXES_STREAM_PRIVATE_H
#define SBOKEH_BOXES_STREAM_PRIVATE_H

#include <glib.h>

#include "boxes-stream.h"

/* Source rows per chunk and values per column block (see strip () in
 * boxes-stream.c): a
 * block's part of the ring, (size + 1) rows × 1 KiB, and the chunk's
 * running sums stay in L2 while the chunk goes through the block.
 * Measured (12 MP RGBA, rank 4, 2 threads, radius 25 / 100 / 200; this
 * machine varies by ±10 % from run to run): chunk 32: 0.22–0.26 /
 * 0.25–0.29 / 0.35–0.36 s; 64: 0.25 / 0.29–0.33 / 0.37–0.42; 128: 0.26–0.29
 * / 0.33 / 0.44–0.45.  Blocks of 32 or 64 values cost more in per-block
 * overhead than they save; 256 leave L2.  */
#define SBOKEH_BOXES_CHUNK        32
#define SBOKEH_BOXES_COLUMN_BLOCK 128

/* What one thread needs while it runs strips: running sums along x, the
 * ring rows of one source row's places, the horizontal places in values.  */
typedef struct
{
  double **sums;          /* chunk rows of running sums along x        */
  int      n_sums;
  double **rows;
  double **rows_b;        /* mirrored: the rows of the pairs' far places */
  int     *index;         /* chunk × (size + 2): ring rows of each row's
                             places (−1: outside), then the row done    */
  int     *h_offset;
  int     *h_far;         /* mirrored: the pairs' far places, in values */
  gsize    sums_len;
  double  *zero;          /* COLUMN_BLOCK zeros                          */
  double  *h;             /* rank × COLUMN_BLOCK: one row's horizontal
                             results (stream_repeat)                     */
} SbokehBoxesScratch;

struct _SbokehBoxesStream
{
  const SbokehBoxesPasses *rs;
  int                      channels;
  int                      width;
  int                      height;
  int                      n_strips;
  gsize                    row;    /* padded values per ring or T row   */
  gsize                    state;  /* values of one strip's state       */
  int                      chunk;  /* source rows per chunk (strip ())  */
  double                  *states; /* per strip: ring (size + 1 rows,
                                      stored block by block: a column
                                      block's rows are contiguous), then
                                      rank T rows                       */
  int                      fed;    /* source rows fed so far            */
  GMutex                   lock;   /* guards spare                      */
  GSList                  *spare;  /* scratch kept for the next calls,
                                      so that threads do not map and
                                      unmap theirs for every band       */
};

/* Strip s: its first pixel, its values (channels per pixel), those
 * padded to whole blocks, and the source pixels its running sums cover
 * (its own and the halo's).  */
typedef struct
{
  int x0;
  int values;
  int padded;
  int pixels;
} SbokehBoxesGeometry;

SbokehBoxesGeometry
sbokeh_boxes_stream_geometry      (const SbokehBoxesStream *stream,
                                   int                      s);

/* Strips first … last − 1 of the stream, clipped; FALSE when there is
 * nothing to do (no strips, or no rows).  */
gboolean
sbokeh_boxes_stream_clip          (const SbokehBoxesStream *stream,
                                   int                      rows,
                                   int                     *first,
                                   int                     *last);

/* A thread's scratch: one kept from an earlier call, or a new one (NULL:
 * out of memory); given back for the next call.  */
SbokehBoxesScratch *
sbokeh_boxes_stream_scratch_take  (SbokehBoxesStream       *stream);
void
sbokeh_boxes_stream_scratch_give  (SbokehBoxesStream       *stream,
                                   SbokehBoxesScratch      *scratch);

#endif /* SBOKEH_BOXES_STREAM_PRIVATE_H */
