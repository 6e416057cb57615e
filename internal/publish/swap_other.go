//go:build !linux

package publish

func swap(staging, dest string) (string, error) { return swapByRename(staging, dest) }

// renameNoReplace renames from to to, failing if to exists.
func renameNoReplace(from, to string) error { return renameIfFree(from, to) }
