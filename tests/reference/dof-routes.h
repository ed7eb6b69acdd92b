/* The routes to a depth of field GIMP offers today, for
 * tests/unit/test-depth.c to measure beside core/depth.h on the scene of
 * dof-scene.h (issue 20): GEGL's gegl:lens-blur and gegl:variable-blur
 * with the blur map (each pixel's radius over the largest, linear) as
 * their aux input, and a selection blurred uniformly by this filter.
 * GEGL's operations read their properties as gegl_operation_list_properties
 * gives them in GEGL 0.4.62: radius (the largest), linear-mask (TRUE: the
 * map is linear), variable-blur's high-quality (TRUE); the rest default.  */
#ifndef SBOKEH_DOF_ROUTES_H
#define SBOKEH_DOF_ROUTES_H

#include <string.h>

#include "dof-scene.h"
#include "sbokeh.h"

static inline GeglBuffer *
dof_buffer_from (const float *px,
                 int          w,
                 int          h,
                 const char  *format)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&r, babl_format (format));

  gegl_buffer_set (b, &r, 0, babl_format (format), px, GEGL_AUTO_ROWSTRIDE);
  return b;
}

static inline float *
dof_read_rgba (GeglBuffer *b,
               int         w,
               int         h)
{
  GeglRectangle r = { 0, 0, w, h };
  float        *px = g_new (float, (gsize) w * h * 4);

  gegl_buffer_get (b, &r, 1.0, babl_format ("RaGaBaA float"), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return px;
}

/* A GEGL blur with a map as aux: map values (linear) times radius.  NULL
 * when the root's GEGL lacks the operation.  */
static inline float *
dof_route_gegl (const char *operation,
                GeglBuffer *in,
                GeglBuffer *map,
                int         w,
                int         h,
                double      radius)
{
  GeglNode   *graph, *src, *aux, *blur, *sink;
  GeglBuffer *result = NULL;
  float      *px;

  if (! gegl_has_operation (operation))
    return NULL;
  graph = gegl_node_new ();
  src = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                             "buffer", in, NULL);
  aux = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                             "buffer", map, NULL);
  blur = gegl_node_new_child (graph, "operation", operation, "radius", radius,
                              "linear-mask", TRUE, NULL);
  if (! strcmp (operation, "gegl:variable-blur"))
    gegl_node_set (blur, "high-quality", TRUE, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                              "buffer", &result, NULL);
  gegl_node_link_many (src, blur, sink, NULL);
  gegl_node_connect (aux, "output", blur, "aux");
  gegl_node_process (sink);
  px = dof_read_rgba (result, w, h);
  g_object_unref (result);
  g_object_unref (graph);
  return px;
}

/* The selection route: each layer out of focus is selected and the whole
 * picture blurred uniformly by its radius (this filter without a map);
 * the selection keeps the blurred pixels, the rest stays sharp.  */
static inline float *
dof_route_selection (const DofScene *s,
                     GeglBuffer     *in,
                     double          radius,
                     double          focus)
{
  gsize  n = (gsize) s->width * s->height, i;
  float *px = g_memdup2 (s->image, n * 4 * sizeof (float));
  int    l;

  for (l = 0; l < DOF_SCENE_LAYERS; l++)
    {
      double        r = radius * fabs (dof_scene_depths[l] - focus);
      GeglRectangle all = { 0, 0, s->width, s->height };
      GeglBuffer   *out;
      SbokehParams  p;
      SbokehDesign  d;
      float        *blurred;

      if (r < SBOKEH_RADIUS_MIN)
        continue;
      sbokeh_params_init_default (&p);
      p.radius = r;
      sbokeh_params_fit_rank (&p);
      if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
        {
          g_free (px);
          return NULL;
        }
      out = gegl_buffer_new (&all, babl_format ("RaGaBaA float"));
      sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL, NULL);
      blurred = dof_read_rgba (out, s->width, s->height);
      for (i = 0; i < n; i++)
        if (s->nearest[i] == l)
          memcpy (px + 4 * i, blurred + 4 * i, 4 * sizeof (float));
      g_free (blurred);
      g_object_unref (out);
      sbokeh_design_clear (&d);
    }
  return px;
}

#endif /* SBOKEH_DOF_ROUTES_H */
