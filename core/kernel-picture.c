/* Separable Bokeh: a custom aperture from a picture (kernel-picture.h).
 *
 * Coordinates.  Picture pixel i covers [i, i + 1] (x right, y down, as
 * stored); kernel column X ∈ −m … m (m = ⌈r⌉, size 2m + 1) covers
 * [X − ½, X + ½] around the kernel's centre, rows alike.  Kernel position
 * u is picture position cx + u / s (s: kernel pixels per picture pixel,
 * cx: the centroid), so column X's footprint is
 * [cx + (X − ½) / s, cx + (X + ½) / s].
 *
 * Resampling.  The picture is reconstructed as f(x, y) = Σ P[j][i] Bᵢ(x)
 * Bⱼ(y) with basis functions B that sum to 1 over the content's box;
 * a kernel pixel is f's mean over its footprint, K[Y][X] = Σⱼ Σᵢ
 * wy[Y][j] wx[X][i] P[j][i] with w[X][i] = s ∫_footprint Bᵢ, in closed
 * form: separable, exact for the reconstruction (double rounding aside).
 * Shrinking (s ≤ 1), Bᵢ is pixel i's indicator (box area-averaging);
 * enlarging, the hat of width 2 around its centre i + ½ (bilinear), the
 * first and last pixel of the box held flat out to the box's edges, so
 * the support never leaves the content's box.  Outside the box f is 0.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "kernel-picture.h"

/* The hash: 64-bit words of the values' bits folded in one accumulator
 * (xxHash64's round), then mixed (SplitMix64's finaliser).  Not for
 * adversaries: it only tells pictures apart for the design caches.  */
#define HASH_P1 0x9E3779B185EBCA87ULL
#define HASH_P2 0xC2B2AE3D27D4EB4FULL

static inline uint64_t
rotl64 (uint64_t x,
        int      k)
{
  return (x << k) | (x >> (64 - k));
}

static inline uint64_t
hash_round (uint64_t acc,
            uint64_t word)
{
  return rotl64 (acc + word * HASH_P2, 31) * HASH_P1;
}

static uint64_t
hash_values (int          width,
             int          height,
             const float *values)
{
  gsize    n = (gsize) width * height, k;
  uint64_t acc = hash_round (0x27D4EB2F165667C5ULL,
                             ((uint64_t) (uint32_t) width << 32) |
                             (uint32_t) height);

  for (k = 0; k + 1 < n; k += 2)
    {
      uint32_t a, b;

      memcpy (&a, values + k, 4);
      memcpy (&b, values + k + 1, 4);
      acc = hash_round (acc, ((uint64_t) a << 32) | b);
    }
  if (k < n)
    {
      uint32_t a;

      memcpy (&a, values + k, 4);
      acc = hash_round (acc, a);
    }
  acc ^= acc >> 30;
  acc *= 0xBF58476D1CE4E5B9ULL;
  acc ^= acc >> 27;
  acc *= 0x94D049BB133111EBULL;
  acc ^= acc >> 31;
  return acc;
}

/* The sizes, then every value finite, ≥ 0 and not all 0.  */
static SbokehStatus
check_values (int          width,
              int          height,
              const float *values)
{
  gsize n, k;
  int   any = 0;

  if (! values || width < 1 || height < 1)
    return SBOKEH_ERROR_ARGUMENT;
  if (width > SBOKEH_PICTURE_SIDE_MAX || height > SBOKEH_PICTURE_SIDE_MAX)
    return SBOKEH_ERROR_OVERFLOW;
  n = (gsize) width * height;
  for (k = 0; k < n; k++)
    {
      float v = values[k];

      if (! (v >= 0.0f && v <= G_MAXFLOAT))  /* NaN, ±∞, negative */
        return SBOKEH_ERROR_APERTURE;
      any |= v > 0.0f;
    }
  return any ? SBOKEH_OK : SBOKEH_ERROR_APERTURE;
}

SbokehStatus
sbokeh_picture_init (SbokehPicture *picture,
                     int            width,
                     int            height,
                     const float   *values)
{
  SbokehStatus status;

  if (! picture)
    return SBOKEH_ERROR_ARGUMENT;
  memset (picture, 0, sizeof (*picture));
  status = check_values (width, height, values);
  if (status != SBOKEH_OK)
    return status;
  picture->width = width;
  picture->height = height;
  picture->values = values;
  picture->hash = hash_values (width, height, values);
  return SBOKEH_OK;
}

void
sbokeh_aperture_set_picture (SbokehAperture      *aperture,
                             const SbokehPicture *picture)
{
  if (! aperture)
    return;
  aperture->shape = SBOKEH_SHAPE_CUSTOM;
  aperture->picture = picture;
  aperture->picture_hash = picture ? picture->hash : 0;
}

/* The picture's largest value, content box and centroid (box model).  */
typedef struct
{
  double peak;
  double cx, cy;
  int    x0, y0, x1, y1;
} Content;

static void
content_of (const SbokehPicture *p,
            Content             *c)
{
  double sum = 0.0, sx = 0.0, sy = 0.0;
  int    x, y;

  c->peak = 0.0;
  c->x0 = p->width;
  c->y0 = p->height;
  c->x1 = c->y1 = 0;
  for (y = 0; y < p->height; y++)
    {
      const float *row = p->values + (gsize) y * p->width;
      double       rsum = 0.0, rx = 0.0;

      for (x = 0; x < p->width; x++)
        if (row[x] > 0.0f)
          {
            rsum += row[x];
            rx += row[x] * (x + 0.5);
            c->peak = MAX (c->peak, row[x]);
            c->x0 = MIN (c->x0, x);
            c->x1 = MAX (c->x1, x + 1);
          }
      if (rsum > 0.0)
        {
          c->y0 = MIN (c->y0, y);
          c->y1 = y + 1;
          sum += rsum;
          sx += rx;
          sy += rsum * (y + 0.5);
        }
    }
  c->cx = sx / sum;
  c->cy = sy / sum;
}

/* The scale s (kernel pixels per picture pixel) and its fit factor.  */
static double
scale_of (double         radius,
          const Content *c,
          double        *fit)
{
  double side = MAX (c->x1 - c->x0, c->y1 - c->y0);
  double reach = MAX (MAX (c->cx - c->x0, c->x1 - c->cx),
                      MAX (c->cy - c->y0, c->y1 - c->cy));
  double edge = ceil (radius) + 0.5;
  double s = 2.0 * radius / side;

  *fit = 1.0;
  if (s * reach > edge)
    {
      *fit = edge / reach / s;
      s = edge / reach;
    }
  return s;
}

static SbokehStatus
check_picture (const SbokehPicture *p)
{
  SbokehStatus status;

  if (! p)
    return SBOKEH_ERROR_ARGUMENT;
  status = check_values (p->width, p->height, p->values);
  if (status != SBOKEH_OK)
    return status;
  /* Values changed since sbokeh_picture_init: the design caches would
   * take it for the old picture.  */
  if (hash_values (p->width, p->height, p->values) != p->hash)
    return SBOKEH_ERROR_APERTURE;
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_kernel_picture_geometry (double                 radius,
                                const SbokehPicture   *picture,
                                SbokehPictureGeometry *g)
{
  SbokehStatus status;
  Content      c;

  if (! g)
    return SBOKEH_ERROR_ARGUMENT;
  memset (g, 0, sizeof (*g));
  status = check_picture (picture);
  if (status != SBOKEH_OK)
    return status;
  if (sbokeh_params_kernel_size (radius) == 0)
    return SBOKEH_ERROR_RADIUS;
  content_of (picture, &c);
  g->centroid_x = c.cx;
  g->centroid_y = c.cy;
  g->x0 = c.x0;
  g->y0 = c.y0;
  g->x1 = c.x1;
  g->y1 = c.y1;
  g->scale = scale_of (radius, &c, &g->fit);
  return SBOKEH_OK;
}

/* ∫ of the unit hat around 0 from −∞ to t.  */
static double
hat_below (double t)
{
  if (t <= -1.0)
    return 0.0;
  if (t <= 0.0)
    return 0.5 * (t + 1.0) * (t + 1.0);
  if (t < 1.0)
    return 1.0 - 0.5 * (1.0 - t) * (1.0 - t);
  return 1.0;
}

/* ∫ of basis i over [a, b] (already inside the box [lo, hi]).  */
static double
basis_integral (gboolean bilinear,
                int      i,
                int      lo,
                int      hi,
                double   a,
                double   b)
{
  double c = i + 0.5, ta = a - c, tb = b - c;
  int    first = i == lo, last = i == hi - 1;

  if (! bilinear)
    return MAX (0.0, MIN (b, i + 1.0) - MAX (a, (double) i));
  if (first && last)  /* one pixel across: flat over the whole box */
    return b - a;
  if (first)
    /* flat up to the centre, then the hat's falling half */
    return (tb <= 0.0 ? tb : hat_below (tb) - 0.5) -
           (ta <= 0.0 ? ta : hat_below (ta) - 0.5);
  if (last)
    return (tb >= 0.0 ? 0.5 + tb : hat_below (tb)) -
           (ta >= 0.0 ? 0.5 + ta : hat_below (ta));
  return hat_below (tb) - hat_below (ta);
}

/* One axis's weights: for each of the n kernel positions X, the picture
 * positions first[X] … first[X] + count[X] − 1 (inside [lo, hi)) with
 * their weights at w + X × stride.  */
typedef struct
{
  int     stride;
  int    *first;
  int    *count;
  double *w;
} Weights;

static void
weights_clear (Weights *w)
{
  g_free (w->first);
  g_free (w->count);
  g_free (w->w);
}

static SbokehStatus
weights_make (int      n,
              double   s,
              double   centre,
              int      lo,
              int      hi,
              Weights *w)
{
  gboolean bilinear = s > 1.0;
  int      m = n / 2, X;

  /* A footprint spans 1 / s pixels: at most ⌈1 / s⌉ + 1 of them, and a
   * hat reaches one more on each side.  */
  w->stride = (int) MIN ((double) (hi - lo), ceil (1.0 / s) + 3.0);
  w->first = g_try_new0 (int, n);
  w->count = g_try_new0 (int, n);
  w->w = g_try_new0 (double, (gsize) n * w->stride);
  if (! w->first || ! w->count || ! w->w)
    {
      weights_clear (w);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  for (X = -m; X <= m; X++)
    {
      double  a = centre + (X - 0.5) / s, b = centre + (X + 0.5) / s;
      double *row = w->w + (gsize) (X + m) * w->stride;
      int     i0, i1, i;

      a = MAX (a, (double) lo);
      b = MIN (b, (double) hi);
      w->first[X + m] = lo;
      if (b <= a)
        continue;
      /* Pixels whose basis meets [a, b]: the box's from ⌊a⌋ to ⌈b⌉ − 1,
       * the hat's one further each way.  */
      i0 = (int) floor (a) - (bilinear ? 1 : 0);
      i1 = (int) ceil (b) + (bilinear ? 1 : 0);
      i0 = MAX (i0, lo);
      i1 = MIN (i1, hi);
      i1 = MIN (i1, i0 + w->stride);
      w->first[X + m] = i0;
      w->count[X + m] = i1 - i0;
      for (i = i0; i < i1; i++)
        row[i - i0] = s * basis_integral (bilinear, i, lo, hi, a, b);
    }
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_kernel_picture (double               radius,
                       const SbokehPicture *picture,
                       SbokehKernel        *kernel)
{
  SbokehStatus status;
  Content      c;
  Weights      wx = { 0 }, wy = { 0 };
  double      *tmp;
  double       s, fit;
  int          n, X, Y, j;

  if (! kernel)
    return SBOKEH_ERROR_ARGUMENT;
  kernel->size = 0;
  kernel->data = NULL;
  status = check_picture (picture);
  if (status != SBOKEH_OK)
    return status;
  n = sbokeh_params_kernel_size (radius);
  if (n == 0)
    return SBOKEH_ERROR_RADIUS;

  content_of (picture, &c);
  s = scale_of (radius, &c, &fit);

  status = weights_make (n, s, c.cx, c.x0, c.x1, &wx);
  if (status == SBOKEH_OK)
    status = weights_make (n, s, c.cy, c.y0, c.y1, &wy);
  /* One picture row's horizontal means (n doubles), made for each kernel
   * row whose footprint takes it: once or twice per row when shrinking,
   * up to four times when enlarging (few rows then).  */
  tmp = status == SBOKEH_OK ? g_try_new (double, n) : NULL;
  kernel->data = tmp ? g_try_new0 (double, (gsize) n * n) : NULL;
  if (! kernel->data)
    {
      g_free (tmp);
      weights_clear (&wx);
      weights_clear (&wy);
      return status != SBOKEH_OK ? status : SBOKEH_ERROR_NO_MEMORY;
    }
  kernel->size = n;

  for (Y = 0; Y < n; Y++)
    {
      double *out = kernel->data + (gsize) Y * n;

      for (j = 0; j < wy.count[Y]; j++)
        {
          const float *row = picture->values +
                             (gsize) (wy.first[Y] + j) * picture->width;
          double       wj = wy.w[(gsize) Y * wy.stride + j];

          for (X = 0; X < n; X++)
            {
              const double *w = wx.w + (gsize) X * wx.stride;
              const float  *p = row + wx.first[X];
              double        acc = 0.0;
              int           k;

              for (k = 0; k < wx.count[X]; k++)
                acc += w[k] * p[k];
              tmp[X] = acc;
            }
          for (X = 0; X < n; X++)
            out[X] += wj * tmp[X];
        }
      /* Rounding may leave 1 + 1e-16 on a full pixel: T stays in 0 … 1. */
      for (X = 0; X < n; X++)
        out[X] = MIN (out[X] / c.peak, 1.0);
    }

  g_free (tmp);
  weights_clear (&wx);
  weights_clear (&wy);
  return SBOKEH_OK;
}
