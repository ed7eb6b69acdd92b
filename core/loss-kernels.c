/* Separable Bokeh: the optimizer's loss loop (loss-kernels.h), compiled
 * once per CPU path (simd.h, simd-width.h).
 *
 * One row of K at a time: each block of 8 values of the row is built from
 * the pairs in registers and scored at once (the loss's three terms,
 * branch-free, score ()), leaving G's row; then G's row is folded into
 * both filters' gradients, RANK_GROUP pairs per sweep so that G is loaded
 * once for them (the same sums in the same order as the earlier separate
 * loops: the designs did not change by a bit).  The sums run over LANES
 * = 8 lanes on every path — one vector of 8 doubles with AVX-512, 2 × 4
 * with AVX2, 4 × 2 with SSE2, 8 scalars — lane l taking the values x ≡ l
 * (mod 8) in order, and the lanes are added 0 … 7 at the end: every path
 * adds in the same order.  Only the paths with fused multiply-adds round
 * the products differently (in the last bits): avx512 and avx2 give the
 * same bits, sse2 and scalar the same bits.  The last size mod 8 values
 * of a row are scored padded with zeros, which add nothing.
 *
 * Cost: 3 · rank · size² multiply-adds per call; ≈ 11 G/s on one core of
 * an AMD EPYC (Zen 5) with AVX-512 (tools/bench optimize prints the design
 * times per path).
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "loss-kernels.h"
#include "simd-width.h"

#define LANES 8
#define SPLIT (LANES / VD_LEN)

typedef long long vl __attribute__ ((vector_size (VD_LEN * sizeof (long long))));

/* The loss's three scores of VD_LEN values k of K against t of T, added
 * to the sums; returns G = ∂L/∂K there.  Zeros (k = t = 0) add nothing and
 * give G = 0.  */
static inline __attribute__ ((always_inline)) vd
score (vd      k,
       vd      t,
       double  c2,
       double  cn,
       double  cz,
       vd     *l2,
       vd     *negative,
       vd     *leakage)
{
  const vd zero = { 0 }, one = zero + 1.0;
  const vl sign = (vl) -zero;          /* the sign bits */
  const vd d = k - t;
  const vl below = k < zero, outside = t == zero;
  const vd sgn = (vd) ((vl) one & (k > zero)) - (vd) ((vl) one & below);
  vd       g = c2 * d;

  *l2 += d * d;
  *negative -= (vd) ((vl) k & below);
  g -= (vd) ((vl) (zero + cn) & below);
  *leakage += (vd) ((vl) k & ~sign & outside);
  g += (vd) ((vl) (cz * sgn) & outside);
  return g;
}

/* Σ of the LANES lanes held in SPLIT vectors, lane 0 first.  */
static inline __attribute__ ((always_inline)) double
lanes_sum (const vd *v,
           double    start)
{
  int q, l;

  SBOKEH_UNROLL
  for (q = 0; q < SPLIT; q++)
    SBOKEH_UNROLL
    for (l = 0; l < VD_LEN; l++)
      start += v[q][l];
  return start;
}

/* Ranks whose gradient sums run together over a row: their SPLIT
 * accumulators each, plus G's, fill half the path's registers.  */
#define RANK_GROUP VD_LEN

/* For the G ≤ RANK_GROUP ranks from `first`: grad_u[i][y] = Σₓ g[x] vᵢ[x]
 * (lane by lane, then lanes 0 … 7 after the tail) and grad_v[i][x] +=
 * g[x] uᵢ[y].  */
static inline __attribute__ ((always_inline)) void
gradient_group (const SbokehFilters *filters,
                const double        *g,
                int                  y,
                int                  first,
                double              *grad_u,
                double              *grad_v,
                const int            G)
{
  const int n = filters->size, n8 = n / LANES * LANES;
  const vd  zero = { 0 };
  vd        dots[RANK_GROUP][SPLIT];
  double    uy[RANK_GROUP];
  int       r, q, x;

  SBOKEH_UNROLL
  for (r = 0; r < G; r++)
    {
      uy[r] = filters->vertical[(gsize) (first + r) * n + y];
      SBOKEH_UNROLL
      for (q = 0; q < SPLIT; q++)
        dots[r][q] = zero;
    }
  for (x = 0; x < n8; x += LANES)
    {
      vd gx[SPLIT];

      SBOKEH_UNROLL
      for (q = 0; q < SPLIT; q++)
        gx[q] = vd_load (g + x + q * VD_LEN);
      SBOKEH_UNROLL
      for (r = 0; r < G; r++)
        {
          const double *v = filters->horizontal + (gsize) (first + r) * n;
          double       *gv = grad_v + (gsize) (first + r) * n;

          SBOKEH_UNROLL
          for (q = 0; q < SPLIT; q++)
            {
              const int o = x + q * VD_LEN;

              dots[r][q] += gx[q] * vd_load (v + o);
              vd_store (gv + o, vd_load (gv + o) + gx[q] * uy[r]);
            }
        }
    }
  for (r = 0; r < G; r++)
    {
      const double *v = filters->horizontal + (gsize) (first + r) * n;
      double       *gv = grad_v + (gsize) (first + r) * n;
      double        dot = 0.0;

      for (x = n8; x < n; x++)
        {
          dot += g[x] * v[x];
          gv[x] += g[x] * uy[r];
        }
      grad_u[(gsize) (first + r) * n + y] = lanes_sum (dots[r], dot);
    }
}

static void
loss_rows (const double        *target,
           const SbokehFilters *filters,
           double               c2,
           double               cn,
           double               cz,
           double              *row,
           double              *sums,
           double              *grad_u,
           double              *grad_v)
{
  const int n = filters->size, rank = filters->rank;
  const int n8 = n / LANES * LANES;
  const vd  zero = { 0 };
  vd        l2[SPLIT], negative[SPLIT], leakage[SPLIT];
  int       i, x, y, q;

  SBOKEH_UNROLL
  for (q = 0; q < SPLIT; q++)
    l2[q] = negative[q] = leakage[q] = zero;

  for (y = 0; y < n; y++)
    {
      const double *t = target + (gsize) y * n;

      /* K's row from every pair, kept in registers, scored at once; row
       * gets G.  */
      for (x = 0; x < n8; x += LANES)
        {
          vd k[SPLIT];

          SBOKEH_UNROLL
          for (q = 0; q < SPLIT; q++)
            k[q] = zero;
          for (i = 0; i < rank; i++)
            {
              const double  uy = filters->vertical[(gsize) i * n + y];
              const double *v = filters->horizontal + (gsize) i * n + x;

              SBOKEH_UNROLL
              for (q = 0; q < SPLIT; q++)
                k[q] += uy * vd_load (v + q * VD_LEN);
            }
          SBOKEH_UNROLL
          for (q = 0; q < SPLIT; q++)
            vd_store (row + x + q * VD_LEN,
                      score (k[q], vd_load (t + x + q * VD_LEN), c2, cn, cz,
                             &l2[q], &negative[q], &leakage[q]));
        }
      if (x < n)
        {
          double k[LANES] = { 0 }, tx[LANES] = { 0 };
          int    j;

          for (i = 0; i < rank; i++)
            {
              const double  uy = filters->vertical[(gsize) i * n + y];
              const double *v = filters->horizontal + (gsize) i * n;

              for (j = x; j < n; j++)
                k[j - x] += uy * v[j];
            }
          memcpy (tx, t + x, (n - x) * sizeof (double));
          SBOKEH_UNROLL
          for (q = 0; q < SPLIT; q++)
            vd_store (k + q * VD_LEN,
                      score (vd_load (k + q * VD_LEN),
                             vd_load (tx + q * VD_LEN), c2, cn, cz, &l2[q],
                             &negative[q], &leakage[q]));
          memcpy (row + x, k, (n - x) * sizeof (double));
        }

      if (grad_u && grad_v)
        {
          for (i = 0; i + RANK_GROUP <= rank; i += RANK_GROUP)
            gradient_group (filters, row, y, i, grad_u, grad_v, RANK_GROUP);
          switch (rank - i)
            {
#if RANK_GROUP > 1
            case 1: gradient_group (filters, row, y, i, grad_u, grad_v, 1); break;
#endif
#if RANK_GROUP > 2
            case 2: gradient_group (filters, row, y, i, grad_u, grad_v, 2); break;
            case 3: gradient_group (filters, row, y, i, grad_u, grad_v, 3); break;
#endif
#if RANK_GROUP > 4
            case 4: gradient_group (filters, row, y, i, grad_u, grad_v, 4); break;
            case 5: gradient_group (filters, row, y, i, grad_u, grad_v, 5); break;
            case 6: gradient_group (filters, row, y, i, grad_u, grad_v, 6); break;
            case 7: gradient_group (filters, row, y, i, grad_u, grad_v, 7); break;
#endif
            default: break;
            }
        }
    }

  sums[0] = lanes_sum (l2, 0.0);
  sums[1] = lanes_sum (negative, 0.0);
  sums[2] = lanes_sum (leakage, 0.0);
}

const SbokehLossKernels SBOKEH_KERNELS (sbokeh_loss_kernels) = {
  loss_rows,
};
