/* Compiled as strict C99: ember-platform.h must stay a plain C header that a
 * custom platform (or a C embedder) can use without C++. */
#include "platform/ember-platform.h"

size_t emberPageSizeFromC(void);
size_t emberRegistersSizeFromC(void);

size_t emberPageSizeFromC(void) { return ember_page_size(); }

size_t emberRegistersSizeFromC(void) {
  ember_fault fault = {0};
  ember_trap_callback callback = 0;
  (void)callback;
  return sizeof(fault.regs);
}
