/* sbokeh: what `sbokeh kernel` prints.
 *
 * cli_print_json: the parameters, the singular values, the loss before and
 * after optimization, the filters (and with boxes their pieces); field
 * names are stable (cli/README.md).  cli_print_c: the normalised filters
 * as a C header.
 */
#ifndef SBOKEH_CLI_KERNEL_PRINT_H
#define SBOKEH_CLI_KERNEL_PRINT_H

#include "sbokeh.h"

/* APERTURE_FILE: the custom aperture's picture file, printed as the
 * aperture's "picture" (NULL: none).  */
void cli_print_json (const SbokehDesign *d,
                     const char         *aperture_file);
void cli_print_c    (const SbokehDesign *d);

#endif /* SBOKEH_CLI_KERNEL_PRINT_H */
