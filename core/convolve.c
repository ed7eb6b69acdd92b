/* Separable Bokeh: the separable passes.
 *
 * Fast path.  The region is cut into vertical strips.  For one strip and
 * one pair i, the horizontal pass writes (height + 2 halo) rows of the
 * strip into a scratch sized to stay in the core's L2 cache, and the
 * vertical pass adds its result into dest; the N pairs reuse the scratch,
 * so no full-size intermediate is ever written.  Both 1-D convolutions are
 * register-blocked over 16-float vectors (GCC vector extensions):
 *
 *   horizontal: 64 output floats in 4 accumulators; per tap, 4 unaligned
 *               loads and 4 multiply-adds;
 *   vertical:   4 output rows × 32 floats in 8 accumulators; each scratch
 *               row is loaded once and feeds all 4 rows (the filter is
 *               padded with zeros so the loop has no branches), so there
 *               is one load per 4 multiply-adds.
 *
 * The kernels are compiled for x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA)
 * and the baseline, and picked at load time (GCC target_clones); multiply
 * and add fuse where the unit has FMA, so results differ from the
 * reference by float rounding only (tests/test-convolve.c: 1e-5 relative).
 *
 * Reference path: plain loops over the whole region in "axpy" form, kept as
 * the baseline for tests and the benchmark.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "convolve.h"
#include "vector.h"

/* Scratch of one strip: small enough for a core's L2 (≥ 512 KiB on the
 * x86-64 cores of the last decade), with room for the filters and dest.  */
#define STRIP_SCRATCH_BYTES (384 * 1024)
/* The mirrored path's N scratches together: up to L2-sized; when they
 * spill, the vertical pass still finds them in L3 at one load per four
 * multiply-adds.  */
#define MIRRORED_SCRATCH_BYTES (1024 * 1024)
/* Narrower strips re-read too much of the halo for their width.  */
#define STRIP_MIN_PIXELS    32
/* Rows per vertical block (accumulators: VROWS × 2 vectors).  */
#define VROWS               4

/* out[j] = Σₖ h[k] · in[j + k · step], j < n; h is already flipped.  */
SBOKEH_CLONES static void
hconv_row (const float *in,
           float       *out,
           int          n,
           const float *h,
           int          size,
           int          step)
{
  int j = 0, k;

  for (; j + 4 * VF_LEN <= n; j += 4 * VF_LEN)
    {
      vf a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 };

      for (k = 0; k < size; k++)
        {
          const float *p = in + j + k * step;
          const float  w = h[k];

          a0 += w * vf_load (p);
          a1 += w * vf_load (p + VF_LEN);
          a2 += w * vf_load (p + 2 * VF_LEN);
          a3 += w * vf_load (p + 3 * VF_LEN);
        }
      vf_store (out + j, a0);
      vf_store (out + j + VF_LEN, a1);
      vf_store (out + j + 2 * VF_LEN, a2);
      vf_store (out + j + 3 * VF_LEN, a3);
    }
  for (; j + VF_LEN <= n; j += VF_LEN)
    {
      vf a = { 0 };

      for (k = 0; k < size; k++)
        a += h[k] * vf_load (in + j + k * step);
      vf_store (out + j, a);
    }
  for (; j < n; j++)
    {
      float a = 0.0f;

      for (k = 0; k < size; k++)
        a += h[k] * in[j + k * step];
      out[j] = a;
    }
}

/* Mirrored filters, G of them with the same parity `sign`, from one read
 * of the row: outs[g][j] = Σₖ w[g][k] · (in[j + k·step] ± in[j + (size − 1
 * − k)·step]) for k < half, plus the centre tap.  w[g] holds the first
 * half + 1 taps of the flipped filter.  G is a constant in each caller, so
 * the accumulators stay in registers.  */
static inline __attribute__ ((always_inline)) void
hconv_mirrored (const float  *in,
                float *const *outs,
                int           n,
                const float  *w,
                int           half,
                int           step,
                int           sign,
                const int     G)
{
  const int size = 2 * half + 1;
  int       j = 0, k, g;

  for (; j + 2 * VF_LEN <= n; j += 2 * VF_LEN)
    {
      vf a[4][2];
      vf c0 = vf_load (in + j + half * step);
      vf c1 = vf_load (in + j + half * step + VF_LEN);

      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          a[g][0] = w[g * (half + 1) + half] * c0;
          a[g][1] = w[g * (half + 1) + half] * c1;
        }
      for (k = 0; k < half; k++)
        {
          const float *p = in + j + k * step;
          const float *q = in + j + (size - 1 - k) * step;
          vf           s0, s1;

          if (sign > 0)
            {
              s0 = vf_load (p) + vf_load (q);
              s1 = vf_load (p + VF_LEN) + vf_load (q + VF_LEN);
            }
          else
            {
              s0 = vf_load (p) - vf_load (q);
              s1 = vf_load (p + VF_LEN) - vf_load (q + VF_LEN);
            }
          SBOKEH_UNROLL
          for (g = 0; g < G; g++)
            {
              const float wk = w[g * (half + 1) + k];

              a[g][0] += wk * s0;
              a[g][1] += wk * s1;
            }
        }
      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          vf_store (outs[g] + j, a[g][0]);
          vf_store (outs[g] + j + VF_LEN, a[g][1]);
        }
    }
  for (; j < n; j++)
    for (g = 0; g < G; g++)
      {
        const float *wg = w + g * (half + 1);
        float        acc = wg[half] * in[j + half * step];

        for (k = 0; k < half; k++)
          acc += wg[k] * (in[j + k * step] +
                          sign * in[j + (size - 1 - k) * step]);
        outs[g][j] = acc;
      }
}

SBOKEH_CLONES static void
hconv_mirrored_group (const float  *in,
                      float *const *outs,
                      int           n,
                      const float  *w,
                      int           half,
                      int           step,
                      int           sign,
                      int           count)
{
  switch (count)
    {
    case 1: hconv_mirrored (in, outs, n, w, half, step, sign, 1); break;
    case 2: hconv_mirrored (in, outs, n, w, half, step, sign, 2); break;
    case 3: hconv_mirrored (in, outs, n, w, half, step, sign, 3); break;
    default: hconv_mirrored (in, outs, n, w, half, step, sign, 4); break;
    }
}

/* dest[y][j] += Σₖ v[k] · tmp[y + k][j] for y < rows, j < n.  vpad holds
 * the flipped filter with VROWS zeros on each side: vpad[VROWS + k] = v[k].
 * With `wide` (AVX-512: 32 vector registers) the column blocks are 4
 * vectors instead of 2, halving the weight loads per multiply-add: 20 %
 * less time for this pass on this project's machine.  With 16 registers
 * (AVX2) the wide accumulators would spill, so it is only used there.
 * The 4- and 2-vector blocks are written out on purpose: folding them into
 * one inline helper with a constant width measured 15 % slower (GCC kept
 * fewer accumulators in registers).  */
SBOKEH_CLONES static void
vconv_add (const float *tmp,
           gsize        tmp_stride,
           float       *dest,
           gsize        dest_stride,
           int          rows,
           int          n,
           const float *vpad,
           int          size,
           gboolean     wide)
{
  const float *v = vpad + VROWS;
  int          y = 0, j, k, r, q, e;

  for (; y + VROWS <= rows; y += VROWS)
    {
      j = 0;
      if (wide)
        for (; j + 4 * VF_LEN <= n; j += 4 * VF_LEN)
          {
            vf a[VROWS][4];

            SBOKEH_UNROLL
            for (q = 0; q < VROWS; q++)
              a[q][0] = a[q][1] = a[q][2] = a[q][3] = (vf) { 0 };
            /* Row y + r of tmp feeds output row y + q with tap r − q.  */
            for (r = 0; r < size + VROWS - 1; r++)
              {
                const float *p = tmp + (y + r) * tmp_stride + j;
                vf           s0 = vf_load (p);
                vf           s1 = vf_load (p + VF_LEN);
                vf           s2 = vf_load (p + 2 * VF_LEN);
                vf           s3 = vf_load (p + 3 * VF_LEN);

                SBOKEH_UNROLL
                for (q = 0; q < VROWS; q++)
                  {
                    const float w = v[r - q];

                    a[q][0] += w * s0;
                    a[q][1] += w * s1;
                    a[q][2] += w * s2;
                    a[q][3] += w * s3;
                  }
              }
            SBOKEH_UNROLL
            for (r = 0; r < VROWS; r++)
              SBOKEH_UNROLL
              for (e = 0; e < 4; e++)
                {
                  float *d = dest + (y + r) * dest_stride + j + e * VF_LEN;

                  vf_store (d, vf_load (d) + a[r][e]);
                }
          }
      for (; j + 2 * VF_LEN <= n; j += 2 * VF_LEN)
        {
          vf a[VROWS][2];

          SBOKEH_UNROLL
          for (q = 0; q < VROWS; q++)
            a[q][0] = a[q][1] = (vf) { 0 };
          for (r = 0; r < size + VROWS - 1; r++)
            {
              const float *p = tmp + (y + r) * tmp_stride + j;
              vf           s0 = vf_load (p);
              vf           s1 = vf_load (p + VF_LEN);

              SBOKEH_UNROLL
              for (q = 0; q < VROWS; q++)
                {
                  const float w = v[r - q];

                  a[q][0] += w * s0;
                  a[q][1] += w * s1;
                }
            }
          SBOKEH_UNROLL
          for (r = 0; r < VROWS; r++)
            {
              float *d = dest + (y + r) * dest_stride + j;

              vf_store (d, vf_load (d) + a[r][0]);
              vf_store (d + VF_LEN, vf_load (d + VF_LEN) + a[r][1]);
            }
        }
      /* Columns left over: one row at a time below.  */
      for (r = 0; r < VROWS; r++)
        for (k = 0; k < size; k++)
          {
            const float *p = tmp + (y + r + k) * tmp_stride;
            float       *d = dest + (y + r) * dest_stride;
            int          jj;

            for (jj = j; jj < n; jj++)
              d[jj] += v[k] * p[jj];
          }
    }
  for (; y < rows; y++)
    for (k = 0; k < size; k++)
      {
        const float *p = tmp + (y + k) * tmp_stride;
        float       *d = dest + y * dest_stride;

        for (j = 0; j < n; j++)
          d[j] += v[k] * p[j];
      }
}

static gboolean
wide_vectors (void)
{
#if defined(__GNUC__) && ! defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
  return __builtin_cpu_supports ("avx512f");
#else
  return FALSE;
#endif
}

/* Parity of a filter: +1 if h[k] = h[n − 1 − k], −1 if h[k] = −h[n − 1 − k],
 * 0 otherwise, up to this fraction of its largest tap.  The disk's filters
 * come out of the SVD and the optimizer with a parity up to rounding
 * (≈ 1e-15); anything asymmetric is far above it.  */
#define PARITY_TOLERANCE 1e-9

static int
parity (const double *h,
        int           n)
{
  double max = 0.0, even = 0.0, odd = 0.0;
  int    k;

  for (k = 0; k < n; k++)
    {
      max  = MAX (max, fabs (h[k]));
      even = MAX (even, fabs (h[k] - h[n - 1 - k]));
      odd  = MAX (odd, fabs (h[k] + h[n - 1 - k]));
    }
  if (even <= PARITY_TOLERANCE * max)
    return 1;
  if (odd <= PARITY_TOLERANCE * max)
    return -1;
  return 0;
}

SbokehStatus
sbokeh_convolve_prepare (const SbokehFilters *filters,
                         SbokehPasses        *passes)
{
  double sum;
  int    i, k, n, slot, pass;

  if (! filters || ! passes || filters->rank < 1 || filters->size < 1)
    return SBOKEH_ERROR_ARGUMENT;
  memset (passes, 0, sizeof (*passes));

  sum = sbokeh_filters_sum (filters);
  if (! isfinite (sum) || sum <= 0.0)
    return SBOKEH_ERROR_ARGUMENT;

  n = filters->size;
  passes->vertical   = g_try_new (float, (gsize) filters->rank * n);
  passes->horizontal = g_try_new (float, (gsize) filters->rank * n);
  if (! passes->vertical || ! passes->horizontal)
    {
      sbokeh_convolve_clear (passes);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  passes->size = n;
  passes->rank = filters->rank;

  passes->mirrored = TRUE;
  for (i = 0; i < filters->rank; i++)
    passes->mirrored &= parity (filters->horizontal + (gsize) i * n, n) != 0;

  /* Symmetric pairs first, then antisymmetric ones (the order of the
   * terms of a sum does not matter); each mirrored filter is made exactly
   * (anti)symmetric by averaging it with its mirror image.  */
  slot = 0;
  for (pass = 1; pass >= -1; pass -= 2)
    for (i = 0; i < filters->rank; i++)
      {
        const double *h = filters->horizontal + (gsize) i * n;
        const double *v = filters->vertical + (gsize) i * n;
        int           p = passes->mirrored ? parity (h, n) : 1;

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

/* Ranks fed by one read of a row in the mirrored path.  */
#define GROUP_MAX 4

static int
strip_pixels (const SbokehPasses *passes,
              int                 channels,
              int                 height)
{
  /* The mirrored path keeps one scratch per rank.  */
  int   scratches = passes->mirrored ? passes->rank : 1;
  gsize column = ((gsize) height + 2 * sbokeh_convolve_halo (passes)) *
                 channels * sizeof (float) * scratches;
  gsize budget = passes->mirrored ? MIRRORED_SCRATCH_BYTES
                                  : STRIP_SCRATCH_BYTES;
  gsize pixels = budget / MAX (column, 1);
  /* Whole vertical blocks (2 vectors) per strip: the scalar tails are
   * slow, so only the region's last strip may have one.  */
  gsize align = 2 * VF_LEN;

  while (align % channels)
    align += 2 * VF_LEN;
  align /= channels;

  pixels = MAX (pixels, STRIP_MIN_PIXELS);
  pixels = MIN (pixels, (gsize) G_MAXINT / 2);
  return (int) MAX (pixels / align * align, align);
}

int
sbokeh_convolve_n_strips (const SbokehPasses *passes,
                          int                 channels,
                          int                 width,
                          int                 height)
{
  int sw = strip_pixels (passes, channels, height);

  return (width + sw - 1) / sw;
}

static gboolean
region_ok (const SbokehPasses *passes,
           int                 channels,
           const float        *src,
           int                 width,
           int                 height,
           const float        *dest)
{
  return passes && passes->size > 0 && src && dest && width > 0 &&
         height > 0 && channels >= 1 && channels <= SBOKEH_CHANNELS_MAX;
}

SbokehStatus
sbokeh_convolve_strips (const SbokehPasses *passes,
                        int                 channels,
                        const float        *src,
                        gsize               src_stride,
                        int                 width,
                        int                 height,
                        float              *dest,
                        gsize               dest_stride,
                        int                 first,
                        int                 last)
{
  const int size = passes ? passes->size : 0;
  const int halo = size / 2;
  int       sw, s, i, k, y, scratches;
  gsize     rows, scratch_floats;
  float    *scratch, *h, *vpad;
  gboolean  wide = wide_vectors ();

  if (! region_ok (passes, channels, src, width, height, dest))
    return SBOKEH_ERROR_ARGUMENT;

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
                  hconv_mirrored_group (in, outs, (int) n,
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
                hconv_row (src + r * src_stride + (gsize) x0 * channels,
                           t + r * n, (int) n, h, size, channels);
            }
          vconv_add (t, n, d, dest_stride, height, (int) n, vpad, size,
                     wide);
        }
    }

  g_free (scratch);
  g_free (h);
  g_free (vpad);
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_convolve_region (const SbokehPasses *passes,
                        int                 channels,
                        const float        *src,
                        gsize               src_stride,
                        int                 width,
                        int                 height,
                        float              *dest,
                        gsize               dest_stride)
{
  if (! region_ok (passes, channels, src, width, height, dest))
    return SBOKEH_ERROR_ARGUMENT;
  return sbokeh_convolve_strips (passes, channels, src, src_stride, width,
                                 height, dest, dest_stride, 0,
                                 sbokeh_convolve_n_strips (passes, channels,
                                                           width, height));
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
sbokeh_convolve_region_reference (const SbokehPasses *passes,
                                  int                 channels,
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

  if (! region_ok (passes, channels, src, width, height, dest))
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
            axpy (out, in + (gsize) (size - 1 - k) * channels, h[k],
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
