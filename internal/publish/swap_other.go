//go:build !linux

package publish

func swap(staging, dest string) (string, error) { return swapByRename(staging, dest) }
