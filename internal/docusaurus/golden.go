package docusaurus

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
)

// GoldenFile is where bench/docusaurus -golden records what Docusaurus
// served, from the checkout's root: the expectations of tests that cannot
// run Docusaurus.
const GoldenFile = "internal/docusaurus/testdata/docusaurus.json"

// WriteGolden writes b to name, one page a line, so that a change in
// what Docusaurus serves reads as a small diff.
func WriteGolden(name string, b *Built) error {
	var buf bytes.Buffer
	urls, err := json.Marshal(b.URLs)
	if err != nil {
		return err
	}
	buf.WriteString("{\"urls\": " + string(urls) + ",\n\"pages\": {\n")
	for i, u := range slices.Sorted(maps.Keys(b.Pages)) {
		p, err := json.Marshal(b.Pages[u])
		if err != nil {
			return err
		}
		if i > 0 {
			buf.WriteString(",\n")
		}
		buf.WriteString(`"` + u + `": ` + string(p))
	}
	buf.WriteString("\n}}\n")
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// ReadGolden reads a file WriteGolden wrote.
func ReadGolden(name string) (*Built, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var b Built
	return &b, json.Unmarshal(data, &b)
}
