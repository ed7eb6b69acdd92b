/* Separable Bokeh: the box engine's vector kernels (boxes-kernels.h),
 * compiled once per CPU path (simd.h, simd-width.h); boxes-stream.c drives
 * them.  Everything here is in double: the running sums must cancel
 * exactly enough for dark pixels next to bright ones.
 *
 * Register blocks (VD_LEN doubles per vector, the path's native width):
 * the horizontal and vertical kernels work on 2 vectors of output for up
 * to 4 filters at once, 8 accumulators and 2–4 operands: no path spills
 * them.  The row sums carry one pixel (4 lanes) per running sum, for up to
 * ROW_GROUP rows whose chains of adds interleave.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "boxes-kernels.h"
#include "simd-width.h"

#define ROW_GROUP SBOKEH_BOXES_ROW_GROUP

/* The loops below take 2 vectors at a time over whole blocks.  */
_Static_assert (SBOKEH_BOXES_BLOCK % (2 * VD_LEN) == 0,
                "a block is a whole number of this path's vector pairs");

typedef double vd4 __attribute__ ((vector_size (4 * sizeof (double))));
typedef float  vf4 __attribute__ ((vector_size (4 * sizeof (float))));

/* Running sums along x of G source rows of `pixels` pixels with C = 3 or
 * 4 channels: s[g] gets 0 then the sums, (pixels + 1) · C values.  G and
 * C are constants (row_sums () picks the instance), so that the G
 * accumulators stay in registers: with a run-time count GCC kept them in
 * memory, and each add waited for the previous pixel's store (measured
 * with perf at radius 200: 40 % fewer samples here; the wall time did
 * not change, as the passes wait on memory there).
 * Four lanes per pixel; with three channels the fourth lane is the next
 * pixel's red, stored where that pixel's sums go next and overwritten by
 * them, so the last pixel is done alone.  */
static inline __attribute__ ((always_inline)) void
row_sums_group (const float *const *src,
                double *const      *s,
                int                 pixels,
                const int           C,
                const int           G)
{
  const float *in[ROW_GROUP];
  double      *out[ROW_GROUP];
  vd4          acc[ROW_GROUP];
  int          g, t, c;

  /* The pointers in locals: stores through s[g] could alias src[] and
   * s[], which would reload them for every pixel.  */
  SBOKEH_UNROLL
  for (g = 0; g < G; g++)
    {
      in[g] = src[g];
      out[g] = s[g];
      acc[g] = (vd4) { 0, 0, 0, 0 };
      memset (out[g], 0, C * sizeof (double));
    }
  for (t = 0; t < pixels - (C == 3); t++)
    SBOKEH_UNROLL
    for (g = 0; g < G; g++)
      {
        vf4 v;

        memcpy (&v, in[g] + (gsize) t * C, sizeof (v));
        acc[g] += __builtin_convertvector (v, vd4);
        memcpy (out[g] + (gsize) (t + 1) * C, &acc[g], sizeof (acc[g]));
      }
  if (C == 3 && pixels > 0)
    for (g = 0; g < G; g++)
      for (c = 0; c < 3; c++)
        out[g][(gsize) pixels * 3 + c] = out[g][(gsize) (pixels - 1) * 3 + c] +
                                         in[g][(gsize) (pixels - 1) * 3 + c];
}

/* Running sums along x of `rows` (≤ ROW_GROUP) source rows of `pixels`
 * pixels: s[g] gets 0 then the sums, (pixels + 1) · channels values.  */
static void
row_sums (const float *const *src,
          double *const      *s,
          int                 rows,
          int                 pixels,
          int                 channels)
{
  int g, t, c;

#define GROUP_CALL(C)                                                     \
  switch (rows)                                                           \
    {                                                                     \
    case 1: row_sums_group (src, s, pixels, C, 1); return;                \
    case 2: row_sums_group (src, s, pixels, C, 2); return;                \
    case 3: row_sums_group (src, s, pixels, C, 3); return;                \
    default: row_sums_group (src, s, pixels, C, 4); return;               \
    }
  if (channels == 4)
    GROUP_CALL (4)
  else if (channels == 3)
    GROUP_CALL (3)
#undef GROUP_CALL

  for (g = 0; g < rows; g++)
    memset (s[g], 0, channels * sizeof (double));
  for (t = 0; t < pixels; t++)
    for (g = 0; g < rows; g++)
      for (c = 0; c < channels; c++)
        s[g][(gsize) (t + 1) * channels + c] =
          s[g][(gsize) t * channels + c] +
          src[g][(gsize) t * channels + c];
}

/* Horizontal, for a group of G pairs: t_g[j] = before_g[j] + Σₖ
 * coef[k · stride + g] · s[j + offset[k]], j < n (a multiple of BLOCK).  */
static inline __attribute__ ((always_inline)) void
horizontal_group (const double        *s,
                  const int           *offset,
                  const double        *coef,
                  int                  stride,
                  int                  count,
                  double *const       *before,
                  double *const       *t,
                  int                  n,
                  const int            G)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd a[4][2];

      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        a[g][0] = a[g][1] = (vd) { 0 };
      for (k = 0; k < count; k++)
        {
          const double *p = s + j + offset[k];
          const double *c = coef + (gsize) k * stride;
          vd            s0 = vd_load (p), s1 = vd_load (p + VD_LEN);

          SBOKEH_UNROLL
          for (g = 0; g < G; g++)
            {
              a[g][0] += c[g] * s0;
              a[g][1] += c[g] * s1;
            }
        }
      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          vd_store (t[g] + j, vd_load (before[g] + j) + a[g][0]);
          vd_store (t[g] + j + VD_LEN,
                    vd_load (before[g] + j + VD_LEN) + a[g][1]);
        }
    }
}

static void
horizontal (const double  *s,
            const int     *offset,
            const double  *coef,
            int            stride,
            int            count,
            double *const *before,
            double *const *t,
            int            rank,
            int            n)
{
  int i = 0;

#define GROUP_CALL(G) \
  horizontal_group (s, offset, coef + i, stride, count, before + i, t + i, n, G)
  for (; i + 4 <= rank; i += 4)
    GROUP_CALL (4);
  if (rank - i == 3)
    GROUP_CALL (3);
  else if (rank - i == 2)
    GROUP_CALL (2);
  else if (rank - i == 1)
    GROUP_CALL (1);
#undef GROUP_CALL
}

/* Horizontal, mirrored places (boxes-places.h), for a group of G filters
 * whose first E are symmetric: with d∓ = s[j + lo[k]] ∓ s[j + hi[k]],
 * t_g[j] += Σₖ coef[k · stride + g] · (g < E ? d− : d+).  */
static inline __attribute__ ((always_inline)) void
horizontal_pairs_group (const double  *s,
                        const int     *lo,
                        const int     *hi,
                        const double  *coef,
                        int            stride,
                        int            count,
                        double *const *t,
                        int            n,
                        const int      G,
                        const int      E)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd a[4][2];

      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        a[g][0] = a[g][1] = (vd) { 0 };
      for (k = 0; k < count; k++)
        {
          const double *p = s + j + lo[k], *q = s + j + hi[k];
          const double *c = coef + (gsize) k * stride;
          vd            p0 = vd_load (p), p1 = vd_load (p + VD_LEN);
          vd            q0 = vd_load (q), q1 = vd_load (q + VD_LEN);
          vd            m0 = p0 - q0, m1 = p1 - q1;
          vd            s0 = p0 + q0, s1 = p1 + q1;

          SBOKEH_UNROLL
          for (g = 0; g < G; g++)
            {
              a[g][0] += c[g] * (g < E ? m0 : s0);
              a[g][1] += c[g] * (g < E ? m1 : s1);
            }
        }
      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          vd_store (t[g] + j, vd_load (t[g] + j) + a[g][0]);
          vd_store (t[g] + j + VD_LEN, vd_load (t[g] + j + VD_LEN) + a[g][1]);
        }
    }
}

/* The group call with E as a constant, so that g < E folds away.  */
#define WITH_EVEN(call_g, G, E)                                           \
  switch (E)                                                              \
    {                                                                     \
    case 0: call_g (G, 0); break;                                         \
    case 1: call_g (G, 1); break;                                         \
    case 2: call_g (G, 2); break;                                         \
    case 3: call_g (G, 3); break;                                         \
    default: call_g (G, 4); break;                                        \
    }

/* Runs CALL (G, E) over the filters in groups of G ≤ 4, E of them
 * symmetric (they come first), both constants in each call; uses i,
 * rank and n_even.  */
#define FOR_EACH_GROUP(CALL)                                              \
  for (; i < rank; i += 4)                                                \
    {                                                                     \
      int G = MIN (4, rank - i), E = CLAMP (n_even - i, 0, G);            \
                                                                          \
      if (G == 4)                                                         \
        WITH_EVEN (CALL, 4, E)                                            \
      else if (G == 3)                                                    \
        WITH_EVEN (CALL, 3, MIN (E, 3))                                   \
      else if (G == 2)                                                    \
        WITH_EVEN (CALL, 2, MIN (E, 2))                                   \
      else                                                                \
        WITH_EVEN (CALL, 1, MIN (E, 1))                                   \
    }

static void
horizontal_pairs (const double  *s,
                  const int     *lo,
                  const int     *hi,
                  const double  *coef,
                  int            stride,
                  int            count,
                  double *const *t,
                  int            rank,
                  int            n_even,
                  int            n)
{
  int i = 0;

#define CALL(G, E) \
  horizontal_pairs_group (s, lo, hi, coef + i, stride, count, t + i, n, G, E)
  FOR_EACH_GROUP (CALL);
#undef CALL
}

/* Vertical, for a group of G pairs: rows[k][j] += Σ_g coef[k · stride + g]
 * · t_g[j] for the count places k, j < n.  */
static inline __attribute__ ((always_inline)) void
vertical_group (double *const *rows,
                const double  *coef,
                int            stride,
                int            count,
                double *const *t,
                int            n,
                const int      G)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd v[4][2];

      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          v[g][0] = vd_load (t[g] + j);
          v[g][1] = vd_load (t[g] + j + VD_LEN);
        }
      for (k = 0; k < count; k++)
        {
          double       *p = rows[k] + j;
          const double *c = coef + (gsize) k * stride;
          vd            a0 = vd_load (p), a1 = vd_load (p + VD_LEN);

          SBOKEH_UNROLL
          for (g = 0; g < G; g++)
            {
              a0 += c[g] * v[g][0];
              a1 += c[g] * v[g][1];
            }
          vd_store (p, a0);
          vd_store (p + VD_LEN, a1);
        }
    }
}

static void
vertical (double *const *rows,
          const double  *coef,
          int            stride,
          int            count,
          double *const *t,
          int            rank,
          int            n)
{
  int i = 0;

  for (; i + 4 <= rank; i += 4)
    vertical_group (rows, coef + i, stride, count, t + i, n, 4);
  if (rank - i == 3)
    vertical_group (rows, coef + i, stride, count, t + i, n, 3);
  else if (rank - i == 2)
    vertical_group (rows, coef + i, stride, count, t + i, n, 2);
  else if (rank - i == 1)
    vertical_group (rows, coef + i, stride, count, t + i, n, 1);
}

/* Vertical, mirrored places, for a group of G filters whose first E are
 * symmetric: with e = Σ_{g<E} c_g t_g and o = Σ_{g≥E} c_g t_g (c_g =
 * coef[k · stride + g]), rows_a[k][j] += e + o and rows_b[k][j] += o − e
 * (either row may be NULL: outside the region).  */
static inline __attribute__ ((always_inline)) void
vertical_pairs_group (double *const *rows_a,
                      double *const *rows_b,
                      const double  *coef,
                      int            stride,
                      int            count,
                      double *const *t,
                      int            n,
                      const int      G,
                      const int      E)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd v[4][2];

      SBOKEH_UNROLL
      for (g = 0; g < G; g++)
        {
          v[g][0] = vd_load (t[g] + j);
          v[g][1] = vd_load (t[g] + j + VD_LEN);
        }
      for (k = 0; k < count; k++)
        {
          const double *c = coef + (gsize) k * stride;
          vd            e0 = { 0 }, e1 = { 0 }, o0 = { 0 }, o1 = { 0 };

          SBOKEH_UNROLL
          for (g = 0; g < G; g++)
            if (g < E)
              {
                e0 += c[g] * v[g][0];
                e1 += c[g] * v[g][1];
              }
            else
              {
                o0 += c[g] * v[g][0];
                o1 += c[g] * v[g][1];
              }
          if (rows_a[k])
            {
              double *p = rows_a[k] + j;

              vd_store (p, vd_load (p) + (o0 + e0));
              vd_store (p + VD_LEN, vd_load (p + VD_LEN) + (o1 + e1));
            }
          if (rows_b[k])
            {
              double *p = rows_b[k] + j;

              vd_store (p, vd_load (p) + (o0 - e0));
              vd_store (p + VD_LEN, vd_load (p + VD_LEN) + (o1 - e1));
            }
        }
    }
}

static void
vertical_pairs (double *const *rows_a,
                double *const *rows_b,
                const double  *coef,
                int            stride,
                int            count,
                double *const *t,
                int            rank,
                int            n_even,
                int            n)
{
  int i = 0;

#define CALL(G, E) \
  vertical_pairs_group (rows_a, rows_b, coef + i, stride, count, t + i, n, \
                        G, E)
  FOR_EACH_GROUP (CALL);
#undef CALL
}

/* out[j] += Σ_i a[i] t_i[j] + b[i] h_i[j], j < n (a multiple of VD_LEN).  */
static void
repeat_row (double        *out,
            double *const *t,
            double *const *h,
            const double  *a,
            const double  *b,
            int            rank,
            int            n)
{
  int i, j;

  for (j = 0; j < n; j += VD_LEN)
    {
      vd acc = vd_load (out + j);

      for (i = 0; i < rank; i++)
        acc += a[i] * vd_load (t[i] + j) + b[i] * vd_load (h[i] + j);
      vd_store (out + j, acc);
    }
}

const SbokehBoxesKernels SBOKEH_KERNELS (sbokeh_boxes_kernels) = {
  row_sums,
  horizontal,
  horizontal_pairs,
  vertical,
  vertical_pairs,
  repeat_row,
};
