package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Variants returns the cache entries holding the file at src, whose
// SHA-256 is sum, and its brotli and gzip compressions at their best
// levels, keyed by extension ("", ".br", ".gz"), creating the missing
// ones: brotli's best level takes seconds on a large file. Being named by
// content, an entry is never stale.
func Variants(src string, sum [32]byte, cacheDir string) (map[string]string, error) {
	key := filepath.Join(cacheDir, "precompressed", hex.EncodeToString(sum[:12]))
	paths := map[string]string{"": key, ".br": key + ".br", ".gz": key + ".gz"}
	var data []byte
	for _, ext := range []string{"", ".br", ".gz"} {
		if _, err := os.Stat(paths[ext]); err == nil {
			continue
		}
		if data == nil {
			// The copy in the cache, once there, is the content of sum
			// even if src has changed since.
			var err error
			if data, err = os.ReadFile(key); err != nil {
				if data, err = os.ReadFile(src); err != nil {
					return nil, err
				}
				if sha256.Sum256(data) != sum {
					return nil, fmt.Errorf("%s changed during the build: build again", src)
				}
			}
		}
		v := data
		if ext != "" {
			var err error
			if v, err = compress(ext, data); err != nil {
				return nil, err
			}
		}
		if err := WriteEntry(paths[ext], v); err != nil {
			return nil, err
		}
	}
	return paths, nil
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
