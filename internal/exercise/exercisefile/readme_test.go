package exercisefile

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
)

// readme is the reference of the exercise format. Its examples are tested
// here so that the documentation cannot drift from what the build accepts.
const readme = "../../../exercises/README.md"

// yamlBlock is one fenced YAML block of a markdown file.
type yamlBlock struct {
	line int // of the block's first line of YAML
	src  []byte
}

// yamlBlocks returns the ```yaml (and ```yml) blocks of markdown source.
func yamlBlocks(src []byte) ([]yamlBlock, error) {
	var (
		blocks []yamlBlock
		cur    *yamlBlock
		n      int
	)
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur == nil:
			lang, ok := strings.CutPrefix(strings.TrimSpace(line), "```")
			if lang = strings.TrimSpace(lang); ok && (lang == "yaml" || lang == "yml") {
				cur = &yamlBlock{line: n + 1}
			}
		case strings.TrimSpace(line) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		default:
			cur.src = append(cur.src, line+"\n"...)
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("line %d: a ```yaml block is never closed", cur.line-1)
	}
	return blocks, sc.Err()
}

// TestReadmeExamples loads every YAML block of exercises/README.md as an
// exercise file, examples and all, and fails on any problem, reported at
// its line in the README.
func TestReadmeExamples(t *testing.T) {
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := yamlBlocks(src)
	if err != nil {
		t.Fatalf("%s: %v", readme, err)
	}
	if len(blocks) == 0 {
		t.Fatalf("%s has no ```yaml blocks; it must show at least one complete exercise", readme)
	}
	var defs []*exercise.Definition
	translations := 0
	for _, b := range blocks {
		// Parse wants the file named after the id; take the id from the
		// block so that each block is checked as the file it would be.
		var head struct {
			ID string `yaml:"id"`
		}
		_ = yaml.Unmarshal(b.src, &head)
		var l diag.List
		var d *exercise.Definition
		// A block that starts with "# exercises/<id>.<locale>.yaml" is
		// a translation of the block above it of that id.
		name, _, _ := strings.Cut(string(b.src), "\n")
		if id, locale, ok := splitTranslation(strings.TrimPrefix(name, "# exercises/")); ok && strings.HasPrefix(name, "# ") {
			i := slices.IndexFunc(defs, func(d *exercise.Definition) bool { return d.ID == id })
			if i < 0 {
				t.Errorf("exercises/README.md:%d: a translation of %s, which no block above declares", b.line, id)
				continue
			}
			if ParseTranslation(strings.TrimPrefix(name, "# "), b.src, defs[i], locale, &l) != nil {
				translations++
			}
		} else {
			d = Parse("exercises/"+head.ID+".yaml", b.src, &l)
		}
		for _, e := range l.All() {
			line := b.line
			if e.Line > 0 {
				line += e.Line - 1
			}
			t.Errorf("exercises/README.md:%d:%d: %s", line, e.Col, e.Msg)
		}
		if d != nil {
			defs = append(defs, d)
		}
	}
	if t.Failed() {
		return
	}
	if translations == 0 {
		t.Error("exercises/README.md shows no translation; start one with # exercises/<id>.<locale>.yaml")
	}
	if missing := uncovered(defs); len(missing) > 0 {
		t.Errorf("exercises/README.md promises a complete worked example, but no block uses %s", strings.Join(missing, ", "))
	}
}

// uncovered lists the parts of the format that no definition uses: every
// field kind (and the optional parts of the kinds that have them), every
// way to compute a figure and every kind of condition,
// so that trimming the worked example cannot quietly leave one
// undocumented by example.
func uncovered(defs []*exercise.Definition) []string {
	used := map[string]bool{}
	var cond func(c *exercise.Cond)
	cond = func(c *exercise.Cond) {
		if c == nil {
			return
		}
		for name, set := range map[string]bool{
			"all:": c.All != nil, "any:": c.Any != nil, "not:": c.Not != nil, "filled:": c.Filled != "",
			"is:": c.Is != "", "value:": c.Value != "", "mentions:": c.Mentions != "",
			"keywords:": c.Keywords != nil, "keywords_of:": c.KeywordsOf != "",
		} {
			used["condition "+name] = used["condition "+name] || set
		}
		for i := range c.All {
			cond(&c.All[i])
		}
		for i := range c.Any {
			cond(&c.Any[i])
		}
		cond(c.Not)
	}
	for _, d := range defs {
		for _, s := range d.Sections {
			for _, f := range s.Fields {
				used["kind "+string(f.Kind)] = true
				used["items choices:"] = used["items choices:"] || f.Kind == exercise.KindItems && f.Choices != nil
				used["items justify:"] = used["items justify:"] || f.Kind == exercise.KindItems && f.Justify != ""
				used["choice justify:"] = used["choice justify:"] || f.Kind == exercise.KindChoice && f.Justify != ""
			}
		}
		for _, f := range d.Scoring.Figures {
			used["figure mean:"] = used["figure mean:"] || f.Mean != ""
			used["figure value:"] = used["figure value:"] || f.Value != ""
			used["figure minus:"] = used["figure minus:"] || f.Minus != nil
			used["figure count:"] = used["figure count:"] || f.Count != nil
			used["figure sum:"] = used["figure sum:"] || f.Sum != nil
			used["figure min:"] = used["figure min:"] || f.Min != nil
			used["figure max:"] = used["figure max:"] || f.Max != nil
			used["figure bands:"] = used["figure bands:"] || f.Bands != nil
		}
		used["weakest:"] = used["weakest:"] || len(d.Scoring.Weakest) > 0
		for _, o := range d.Scoring.Outcomes {
			used["outcomes:"] = true
			for _, opt := range o.Options {
				cond(opt.When)
			}
		}
		for _, r := range d.Scoring.Rules {
			cond(r.When)
		}
	}
	var missing []string
	for _, want := range []string{
		"kind text", "kind longtext", "kind scale", "kind choice", "kind rating", "kind list", "kind items", "kind grid",
		"items choices:", "items justify:", "choice justify:",
		"figure mean:", "figure value:", "figure minus:", "figure count:", "figure sum:", "figure min:", "figure max:", "figure bands:",
		"weakest:", "outcomes:",
		"condition all:", "condition any:", "condition not:", "condition filled:", "condition is:",
		"condition value:", "condition mentions:", "condition keywords:", "condition keywords_of:",
	} {
		if !used[want] {
			missing = append(missing, want)
		}
	}
	return missing
}
