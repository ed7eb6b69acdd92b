/* Separable Bokeh — a lens blur for GIMP 3.
 *
 * The procedure plug-in-separable-bokeh (Filters ▸ Blur ▸ Separable
 * Bokeh…): the GimpPlugIn, the procedure, and its run: check the
 * drawables, show the dialog (dialog.c), check the parameters and the
 * depth map, then have GIMP apply our GEGL operation (apply-in-gimp.c) or
 * apply the passes here (apply-shadow.c).  The arguments come from the
 * parameter table (procedure-args.c); the filter itself lives in core/
 * (core/README.md).
 *
 * With a depth map (the depth-map argument: a layer, layer mask or
 * channel of the same image, the size of every drawable blurred; pixel
 * (x, y) of the map is pixel (x, y) of each drawable, their offsets in
 * the image do not matter) the blur is the depth of field, and always
 * merged: GIMP 3.0 and 3.2 keep no filter with an aux input editable, so
 * merge-filter is not read.  Without one, the blur is today's, pixel for
 * pixel.
 *
 * With shape custom the aperture is a picture (aperture-picture.h): the
 * aperture-drawable argument (any open image's), else aperture-brush;
 * without either the call is a CALLING_ERROR naming both.  GIMP's filter
 * cannot carry the picture to our operation, so the passes run here, on
 * the shadow buffers, merged (merge-filter is not read), one undo step.
 */
#include "config.h"

#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>

#include "aperture-picture.h"
#include "apply-in-gimp.h"
#include "apply-shadow.h"
#include "cached-design.h"
#include "dialog.h"
#include "procedure-args.h"
#include "separable-bokeh.h"

typedef struct _Bokeh      Bokeh;
typedef struct _BokehClass BokehClass;

struct _Bokeh
{
  GimpPlugIn parent_instance;
};

struct _BokehClass
{
  GimpPlugInClass parent_class;
};

#define BOKEH_TYPE (bokeh_get_type ())
#define BOKEH(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), BOKEH_TYPE, Bokeh))

GType                   bokeh_get_type         (void) G_GNUC_CONST;

static GList          * bokeh_query_procedures (GimpPlugIn           *plug_in);
static GimpProcedure  * bokeh_create_procedure (GimpPlugIn           *plug_in,
                                                const gchar          *name);
static GimpValueArray * bokeh_run              (GimpProcedure        *procedure,
                                                GimpRunMode           run_mode,
                                                GimpImage            *image,
                                                GimpDrawable        **drawables,
                                                GimpProcedureConfig  *config,
                                                gpointer              run_data);

G_DEFINE_TYPE (Bokeh, bokeh, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (BOKEH_TYPE)

static void
bokeh_class_init (BokehClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = bokeh_query_procedures;
  plug_in_class->create_procedure = bokeh_create_procedure;
}

static void
bokeh_init (Bokeh *bokeh)
{
}

static GList *
bokeh_query_procedures (GimpPlugIn *plug_in)
{
  return g_list_append (NULL, g_strdup (PLUG_IN_PROC));
}

static GimpProcedure *
bokeh_create_procedure (GimpPlugIn  *plug_in,
                        const gchar *name)
{
  GimpProcedure *procedure;

  if (strcmp (name, PLUG_IN_PROC))
    return NULL;

  procedure = gimp_image_procedure_new (plug_in, name,
                                        GIMP_PDB_PROC_TYPE_PLUGIN,
                                        bokeh_run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure,
                                       GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                       GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label (procedure, _("Separable _Bokeh..."));
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Blur");
  gimp_procedure_set_icon_name (procedure, GIMP_ICON_GEGL);

  gimp_procedure_set_documentation
    (procedure,
     _("Lens blur with a disk-shaped aperture, fast"),
     _("Blurs like an out-of-focus lens: every point spreads into a disk. "
       "The disk is approximated by a few separable passes (a horizontal "
       "then a vertical 1-D blur each), found by singular value "
       "decomposition and refined by an optimizer that removes the dark "
       "rings (negative lobes) and the haze outside the disk that plain "
       "SVD leaves. More passes (rank) are closer to a true disk and "
       "slower. Works in linear light with premultiplied alpha."),
     PLUG_IN_PROC);
  gimp_procedure_set_attribution (procedure,
                                  "Separable Bokeh developers",
                                  "Separable Bokeh developers",
                                  "2026");

  bokeh_procedure_add_arguments (procedure);
  return procedure;
}

/* GEGL loads its modules, and with them our operation (gegl-op/), which
 * binds our translation domain to its own folder: the plug-in keeps its
 * own (locale/ beside it), or the dialog would lose its translations.
 * The modules are loaded here, within the binding's save and restore, by
 * listing the operations: GEGL may load them only on the first lookup
 * (measured: the dialog lost its German halfway, at the brush chooser).  */
static void
bokeh_gegl_init (void)
{
  const gchar *bound = bindtextdomain (GETTEXT_PACKAGE, NULL);
  gchar       *dir = g_strdup (bound);
  guint        n;

  gegl_init (NULL, NULL);
  g_free (gegl_list_operations (&n));
  if (dir)
    bindtextdomain (GETTEXT_PACKAGE, dir);
  g_free (dir);
}

/* Why DEPTH_MAP cannot serve DRAWABLES (a translated sentence naming it),
 * or NULL: it must belong to their image, not be indexed, and have each
 * one's width and height.  */
static gchar *
depth_map_error (GimpDrawable  *depth_map,
                 GimpDrawable **drawables,
                 gint           n_drawables)
{
  const gchar *name = gimp_item_get_name (GIMP_ITEM (depth_map));
  GimpImage   *image = gimp_item_get_image (GIMP_ITEM (drawables[0]));
  GimpImage   *own = gimp_item_get_image (GIMP_ITEM (depth_map));
  gint         w = gimp_drawable_get_width (depth_map);
  gint         h = gimp_drawable_get_height (depth_map);
  gint         i;

  if (! own || gimp_image_get_id (own) != gimp_image_get_id (image))
    return g_strdup_printf (_("The depth map '%s' belongs to another image; "
                              "pick a layer, layer mask or channel of the "
                              "image being blurred."), name);
  if (gimp_drawable_is_indexed (depth_map))
    return g_strdup_printf (_("The depth map '%s' is indexed; convert the "
                              "image to RGB or grayscale first (Image ▸ "
                              "Mode)."), name);
  for (i = 0; i < n_drawables; i++)
    if (gimp_drawable_get_width (drawables[i]) != w ||
        gimp_drawable_get_height (drawables[i]) != h)
      return g_strdup_printf (_("The depth map '%s' is %d × %d pixels and "
                                "'%s' is %d × %d: a depth map must have the "
                                "size of each drawable it blurs."),
                              name, w, h,
                              gimp_item_get_name (GIMP_ITEM (drawables[i])),
                              gimp_drawable_get_width (drawables[i]),
                              gimp_drawable_get_height (drawables[i]));
  return NULL;
}

static GimpValueArray *
bokeh_run (GimpProcedure        *procedure,
           GimpRunMode           run_mode,
           GimpImage            *image,
           GimpDrawable        **drawables,
           GimpProcedureConfig  *config,
           gpointer              run_data)
{
  SbokehParams       params;
  SbokehDesign      *design = NULL;
  GimpDrawable      *depth_map = NULL;
  BokehAperture     *aperture = NULL;
  SbokehStatus       status;
  GimpPDBStatusType  pdb_status = GIMP_PDB_SUCCESS;
  GError            *error = NULL;
  gboolean           merge = TRUE;
  gchar             *msg_depth = NULL;
  gint               n_drawables, i;

  n_drawables = gimp_core_object_array_get_length ((GObject **) drawables);
  if (n_drawables < 1)
    {
      g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                   _("Procedure '%s' needs at least one drawable."),
                   PLUG_IN_PROC);
      return gimp_procedure_new_return_values (procedure,
                                               GIMP_PDB_CALLING_ERROR, error);
    }
  for (i = 0; i < n_drawables; i++)
    if (gimp_item_is_group (GIMP_ITEM (drawables[i])))
      {
        /* A group's pixels are its layers': GIMP refuses to change them
         * (it would fail only at the end, after all the work).  */
        g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                     _("Separable Bokeh cannot change the layer group "
                       "'%s'; select the layers inside it instead."),
                     gimp_item_get_name (GIMP_ITEM (drawables[i])));
        return gimp_procedure_new_return_values (procedure,
                                                 GIMP_PDB_CALLING_ERROR,
                                                 error);
      }
  for (i = 0; i < n_drawables; i++)
    if (gimp_item_get_lock_content (GIMP_ITEM (drawables[i])))
      {
        g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                     _("The pixels of '%s' are locked; unlock them in the "
                       "Layers dialog first."),
                     gimp_item_get_name (GIMP_ITEM (drawables[i])));
        return gimp_procedure_new_return_values (procedure,
                                                 GIMP_PDB_CALLING_ERROR,
                                                 error);
      }
  for (i = 0; i < n_drawables; i++)
    if (gimp_drawable_is_indexed (drawables[i]))
      {
        g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                     _("Separable Bokeh does not work on indexed images; "
                       "convert the image to RGB first (Image ▸ Mode ▸ "
                       "RGB)."));
        return gimp_procedure_new_return_values (procedure,
                                                 GIMP_PDB_CALLING_ERROR,
                                                 error);
      }

  /* GEGL (its modules take a while to load) only where the plug-in works
   * on pixels itself: the preview, or the passes when GIMP cannot.  */
  if (run_mode == GIMP_RUN_INTERACTIVE)
    {
      bokeh_gegl_init ();
      gimp_ui_init (PLUG_IN_BINARY);
      if (! bokeh_dialog (procedure, config, drawables[0], &design))
        return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL,
                                                 NULL);
    }

  bokeh_params_from_config (config, &params);
  /* A custom aperture's picture, kept until the end of the run; reading a
   * brush's mask makes GEGL buffers, which need GEGL (without it, babl's
   * formats are not there: a GLib-CRITICAL from babl's hash table).  */
  if (params.aperture.shape == SBOKEH_SHAPE_CUSTOM)
    bokeh_gegl_init ();
  aperture = bokeh_aperture_read (config, NULL, &error);
  if (error)
    {
      bokeh_design_free (design);
      return gimp_procedure_new_return_values (procedure,
                                               GIMP_PDB_CALLING_ERROR, error);
    }
  if (aperture)
    sbokeh_aperture_set_picture (&params.aperture, &aperture->picture.picture);
  status = sbokeh_params_check (&params);
  if (status == SBOKEH_OK)
    {
      /* SBOKEH_SIMD naming a path this CPU cannot run: refused here, as
       * GIMP's run of our operation would only warn.  */
      SbokehSimd path;

      status = sbokeh_simd_active (&path);
    }
  g_object_get (config, BOKEH_MERGE_ARG, &merge, NULL);
  /* GIMP's filter cannot be given the picture (apply-in-gimp.c): a
   * custom aperture takes the shadow way, merged.  */
  if (params.aperture.shape == SBOKEH_SHAPE_CUSTOM)
    merge = TRUE;
  depth_map = bokeh_depth_map_from_config (config);
  if (depth_map)
    {
      /* The core designs a filter per slice of depth: the preview's
       * design is the uniform blur's.  */
      bokeh_design_free (design);
      design = NULL;
    }
  if (status != SBOKEH_OK)
    {
      gchar *msg = bokeh_params_error (status, &params);

      g_set_error_literal (&error, GIMP_PLUG_IN_ERROR, 0, msg);
      g_free (msg);
      pdb_status = GIMP_PDB_CALLING_ERROR;
    }
  else if (depth_map &&
           (msg_depth = depth_map_error (depth_map, drawables, n_drawables)))
    {
      g_set_error_literal (&error, GIMP_PLUG_IN_ERROR, 0, msg_depth);
      g_free (msg_depth);
      pdb_status = GIMP_PDB_CALLING_ERROR;
    }
  else
    {
      gimp_progress_init (_("Separable Bokeh"));
      if (bokeh_apply_in_gimp (drawables, n_drawables, &params, merge,
                               depth_map))
        pdb_status = GIMP_PDB_SUCCESS;
      else if (! merge && ! depth_map)
        {
          g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                       _("Keeping the blur editable needs GIMP to have the "
                         "GEGL operation %s (installed with the plug-in), "
                         "and works on layers only; set merge-filter to "
                         "blur the pixels instead."), BOKEH_OPERATION);
          pdb_status = GIMP_PDB_CALLING_ERROR;
        }
      else
        {
          bokeh_gegl_init ();
          /* The dialog's preview may have made it already; a depth map
           * needs none.  */
          if (! design && ! depth_map)
            design = bokeh_design_new (&params, &status);
          if (! design && ! depth_map)
            {
              g_set_error_literal (&error, GIMP_PLUG_IN_ERROR, 0,
                                   sbokeh_status_message (status));
              pdb_status = GIMP_PDB_EXECUTION_ERROR;
            }
          else if (! bokeh_apply_shadow (drawables, n_drawables,
                                         design ? &design->filters : NULL,
                                         &params, depth_map, &error))
            pdb_status = GIMP_PDB_EXECUTION_ERROR;
        }
      gimp_progress_end ();
    }

  bokeh_design_free (design);
  bokeh_aperture_unref (aperture);
  g_clear_object (&depth_map);
  return gimp_procedure_new_return_values (procedure, pdb_status, error);
}
