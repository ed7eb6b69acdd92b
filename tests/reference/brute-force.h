/* The exact 2-D convolution with a kernel K (n × n, n = 2 c + 1), brute
 * force, one output value at a time: the reference of the passes (dense
 * and boxes), the GeglBuffer path and the quality figures.  O(n²) per
 * value, in double (K and the sums), so its own error is far below the
 * float passes'.  True convolution, as the passes: an impulse gives back K.
 * Shared by tests/unit/ (test-dense-passes, test-apply, test-quality) and
 * bench/ (the "brute force" column, the photo's exact blur).  */
#ifndef SBOKEH_BRUTE_FORCE_H
#define SBOKEH_BRUTE_FORCE_H

#include <glib.h>

/* src holds the output's pixels with a halo of c on every side
 * (src_stride floats per row, channels per pixel; output pixel (0, 0) at
 * src's (c, c)):
 *
 *   out[y][x] = Σ K[a][b] src[y + 2c − a][x + 2c − b] / sum  */
static inline double
brute_force_halo_at (const double *k,
                     int           n,
                     double        sum,
                     const float  *src,
                     gsize         src_stride,
                     int           x,
                     int           y,
                     int           ch,
                     int           channels)
{
  int    c = n / 2, a, b;
  double acc = 0.0;

  for (a = 0; a < n; a++)
    for (b = 0; b < n; b++)
      acc += k[a * n + b] *
             src[(gsize) (y + 2 * c - a) * src_stride +
                 (gsize) (x + 2 * c - b) * channels + ch];
  return acc / sum;
}

/* in is a w × h image (channels per pixel), its edges clamped:
 *
 *   out(x, y) = Σ K[a][b] in(clamp (x + c − b), clamp (y + c − a)) / sum
 *
 * (taps of K that are exactly 0 are skipped: the disk's corners).  */
static inline double
brute_force_clamped_at (const double *k,
                        int           n,
                        double        sum,
                        const float  *in,
                        int           w,
                        int           h,
                        int           x,
                        int           y,
                        int           ch,
                        int           channels)
{
  int    c = n / 2, a, b;
  double acc = 0.0;

  for (a = 0; a < n; a++)
    for (b = 0; b < n; b++)
      if (k[a * n + b] != 0.0)
        {
          int sx = CLAMP (x + c - b, 0, w - 1);
          int sy = CLAMP (y + c - a, 0, h - 1);

          acc += k[a * n + b] * in[((gsize) sy * w + sx) * channels + ch];
        }
  return acc / sum;
}

#endif /* SBOKEH_BRUTE_FORCE_H */
