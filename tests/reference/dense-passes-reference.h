/* The dense passes the straightforward way, as the reference the fast
 * passes (core/dense-passes.c, the CPU paths' kernels) are checked and
 * timed against: for each pair, the horizontal pass into one scratch for
 * the whole region (height + 2 halo rows), then the vertical pass added
 * into dest, both as plain "axpy" loops over a row, in float.  Same
 * contract as sbokeh_dense_passes_region (the passes prepared by
 * sbokeh_dense_passes_prepare; src with its halo); memory: one float per
 * source value.  Shared by tests/unit/ (test-dense-passes, test-runsums,
 * test-fuzz) and bench/ (the "reference" column).  */
#ifndef SBOKEH_DENSE_PASSES_REFERENCE_H
#define SBOKEH_DENSE_PASSES_REFERENCE_H

#include <string.h>

#include "sbokeh.h"

static inline void
reference_axpy (float       *out,
                const float *in,
                float        w,
                gsize        n)
{
  gsize j;

  for (j = 0; j < n; j++)
    out[j] += w * in[j];
}

static inline SbokehStatus
reference_dense_passes (const SbokehDensePasses *passes,
                        int                      channels,
                        const float             *src,
                        gsize                    src_stride,
                        int                      width,
                        int                      height,
                        float                   *dest,
                        gsize                    dest_stride)
{
  const int size = passes ? passes->size : 0;
  const int halo = size / 2;
  gsize     row_floats, rows, scratch_floats;
  float    *scratch;
  int       i, k, y;

  /* The same refusals as the fast passes.  */
  if (! passes || size < 1 || ! passes->kernels || ! src || ! dest ||
      width < 1 || height < 1 || channels < 1 ||
      channels > SBOKEH_CHANNELS_MAX)
    return SBOKEH_ERROR_ARGUMENT;

  row_floats = (gsize) width * channels;
  rows       = (gsize) height + 2 * halo;
  if (! g_size_checked_mul (&scratch_floats, rows, row_floats) ||
      scratch_floats > G_MAXSIZE / sizeof (float))
    return SBOKEH_ERROR_OVERFLOW;
  scratch = g_try_new (float, scratch_floats);
  if (! scratch)
    return SBOKEH_ERROR_NO_MEMORY;

  for (y = 0; y < height; y++)
    memset (dest + y * dest_stride, 0, row_floats * sizeof (float));

  for (i = 0; i < passes->rank; i++)
    {
      const float *h = passes->horizontal + (gsize) i * size;
      const float *v = passes->vertical + (gsize) i * size;
      gsize        r;

      /* Horizontal: scratch[r][x] = Σₖ h[k] · src[r][x + size − 1 − k].  */
      for (r = 0; r < rows; r++)
        {
          float       *out = scratch + r * row_floats;
          const float *in = src + r * src_stride;

          memset (out, 0, row_floats * sizeof (float));
          for (k = 0; k < size; k++)
            reference_axpy (out, in + (gsize) (size - 1 - k) * channels,
                            h[k], row_floats);
        }

      /* Vertical: dest[y][x] += Σₖ v[k] · scratch[y + size − 1 − k][x].  */
      for (y = 0; y < height; y++)
        {
          float *out = dest + y * dest_stride;

          for (k = 0; k < size; k++)
            reference_axpy (out,
                            scratch + (gsize) (y + size - 1 - k) * row_floats,
                            v[k], row_floats);
        }
    }

  g_free (scratch);
  return SBOKEH_OK;
}

#endif /* SBOKEH_DENSE_PASSES_REFERENCE_H */
