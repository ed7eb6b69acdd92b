/* A layered scene with a known depth of field (tests/unit/test-depth.c).
 *
 * Three layers, every one known everywhere, also where a nearer one hides
 * it, in linear premultiplied RGBA:
 *   0  a textured background plane, opaque, at depth 0 (far);
 *   1  a textured disk, the subject, at depth 0.5;
 *   2  a textured vertical bar in front, at depth 1 (near), over the
 *      subject's right side.
 * The picture is the layers composited sharp (each pixel the nearest
 * layer's), the depth map that layer's depth.  The thin-lens answer for a
 * blur R · |D − f| (focus range 0): each layer blurred by its own exact
 * disk (sbokeh_kernel_disk, brute-force 2-D convolution, edges clamped as
 * the passes do), composited back to front with its blurred alpha.  O(r²)
 * per pixel of each layer's reach: about a second at R = 32.  */
#ifndef SBOKEH_DOF_SCENE_H
#define SBOKEH_DOF_SCENE_H

#include <math.h>
#include <string.h>

#include "brute-force.h"
#include "sbokeh.h"

#define DOF_SCENE_WIDTH     400
#define DOF_SCENE_HEIGHT    300
#define DOF_SCENE_LAYERS    3
/* The subject: a disk centred at (170, 150) of radius 80.  */
#define DOF_SUBJECT_X       170.0
#define DOF_SUBJECT_Y       150.0
#define DOF_SUBJECT_RADIUS  80.0
/* The bar: columns 250 … 273, the whole height.  */
#define DOF_BAR_X0          250
#define DOF_BAR_X1          274

static const double dof_scene_depths[DOF_SCENE_LAYERS] = { 0.0, 0.5, 1.0 };

typedef struct
{
  int    width, height;
  float *layers[DOF_SCENE_LAYERS];  /* premultiplied RGBA, w × h each */
  float *image;                     /* the sharp composite (RGBA)     */
  float *depth;                     /* the depth map (w × h)          */
  int   *nearest;                   /* the visible layer per pixel    */
} DofScene;

static inline gboolean
dof_scene_in_subject (double x, double y)
{
  return hypot (x + 0.5 - DOF_SUBJECT_X, y + 0.5 - DOF_SUBJECT_Y) <
         DOF_SUBJECT_RADIUS;
}

static inline void
dof_scene_make (DofScene *s)
{
  const int w = DOF_SCENE_WIDTH, h = DOF_SCENE_HEIGHT;
  int       x, y, l;

  s->width = w;
  s->height = h;
  for (l = 0; l < DOF_SCENE_LAYERS; l++)
    s->layers[l] = g_new0 (float, (gsize) w * h * 4);
  s->image = g_new (float, (gsize) w * h * 4);
  s->depth = g_new (float, (gsize) w * h);
  s->nearest = g_new (int, (gsize) w * h);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        gsize  i = (gsize) y * w + x;
        float *bg = s->layers[0] + 4 * i, *sub = s->layers[1] + 4 * i;
        float *bar = s->layers[2] + 4 * i;
        int    check = ((x / 8) + (y / 8)) % 2 ? 1 : -1;

        /* Detail at every scale: waves of 20–70 px and an 8-px checker.  */
        bg[0] = (float) (0.35 + 0.2 * sin (0.31 * x + 0.7) * sin (0.23 * y) +
                         0.1 * check);
        bg[1] = (float) (0.3 + 0.2 * sin (0.17 * x + 0.11 * y));
        bg[2] = (float) (0.4 + 0.25 * sin (0.09 * x - 0.21 * y));
        bg[3] = 1.0f;
        if (dof_scene_in_subject (x, y))
          {
            sub[0] = (float) (0.8 + 0.15 * sin (0.5 * (x + y)));
            sub[1] = (float) (0.45 + 0.2 * sin (0.37 * x) * cos (0.29 * y));
            sub[2] = (float) (0.15 + 0.1 * (((x + 2 * y) / 5) % 2));
            sub[3] = 1.0f;
          }
        if (x >= DOF_BAR_X0 && x < DOF_BAR_X1)
          {
            bar[0] = 0.1f;
            bar[1] = (float) (0.2 + 0.1 * sin (0.8 * y));
            bar[2] = (float) (0.6 + 0.2 * sin (0.5 * x + 0.3 * y));
            bar[3] = 1.0f;
          }
        for (l = DOF_SCENE_LAYERS - 1; l > 0; l--)
          if (s->layers[l][4 * i + 3] > 0.0f)
            break;
        s->nearest[i] = l;
        s->depth[i] = (float) dof_scene_depths[l];
        memcpy (s->image + 4 * i, s->layers[l] + 4 * i, 4 * sizeof (float));
      }
}

static inline void
dof_scene_clear (DofScene *s)
{
  int l;

  for (l = 0; l < DOF_SCENE_LAYERS; l++)
    g_free (s->layers[l]);
  g_free (s->image);
  g_free (s->depth);
  g_free (s->nearest);
}

/* in (w × h RGBA) blurred by the exact disk of radius r, edges clamped,
 * into out; only where in reaches (its alpha's bounding box grown by the
 * kernel), 0 elsewhere.  r < 0.5: a copy.  */
static inline void
dof_scene_blur (const float *in, int w, int h, double r, float *out)
{
  SbokehKernel k;
  double       sum = 0.0;
  int          x, y, c, x0 = w, x1 = -1, y0 = h, y1 = -1, half;

  memset (out, 0, (gsize) w * h * 4 * sizeof (float));
  if (r < SBOKEH_RADIUS_MIN)
    {
      memcpy (out, in, (gsize) w * h * 4 * sizeof (float));
      return;
    }
  sbokeh_kernel_disk (r, &k);
  for (x = 0; x < k.size * k.size; x++)
    sum += k.data[x];
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      if (in[((gsize) y * w + x) * 4 + 3] > 0.0f)
        {
          x0 = MIN (x0, x);
          x1 = MAX (x1, x);
          y0 = MIN (y0, y);
          y1 = MAX (y1, y);
        }
  half = k.size / 2;
  for (y = MAX (y0 - half, 0); y <= MIN (y1 + half, h - 1); y++)
    for (x = MAX (x0 - half, 0); x <= MIN (x1 + half, w - 1); x++)
      for (c = 0; c < 4; c++)
        out[((gsize) y * w + x) * 4 + c] =
          (float) brute_force_clamped_at (k.data, k.size, sum, in, w, h, x, y,
                                          c, 4);
  sbokeh_kernel_clear (&k);
}

/* The thin-lens answer for blur radius R · |D − f| into out (RGBA).  */
static inline void
dof_scene_answer (const DofScene *s, double radius, double focus, float *out)
{
  gsize  n = (gsize) s->width * s->height, i;
  float *blurred = g_new (float, n * 4);
  int    l, c;

  memset (out, 0, n * 4 * sizeof (float));
  for (l = 0; l < DOF_SCENE_LAYERS; l++)
    {
      dof_scene_blur (s->layers[l], s->width, s->height,
                      radius * fabs (dof_scene_depths[l] - focus), blurred);
      for (i = 0; i < n; i++)
        {
          float below = 1.0f - blurred[4 * i + 3];

          for (c = 0; c < 4; c++)
            out[4 * i + c] = blurred[4 * i + c] + below * out[4 * i + c];
        }
    }
  g_free (blurred);
}

#endif /* SBOKEH_DOF_SCENE_H */
