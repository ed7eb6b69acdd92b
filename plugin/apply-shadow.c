/* Separable Bokeh plug-in: the passes in the plug-in, on the drawables'
 * shadow buffers (when GIMP cannot apply our GEGL operation itself:
 * channels, layer masks, a GIMP without it, SBOKEH_IN_PLUGIN; with a depth
 * map also when the map is one of the drawables blurred).  With a depth
 * map the core reads the map's buffer (gimp_drawable_get_buffer), in the
 * drawable's own coordinates: offsets do not matter.  */
#include "config.h"

#include <libgimp/gimp.h>

#include "apply-shadow.h"

typedef struct
{
  gint done;
  gint total;
} Progress;

static gboolean
bokeh_progress (double   fraction,
                gpointer user_data)
{
  Progress *p = user_data;

  gimp_progress_update ((p->done + fraction) / p->total);
  return TRUE;
}

gboolean
bokeh_apply_shadow (GimpDrawable        **drawables,
                    gint                  n_drawables,
                    const SbokehFilters  *filters,
                    const SbokehParams   *params,
                    GimpDrawable         *depth_map,
                    GError              **error)
{
  GeglBuffer    *map = depth_map ? gimp_drawable_get_buffer (depth_map) : NULL;
  GeglRectangle *rects = g_new0 (GeglRectangle, n_drawables);
  gboolean      *todo  = g_new0 (gboolean, n_drawables);
  Progress       progress = { 0, n_drawables };
  gboolean       ok = TRUE;
  GimpImage     *image;
  gint           i;

  for (i = 0; i < n_drawables && ok; i++, progress.done++)
    {
      GeglRectangle *r = &rects[i];
      GeglBuffer    *source, *shadow;
      SbokehStatus   status;
      gint64         start;

      todo[i] = gimp_drawable_mask_intersect (drawables[i], &r->x, &r->y,
                                              &r->width, &r->height);
      if (! todo[i])
        continue;

      start  = g_get_monotonic_time ();
      source = gimp_drawable_get_buffer (drawables[i]);
      shadow = gimp_drawable_get_shadow_buffer (drawables[i]);
      if (map)
        status = sbokeh_depth_apply (params, &params->depth, source, map,
                                     shadow, r, bokeh_progress, &progress,
                                     NULL);
      else
        status = sbokeh_apply_buffer (filters, params->highlight_boost,
                                      source, shadow, r, bokeh_progress,
                                      &progress, NULL);
      if (status == SBOKEH_OK)
        status = sbokeh_grain_restore (params, source, map, shadow, r);
      g_object_unref (source);
      g_object_unref (shadow);  /* sends the last tiles to GIMP */
      if (g_getenv ("SBOKEH_APPLY_TIMING"))
        g_printerr ("separable-bokeh apply: in the plug-in, %dx%d in %.3f s%s\n",
                    r->width, r->height,
                    (g_get_monotonic_time () - start) * 1e-6,
                    map ? " (depth map)" : "");

      if (status != SBOKEH_OK)
        {
          g_set_error_literal (error, GIMP_PLUG_IN_ERROR, 0,
                               sbokeh_status_message (status));
          ok = FALSE;
        }
    }

  if (ok)
    {
      image = gimp_item_get_image (GIMP_ITEM (drawables[0]));
      if (n_drawables > 1)
        gimp_image_undo_group_start (image);
      for (i = 0; i < n_drawables; i++)
        if (todo[i])
          {
            gimp_drawable_merge_shadow (drawables[i], TRUE);
            gimp_drawable_update (drawables[i], rects[i].x, rects[i].y,
                                  rects[i].width, rects[i].height);
          }
      if (n_drawables > 1)
        gimp_image_undo_group_end (image);
    }

  g_clear_object (&map);
  g_free (rects);
  g_free (todo);
  return ok;
}
