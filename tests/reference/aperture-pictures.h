/* Custom aperture pictures drawn the obvious way, for the tests of
 * core/kernel-picture.c and the benchmark's quality tables: a
 * five-pointed star (point up), a heart (tip down) and an upright
 * ellipse (1 : 2, an anamorphic lens's), each pixel's coverage from
 * S × S point samples, the shape filling [−1, 1] of a square picture's
 * [−SPAN, SPAN] (y up in the shape, rows down in the picture).  */
#ifndef SBOKEH_APERTURE_PICTURES_H
#define SBOKEH_APERTURE_PICTURES_H

#include <glib.h>
#include <math.h>

typedef enum
{
  APERTURE_PICTURE_STAR,
  APERTURE_PICTURE_HEART,
  APERTURE_PICTURE_ELLIPSE
} AperturePictureShape;

#define APERTURE_PICTURE_SPAN 1.25

static inline const char *
aperture_picture_name (AperturePictureShape shape)
{
  return shape == APERTURE_PICTURE_STAR  ? "star" :
         shape == APERTURE_PICTURE_HEART ? "heart" : "ellipse";
}

/* Inside the 10-cornered star (outer radius 1, inner 0.382: the regular
 * pentagram's), by the even-odd rule.  */
static inline gboolean
aperture_picture_in_star (double x, double y)
{
  double   px[10], py[10];
  gboolean in = FALSE;
  int      i, j;

  for (i = 0; i < 10; i++)
    {
      double a = G_PI / 2 + i * G_PI / 5;
      double r = i % 2 ? 0.381966 : 1.0;

      px[i] = r * cos (a);
      py[i] = r * sin (a);
    }
  for (i = 0, j = 9; i < 10; j = i++)
    if ((py[i] > y) != (py[j] > y) &&
        x < (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i])
      in = ! in;
  return in;
}

static inline gboolean
aperture_picture_inside (AperturePictureShape shape, double x, double y)
{
  switch (shape)
    {
    case APERTURE_PICTURE_STAR:
      return aperture_picture_in_star (x, y);
    case APERTURE_PICTURE_HEART:
      {
        /* (x² + y² − 1)³ ≤ x² y³, scaled into [−1, 1]: the curve spans
         * x ±1.14, y −1 … 1.24.  */
        double u = x * 1.14, v = y * 1.12 + 0.12;
        double q = u * u + v * v - 1;

        return q * q * q <= u * u * v * v * v;
      }
    default:
      return (x / 0.5) * (x / 0.5) + y * y <= 1.0;
    }
}

/* A side × side picture of SHAPE, coverage from s × s samples per pixel
 * (g_free it).  */
static inline float *
aperture_picture_draw (AperturePictureShape shape, int side, int s)
{
  float *v = g_new (float, (gsize) side * side);
  int    x, y, i, j;

  for (y = 0; y < side; y++)
    for (x = 0; x < side; x++)
      {
        int hits = 0;

        for (i = 0; i < s; i++)
          for (j = 0; j < s; j++)
            {
              double px = (x + (j + 0.5) / s) / side * 2 - 1;
              double py = 1 - (y + (i + 0.5) / s) / side * 2;

              hits += aperture_picture_inside (shape,
                                               px * APERTURE_PICTURE_SPAN,
                                               py * APERTURE_PICTURE_SPAN);
            }
        v[(gsize) y * side + x] = (float) hits / (s * s);
      }
  return v;
}

#endif /* SBOKEH_APERTURE_PICTURES_H */
