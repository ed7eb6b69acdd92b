/* Separable Bokeh: the dense passes' vector kernels, compiled once per CPU
 * path (simd.h, simd-width.h); dense-passes.c drives them.
 *
 * Register blocks (VF_LEN floats per vector, the path's native width):
 *
 *   horizontal: 4 vectors of output in 4 accumulators; per tap, 4 unaligned
 *               loads and 4 multiply-adds;
 *   mirrored:   up to 4 filters of the same parity from one read of the
 *               row, 2 vectors each (8 accumulators), the pair of taps
 *               k and size − 1 − k added (or subtracted) first: half the
 *               multiply-adds;
 *   vertical:   VROWS output rows × 2 vectors (8 accumulators; 4 vectors,
 *               16 accumulators, with 32 registers); each scratch row is
 *               loaded once and feeds all VROWS rows (the filter is padded
 *               with zeros so the loop has no branches), so there is one
 *               load per VROWS multiply-adds.
 *
 * The blocks need at most 8 accumulators and 4 operands live (16 with 32
 * registers), so no path spills them.  Multiply and add fuse where the
 * path has FMA (-ffp-contract=fast), so results differ from the reference
 * by float rounding only (tests/unit/test-dense-passes.c: 1e-5 relative).
 */
#include "config.h"

#include <glib.h>

#include "dense-kernels.h"
#include "simd-width.h"

#define VROWS SBOKEH_DENSE_VROWS

/* out[j] = Σₖ h[k] · in[j + k · step], j < n; h is already flipped.  */
static void
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

static void
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

/* One output row of the vertical pass, columns j0 … n − 1: d[j] += Σₖ v[k]
 * · tmp[k][j].  Like the blocks below it sums the taps first and adds the
 * sum to d, in the same order, so a value comes out the same whichever
 * block or tail computes it (and so the same on every path of the same
 * rounding: tests/unit/test-simd.c).  */
static inline __attribute__ ((always_inline)) void
vconv_row_add (const float *tmp,
               gsize        tmp_stride,
               float       *d,
               int          j0,
               int          n,
               const float *v,
               int          size)
{
  int j = j0, k;

  for (; j + VF_LEN <= n; j += VF_LEN)
    {
      vf a = { 0 };

      for (k = 0; k < size; k++)
        a += v[k] * vf_load (tmp + k * tmp_stride + j);
      vf_store (d + j, vf_load (d + j) + a);
    }
  for (; j < n; j++)
    {
      float a = 0.0f;

      for (k = 0; k < size; k++)
        a += v[k] * tmp[k * tmp_stride + j];
      d[j] += a;
    }
}

/* dest[y][j] += Σₖ v[k] · tmp[y + k][j] for y < rows, j < n.  vpad holds
 * the flipped filter with VROWS zeros on each side: vpad[VROWS + k] = v[k].
 * With 32 vector registers (AVX-512) the column blocks are 4 vectors
 * instead of 2, halving the weight loads per multiply-add (20 % less time
 * for this pass there); with 16 the wide block's 16 accumulators would
 * spill, so those paths compile only the 2-vector block.  The 4- and
 * 2-vector blocks are written out on purpose: folding them into one inline
 * helper with a constant width measured 15 % slower (GCC kept fewer
 * accumulators in registers).  */
static void
vconv_add (const float *tmp,
           gsize        tmp_stride,
           float       *dest,
           gsize        dest_stride,
           int          rows,
           int          n,
           const float *vpad,
           int          size)
{
  const float *v = vpad + VROWS;
  int          y = 0, j, r, q;

  for (; y + VROWS <= rows; y += VROWS)
    {
      j = 0;
#if SBOKEH_REGISTERS >= 32
      /* The wide block (see above): 16 accumulators.  */
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
            for (int e = 0; e < 4; e++)
              {
                float *d = dest + (y + r) * dest_stride + j + e * VF_LEN;

                vf_store (d, vf_load (d) + a[r][e]);
              }
        }
#endif
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
      /* Columns left over: one row at a time.  */
      for (r = 0; r < VROWS; r++)
        vconv_row_add (tmp + (y + r) * tmp_stride, tmp_stride,
                       dest + (y + r) * dest_stride, j, n, v, size);
    }
  for (; y < rows; y++)
    vconv_row_add (tmp + y * tmp_stride, tmp_stride, dest + y * dest_stride,
                   0, n, v, size);
}

const SbokehDenseKernels SBOKEH_KERNELS (sbokeh_dense_kernels) = {
  hconv_row,
  hconv_mirrored_group,
  vconv_add,
  2 * VF_LEN,
};
