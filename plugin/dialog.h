/* Separable Bokeh plug-in: the dialog with its live preview. */
#ifndef BOKEH_DIALOG_H
#define BOKEH_DIALOG_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

/* Runs the dialog; TRUE on OK.  If the filters for the final settings were
 * already designed for the preview, *design receives them (the caller
 * clears and frees it); otherwise *design is NULL.  */
gboolean bokeh_dialog (GimpProcedure        *procedure,
                       GimpProcedureConfig  *config,
                       GimpDrawable         *drawable,
                       SbokehDesign        **design);

#endif /* BOKEH_DIALOG_H */
