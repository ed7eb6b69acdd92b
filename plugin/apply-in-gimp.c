/* Separable Bokeh plug-in: GIMP applies our GEGL operation.
 *
 * GIMP runs the filter in its own process when it has our GEGL operation
 * (gegl-op/, installed with the plug-in): the layer then never crosses the
 * pipe between GIMP and the plug-in, which on a 12-megapixel photo takes
 * longer than the passes themselves (docs/performance.md, "Through
 * GIMP").  The pixels are the same either way (tests/e2e/test-plugin.c).
 * GIMP 3.0 filters layers only, so channels and layer masks take the
 * plug-in's own way (apply-shadow.c), as does everything when
 * SBOKEH_IN_PLUGIN is set (tests, benchmark).
 *
 * With a depth map the operation is BOKEH_OPERATION_DEPTH, the map its
 * aux input (gimp_drawable_filter_set_aux_input), and the filter is
 * always merged: GIMP 3.0 and 3.2 refuse to keep any filter whose
 * operation has an aux pad editable (docs/gimp-versions.md).  That is why
 * the uniform blur is an operation of its own, without the pad.
 */
#include "config.h"

#include <libgimp/gimp.h>
#include <glib/gi18n-lib.h>

#include "apply-in-gimp.h"
#include "procedure-args.h"
#include "separable-bokeh.h"

/* A filter of our operation on DRAWABLE, or NULL when GIMP does not have
 * the operation: an answer here, not an error to show the user, so the
 * PDB's error handler is the plug-in's meanwhile.  */
static GimpDrawableFilter *
filter_new (GimpDrawable *drawable,
            const gchar  *operation)
{
  GimpPlugIn          *plug_in = gimp_get_plug_in ();
  GimpPDBErrorHandler  handler;
  GimpDrawableFilter  *filter;

  handler = gimp_plug_in_get_pdb_error_handler (plug_in);
  gimp_plug_in_set_pdb_error_handler (plug_in, GIMP_PDB_ERROR_HANDLER_PLUGIN);
  filter = gimp_drawable_filter_new (drawable, operation,
                                     _("Separable Bokeh"));
  gimp_plug_in_set_pdb_error_handler (plug_in, handler);
  return filter;
}

gboolean
bokeh_gimp_has_operation (GimpDrawable *drawable)
{
  GimpDrawableFilter *filter;

  if (g_getenv ("SBOKEH_IN_PLUGIN") || ! GIMP_IS_LAYER (drawable) ||
      gimp_item_is_group (GIMP_ITEM (drawable)))
    return FALSE;
  filter = filter_new (drawable, BOKEH_OPERATION);
  if (filter)
    gimp_drawable_filter_delete (filter);
  return filter != NULL;
}

gboolean
bokeh_apply_in_gimp (GimpDrawable       **drawables,
                     gint                 n_drawables,
                     const SbokehParams  *params,
                     gboolean             merge,
                     GimpDrawable        *depth_map)
{
  GimpDrawableFilter **filters;
  GimpImage           *image;
  const gchar         *operation = depth_map ? BOKEH_OPERATION_DEPTH
                                             : BOKEH_OPERATION;
  gint                 i, made;
  gint64               start = g_get_monotonic_time ();

  /* GIMP's filter has no way to our operation's picture (a file path
   * property: the plug-in's is a drawable or a brush): the shadow way.  */
  if (g_getenv ("SBOKEH_IN_PLUGIN") ||
      params->aperture.shape == SBOKEH_SHAPE_CUSTOM)
    return FALSE;
  for (i = 0; i < n_drawables; i++)
    if (! GIMP_IS_LAYER (drawables[i]) ||
        (depth_map && gimp_item_get_id (GIMP_ITEM (drawables[i])) ==
                      gimp_item_get_id (GIMP_ITEM (depth_map))))
      return FALSE;
  /* No editable filter with an aux pad in GIMP 3.0 or 3.2.  */
  if (depth_map)
    merge = TRUE;

  filters = g_new0 (GimpDrawableFilter *, n_drawables);
  for (made = 0; made < n_drawables; made++)
    if (! (filters[made] = filter_new (drawables[made], operation)))
      break;
  if (made < n_drawables)
    {
      for (i = 0; i < made; i++)
        gimp_drawable_filter_delete (filters[i]);
      g_free (filters);
      return FALSE;
    }

  image = gimp_item_get_image (GIMP_ITEM (drawables[0]));
  gimp_image_undo_group_start (image);
  for (i = 0; i < n_drawables; i++)
    {
      bokeh_params_to_filter_config (
        params, G_OBJECT (gimp_drawable_filter_get_config (filters[i])));
      if (depth_map)
        gimp_drawable_filter_set_aux_input (filters[i], "aux", depth_map);
      if (merge)
        gimp_drawable_merge_filter (drawables[i], filters[i]);
      else
        gimp_drawable_append_filter (drawables[i], filters[i]);
      gimp_progress_update ((i + 1.0) / n_drawables);
    }
  gimp_image_undo_group_end (image);
  g_free (filters);

  if (g_getenv ("SBOKEH_APPLY_TIMING"))
    g_printerr ("separable-bokeh apply: in GIMP, %d drawable(s) in %.3f s%s\n",
                n_drawables, (g_get_monotonic_time () - start) * 1e-6,
                depth_map ? " (depth map)" : "");
  return TRUE;
}
