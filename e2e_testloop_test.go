package main

import "time"

// e2eHang bounds an end-to-end test's wait for a condition (a screen, a
// program's end): it guards a hang, it is not a time the thing is expected
// to take. The end-to-end tests run in parallel (issue 24 item 5), several
// to a core, so a wait of 10-20 s that passed alone can run out beside
// them; a passing test never waits this long.
const e2eHang = 2 * time.Minute
