/* Separable Bokeh plug-in: a picture of the kernel, target beside applied. */
#ifndef BOKEH_KERNEL_VIEW_H
#define BOKEH_KERNEL_VIEW_H

#include <gtk/gtk.h>

#include "sbokeh.h"

GtkWidget * bokeh_kernel_view_new (void);

/* Shows T and K = Σ uᵢ vᵢᵀ of design side by side (NULL: blank).  */
void        bokeh_kernel_view_set (GtkWidget          *view,
                                   const SbokehDesign *design);

#endif /* BOKEH_KERNEL_VIEW_H */
