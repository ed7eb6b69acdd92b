/* Separable Bokeh plug-in: the kernel picture.
 *
 * Two panels: the target aperture T and the kernel K the passes apply, both on
 * the same scale (1 = white).  Negative values, which draw dark rings
 * around highlights, are red, amplified by NEGATIVE_GAIN so that even small
 * lobes show; values outside the disk show as grey haze.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kernel-view.h"

#define PANEL_SIZE    128  /* pixels per panel on screen          */
#define PANEL_GAP     8
#define LABEL_HEIGHT  18
/* Negative values are a few thousandths of the peak: ×10 makes a lobe of
 * 1 % as red as a 10 % grey.  */
#define NEGATIVE_GAIN 10.0

static guint32
kernel_colour (double v)
{
  guint8 r, g, b;

  if (v >= 0.0)
    {
      r = g = b = (guint8) (255.0 * MIN (v, 1.0) + 0.5);
    }
  else
    {
      r = (guint8) (255.0 * MIN (-v * NEGATIVE_GAIN, 1.0) + 0.5);
      g = b = 0;
    }
  return 0xff000000u | (r << 16) | (g << 8) | b;
}

static void
paint_panel (cairo_surface_t *surface,
             int              column,
             const double    *values,
             int              n)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int            stride = cairo_image_surface_get_stride (surface);
  int            y, x;

  cairo_surface_flush (surface);
  for (y = 0; y < n; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);

      for (x = 0; x < n; x++)
        row[column * n + x] = kernel_colour (values[(gsize) y * n + x]);
    }
  cairo_surface_mark_dirty (surface);
}

void
bokeh_kernel_view_set (GtkWidget          *view,
                       const SbokehDesign *design)
{
  cairo_surface_t *surface = NULL;

  if (design)
    {
      int     n = design->target.size;
      double *k = g_try_new (double, (gsize) n * n);

      if (k)
        {
          surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 2 * n, n);
          sbokeh_filters_reconstruct (&design->filters, k);
          paint_panel (surface, 0, design->target.data, n);
          paint_panel (surface, 1, k, n);
          g_free (k);
        }
    }
  g_object_set_data_full (G_OBJECT (view), "kernel-surface", surface,
                          (GDestroyNotify) cairo_surface_destroy);
  gtk_widget_queue_draw (view);
}

static void
draw_label (cairo_t    *cr,
            GtkWidget  *widget,
            const char *text,
            double      x)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int          w, h;

  /* Never wider than its panel, whatever the language.  */
  pango_layout_set_width (layout, PANEL_SIZE * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, PANEL_SIZE + 2);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static gboolean
kernel_view_draw (GtkWidget *widget,
                  cairo_t   *cr,
                  gpointer   data)
{
  cairo_surface_t *surface = g_object_get_data (G_OBJECT (widget),
                                                "kernel-surface");
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA          fg;
  int              panel;

  gtk_style_context_get_color (style, gtk_style_context_get_state (style),
                               &fg);
  for (panel = 0; panel < 2; panel++)
    {
      double x0 = panel * (PANEL_SIZE + PANEL_GAP);

      cairo_save (cr);
      cairo_rectangle (cr, x0, 0, PANEL_SIZE, PANEL_SIZE);
      cairo_clip (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_paint (cr);
      if (surface)
        {
          int    n = cairo_image_surface_get_height (surface);
          double scale = (double) PANEL_SIZE / n;

          cairo_translate (cr, x0, 0);
          cairo_scale (cr, scale, scale);
          cairo_set_source_surface (cr, surface, -panel * n, 0);
          cairo_pattern_set_filter (cairo_get_source (cr),
                                    n < PANEL_SIZE ? CAIRO_FILTER_NEAREST
                                                   : CAIRO_FILTER_GOOD);
          cairo_paint (cr);
        }
      cairo_restore (cr);
    }

  gdk_cairo_set_source_rgba (cr, &fg);
  draw_label (cr, widget, _("Target aperture"), 0);
  draw_label (cr, widget, _("Applied passes"), PANEL_SIZE + PANEL_GAP);
  return TRUE;
}

GtkWidget *
bokeh_kernel_view_new (void)
{
  GtkWidget *view = gtk_drawing_area_new ();

  gtk_widget_set_size_request (view, 2 * PANEL_SIZE + PANEL_GAP,
                               PANEL_SIZE + LABEL_HEIGHT);
  gtk_widget_set_halign (view, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (view,
                               _("Left: the aperture the blur aims for. "
                                 "Right: what the separable passes apply. "
                                 "Red marks negative values (dark rings "
                                 "around highlights, shown ×10); grey "
                                 "outside the disk is haze."));
  g_signal_connect (view, "draw", G_CALLBACK (kernel_view_draw), NULL);
  return view;
}
