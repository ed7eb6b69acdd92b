/* Separable Bokeh: adding the measured grain to the blurred output
 * (grain.h has the math), chunk by chunk on GEGL's threads.  */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth.h"
#include "grain.h"
#include "parts.h"

#define R SBOKEH_GRAIN_REACH_MAX

/* Rows per chunk: the noise of a chunk is computed on its rows plus
 * reach above and below, so at least four times the largest reach keeps
 * that overhead under a third; a chunk of a 6000-pixel row then takes
 * about 3 MiB per field.  */
#define CHUNK_ROWS 32

/* The Irwin–Hall sum of four 16-bit uniforms: mean 2 · 65535, variance
 * 4 (65536² − 1) / 12.  */
#define UNIFORM_SUM_MEAN 131070.0
#define UNIFORM_SUM_SD   37837.22644463

typedef struct
{
  const SbokehGrain     *grain;
  const SbokehGrainBlur *blur;
  GeglBuffer            *output;
  GeglRectangle          roi;
  const Babl            *own;        /* output's format, read as it is */
  const Babl            *to, *back;  /* own ↔ perceptual */
  const Babl            *map_format;
  int                    bpp;        /* bytes per pixel of own */
  int                    comps;      /* perceptual components */
  int                    channels;   /* colour channels */
  gboolean               alpha;
  int                    fields;     /* white fields: 1, or channels */
  int                    reach;
  float                  mix[SBOKEH_GRAIN_CHANNELS_MAX]
                            [SBOKEH_GRAIN_CHANNELS_MAX];
  float                  scale[SBOKEH_GRAIN_CHANNELS_MAX];  /* amount σ */
  const float          (*kernel[SBOKEH_GRAIN_CHANNELS_MAX])
                          [SBOKEH_GRAIN_TAPS];
  guint64                key[SBOKEH_GRAIN_CHANNELS_MAX];
  gint                   status;
} Add;

static inline guint64
mix64 (guint64 z)
{
  z ^= z >> 30;
  z *= 0xbf58476d1ce4e5b9ULL;
  z ^= z >> 27;
  z *= 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z;
}

/* The white noise of a field at (x, y): a function of its key and the
 * coordinates only, exact in integers.  */
static inline float
white (guint64 key,
       int     x,
       int     y)
{
  guint64 counter = (guint64) (guint32) x | (guint64) (guint32) y << 32;
  guint64 h = mix64 (counter * 0x9E3779B97F4A7C15ULL + key);
  guint32 s = (guint32) (h & 0xffff) + (guint32) (h >> 16 & 0xffff) +
              (guint32) (h >> 32 & 0xffff) + (guint32) (h >> 48);

  return (float) (((double) s - UNIFORM_SUM_MEAN) * (1.0 / UNIFORM_SUM_SD));
}

double
sbokeh_grain_weight (double radius)
{
  double a = G_PI * radius * radius;

  return a > 1.0 ? sqrt (1.0 - 1.0 / a) : 0.0;
}

/* The weights of rect into w; whether any is above 0.  */
static gboolean
weights (const Add           *add,
         const GeglRectangle *rect,
         float               *w)
{
  const SbokehGrainBlur *blur = add->blur;
  gsize                  n = (gsize) rect->width * rect->height, i;
  gboolean               any = FALSE;

  if (! blur->radius_map && ! blur->depth_map)
    {
      float u = (float) sbokeh_grain_weight (blur->radius);

      for (i = 0; i < n; i++)
        w[i] = u;
      return u > 0.0f;
    }
  gegl_buffer_get (blur->radius_map ? blur->radius_map : blur->depth_map,
                   rect, 1.0, add->map_format, w, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_CLAMP);
  for (i = 0; i < n; i++)
    {
      double r = blur->radius_map ? w[i]
                                  : sbokeh_depth_radius (blur->depth,
                                                         blur->radius, w[i]);

      w[i] = isfinite (r) ? (float) sbokeh_grain_weight (r) : 0.0f;
      any |= w[i] > 0.0f;
    }
  return any;
}

/* The noise of channel c at the chunk's pixel (x, y): the kernel over
 * field plane m ((width + 2 reach) floats a row, reach rows above).  */
static inline float
filtered (const Add   *add,
          const float *m,
          int          c,
          int          x,
          int          y,
          int          width)
{
  const int    reach = add->reach, stride = width + 2 * reach;
  const float (*k)[SBOKEH_GRAIN_TAPS] = add->kernel[c];
  float        s = 0.0f;
  int          tx, ty;

  for (ty = -reach; ty <= reach; ty++)
    {
      const float *row = m + (gsize) (y + reach + ty) * stride + x + reach;

      for (tx = -reach; tx <= reach; tx++)
        s += k[R + ty][R + tx] * row[tx];
    }
  return s;
}

static void
chunk (Add                 *add,
       const GeglRectangle *rect,
       float               *w,
       guint8              *raw,
       guint8              *raw2,
       float               *px,
       float               *field)
{
  const int   reach = add->reach, width = rect->width;
  const int   pw = width + 2 * reach, ph = rect->height + 2 * reach;
  const gsize plane = (gsize) pw * ph, n = (gsize) width * rect->height;
  float      *mixed = field + plane * add->fields;
  gsize       i, j;
  int         f, c, d, x, y;

  if (! weights (add, rect, w))
    return;
  gegl_buffer_get (add->output, rect, 1.0, add->own, raw,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  babl_process (add->to, raw, px, n);

  for (f = 0; f < add->fields; f++)
    for (y = 0; y < ph; y++)
      for (x = 0; x < pw; x++)
        field[f * plane + (gsize) y * pw + x] =
          white (add->key[f], rect->x - reach + x, rect->y - reach + y);
  /* Colour: the fields mixed to the measured correlation.  */
  if (add->fields > 1)
    for (i = 0; i < plane; i++)
      for (c = 0; c < add->channels; c++)
        {
          float s = 0.0f;

          for (d = 0; d <= c; d++)
            s += add->mix[c][d] * field[d * plane + i];
          mixed[c * plane + i] = s;
        }

  for (y = 0; y < rect->height; y++)
    for (x = 0; x < width; x++)
      {
        float *p = px + ((gsize) y * width + x) * add->comps;
        float  wi = w[(gsize) y * width + x], mono = 0.0f;

        if (add->alpha && ! (p[add->channels] > 0.0f))
          wi = w[(gsize) y * width + x] = 0.0f;
        if (wi <= 0.0f)
          continue;
        if (add->fields == 1)
          mono = filtered (add, field, 0, x, y, width);
        for (c = 0; c < add->channels; c++)
          p[c] += wi * add->scale[c] *
                  (add->fields == 1
                     ? mono
                     : filtered (add, mixed + c * plane, c, x, y, width));
      }

  /* Only the pixels with grain take the round trip's bytes.  */
  babl_process (add->back, px, raw2, n);
  for (i = 0; i < n; i++)
    if (w[i] > 0.0f)
      for (j = 0; j < (gsize) add->bpp; j++)
        raw[i * add->bpp + j] = raw2[i * add->bpp + j];
  gegl_buffer_set (add->output, rect, 0, add->own, raw, GEGL_AUTO_ROWSTRIDE);
}

static void
add_part (gint     i,
          gint     n,
          gpointer data)
{
  Add        *add = data;
  const int   width = add->roi.width, rows = MIN (CHUNK_ROWS,
                                                  add->roi.height);
  const gsize pixels = (gsize) width * rows;
  const gsize plane = ((gsize) width + 2 * add->reach) *
                      (rows + 2 * add->reach);
  float      *w = g_try_new (float, pixels);
  float      *px = g_try_new (float, pixels * add->comps);
  float      *field = g_try_new (float, plane * (add->fields +
                                                 (add->fields > 1
                                                    ? add->channels : 0)));
  guint8     *raw = g_try_malloc (pixels * add->bpp);
  guint8     *raw2 = g_try_malloc (pixels * add->bpp);
  int         first, last, y;

  sbokeh_parts_share (add->roi.height, i, n, &first, &last);
  if (! w || ! px || ! field || ! raw || ! raw2)
    {
      g_atomic_int_set (&add->status, SBOKEH_ERROR_NO_MEMORY);
      last = first;
    }
  for (y = first; y < last; y += CHUNK_ROWS)
    {
      GeglRectangle rect = { add->roi.x, add->roi.y + y, width,
                             MIN (CHUNK_ROWS, last - y) };

      chunk (add, &rect, w, raw, raw2, px, field);
    }
  g_free (w);
  g_free (px);
  g_free (field);
  g_free (raw);
  g_free (raw2);
}

/* Whether grain holds what sbokeh_grain_measure can give.  */
static gboolean
grain_valid (const SbokehGrain *grain)
{
  int c, d;

  if (grain->channels < 0 || grain->channels > SBOKEH_GRAIN_CHANNELS_MAX ||
      grain->reach < 0 || grain->reach > R || grain->blocks < 0)
    return FALSE;
  for (c = 0; c < grain->channels; c++)
    {
      if (! (isfinite (grain->sigma[c]) && grain->sigma[c] >= 0.0))
        return FALSE;
      for (d = 0; d < grain->channels; d++)
        if (! (fabs (grain->correlation[c][d]) <= 1.0))
          return FALSE;
    }
  return TRUE;
}

/* L L^T = the correlation (rows of unit norm); a pivot that rounding
 * made negative taken as 0.  */
static void
cholesky (const SbokehGrain *grain,
          Add               *add)
{
  double l[SBOKEH_GRAIN_CHANNELS_MAX][SBOKEH_GRAIN_CHANNELS_MAX] = { { 0 } };
  int    c, d, k;

  for (c = 0; c < grain->channels; c++)
    for (d = 0; d <= c; d++)
      {
        double s = grain->correlation[c][d];

        for (k = 0; k < d; k++)
          s -= l[c][k] * l[d][k];
        if (c == d)
          l[c][c] = sqrt (MAX (s, 0.0));
        else
          l[c][d] = l[d][d] > 1e-9 ? s / l[d][d] : 0.0;
        add->mix[c][d] = (float) l[c][d];
      }
}

SbokehStatus
sbokeh_grain_add (const SbokehGrain     *grain,
                  double                 amount,
                  gboolean               colour,
                  guint32                seed,
                  const SbokehGrainBlur *blur,
                  GeglBuffer            *output,
                  const GeglRectangle   *roi)
{
  Add          add = { 0 };
  const Babl  *percept;
  GeglBuffer  *map;
  gboolean     any = FALSE;
  int          c;

  if (! grain || ! blur || ! GEGL_IS_BUFFER (output) ||
      ! grain_valid (grain) ||
      ! (amount >= SBOKEH_GRAIN_AMOUNT_MIN &&
         amount <= SBOKEH_GRAIN_AMOUNT_MAX) ||
      ! (isfinite (blur->radius) && blur->radius >= 0.0) ||
      (blur->radius_map && ! GEGL_IS_BUFFER (blur->radius_map)) ||
      (! blur->radius_map && blur->depth_map &&
       (! GEGL_IS_BUFFER (blur->depth_map) || ! blur->depth ||
        ! (blur->depth->focus_depth >= 0.0 &&
           blur->depth->focus_depth <= 1.0) ||
        ! (blur->depth->focus_range >= 0.0 &&
           blur->depth->focus_range <= 1.0))))
    return SBOKEH_ERROR_ARGUMENT;
  add.roi = roi ? *roi : *gegl_buffer_get_extent (output);
  map = blur->radius_map ? blur->radius_map : blur->depth_map;
  if (add.roi.width < 0 || add.roi.height < 0)
    return SBOKEH_ERROR_ARGUMENT;
  if (add.roi.width > 0 && add.roi.height > 0 &&
      (! gegl_rectangle_contains (gegl_buffer_get_extent (output),
                                  &add.roi) ||
       (map && ! gegl_rectangle_contains (gegl_buffer_get_extent (map),
                                          &add.roi))))
    return SBOKEH_ERROR_ARGUMENT;
  percept = sbokeh_grain_format (gegl_buffer_get_format (output));
  add.comps = babl_format_get_n_components (percept);
  add.alpha = babl_format_has_alpha (percept);
  add.channels = add.comps - add.alpha;
  if (grain->blocks > 0 && grain->channels != add.channels)
    return SBOKEH_ERROR_ARGUMENT;
  for (c = 0; c < grain->channels; c++)
    any |= grain->sigma[c] > 0.0;
  if (amount == 0.0 || grain->blocks == 0 || ! any || add.roi.width < 1 ||
      add.roi.height < 1)
    return SBOKEH_OK;

  add.grain = grain;
  add.blur = blur;
  add.output = output;
  add.own = gegl_buffer_get_format (output);
  add.bpp = babl_format_get_bytes_per_pixel (add.own);
  add.to = babl_fish (add.own, percept);
  add.back = babl_fish (percept, add.own);
  add.map_format = blur->radius_map
                     ? babl_format_with_space (
                         "Y float", gegl_buffer_get_format (map))
                     : map ? babl_format_with_space (
                               "Y' float", gegl_buffer_get_format (map))
                           : NULL;
  add.reach = grain->reach;
  add.fields = colour ? add.channels : 1;
  for (c = 0; c < add.channels; c++)
    {
      add.scale[c] = (float) (amount * grain->sigma[c]);
      add.kernel[c] = colour ? grain->kernel[c] : grain->mono;
      add.key[c] = mix64 (((guint64) seed << 32) | (guint64) (c + 1));
    }
  if (colour)
    cholesky (grain, &add);
  gegl_parallel_distribute (MAX (add.roi.height / CHUNK_ROWS, 1), add_part,
                            &add);
  return add.status;
}

SbokehStatus
sbokeh_grain_restore (const SbokehParams  *params,
                      GeglBuffer          *original,
                      GeglBuffer          *depth_map,
                      GeglBuffer          *output,
                      const GeglRectangle *roi)
{
  SbokehGrain     grain;
  SbokehGrainBlur blur = { 0 };
  SbokehStatus    status;

  if (! params)
    return SBOKEH_ERROR_ARGUMENT;
  if (params->grain == 0.0)
    return SBOKEH_OK;
  status = sbokeh_grain_measure (original, NULL, &grain);
  if (status != SBOKEH_OK)
    return status;
  blur.radius = params->radius;
  blur.depth_map = depth_map;
  blur.depth = depth_map ? &params->depth : NULL;
  return sbokeh_grain_add (&grain, params->grain, params->grain_color,
                           SBOKEH_GRAIN_SEED, &blur, output, roi);
}
