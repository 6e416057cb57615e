package publish

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Precompress returns data compressed as brotli and gzip at their best
// levels, keyed by extension (".br", ".gz"). Brotli's best level takes
// seconds on a large file, so results are kept in cacheDir under key, a
// hash of data ("" disables the cache).
func Precompress(data []byte, key, cacheDir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, ext := range []string{".br", ".gz"} {
		cached := ""
		if cacheDir != "" && key != "" {
			cached = filepath.Join(cacheDir, "precompressed", key+ext)
			if v, err := os.ReadFile(cached); err == nil {
				out[ext] = v
				continue
			}
		}
		v, err := compress(ext, data)
		if err != nil {
			return nil, err
		}
		out[ext] = v
		if cached != "" {
			// A cache that cannot be written only costs time next build.
			if os.MkdirAll(filepath.Dir(cached), 0o755) == nil {
				_ = os.WriteFile(cached, v, 0o644)
			}
		}
	}
	return out, nil
}

func compress(ext string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	if ext == ".br" {
		w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		err := w.Close()
		return buf.Bytes(), err
	}
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	err = w.Close()
	return buf.Bytes(), err
}
