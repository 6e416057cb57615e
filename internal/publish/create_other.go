//go:build !unix

package publish

import "os"

// createFile creates or truncates the file p for writing.
func createFile(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}
