/* Separable Bokeh plug-in: the dialog.
 *
 * Layout: the drawable preview on the left; on the right the main
 * settings, the kernel picture with its figures, and the groups' pages:
 * aperture, depth of field, optimizer.
 *
 * Live preview without blocking the UI: every change starts a job on a
 * worker thread.  The main thread copies the visible area plus its halo
 * from the drawable (libgimp's buffers may only be used from the main
 * thread); the worker designs the filters (unless the cached design has
 * the same parameters, so panning never re-optimises) and runs the passes
 * on that copy only.  One job runs at a time; changes made meanwhile
 * start one more job when it ends.
 */
#include "config.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "aperture-picture.h"
#include "apply-in-gimp.h"
#include "cached-design.h"
#include "depth-controls.h"
#include "dialog.h"
#include "kernel-view.h"
#include "procedure-args.h"

/* Settings changes are gathered for this long before a job starts, so
 * dragging a slider does not queue a design per pixel of travel.  */
#define UPDATE_DELAY_MS 120

/* The shape error the dialog offers a rank for: 5 % is where a polygon's
 * corners read as corners in the highlights (issue 22; at 18 % a rotated
 * hexagon is a blob).  */
#define SUGGEST_SHAPE_ERROR 0.05

/* The preview measures the photo's grain on its middle, at most this
 * square (a preview's own area is often too small to measure: grain.h),
 * copied once: 1 megapixel holds about a thousand 32 × 32 blocks.  */
#define GRAIN_SAMPLE_SIDE 1024

typedef struct
{
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;
  GtkWidget           *preview;
  GtkWidget           *kernel_view;
  GtkWidget           *figures;
  GtkWidget           *suggest;     /* "use rank N": the rank for 5 %  */
  gint                 suggested;
  SbokehDesign        *design;      /* cache: the last design made     */
  gboolean             busy;        /* a job is running                */
  gboolean             pending;     /* settings changed while busy     */
  guint                timeout_id;
  gboolean             timing;      /* SBOKEH_PREVIEW_TIMING set       */
  gint                 cancel;      /* closing: the running job stops  */
  GeglBuffer          *grain_sample; /* the drawable's middle, or NULL */
  BokehDepthControls   depth;
  BokehAperture       *aperture;    /* the custom aperture's picture   */
  GtkWidget           *aperture_combo;  /* its drawable picker         */
  GtkWidget           *aperture_brush;  /* its brush chooser           */
} Dialog;

typedef struct
{
  SbokehParams   params;
  SbokehDesign  *design;         /* in: cached (may be NULL); out: used */
  gboolean       new_design;     /* design was made by this job          */
  GeglBuffer    *source;         /* visible area + halo, a private copy  */
  GeglBuffer    *depth_map;      /* the same of the depth map, or NULL   */
  gboolean       show_map;       /* draw the blur map, not the result    */
  GeglBuffer    *grain_sample;   /* where the grain is measured, or NULL */
  BokehAperture *aperture;       /* params' picture, or NULL             */
  const gint    *cancel;
  GeglRectangle  area;           /* the visible area                     */
  const Babl    *format;         /* the preview's 8-bit format           */
  guchar        *pixels;         /* out: area in format, or NULL         */
  SbokehQuality  quality;
  SbokehStatus   status;
  double         ui_seconds;      /* main thread: copying the source */
  double         design_seconds;
  double         render_seconds;
} Job;

static void start_job (Dialog *dlg);

/* A slider over the table's soft range, with its steps; the entry takes
 * the whole range.  */
static void
scale_entry (GimpProcedureDialog   *pd,
             const SbokehParamInfo *info)
{
  GtkWidget *entry = gimp_procedure_dialog_get_scale_entry (pd, info->name,
                                                            1.0);

  gimp_scale_entry_set_bounds (GIMP_SCALE_ENTRY (entry), info->soft_minimum,
                               info->soft_maximum, FALSE);
  gimp_label_spin_set_increments (GIMP_LABEL_SPIN (entry), info->step,
                                  info->page);
}

/* The widgets of the table's parameters: sliders, combo boxes for the
 * choices, greyed out when their WHEN does not hold; the names of GROUP's,
 * in table order, in a list (free it with g_list_free).  */
static GList *
group_widgets (GimpProcedureDialog *pd,
               SbokehParamGroup     group)
{
  GList *names = NULL;
  int    i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];

      /* An image or a picture has its own picker (depth-controls.c,
       * aperture_controls).  */
      if (info->group != group || info->kind == SBOKEH_PARAM_IMAGE ||
          info->kind == SBOKEH_PARAM_PICTURE)
        continue;
      if (info->kind == SBOKEH_PARAM_CHOICE ||
          info->kind == SBOKEH_PARAM_BOOLEAN)
        gimp_procedure_dialog_get_widget (pd, info->name, G_TYPE_NONE);
      else
        scale_entry (pd, info);
      if (info->only_if)
        {
          GimpValueArray *values = gimp_value_array_new (1);
          GValue          v = G_VALUE_INIT;

          g_value_init (&v, G_TYPE_STRING);
          g_value_set_string (&v, info->only_if_nick);
          gimp_value_array_append (values, &v);
          g_value_unset (&v);
          gimp_procedure_dialog_set_sensitive_if_in (pd, info->name, NULL,
                                                     info->only_if, values,
                                                     TRUE);
          gimp_value_array_unref (values);
        }
      names = g_list_append (names, (gpointer) info->name);
    }
  return names;
}

static void
job_free (Job *job)
{
  if (job->new_design)
    bokeh_design_free (job->design);
  g_clear_object (&job->source);
  g_clear_object (&job->depth_map);
  g_clear_object (&job->grain_sample);
  bokeh_aperture_unref (job->aperture);
  g_free (job->pixels);
  g_free (job);
}

/* The grain measured on the sample, added to the preview's area.  */
static SbokehStatus
add_grain (Job        *job,
           GeglBuffer *out)
{
  SbokehGrain     grain;
  SbokehGrainBlur blur = { job->params.radius, NULL, job->depth_map,
                           &job->params.depth };
  SbokehStatus    status = sbokeh_grain_measure (job->grain_sample, NULL,
                                                 &grain);

  if (status != SBOKEH_OK)
    return status;
  if (! job->depth_map)
    blur.depth = NULL;
  return sbokeh_grain_add (&grain, job->params.grain, job->params.grain_color,
                           SBOKEH_GRAIN_SEED, &blur, out, &job->area);
}

/* Worker thread: only the core and private GEGL buffers.  */
static void
job_run (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job    *job = task_data;
  gint64  t0 = g_get_monotonic_time ();

  if (! job->design)
    {
      job->design = bokeh_design_new (&job->params, &job->status);
      if (! job->design)
        return;
      job->new_design = TRUE;
      sbokeh_filters_quality (&job->design->filters, job->design->target.data,
                              &job->quality);
    }
  job->design_seconds = (g_get_monotonic_time () - t0) * 1e-6;

  if (job->source && job->show_map)
    {
      t0 = g_get_monotonic_time ();
      job->pixels = bokeh_depth_blur_map (&job->params, job->depth_map,
                                          &job->area, job->format);
      if (! job->pixels)
        job->status = SBOKEH_ERROR_NO_MEMORY;
      job->render_seconds = (g_get_monotonic_time () - t0) * 1e-6;
    }
  else if (job->source)
    {
      GeglBuffer *out;
      gint        bpp = babl_format_get_bytes_per_pixel (job->format);

      t0 = g_get_monotonic_time ();
      out = gegl_buffer_new (&job->area,
                             babl_format_with_space ("RaGaBaA float",
                                                     job->format));
      /* With a map the core designs each slice's filters itself.  */
      if (job->depth_map)
        job->status = sbokeh_depth_apply (&job->params, &job->params.depth,
                                          job->source, job->depth_map, out,
                                          &job->area, NULL, NULL,
                                          job->cancel);
      else
        job->status = sbokeh_apply_buffer (&job->design->filters,
                                           job->params.highlight_boost,
                                           job->source, out, &job->area,
                                           NULL, NULL, job->cancel);
      if (job->status == SBOKEH_OK && job->grain_sample)
        job->status = add_grain (job, out);
      if (job->status == SBOKEH_OK)
        {
          job->pixels = g_try_malloc ((gsize) job->area.width *
                                      job->area.height * bpp);
          if (job->pixels)
            gegl_buffer_get (out, &job->area, 1.0, job->format, job->pixels,
                             job->area.width * bpp, GEGL_ABYSS_NONE);
          else
            job->status = SBOKEH_ERROR_NO_MEMORY;
        }
      g_object_unref (out);
      job->render_seconds = (g_get_monotonic_time () - t0) * 1e-6;
    }
}

static void
show_figures (Dialog *dlg,
              Job    *job)
{
  const SbokehOptimizeReport *r = &dlg->design->optimize;
  gchar                      *text;

  text = g_strdup_printf (_("Shape error %.1f %% · ringing %.4f %% · "
                            "haze %.2f %%\nOptimized in %.0f ms "
                            "(%d evaluations)"),
                          100.0 * job->quality.relative_l2,
                          100.0 * job->quality.negative_mass,
                          100.0 * job->quality.leakage,
                          1e3 * (dlg->design->svd_seconds + r->seconds +
                                 dlg->design->boxes.seconds),
                          r->evaluations + dlg->design->boxes.evaluations);
  if (dlg->design->params.engine == SBOKEH_ENGINE_AUTO)
    {
      /* Which method "auto" took for this radius and CPU (engine.h).  */
      gchar *more = g_strdup_printf (_("%s\nAuto: %s"), text,
                                     dlg->design->engine == SBOKEH_ENGINE_BOXES
                                     ? _("Boxes (fast at any radius)")
                                     : _("Dense (exact filters)"));

      g_free (text);
      text = more;
    }
  gtk_label_set_text (GTK_LABEL (dlg->figures), text);
  g_free (text);

  /* The rank this shape needs, from the design's singular values.  */
  dlg->suggested = sbokeh_lowrank_rank_for (dlg->design->singular_values,
                                            dlg->design->target.size,
                                            SUGGEST_SHAPE_ERROR);
  if (dlg->suggested > dlg->design->params.rank)
    {
      text = g_strdup_printf (_("_Use rank %d for a shape error under %g %%"),
                              dlg->suggested, 100.0 * SUGGEST_SHAPE_ERROR);
      gtk_button_set_label (GTK_BUTTON (dlg->suggest), text);
      g_free (text);
    }
  gtk_widget_set_visible (dlg->suggest,
                          dlg->suggested > dlg->design->params.rank);
}

static void
use_suggested_rank (Dialog *dlg)
{
  g_object_set (dlg->config, sbokeh_params_table[SBOKEH_PARAM_RANK].name,
                dlg->suggested, NULL);
}

static void
job_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Dialog *dlg = user_data;
  Job    *job = g_task_get_task_data (G_TASK (result));

  dlg->busy = FALSE;

  if (job->new_design && job->status == SBOKEH_OK)
    {
      bokeh_design_free (dlg->design);
      dlg->design = job->design;
      job->new_design = FALSE;
      bokeh_kernel_view_set (dlg->kernel_view, dlg->design);
      show_figures (dlg, job);
    }
  else if (job->status != SBOKEH_OK && job->status != SBOKEH_ERROR_CANCELLED)
    {
      gtk_label_set_text (GTK_LABEL (dlg->figures),
                          sbokeh_status_message (job->status));
    }

  if (job->pixels)
    {
      gint x, y, w, h;

      gimp_preview_get_position (GIMP_PREVIEW (dlg->preview), &x, &y);
      gimp_preview_get_size (GIMP_PREVIEW (dlg->preview), &w, &h);
      if (x == job->area.x && y == job->area.y && w == job->area.width &&
          h == job->area.height)
        gimp_preview_draw_buffer (GIMP_PREVIEW (dlg->preview), job->pixels,
                                  w * babl_format_get_bytes_per_pixel (
                                        job->format));
      else
        dlg->pending = TRUE;
    }
  if (dlg->timing)
    g_printerr ("separable-bokeh preview: radius %g rank %d area %dx%d "
                "main thread %.1f ms, worker: design %.1f ms render %.1f ms\n",
                job->params.radius, job->params.rank, job->area.width,
                job->area.height, job->ui_seconds * 1e3,
                job->design_seconds * 1e3, job->render_seconds * 1e3);

  if (dlg->pending)
    {
      dlg->pending = FALSE;
      start_job (dlg);
    }
}

static const Babl *
preview_format (GimpDrawable *drawable)
{
  const Babl *space = gimp_drawable_get_format (drawable);
  gboolean    alpha = gimp_drawable_has_alpha (drawable);

  if (gimp_drawable_is_gray (drawable))
    return babl_format_with_space (alpha ? "Y'A u8" : "Y' u8", space);
  return babl_format_with_space (alpha ? "R'G'B'A u8" : "R'G'B' u8", space);
}

/* The drawable's middle, copied the first time grain is asked for.  */
static GeglBuffer *
grain_sample (Dialog *dlg)
{
  if (! dlg->grain_sample)
    {
      GeglBuffer          *buffer = gimp_drawable_get_buffer (dlg->drawable);
      const GeglRectangle *all = gegl_buffer_get_extent (buffer);
      GeglRectangle        middle;

      middle.width  = MIN (all->width, GRAIN_SAMPLE_SIDE);
      middle.height = MIN (all->height, GRAIN_SAMPLE_SIDE);
      middle.x = all->x + (all->width - middle.width) / 2;
      middle.y = all->y + (all->height - middle.height) / 2;
      dlg->grain_sample = gegl_buffer_new (&middle,
                                           gegl_buffer_get_format (buffer));
      gegl_buffer_copy (buffer, &middle, GEGL_ABYSS_NONE, dlg->grain_sample,
                        &middle);
      g_object_unref (buffer);
    }
  return dlg->grain_sample;
}

/* The custom aperture's picture for PARAMS, read once per source (a
 * modal dialog's drawables and brushes do not change), set on PARAMS and
 * a reference in *aperture; FALSE (the message shown) when it cannot
 * serve.  */
static gboolean
aperture_for (Dialog         *dlg,
              SbokehParams   *params,
              BokehAperture **aperture)
{
  GError        *error = NULL;
  BokehAperture *a = bokeh_aperture_read (dlg->config, dlg->aperture,
                                          &error);

  *aperture = NULL;
  if (error)
    {
      gtk_label_set_text (GTK_LABEL (dlg->figures), error->message);
      g_error_free (error);
      return FALSE;
    }
  if (a)
    {
      bokeh_aperture_unref (dlg->aperture);
      dlg->aperture = bokeh_aperture_ref (a);
      sbokeh_aperture_set_picture (&params->aperture, &a->picture.picture);
    }
  *aperture = a;
  return TRUE;
}

static void
start_job (Dialog *dlg)
{
  Job          *job;
  GTask        *task;
  SbokehStatus  status;

  if (dlg->busy)
    {
      dlg->pending = TRUE;
      return;
    }

  job = g_new0 (Job, 1);
  bokeh_params_from_config (dlg->config, &job->params);
  if (! aperture_for (dlg, &job->params, &job->aperture))
    {
      g_free (job);
      return;
    }
  status = sbokeh_params_check (&job->params);
  if (status != SBOKEH_OK)
    {
      gchar *msg = bokeh_params_error (status, &job->params);

      gtk_label_set_text (GTK_LABEL (dlg->figures), msg);
      g_free (msg);
      bokeh_aperture_unref (job->aperture);
      g_free (job);
      return;
    }
  if (dlg->design &&
      sbokeh_params_same_design (&dlg->design->params, &job->params))
    job->design = dlg->design;

  if (gimp_preview_get_update (GIMP_PREVIEW (dlg->preview)))
    {
      gint64        t0 = g_get_monotonic_time ();
      GimpDrawable *map = bokeh_depth_map_usable (dlg->config,
                                                  dlg->drawable);
      gint          halo = sbokeh_params_kernel_size (job->params.radius) / 2;
      GeglBuffer   *buffer = gimp_drawable_get_buffer (dlg->drawable);
      GeglRectangle copy;

      /* With a map a region reads twice the reach (depth.h).  */
      if (map)
        halo = 2 * halo + 2;

      gimp_preview_get_position (GIMP_PREVIEW (dlg->preview), &job->area.x,
                                 &job->area.y);
      gimp_preview_get_size (GIMP_PREVIEW (dlg->preview), &job->area.width,
                             &job->area.height);
      copy = job->area;
      copy.x -= halo;
      copy.y -= halo;
      copy.width += 2 * halo;
      copy.height += 2 * halo;
      gegl_rectangle_intersect (&copy, &copy, gegl_buffer_get_extent (buffer));

      /* Clamping at the copy's edges equals clamping at the drawable's:
       * the copy holds every drawable pixel within the halo.  */
      job->source = gegl_buffer_new (&copy, gegl_buffer_get_format (buffer));
      gegl_buffer_copy (buffer, &copy, GEGL_ABYSS_NONE, job->source, &copy);
      g_object_unref (buffer);
      if (map)
        {
          buffer = gimp_drawable_get_buffer (map);
          job->depth_map = gegl_buffer_new (&copy, babl_format ("Y' float"));
          gegl_buffer_copy (buffer, &copy, GEGL_ABYSS_NONE, job->depth_map,
                            &copy);
          g_object_unref (buffer);
          job->show_map = bokeh_depth_controls_show_map (&dlg->depth);
          g_object_unref (map);
        }
      job->cancel = &dlg->cancel;
      if (job->params.grain > 0.0)
        job->grain_sample = g_object_ref (grain_sample (dlg));
      job->format = preview_format (dlg->drawable);
      job->ui_seconds = (g_get_monotonic_time () - t0) * 1e-6;
    }

  if (! job->design)
    gtk_label_set_text (GTK_LABEL (dlg->figures), _("Optimizing…"));

  dlg->busy = TRUE;
  task = g_task_new (NULL, NULL, job_done, dlg);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_run);
  g_object_unref (task);
}

static gboolean
update_timeout (gpointer data)
{
  Dialog *dlg = data;

  dlg->timeout_id = 0;
  start_job (dlg);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (Dialog *dlg)
{
  if (dlg->timeout_id)
    g_source_remove (dlg->timeout_id);
  dlg->timeout_id = g_timeout_add (UPDATE_DELAY_MS, update_timeout, dlg);
}

/* The custom aperture's picker lists every open image's drawables but
 * groups (GIMP's own, for a drawable argument, lists the same).  */
static gboolean
aperture_candidate (GimpImage *image,
                    GimpItem  *item,
                    gpointer   data)
{
  return GIMP_IS_DRAWABLE (item) && ! gimp_item_is_group (item);
}

static void
aperture_combo_changed (GtkWidget *combo,
                        Dialog    *dlg)
{
  gint          id = -1;
  GimpDrawable *drawable = NULL;

  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &id) &&
      id != -1)
    drawable = gimp_drawable_get_by_id (id);
  g_object_set (dlg->config, bokeh_aperture_drawable_arg (), drawable,
                NULL);
}

/* The picker and the brush chooser matter with shape custom only.  */
static void
aperture_sensitivity (GObject    *config,
                      GParamSpec *pspec,
                      Dialog     *dlg)
{
  gboolean custom = gimp_procedure_config_get_choice_id (
                      dlg->config,
                      sbokeh_params_table[SBOKEH_PARAM_SHAPE].name) ==
                    SBOKEH_SHAPE_CUSTOM;

  gtk_widget_set_sensitive (dlg->aperture_combo, custom);
  gtk_widget_set_sensitive (dlg->aperture_brush, custom);
}

/* The picture entry's widgets, registered in PD: a box with a label and
 * a picker of any open image's drawables (or none), and GIMP's brush
 * chooser for the brush argument; their names in a list.  */
static GList *
aperture_controls (Dialog              *dlg,
                   GimpProcedureDialog *pd)
{
  const SbokehParamInfo *info =
    &sbokeh_params_table[SBOKEH_PARAM_APERTURE_PICTURE];
  GimpDrawable          *drawable = NULL;
  GtkWidget             *label, *box;
  gint                   id = -1;

  g_object_get (dlg->config, bokeh_aperture_drawable_arg (), &drawable,
                NULL);
  if (drawable && gimp_item_is_valid (GIMP_ITEM (drawable)))
    id = gimp_item_get_id (GIMP_ITEM (drawable));
  else
    g_object_set (dlg->config, bokeh_aperture_drawable_arg (), NULL, NULL);
  g_clear_object (&drawable);

  label = gimp_procedure_dialog_get_label (pd, "aperture-picture-label", "",
                                           FALSE, FALSE);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (label), _(info->label));
  box = gimp_procedure_dialog_fill_box (pd, "aperture-picture-box",
                                        "aperture-picture-label", NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (box),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (box), 6);
  dlg->aperture_combo = gimp_drawable_combo_box_new (aperture_candidate,
                                                     NULL, NULL);
  gimp_int_combo_box_prepend (GIMP_INT_COMBO_BOX (dlg->aperture_combo),
                              GIMP_INT_STORE_VALUE, -1,
                              GIMP_INT_STORE_LABEL,
                              _("None (the brush below)"), -1);
  gtk_widget_set_tooltip_text (dlg->aperture_combo, _(info->description));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dlg->aperture_combo);
  gtk_box_pack_start (GTK_BOX (box), dlg->aperture_combo, TRUE, TRUE, 0);
  gimp_int_combo_box_connect (GIMP_INT_COMBO_BOX (dlg->aperture_combo), id,
                              G_CALLBACK (aperture_combo_changed), dlg,
                              NULL);
  gtk_widget_show (dlg->aperture_combo);

  dlg->aperture_brush = gimp_procedure_dialog_get_widget (
                          pd, bokeh_aperture_brush_arg (), G_TYPE_NONE);
  g_signal_connect (dlg->config, "notify::shape",
                    G_CALLBACK (aperture_sensitivity), dlg);
  aperture_sensitivity (G_OBJECT (dlg->config), NULL, dlg);

  return g_list_append (g_list_append (NULL, "aperture-picture-box"),
                        (gpointer) bokeh_aperture_brush_arg ());
}

gboolean
bokeh_dialog (GimpProcedure        *procedure,
              GimpProcedureConfig  *config,
              GimpDrawable         *drawable,
              SbokehDesign        **design)
{
  GimpProcedureDialog *pd;
  GtkWidget           *dialog, *settings, *main_box, *frame, *vbox;
  GList               *main_names, *names;
  GtkWidget           *merge, *notebook;
  GimpDrawable        *map;
  gint                 n_main;
  Dialog               dlg = { 0 };
  SbokehParams         final;
  gboolean             run;

  dlg.config   = config;
  dlg.drawable = drawable;
  dlg.timing   = g_getenv ("SBOKEH_PREVIEW_TIMING") != NULL;

  dialog = gimp_procedure_dialog_new (procedure, config, _("Separable Bokeh"));
  pd = GIMP_PROCEDURE_DIALOG (dialog);

  dlg.preview = gimp_procedure_dialog_get_drawable_preview (pd, "preview",
                                                            drawable);
  gtk_widget_set_size_request (dlg.preview, 360, 300);

  /* Every parameter of the table in its group's box.  */
  main_names = group_widgets (pd, SBOKEH_GROUP_MAIN);
  gimp_procedure_dialog_get_label (pd, "aperture-title", _("Aperture"),
                                   FALSE, FALSE);
  names = group_widgets (pd, SBOKEH_GROUP_APERTURE);
  names = g_list_concat (names, aperture_controls (&dlg, pd));
  gimp_procedure_dialog_fill_box_list (pd, "aperture-box", names);
  g_list_free (names);
  gimp_procedure_dialog_get_label (pd, "optimization-title",
                                   _("Optimization"), FALSE, FALSE);
  names = group_widgets (pd, SBOKEH_GROUP_OPTIMIZER);
  gimp_procedure_dialog_fill_box_list (pd, "optimization-box", names);
  g_list_free (names);

  /* Keeping the blur editable needs GIMP to run it (a layer, and the
   * GEGL operation installed): otherwise the pixels are blurred.  */
  merge = gimp_procedure_dialog_get_widget (pd, BOKEH_MERGE_ARG, G_TYPE_NONE);
  if (! bokeh_gimp_has_operation (drawable))
    {
      g_object_set (config, BOKEH_MERGE_ARG, TRUE, NULL);
      gtk_widget_set_sensitive (merge, FALSE);
      merge = NULL;
    }
  bokeh_depth_controls_init (&dlg.depth, pd, config, drawable, dlg.preview,
                             merge, group_widgets (pd, SBOKEH_GROUP_DEPTH),
                             G_CALLBACK (schedule_update), &dlg);
  /* The groups as pages, so that the dialog fits a laptop's screen.  */
  notebook = gimp_procedure_dialog_fill_notebook (pd, "groups-notebook",
                                                  "aperture-title",
                                                  "aperture-box",
                                                  "depth-title", "depth-box",
                                                  "optimization-title",
                                                  "optimization-box", NULL);
  /* Opened with a depth map (a script's, or the last values): its page.  */
  map = bokeh_depth_map_usable (config, drawable);
  if (map)
    gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook), 1);
  g_clear_object (&map);
  n_main = g_list_length (main_names);
  main_names = g_list_append (main_names, "groups-notebook");
  main_names = g_list_append (main_names, BOKEH_MERGE_ARG);
  settings = gimp_procedure_dialog_fill_box_list (pd, "settings-box",
                                                  main_names);
  g_list_free (main_names);
  gtk_widget_set_size_request (settings, 340, -1);

  /* The kernel picture and its figures, after the main parameters.  */
  frame = gimp_frame_new (_("Kernel"));
  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_container_add (GTK_CONTAINER (frame), vbox);
  dlg.kernel_view = bokeh_kernel_view_new ();
  gtk_box_pack_start (GTK_BOX (vbox), dlg.kernel_view, FALSE, FALSE, 0);
  dlg.figures = gtk_label_new (_("Optimizing…"));
  gtk_label_set_justify (GTK_LABEL (dlg.figures), GTK_JUSTIFY_CENTER);
  gtk_box_pack_start (GTK_BOX (vbox), dlg.figures, FALSE, FALSE, 0);
  dlg.suggest = gtk_button_new_with_mnemonic ("");
  gtk_widget_set_halign (dlg.suggest, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (dlg.suggest, "clicked",
                            G_CALLBACK (use_suggested_rank), &dlg);
  gtk_box_pack_start (GTK_BOX (vbox), dlg.suggest, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (settings), frame, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (settings), frame, n_main);
  gtk_widget_show_all (frame);
  gtk_widget_hide (dlg.suggest);

  main_box = gimp_procedure_dialog_fill_box (pd, "main-box", "preview",
                                             "settings-box", NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (main_box),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (main_box), 12);
  gtk_box_set_child_packing (GTK_BOX (main_box), dlg.preview, TRUE, TRUE, 0,
                             GTK_PACK_START);
  gimp_procedure_dialog_fill (pd, "main-box", NULL);

  g_signal_connect_swapped (dlg.preview, "invalidated",
                            G_CALLBACK (start_job), &dlg);
  g_signal_connect_swapped (config, "notify",
                            G_CALLBACK (schedule_update), &dlg);
  schedule_update (&dlg);

  run = gimp_procedure_dialog_run (pd);

  g_signal_handlers_disconnect_by_data (config, &dlg);
  bokeh_depth_controls_clear (&dlg.depth);
  if (dlg.timeout_id)
    g_source_remove (dlg.timeout_id);
  dlg.pending = FALSE;
  dlg.cancel = 1;
  while (dlg.busy)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_destroy (dialog);
  g_clear_object (&dlg.grain_sample);

  bokeh_params_from_config (config, &final);
  {
    BokehAperture *a = bokeh_aperture_read (config, dlg.aperture, NULL);

    if (a)
      sbokeh_aperture_set_picture (&final.aperture, &a->picture.picture);
    bokeh_aperture_unref (a);   /* the hash is copied: enough below */
  }
  if (run && dlg.design &&
      sbokeh_params_same_design (&dlg.design->params, &final))
    *design = dlg.design;
  else
    {
      bokeh_design_free (dlg.design);
      *design = NULL;
    }
  bokeh_aperture_unref (dlg.aperture);
  return run;
}
