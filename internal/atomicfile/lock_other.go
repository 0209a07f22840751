//go:build !unix

package atomicfile

import "os"

// lock does nothing where flock is missing.
func lock(*os.File) {}

// tryLock says no where flock is missing: no temporary file is taken for
// stale, as a live writer's cannot be told from a dead one's.
func tryLock(*os.File) bool { return false }
