/* Separable Bokeh — a lens blur for GIMP 3.
 *
 * The procedure plug-in-separable-bokeh (Filters ▸ Blur ▸ Separable
 * Bokeh…): arguments, run modes, and the work on the drawables' shadow
 * buffers.  The filter itself lives in core/ (see core/README.md); the
 * dialog in dialog.c.
 */
#include "config.h"

#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>

#include "dialog.h"
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
static gboolean         bokeh_apply_in_gimp    (GimpDrawable        **drawables,
                                                gint                  n_drawables,
                                                const SbokehParams   *params,
                                                gboolean              merge);
static gboolean         bokeh_apply            (GimpDrawable        **drawables,
                                                gint                  n_drawables,
                                                const SbokehFilters  *filters,
                                                double                boost,
                                                GError              **error);

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

  /* Ranges and defaults: core/params.h (the rank is capped lower here).  */
  gimp_procedure_add_double_argument (procedure, "radius",
                                      _("R_adius"),
                                      _("Radius of the aperture disk, in "
                                        "pixels"),
                                      SBOKEH_RADIUS_MIN, SBOKEH_RADIUS_MAX,
                                      SBOKEH_RADIUS_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "rank",
                                   _("_Passes (rank)"),
                                   _("Number of separable passes: more is "
                                     "closer to a true disk, and slower"),
                                   SBOKEH_RANK_MIN, PLUG_IN_RANK_MAX,
                                   SBOKEH_RANK_DEFAULT,
                                   G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "l2-weight",
                                      _("Shape _weight"),
                                      _("Weight of the squared error between "
                                        "the applied kernel and the disk"),
                                      0.0, SBOKEH_WEIGHT_MAX,
                                      SBOKEH_L2_WEIGHT_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "non-negativity-weight",
                                      _("_No-ringing weight"),
                                      _("Weight against negative kernel "
                                        "values, which draw dark rings "
                                        "around highlights"),
                                      0.0, SBOKEH_WEIGHT_MAX,
                                      SBOKEH_NONNEG_WEIGHT_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "keep-zeros-weight",
                                      _("No-_haze weight"),
                                      _("Weight against kernel values outside "
                                        "the disk, which spread a faint haze"),
                                      0.0, SBOKEH_WEIGHT_MAX,
                                      SBOKEH_ZEROS_WEIGHT_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_choice_argument (procedure, "shape",
                                      _("Aperture shap_e"),
                                      _("Shape of the aperture: a disk, or a "
                                        "polygon of straight or curved "
                                        "blades"),
                                      gimp_choice_new_with_values (
                                        "disk", SBOKEH_SHAPE_DISK,
                                        _("Disk"), NULL,
                                        "polygon", SBOKEH_SHAPE_POLYGON,
                                        _("Polygon"), NULL,
                                        NULL),
                                      "disk", G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "blades",
                                   _("Bla_des"),
                                   _("Number of blades of a polygon "
                                     "aperture"),
                                   SBOKEH_BLADES_MIN, SBOKEH_BLADES_MAX,
                                   SBOKEH_BLADES_DEFAULT, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "rotation",
                                      _("Rotat_ion"),
                                      _("Rotation of a polygon aperture, in "
                                        "degrees"),
                                      -SBOKEH_ROTATION_MAX,
                                      SBOKEH_ROTATION_MAX, 0.0,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "curvature",
                                      _("C_urvature"),
                                      _("Curvature of the blades: 0 is "
                                        "straight, 1 is a circle"),
                                      0.0, 1.0, SBOKEH_CURVATURE_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "highlight-boost",
                                      _("Hi_ghlight boost"),
                                      _("Makes bright points bloom into "
                                        "crisp aperture shapes, as real "
                                        "lights do; 0 is none"),
                                      0.0, SBOKEH_HIGHLIGHT_BOOST_MAX,
                                      SBOKEH_HIGHLIGHT_BOOST_DEFAULT,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "max-evaluations",
                                   _("Optimizer _budget"),
                                   _("Maximum loss evaluations of the "
                                     "optimizer; 0 uses the plain SVD "
                                     "passes"),
                                   0, SBOKEH_EVALUATIONS_MAX,
                                   SBOKEH_EVALUATIONS_DEFAULT,
                                   G_PARAM_READWRITE);
  /* Last, so that calls by position made before it existed still work.  */
  gimp_procedure_add_choice_argument (procedure, "engine",
                                      _("_Method"),
                                      _("Dense filters take time in "
                                        "proportion to the radius; sums of "
                                        "boxes take the same time at any "
                                        "radius, a little less exact"),
                                      gimp_choice_new_with_values (
                                        "dense", SBOKEH_ENGINE_DENSE,
                                        _("Dense (exact filters)"), NULL,
                                        "boxes", SBOKEH_ENGINE_BOXES,
                                        _("Boxes (fast at any radius)"), NULL,
                                        "auto", SBOKEH_ENGINE_AUTO,
                                        _("Auto (the faster for the radius)"),
                                        NULL,
                                        NULL),
                                      "auto", G_PARAM_READWRITE);
  /* After engine, for the same reason.  */
  gimp_procedure_add_boolean_argument (procedure, "merge-filter",
                                       _("Merge _filter"),
                                       _("Blur the layer's pixels; when off, "
                                         "the blur stays on the layer as a "
                                         "filter that can be edited later "
                                         "(GIMP's layer effects)"),
                                       TRUE, G_PARAM_READWRITE);
  return procedure;
}

void
bokeh_params_from_config (GimpProcedureConfig *config,
                          SbokehParams        *params)
{
  sbokeh_params_init_default (params);
  g_object_get (config,
                "radius",                &params->radius,
                "rank",                  &params->rank,
                "l2-weight",             &params->l2_weight,
                "non-negativity-weight", &params->nonneg_weight,
                "keep-zeros-weight",     &params->zeros_weight,
                "max-evaluations",       &params->max_evaluations,
                "blades",                &params->aperture.blades,
                "rotation",              &params->aperture.rotation,
                "curvature",             &params->aperture.curvature,
                "highlight-boost",       &params->highlight_boost,
                NULL);
  params->aperture.shape = gimp_procedure_config_get_choice_id (config,
                                                                "shape");
  params->engine = gimp_procedure_config_get_choice_id (config, "engine");
}

gchar *
bokeh_params_error (SbokehStatus        status,
                    const SbokehParams *params)
{
  switch (status)
    {
    case SBOKEH_ERROR_RADIUS:
      return g_strdup_printf (_("Radius %g is out of range: use %g to %g "
                                "pixels."), params->radius,
                              SBOKEH_RADIUS_MIN, SBOKEH_RADIUS_MAX);
    case SBOKEH_ERROR_RANK:
      return g_strdup_printf (_("Rank %d is out of range: use 1 to %d passes, "
                                "and at most the kernel size "
                                "2 × ⌈radius⌉ + 1 = %d."),
                              params->rank, PLUG_IN_RANK_MAX,
                              sbokeh_params_kernel_size (params->radius));
    case SBOKEH_ERROR_WEIGHT:
      return g_strdup_printf (_("The weights must be from 0 to %g (got "
                                "l2-weight %g, non-negativity-weight %g, "
                                "keep-zeros-weight %g)."),
                              SBOKEH_WEIGHT_MAX, params->l2_weight,
                              params->nonneg_weight, params->zeros_weight);
    case SBOKEH_ERROR_WEIGHTS_ZERO:
      return g_strdup (_("At least one of l2-weight, non-negativity-weight "
                         "and keep-zeros-weight must be above 0."));
    case SBOKEH_ERROR_EVALUATIONS:
      return g_strdup_printf (_("max-evaluations %d is out of range: use 0 "
                                "to %d."), params->max_evaluations,
                              SBOKEH_EVALUATIONS_MAX);
    case SBOKEH_ERROR_APERTURE:
    case SBOKEH_ERROR_HIGHLIGHTS:
    default:
      return g_strdup (_(sbokeh_status_message (status)));
    }
}

/* GEGL loads its modules, and with them our operation (gegl-op/), which
 * binds our translation domain to its own folder: the plug-in keeps its
 * own (locale/ beside it), or the dialog would lose its translations.  */
static void
bokeh_gegl_init (void)
{
  const gchar *bound = bindtextdomain (GETTEXT_PACKAGE, NULL);
  gchar       *dir = g_strdup (bound);

  gegl_init (NULL, NULL);
  if (dir)
    bindtextdomain (GETTEXT_PACKAGE, dir);
  g_free (dir);
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
  SbokehDesign       design;
  SbokehDesign      *cached = NULL;
  SbokehStatus       status;
  GimpPDBStatusType  pdb_status = GIMP_PDB_SUCCESS;
  GError            *error = NULL;
  gboolean           merge = TRUE;
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
      if (! bokeh_dialog (procedure, config, drawables[0], &cached))
        return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL,
                                                 NULL);
    }

  bokeh_params_from_config (config, &params);
  status = sbokeh_params_check (&params);
  if (status == SBOKEH_OK)
    {
      /* SBOKEH_SIMD naming a path this CPU cannot run: refused here, as
       * GIMP's run of our operation would only warn.  */
      SbokehSimd path;

      status = sbokeh_simd_active (&path);
    }
  if (status != SBOKEH_OK)
    {
      gchar *msg = bokeh_params_error (status, &params);

      if (cached)
        {
          sbokeh_design_clear (cached);
          g_free (cached);
        }

      g_set_error_literal (&error, GIMP_PLUG_IN_ERROR, 0, msg);
      g_free (msg);
      return gimp_procedure_new_return_values (procedure,
                                               GIMP_PDB_CALLING_ERROR, error);
    }

  g_object_get (config, "merge-filter", &merge, NULL);
  gimp_progress_init (_("Separable Bokeh"));
  if (bokeh_apply_in_gimp (drawables, n_drawables, &params, merge))
    {
      if (cached)
        {
          sbokeh_design_clear (cached);
          g_free (cached);
        }
      gimp_progress_end ();
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS,
                                               NULL);
    }
  if (! merge)
    {
      if (cached)
        {
          sbokeh_design_clear (cached);
          g_free (cached);
        }
      gimp_progress_end ();
      g_set_error (&error, GIMP_PLUG_IN_ERROR, 0,
                   _("Keeping the blur editable needs GIMP to have the GEGL "
                     "operation %s (installed with the plug-in), and works "
                     "on layers only; set merge-filter to blur the pixels "
                     "instead."), BOKEH_OPERATION);
      return gimp_procedure_new_return_values (procedure,
                                               GIMP_PDB_CALLING_ERROR, error);
    }
  bokeh_gegl_init ();
  if (cached)
    {
      design = *cached;   /* the dialog's preview already made it */
      g_free (cached);
      status = SBOKEH_OK;
    }
  else
    status = sbokeh_design_run (&params, &design);
  if (status != SBOKEH_OK)
    {
      g_set_error (&error, GIMP_PLUG_IN_ERROR, 0, "%s",
                   _(sbokeh_status_message (status)));
      return gimp_procedure_new_return_values (procedure,
                                               GIMP_PDB_EXECUTION_ERROR,
                                               error);
    }

  if (! bokeh_apply (drawables, n_drawables, &design.filters,
                     params.highlight_boost, &error))
    pdb_status = GIMP_PDB_EXECUTION_ERROR;
  gimp_progress_end ();

  sbokeh_design_clear (&design);
  return gimp_procedure_new_return_values (procedure, pdb_status, error);
}

/* GIMP runs the filter in its own process when it has our GEGL operation
 * (gegl-op/, installed with the plug-in): the layer then never crosses the
 * pipe between GIMP and the plug-in, which on a 12-megapixel photo takes
 * longer than the passes themselves (README, "Through GIMP").  The pixels
 * are the same either way (tests/test-plugin.c).  GIMP 3.0 filters layers
 * only, so channels and layer masks take the plug-in's own way, as does
 * everything when SBOKEH_IN_PLUGIN is set (tests, benchmark).  Returns
 * FALSE, with nothing changed, when this way is not open.  */
static gboolean
bokeh_apply_in_gimp (GimpDrawable       **drawables,
                     gint                 n_drawables,
                     const SbokehParams  *params,
                     gboolean             merge)
{
  GimpPlugIn          *plug_in = gimp_get_plug_in ();
  GimpPDBErrorHandler  handler;
  GimpDrawableFilter **filters;
  GimpImage           *image;
  gint                 i, made;
  gint64               start = g_get_monotonic_time ();

  if (g_getenv ("SBOKEH_IN_PLUGIN"))
    return FALSE;
  for (i = 0; i < n_drawables; i++)
    if (! GIMP_IS_LAYER (drawables[i]))
      return FALSE;

  /* A GIMP without the operation refuses to make the filter: that is an
   * answer here, not an error to show the user.  */
  handler = gimp_plug_in_get_pdb_error_handler (plug_in);
  gimp_plug_in_set_pdb_error_handler (plug_in, GIMP_PDB_ERROR_HANDLER_PLUGIN);
  filters = g_new0 (GimpDrawableFilter *, n_drawables);
  for (made = 0; made < n_drawables; made++)
    {
      filters[made] = gimp_drawable_filter_new (drawables[made],
                                                BOKEH_OPERATION,
                                                _("Separable Bokeh"));
      if (! filters[made])
        break;
    }
  gimp_plug_in_set_pdb_error_handler (plug_in, handler);
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
      GimpDrawableFilterConfig *config;

      config = gimp_drawable_filter_get_config (filters[i]);
      g_object_set (config,
                    "radius",                params->radius,
                    "rank",                  params->rank,
                    "shape",                 params->aperture.shape ==
                                             SBOKEH_SHAPE_POLYGON
                                             ? "polygon" : "disk",
                    "blades",                params->aperture.blades,
                    "rotation",              params->aperture.rotation,
                    "curvature",             params->aperture.curvature,
                    "highlight-boost",       params->highlight_boost,
                    "l2-weight",             params->l2_weight,
                    "non-negativity-weight", params->nonneg_weight,
                    "keep-zeros-weight",     params->zeros_weight,
                    "max-evaluations",       params->max_evaluations,
                    "engine",                sbokeh_engine_name
                                               (params->engine),
                    NULL);
      if (merge)
        gimp_drawable_merge_filter (drawables[i], filters[i]);
      else
        gimp_drawable_append_filter (drawables[i], filters[i]);
      gimp_progress_update ((i + 1.0) / n_drawables);
    }
  gimp_image_undo_group_end (image);
  g_free (filters);

  if (g_getenv ("SBOKEH_APPLY_TIMING"))
    g_printerr ("separable-bokeh apply: in GIMP, %d drawable(s) in %.3f s\n",
                n_drawables, (g_get_monotonic_time () - start) * 1e-6);
  return TRUE;
}

gboolean
bokeh_gimp_has_operation (GimpDrawable *drawable)
{
  GimpPlugIn          *plug_in = gimp_get_plug_in ();
  GimpPDBErrorHandler  handler;
  GimpDrawableFilter  *filter = NULL;

  if (g_getenv ("SBOKEH_IN_PLUGIN") || ! GIMP_IS_LAYER (drawable) ||
      gimp_item_is_group (GIMP_ITEM (drawable)))
    return FALSE;
  handler = gimp_plug_in_get_pdb_error_handler (plug_in);
  gimp_plug_in_set_pdb_error_handler (plug_in, GIMP_PDB_ERROR_HANDLER_PLUGIN);
  filter = gimp_drawable_filter_new (drawable, BOKEH_OPERATION,
                                     _("Separable Bokeh"));
  gimp_plug_in_set_pdb_error_handler (plug_in, handler);
  if (filter)
    gimp_drawable_filter_delete (filter);
  return filter != NULL;
}

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

/* All drawables are computed into their shadow buffers first and merged
 * only when every one succeeded: an error leaves the image untouched.
 * Merging several drawables is one undo group.  */
static gboolean
bokeh_apply (GimpDrawable        **drawables,
             gint                  n_drawables,
             const SbokehFilters  *filters,
             double                boost,
             GError              **error)
{
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
      status = sbokeh_apply_buffer (filters, boost, source, shadow, r,
                                    bokeh_progress, &progress, NULL);
      g_object_unref (source);
      g_object_unref (shadow);  /* sends the last tiles to GIMP */
      if (g_getenv ("SBOKEH_APPLY_TIMING"))
        g_printerr ("separable-bokeh apply: in the plug-in, %dx%d in %.3f s\n", r->width,
                    r->height, (g_get_monotonic_time () - start) * 1e-6);

      if (status != SBOKEH_OK)
        {
          g_set_error (error, GIMP_PLUG_IN_ERROR, 0, "%s",
                       _(sbokeh_status_message (status)));
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

  g_free (rects);
  g_free (todo);
  return ok;
}
