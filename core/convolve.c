/* Separable Bokeh: the separable passes, straightforward version.
 *
 * Each 1-D convolution is written as a sum of shifted rows ("axpy" form:
 * out[j] += w · in[j + shift]) over contiguous floats, which compilers
 * vectorise without help.  Per pass, the horizontal results for all
 * height + 2 halo rows go to one scratch array, then the vertical filter
 * adds them into dest.  Memory: one scratch of (height + 2 halo) × width
 * pixels, whatever the rank.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "convolve.h"

SbokehStatus
sbokeh_convolve_prepare (const SbokehFilters *filters,
                         SbokehPasses        *passes)
{
  double sum;
  gsize  n, j;

  if (! filters || ! passes || filters->rank < 1 || filters->size < 1)
    return SBOKEH_ERROR_ARGUMENT;
  memset (passes, 0, sizeof (*passes));

  sum = sbokeh_filters_sum (filters);
  if (! isfinite (sum) || sum <= 0.0)
    return SBOKEH_ERROR_ARGUMENT;

  n = (gsize) filters->rank * filters->size;
  passes->vertical   = g_try_new (float, n);
  passes->horizontal = g_try_new (float, n);
  if (! passes->vertical || ! passes->horizontal)
    {
      sbokeh_convolve_clear (passes);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  for (j = 0; j < n; j++)
    {
      passes->vertical[j]   = (float) filters->vertical[j];
      passes->horizontal[j] = (float) (filters->horizontal[j] / sum);
    }
  passes->size = filters->size;
  passes->rank = filters->rank;
  return SBOKEH_OK;
}

void
sbokeh_convolve_clear (SbokehPasses *passes)
{
  if (! passes)
    return;
  g_free (passes->vertical);
  g_free (passes->horizontal);
  memset (passes, 0, sizeof (*passes));
}

int
sbokeh_convolve_halo (const SbokehPasses *passes)
{
  return passes->size / 2;
}

static void
axpy (float       *out,
      const float *in,
      float        w,
      gsize        n)
{
  gsize j;

  for (j = 0; j < n; j++)
    out[j] += w * in[j];
}

SbokehStatus
sbokeh_convolve_region (const SbokehPasses *passes,
                        const float        *src,
                        gsize               src_stride,
                        int                 width,
                        int                 height,
                        float              *dest,
                        gsize               dest_stride)
{
  const int size = passes ? passes->size : 0;
  const int halo = size / 2;
  gsize     row_floats, rows, scratch_floats;
  float    *scratch;
  int       i, k, y;

  if (! passes || ! src || ! dest || width < 1 || height < 1 || size < 1)
    return SBOKEH_ERROR_ARGUMENT;

  row_floats = (gsize) width * SBOKEH_CHANNELS;
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
            axpy (out, in + (gsize) (size - 1 - k) * SBOKEH_CHANNELS, h[k],
                  row_floats);
        }

      /* Vertical: dest[y][x] += Σₖ v[k] · scratch[y + size − 1 − k][x].  */
      for (y = 0; y < height; y++)
        {
          float *out = dest + y * dest_stride;

          for (k = 0; k < size; k++)
            axpy (out, scratch + (gsize) (y + size - 1 - k) * row_floats,
                  v[k], row_floats);
        }
    }

  g_free (scratch);
  return SBOKEH_OK;
}
