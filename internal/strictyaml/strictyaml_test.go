package strictyaml

import (
	"strings"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/diag"
)

// A syntax error in a large file is still reported quickly: locating it
// parses at most a budget linear in the file's size.
func TestSyntaxErrorInLargeFile(t *testing.T) {
	data := []byte(strings.Repeat("key: value\n", 30_000) + "bad: \"open\n")
	start := time.Now()
	var errs diag.List
	Parse(Source{File: "big.yaml", Text: data}, data, &errs)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if len(errs.All()) != 1 {
		t.Errorf("got %v", errs.All())
	}
}
