// The platform header compiles as C (c_header.c) and links against the
// library from C.
#include <gtest/gtest.h>

#include "platform/ember-platform.h"

extern "C" size_t emberPageSizeFromC(void);
extern "C" size_t emberRegistersSizeFromC(void);

TEST(CHeader, CallsFromCReachTheLibrary) {
  EXPECT_EQ(emberPageSizeFromC(), ember_page_size());
  EXPECT_EQ(emberRegistersSizeFromC(), sizeof(ember_registers));
}
