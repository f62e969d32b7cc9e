// The module's functions are static inline in CRaiSupport.h; SwiftPM needs one source file.
#include "CRaiSupport.h"
