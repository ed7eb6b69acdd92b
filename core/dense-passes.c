/* Separable Bokeh: the dense engine's separable passes (see
 * dense-passes.h).
 *
 * Fast path.  The region is cut into vertical strips.  For one strip and
 * one pair i, the horizontal pass writes (height + 2 halo) rows of the
 * strip into a scratch sized to stay in the core's L2 cache, and the
 * vertical pass adds its result into dest; the N pairs reuse the scratch,
 * so no full-size intermediate is ever written.  With mirrored filters
 * (the disk's), every pair's horizontal pass comes from one read of each
 * source row, into one scratch per pair.  The register-blocked kernels
 * are in dense-kernels.c, one build per CPU path (simd.h); the one in use
 * is fixed by sbokeh_dense_passes_prepare.
 *
 * The straightforward version (plain loops over the whole region), the
 * baseline of the tests and the benchmark, is theirs:
 * tests/reference/dense-passes-reference.h.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "dense-kernels.h"
#include "dense-passes.h"

/* Scratch of one strip: small enough for a core's L2 (≥ 512 KiB on the
 * x86-64 cores of the last decade), with room for the filters and dest.  */
#define STRIP_SCRATCH_BYTES (384 * 1024)
/* The mirrored path's N scratches together: up to L2-sized; when they
 * spill, the vertical pass still finds them in L3 at one load per four
 * multiply-adds.  */
#define MIRRORED_SCRATCH_BYTES (1024 * 1024)
/* Narrower strips re-read too much of the halo for their width.  */
#define STRIP_MIN_PIXELS    32
#define VROWS               SBOKEH_DENSE_VROWS

/* A filter counts as mirrored (sbokeh_filters_parity) up to this fraction
 * of its largest tap.  The disk's filters come out of the SVD and the
 * optimizer with a parity up to rounding (≈ 1e-15); anything asymmetric is
 * far above it.  */
#define PARITY_TOLERANCE 1e-9

SbokehStatus
sbokeh_dense_passes_prepare (const SbokehFilters *filters,
                             SbokehDensePasses   *passes)
{
  SbokehSimd   path;
  SbokehStatus status;
  double       sum;
  int          i, k, n, slot, pass;

  if (! filters || ! passes || filters->rank < 1 || filters->size < 1)
    return SBOKEH_ERROR_ARGUMENT;
  memset (passes, 0, sizeof (*passes));
  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;

  sum = sbokeh_filters_sum (filters);
  if (! isfinite (sum) || sum <= 0.0)
    return SBOKEH_ERROR_ARGUMENT;

  n = filters->size;
  passes->vertical   = g_try_new (float, (gsize) filters->rank * n);
  passes->horizontal = g_try_new (float, (gsize) filters->rank * n);
  if (! passes->vertical || ! passes->horizontal)
    {
      sbokeh_dense_passes_clear (passes);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  passes->size = n;
  passes->rank = filters->rank;
  passes->kernels = SBOKEH_SIMD_PICK (sbokeh_dense_kernels, path);

  passes->mirrored = TRUE;
  for (i = 0; i < filters->rank; i++)
    passes->mirrored &= sbokeh_filters_parity (filters->horizontal +
                                                 (gsize) i * n, n,
                                               PARITY_TOLERANCE) != 0;

  /* Symmetric pairs first, then antisymmetric ones (the order of the
   * terms of a sum does not matter); each mirrored filter is made exactly
   * (anti)symmetric by averaging it with its mirror image.  */
  slot = 0;
  for (pass = 1; pass >= -1; pass -= 2)
    for (i = 0; i < filters->rank; i++)
      {
        const double *h = filters->horizontal + (gsize) i * n;
        const double *v = filters->vertical + (gsize) i * n;
        int           p = passes->mirrored
                          ? sbokeh_filters_parity (h, n, PARITY_TOLERANCE)
                          : 1;

        if (p != pass)
          continue;
        for (k = 0; k < n; k++)
          {
            double hk = passes->mirrored ? 0.5 * (h[k] + p * h[n - 1 - k])
                                         : h[k];

            passes->horizontal[(gsize) slot * n + k] = (float) (hk / sum);
            passes->vertical[(gsize) slot * n + k]   = (float) v[k];
          }
        if (pass == 1)
          passes->n_even++;
        slot++;
      }
  return SBOKEH_OK;
}

void
sbokeh_dense_passes_clear (SbokehDensePasses *passes)
{
  if (! passes)
    return;
  g_free (passes->vertical);
  g_free (passes->horizontal);
  memset (passes, 0, sizeof (*passes));
}

int
sbokeh_dense_passes_halo (const SbokehDensePasses *passes)
{
  return passes->size / 2;
}

/* Ranks fed by one read of a row in the mirrored path.  */
#define GROUP_MAX 4

static int
strip_pixels (const SbokehDensePasses *passes,
              int                      channels,
              int                      height)
{
  /* The mirrored path keeps one scratch per rank.  */
  int   scratches = passes->mirrored ? passes->rank : 1;
  gsize column = ((gsize) height + 2 * sbokeh_dense_passes_halo (passes)) *
                 channels * sizeof (float) * scratches;
  gsize budget = passes->mirrored ? MIRRORED_SCRATCH_BYTES
                                  : STRIP_SCRATCH_BYTES;
  gsize pixels = budget / MAX (column, 1);
  /* Whole vertical blocks (2 vectors) per strip: the scalar tails are
   * slow, so only the region's last strip may have one.  */
  gsize block = (gsize) passes->kernels->block;
  gsize align = block;

  while (align % channels)
    align += block;
  align /= channels;

  pixels = MAX (pixels, STRIP_MIN_PIXELS);
  pixels = MIN (pixels, (gsize) G_MAXINT / 2);
  return (int) MAX (pixels / align * align, align);
}

int
sbokeh_dense_passes_n_strips (const SbokehDensePasses *passes,
                              int                      channels,
                              int                      width,
                              int                      height)
{
  int sw = strip_pixels (passes, channels, height);

  return (width + sw - 1) / sw;
}

static gboolean
region_ok (const SbokehDensePasses *passes,
           int                      channels,
           const float             *src,
           int                      width,
           int                      height,
           const float             *dest)
{
  return passes && passes->size > 0 && passes->kernels && src && dest &&
         width > 0 &&
         height > 0 && channels >= 1 && channels <= SBOKEH_CHANNELS_MAX;
}

SbokehStatus
sbokeh_dense_passes_strips (const SbokehDensePasses *passes,
                            int                      channels,
                            const float             *src,
                            gsize                    src_stride,
                            int                      width,
                            int                      height,
                            float                   *dest,
                            gsize                    dest_stride,
                            int                      first,
                            int                      last)
{
  const int size = passes ? passes->size : 0;
  const int halo = size / 2;
  int       sw, s, i, k, y, scratches;
  gsize     rows, scratch_floats;
  float    *scratch, *h, *vpad;
  const SbokehDenseKernels *kern;

  if (! region_ok (passes, channels, src, width, height, dest))
    return SBOKEH_ERROR_ARGUMENT;

  kern = passes->kernels;
  scratches = passes->mirrored ? passes->rank : 1;
  sw   = strip_pixels (passes, channels, height);
  rows = (gsize) height + 2 * halo;
  if (! g_size_checked_mul (&scratch_floats, rows,
                            (gsize) sw * channels * scratches))
    return SBOKEH_ERROR_OVERFLOW;
  scratch = g_try_new (float, scratch_floats);
  /* h: one flipped filter, or (mirrored) the first half + 1 taps of every
   * flipped horizontal filter.  */
  h       = g_try_new (float, (gsize) passes->rank * size);
  vpad    = g_try_new0 (float, size + 2 * VROWS);
  if (! scratch || ! h || ! vpad)
    {
      g_free (scratch);
      g_free (h);
      g_free (vpad);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  if (passes->mirrored)
    for (i = 0; i < passes->rank; i++)
      for (k = 0; k <= halo; k++)
        h[i * (halo + 1) + k] = passes->horizontal[(gsize) i * size +
                                                   size - 1 - k];

  for (s = first; s < last; s++)
    {
      int    x0 = s * sw;
      int    w = MIN (sw, width - x0);
      gsize  n = (gsize) w * channels;
      gsize  one = rows * n;   /* floats of one scratch */
      float *d = dest + (gsize) x0 * channels;

      if (w <= 0)
        break;
      for (y = 0; y < height; y++)
        memset (d + y * dest_stride, 0, n * sizeof (float));

      if (passes->mirrored)
        {
          /* Horizontal: every rank from one read of each row.  */
          gsize r;

          for (r = 0; r < rows; r++)
            {
              const float *in = src + r * src_stride + (gsize) x0 * channels;

              for (i = 0; i < passes->rank; i += GROUP_MAX)
                {
                  int    end = i < passes->n_even
                               ? MIN (i + GROUP_MAX, passes->n_even)
                               : MIN (i + GROUP_MAX, passes->rank);
                  float *outs[GROUP_MAX];
                  int    g;

                  if (i < passes->n_even && end > passes->n_even)
                    end = passes->n_even;
                  for (g = 0; g < end - i; g++)
                    outs[g] = scratch + (gsize) (i + g) * one + r * n;
                  kern->mirrored (in, outs, (int) n,
                                        h + (gsize) i * (halo + 1), halo,
                                        channels,
                                        i < passes->n_even ? 1 : -1,
                                        end - i);
                  i = end - GROUP_MAX;
                }
            }
        }

      for (i = 0; i < passes->rank; i++)
        {
          const float *vi = passes->vertical + (gsize) i * size;
          float       *t = scratch + (passes->mirrored ? (gsize) i * one : 0);

          /* Flip the filters: the loops then run forward over the data.  */
          for (k = 0; k < size; k++)
            vpad[VROWS + k] = vi[size - 1 - k];
          if (! passes->mirrored)
            {
              const float *hi = passes->horizontal + (gsize) i * size;
              gsize        r;

              for (k = 0; k < size; k++)
                h[k] = hi[size - 1 - k];
              for (r = 0; r < rows; r++)
                kern->row (src + r * src_stride + (gsize) x0 * channels,
                           t + r * n, (int) n, h, size, channels);
            }
          kern->vertical_add (t, n, d, dest_stride, height, (int) n, vpad,
                              size);
        }
    }

  g_free (scratch);
  g_free (h);
  g_free (vpad);
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_dense_passes_region (const SbokehDensePasses *passes,
                            int                      channels,
                            const float             *src,
                            gsize                    src_stride,
                            int                      width,
                            int                      height,
                            float                   *dest,
                            gsize                    dest_stride)
{
  if (! region_ok (passes, channels, src, width, height, dest))
    return SBOKEH_ERROR_ARGUMENT;
  return sbokeh_dense_passes_strips (passes, channels, src, src_stride, width,
                                     height, dest, dest_stride, 0,
                                     sbokeh_dense_passes_n_strips (passes,
                                                                   channels,
                                                                   width,
                                                                   height));
}
