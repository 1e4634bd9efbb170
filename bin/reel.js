#!/usr/bin/env -S node --max-old-space-size=320
// A bounded heap makes V8 collect garbage before the process grows (an embedded Reel aims at 512 MB).
import '../dist/cli/main.js'
