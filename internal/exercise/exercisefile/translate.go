package exercisefile

import (
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/parallel"
)

// A translation, exercises/<id>.<locale>.yaml, holds an exercise's text in
// one more language: the same keys as exercises/<id>.yaml, keeping only
// the text and the ids that say what each text belongs to. The scoring
// model (kinds, values, weights, conditions, bands' bounds) stays in the
// exercise's own file, shared by every language, so a learner's answers
// keep their meaning, and their hash, from one language to another.
type translation struct {
	ID          string            `yaml:"id"`
	Title       string            `yaml:"title"`
	Description string            `yaml:"description"`
	Sections    []trSection       `yaml:"sections"`
	Scoring     trScoring         `yaml:"scoring"`
	Examples    []trExample       `yaml:"examples"`
	Messages    map[string]string `yaml:"messages"`
}

type trSection struct {
	Title  string    `yaml:"title"`
	Prompt string    `yaml:"prompt"`
	Fields []trField `yaml:"fields"`
}

type trField struct {
	ID           string         `yaml:"id"`
	Label        string         `yaml:"label"`
	Help         string         `yaml:"help"`
	Labels       map[int]string `yaml:"labels"`
	Choices      []trHeading    `yaml:"choices"`
	Factors      []trFactor     `yaml:"factors"`
	JustifyLabel string         `yaml:"justify_label"`
	ItemLabel    string         `yaml:"item_label"`
	Rows         []trHeading    `yaml:"rows"`
	Columns      []trHeading    `yaml:"columns"`
	Numbers      []trHeading    `yaml:"numbers"`
}

type trHeading struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
}

type trFactor struct {
	ID     string `yaml:"id"`
	Label  string `yaml:"label"`
	Help   string `yaml:"help"`
	Advice string `yaml:"advice"`
	// Keywords are added to the source's, so that answers written in
	// either language find the same factors.
	Keywords []string `yaml:"keywords"`
}

type trScoring struct {
	Figures  []trFigure  `yaml:"figures"`
	Outcomes []trOutcome `yaml:"outcomes"`
	Rules    []trRule    `yaml:"rules"`
}

type trFigure struct {
	ID    string   `yaml:"id"`
	Label string   `yaml:"label"`
	Bands []trBand `yaml:"bands"`
}

type trBand struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
	Text  string `yaml:"text"`
}

type trOutcome struct {
	ID      string     `yaml:"id"`
	Label   string     `yaml:"label"`
	Options []trOption `yaml:"options"`
}

type trOption struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
	Text  string `yaml:"text"`
	// Keywords translate the keywords of the option's condition: each
	// source keyword to the words that mean it in this language.
	Keywords map[string][]string `yaml:"keywords"`
}

type trRule struct {
	ID       string              `yaml:"id"`
	Text     string              `yaml:"text"`
	Keywords map[string][]string `yaml:"keywords"`
}

type trExample struct {
	Name    string           `yaml:"name"`
	Answers exercise.Answers `yaml:"answers"`
}

// translationTypes names the translation's types in messages and says
// which type of the exercise's own file each translates, so that a key of
// the scoring model is explained rather than just called unknown.
var translationTypes = map[reflect.Type]struct {
	what   string
	source reflect.Type
}{
	reflect.TypeFor[translation](): {"a translation", reflect.TypeFor[exercise.Definition]()},
	reflect.TypeFor[trSection]():   {"a section", reflect.TypeFor[exercise.Section]()},
	reflect.TypeFor[trField]():     {"a field", reflect.TypeFor[exercise.Field]()},
	reflect.TypeFor[trHeading]():   {"a choice or heading", reflect.TypeFor[exercise.Choice]()},
	reflect.TypeFor[trFactor]():    {"a factor", reflect.TypeFor[exercise.Factor]()},
	reflect.TypeFor[trScoring]():   {"scoring", reflect.TypeFor[exercise.Scoring]()},
	reflect.TypeFor[trFigure]():    {"a figure", reflect.TypeFor[exercise.Figure]()},
	reflect.TypeFor[trBand]():      {"a band", reflect.TypeFor[exercise.Band]()},
	reflect.TypeFor[trOutcome]():   {"an outcome", reflect.TypeFor[exercise.Outcome]()},
	reflect.TypeFor[trOption]():    {"an option", reflect.TypeFor[exercise.Option]()},
	reflect.TypeFor[trRule]():      {"a rule", reflect.TypeFor[exercise.Rule]()},
	reflect.TypeFor[trExample]():   {"an example", reflect.TypeFor[exercise.Example]()},
}

// splitTranslation returns the exercise id and locale of a translation's
// file name, "<id>.<locale>.yaml"; ok is false for an exercise's own file.
// Exercise ids have no dots, so the first dot ends the id.
func splitTranslation(name string) (id, locale string, ok bool) {
	return strings.Cut(strings.TrimSuffix(name, path.Ext(name)), ".")
}

// LoadTranslations loads every translation in dir of site,
// <id>.<locale>.yaml (or .yml), of the definitions defs (as LoadDir
// returned them) into the given locales (the site's locales other than
// the default, whose text is the definitions' own), and returns each
// translated definition by locale and id. A translation is checked against its
// definition: it must translate exactly the definition's texts, and every
// example must score the same in its words as in the original's. Problems
// are added to errs; a translation with any is left out, as is any
// exercise without a translation into a locale, whose page shows the
// original.
//
// A translated definition differs from the original only in its text,
// in keywords added to the original's, and in Messages; its Hash is the
// original's, so answers saved in one language restore in another.
func LoadTranslations(site fs.FS, dir string, defs []*exercise.Definition, locales []string, errs *diag.List) map[string]map[string]*exercise.Definition {
	out := map[string]map[string]*exercise.Definition{}
	entries, err := fs.ReadDir(site, dir)
	if err != nil {
		return out
	}
	byID := map[string]*exercise.Definition{}
	ids := make([]string, 0, len(defs))
	for _, d := range defs {
		byID[d.ID] = d
		ids = append(ids, d.ID)
	}
	type job struct {
		file, locale string
		def          *exercise.Definition
		result       *exercise.Definition
	}
	var jobs []*job
	seen := map[string]string{} // id.locale -> file
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		id, locale, ok := splitTranslation(e.Name())
		if !ok {
			continue
		}
		file := path.Join(dir, e.Name())
		switch {
		case !slices.Contains(locales, locale):
			have := "the site has no other locales"
			if len(locales) > 0 {
				have = "locales: " + strings.Join(locales, ", ")
			}
			errs.Addf(diag.Pos{File: file}, "no locale "+strconv.Quote(locale)+" is configured ("+have+"); add it to the site's locales, or name the file "+id+".<locale>.yaml for one of them"+diag.DidYouMean(locale, locales))
			continue
		case byID[id] == nil:
			if exists(site, path.Join(dir, id+".yaml")) || exists(site, path.Join(dir, id+".yml")) {
				continue // the exercise's own file has errors, reported already
			}
			errs.Addf(diag.Pos{File: file}, "translates exercise "+strconv.Quote(id)+", which has no "+path.Join(dir, id+".yaml")+"; name the file after an exercise, <id>."+locale+".yaml"+diag.DidYouMean(id, ids))
			continue
		}
		if prev, dup := seen[id+"."+locale]; dup {
			errs.Addf(diag.Pos{File: file}, "exercise "+strconv.Quote(id)+" is also translated into "+locale+" in "+prev+"; keep one file")
			continue
		}
		seen[id+"."+locale] = file
		jobs = append(jobs, &job{file: file, locale: locale, def: byID[id]})
	}
	parallel.For(len(jobs), runtime.GOMAXPROCS(0), func(i int) {
		j := jobs[i]
		src, err := fs.ReadFile(site, j.file)
		if err != nil {
			errs.Addf(diag.Pos{File: j.file}, "cannot read: "+err.Error())
			return
		}
		j.result = ParseTranslation(j.file, src, j.def, j.locale, errs)
	})
	for _, j := range jobs {
		if j.result == nil {
			continue
		}
		if out[j.locale] == nil {
			out[j.locale] = map[string]*exercise.Definition{}
		}
		out[j.locale][j.def.ID] = j.result
	}
	return out
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// ParseTranslation decodes the translation of def into locale in src (file
// names it in messages), checks it and returns the translated definition,
// or nil if any problem was added to l.
func ParseTranslation(file string, src []byte, def *exercise.Definition, locale string, l *diag.List) *exercise.Definition {
	src, bad := diag.Text(file, src)
	if bad != nil {
		l.Add(bad)
		return nil
	}
	p := &trParser{parser: parser{file: file, src: src, l: l}, def: def, locale: locale}
	return p.parse()
}

type trParser struct {
	parser
	def    *exercise.Definition
	locale string
	// source names the exercise's own file in messages.
	source string
}

func (p *trParser) parse() *exercise.Definition {
	p.source = path.Join(path.Dir(p.file), p.def.ID+".yaml")
	var doc yaml.Node
	if err := yaml.Unmarshal(p.src, &doc); err != nil {
		p.yamlError(err)
		return nil
	}
	if len(doc.Content) == 0 {
		p.at(nil, "empty translation; start from a copy of "+p.source+" and keep only its text and ids")
		return nil
	}
	p.root = doc.Content[0]
	var t translation
	dec := decoder{report: p.at}
	dec.decode(p.root, reflect.ValueOf(&t).Elem(), 0)
	if p.failed {
		return nil
	}
	p.foldedSpaces(p.root, 0)
	d := clone(p.def)
	if t.ID != "" && t.ID != p.def.ID {
		p.at(p.locate("id"), "id "+strconv.Quote(t.ID)+" does not match the file name, which translates "+strconv.Quote(p.def.ID)+"; write id: "+p.def.ID+" or leave it out")
	}
	d.Title = p.text("", "title", p.def.Title, t.Title)
	d.Description = p.text("", "description", p.def.Description, t.Description)
	p.sections(d, &t)
	p.scoring(d, &t.Scoring)
	p.messages(d, t.Messages)
	if p.failed {
		// Examples scored with half-translated keywords would only add
		// follow-on errors.
		return nil
	}
	if err := d.Validate(); err != nil {
		// Translations are checked above key by key; this is a safety
		// net, and its paths are the exercise's, not the translation's.
		for _, pr := range err.(exercise.Problems) {
			p.at(p.root, pr.Path+": "+pr.Msg)
		}
		return nil
	}
	p.examples(d, t.Examples)
	if p.failed {
		return nil
	}
	return d
}

// foldedSpaces reports folded texts (>-) whose line breaks fall between
// two Chinese or Japanese characters: YAML turns each into a space, which
// those languages do not put between words.
func (p *trParser) foldedSpaces(n *yaml.Node, depth int) {
	if depth > 100 {
		return
	}
	if n.Kind == yaml.ScalarNode && n.Style == yaml.FoldedStyle {
		r := []rune(n.Value)
		for i := 1; i+1 < len(r); i++ {
			if r[i] == ' ' && unspaced(r[i-1]) && unspaced(r[i+1]) {
				p.at(n, "a line break inside this folded text becomes a space between "+string(r[i-1])+" and "+string(r[i+1])+"; write the text on one line, or in double quotes ending each broken line with \\")
				return
			}
		}
	}
	for _, c := range n.Content {
		p.foldedSpaces(c, depth+1)
	}
}

// unspaced reports whether r is a letter, or punctuation, of a script
// written without spaces between words.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF // CJK and full-width punctuation
}

// atPath reports msg at the node the translation path points at.
func (p *trParser) atPath(trPath, msg string) { p.at(p.locate(trPath), msg) }

// text returns the translation tr of the source text src of key, found at
// trPath.key in the translation: each text the source has must be
// translated, and nothing the source leaves out.
func (p *trParser) text(trPath, key, src, tr string) string {
	full := key
	if trPath != "" {
		full = trPath + "." + key
	}
	switch {
	case strings.TrimSpace(src) != "" && strings.TrimSpace(tr) == "":
		p.atPath(full, key+" is not translated: "+p.source+" has "+key+": "+strconv.Quote(shorten(src))+"; add "+key+": with its translation here")
	case strings.TrimSpace(src) == "" && strings.TrimSpace(tr) != "":
		p.atPath(full, key+" has no text to translate here in "+p.source+"; remove it")
	default:
		return tr
	}
	return src
}

// match pairs the translated items of a list at trPath with the source's,
// by id: it returns, for each source item, the index of its translation or
// -1. Every source item for which needed is true must be translated; an
// id the source does not have is reported, with the missing id it most
// likely renames.
func (p *trParser) match(trPath, what string, src, tr []string, needed func(i int) bool) []int {
	out := make([]int, len(src))
	for i := range out {
		out[i] = -1
	}
	var missing []string
	for i, id := range src {
		if !slices.Contains(tr, id) && needed(i) {
			missing = append(missing, id)
		}
	}
	suggested := map[string]bool{}
	for k, id := range tr {
		item := at(trPath, k)
		switch i := slices.Index(src, id); {
		case id == "":
			p.atPath(item, what+" without an id; give it the id of the "+what+" it translates")
		case slices.Index(tr, id) < k:
			p.atPath(item+".id", what+" "+strconv.Quote(id)+" is translated twice; keep one")
		case i < 0:
			s := p.renames(id, missing, suggested)
			p.atPath(item+".id", p.source+" has no "+what+" "+strconv.Quote(id)+s+": a translation has exactly the ids of the exercise's own file; rename or remove it")
		default:
			out[i] = k
		}
	}
	for _, id := range missing {
		if !suggested[id] {
			p.atPath(trPath, what+" "+strconv.Quote(id)+" of "+p.source+" is not translated; add it here, with its id and text")
		}
	}
	return out
}

// renames returns the "did you mean" for an id the source does not have,
// among the ids still missing a translation, and marks the one it names,
// which then needs no message of its own.
func (p *trParser) renames(id string, missing []string, suggested map[string]bool) string {
	s := exercise.Suggest(id, missing)
	for _, m := range missing {
		if s == " (did you mean "+strconv.Quote(m)+"?)" {
			suggested[m] = true
		}
	}
	return s
}

func at(p string, i int) string { return p + "." + strconv.Itoa(i) }

func (p *trParser) sections(d *exercise.Definition, t *translation) {
	if len(t.Sections) != len(p.def.Sections) {
		p.atPath("sections", "has "+count(len(t.Sections), "section")+", "+p.source+" has "+strconv.Itoa(len(p.def.Sections))+"; translate each section, in the same order")
		return
	}
	for i := range p.def.Sections {
		src, tr, sec := &p.def.Sections[i], &t.Sections[i], &d.Sections[i]
		sp := at("sections", i)
		sec.Title = p.text(sp, "title", src.Title, tr.Title)
		sec.Prompt = p.text(sp, "prompt", src.Prompt, tr.Prompt)
		var srcIDs, trIDs []string
		for _, f := range src.Fields {
			srcIDs = append(srcIDs, f.ID)
		}
		for _, f := range tr.Fields {
			trIDs = append(trIDs, f.ID)
		}
		for j, k := range p.match(sp+".fields", "field", srcIDs, trIDs, func(int) bool { return true }) {
			if k >= 0 {
				p.field(at(sp+".fields", k), &src.Fields[j], &tr.Fields[k], &sec.Fields[j])
			}
		}
	}
}

func (p *trParser) field(fp string, src *exercise.Field, tr *trField, f *exercise.Field) {
	f.Label = p.text(fp, "label", src.Label, tr.Label)
	f.Help = p.text(fp, "help", src.Help, tr.Help)
	f.JustifyLabel = p.text(fp, "justify_label", src.JustifyLabel, tr.JustifyLabel)
	f.ItemLabel = p.text(fp, "item_label", src.ItemLabel, tr.ItemLabel)
	p.scaleLabels(fp, src, tr, f)
	choices := make([]exercise.Heading, len(src.Choices))
	for i, c := range src.Choices {
		choices[i] = exercise.Heading{ID: c.ID, Label: c.Label}
	}
	for i, h := range p.headings(fp+".choices", "choice", choices, tr.Choices) {
		f.Choices[i].Label = h.Label
	}
	f.Rows = p.headings(fp+".rows", "row", src.Rows, tr.Rows)
	f.Columns = p.headings(fp+".columns", "column", src.Columns, tr.Columns)
	f.Numbers = p.headings(fp+".numbers", "number", src.Numbers, tr.Numbers)

	var srcIDs, trIDs []string
	for _, fa := range src.Factors {
		srcIDs = append(srcIDs, fa.ID)
	}
	for _, fa := range tr.Factors {
		trIDs = append(trIDs, fa.ID)
	}
	for j, k := range p.match(fp+".factors", "factor", srcIDs, trIDs, func(int) bool { return true }) {
		if k < 0 {
			continue
		}
		kp, s, t, fa := at(fp+".factors", k), &src.Factors[j], &tr.Factors[k], &f.Factors[j]
		fa.Label = p.text(kp, "label", s.Label, t.Label)
		fa.Help = p.text(kp, "help", s.Help, t.Help)
		fa.Advice = p.text(kp, "advice", s.Advice, t.Advice)
		switch {
		case len(s.Keywords) > 0 && len(t.Keywords) == 0:
			p.atPath(kp+".keywords", "keywords are not translated: add keywords: with the words that show, in this language, that a text is about "+strconv.Quote(s.Label)+"; they are looked for beside the original's")
		case len(s.Keywords) == 0 && len(t.Keywords) > 0:
			p.atPath(kp+".keywords", "the factor has no keywords in "+p.source+"; keywords are part of the scoring model, so add them there first")
		default:
			fa.Keywords = p.keywords(kp+".keywords", s.Keywords, t.Keywords)
		}
	}
}

// keywords returns the source's keywords with the translated ones added,
// checking each of those.
func (p *trParser) keywords(kp string, src, tr []string) []string {
	out := slices.Clone(src)
	for i, k := range tr {
		if !exercise.ValidKeyword(k) {
			p.atPath(at(kp, i), "keyword "+strconv.Quote(k)+" has no letters or digits and can never match")
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func (p *trParser) scaleLabels(fp string, src *exercise.Field, tr *trField, f *exercise.Field) {
	if len(src.Labels) == 0 {
		if len(tr.Labels) > 0 {
			p.atPath(fp+".labels", "the field has no labels in "+p.source+"; remove them")
		}
		return
	}
	if len(tr.Labels) == 0 {
		p.atPath(fp+".labels", "labels are not translated: add labels: with the scale's values from "+strconv.Itoa(src.Min)+" to "+strconv.Itoa(src.Max)+" and their text, as "+p.source+" has them")
		return
	}
	f.Labels = map[int]string{}
	for v, label := range src.Labels {
		f.Labels[v] = label
		switch t, ok := tr.Labels[v]; {
		case !ok || strings.TrimSpace(t) == "":
			p.atPath(fp+".labels", "the label of "+strconv.Itoa(v)+" is not translated: "+p.source+" has "+strconv.Itoa(v)+": "+strconv.Quote(label)+"; add it here")
		default:
			f.Labels[v] = t
		}
	}
	for v := range tr.Labels {
		if _, ok := src.Labels[v]; !ok {
			p.atPath(fp+".labels."+strconv.Itoa(v), "the scale has no value "+strconv.Itoa(v)+" in "+p.source+"; label its values from "+strconv.Itoa(src.Min)+" to "+strconv.Itoa(src.Max))
		}
	}
}

// headings translates the labels of choices, rows, columns or numbers.
func (p *trParser) headings(lp, what string, src []exercise.Heading, tr []trHeading) []exercise.Heading {
	out := slices.Clone(src)
	srcIDs := make([]string, len(src))
	for i, h := range src {
		srcIDs[i] = h.ID
	}
	trIDs := make([]string, len(tr))
	for i, h := range tr {
		trIDs[i] = h.ID
	}
	for i, k := range p.match(lp, what, srcIDs, trIDs, func(int) bool { return true }) {
		if k >= 0 {
			out[i].Label = p.text(at(lp, k), "label", src[i].Label, tr[k].Label)
		}
	}
	return out
}

func (p *trParser) scoring(d *exercise.Definition, t *trScoring) {
	sc := &p.def.Scoring

	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	figs := p.match("scoring.figures", "figure", ids(len(sc.Figures), func(i int) string { return sc.Figures[i].ID }),
		ids(len(t.Figures), func(i int) string { return t.Figures[i].ID }),
		func(i int) bool { return sc.Figures[i].Label != "" || len(sc.Figures[i].Bands) > 0 })
	for i, k := range figs {
		if k < 0 {
			continue
		}
		fp, src, tr, f := at("scoring.figures", k), &sc.Figures[i], &t.Figures[k], &d.Scoring.Figures[i]
		f.Label = p.text(fp, "label", src.Label, tr.Label)
		bands := p.match(fp+".bands", "band", ids(len(src.Bands), func(i int) string { return src.Bands[i].ID }),
			ids(len(tr.Bands), func(i int) string { return tr.Bands[i].ID }), func(int) bool { return true })
		for b, k := range bands {
			if k >= 0 {
				bp := at(fp+".bands", k)
				f.Bands[b].Label = p.text(bp, "label", src.Bands[b].Label, tr.Bands[k].Label)
				f.Bands[b].Text = p.text(bp, "text", src.Bands[b].Text, tr.Bands[k].Text)
			}
		}
	}

	outs := p.match("scoring.outcomes", "outcome", ids(len(sc.Outcomes), func(i int) string { return sc.Outcomes[i].ID }),
		ids(len(t.Outcomes), func(i int) string { return t.Outcomes[i].ID }), func(int) bool { return true })
	for i, k := range outs {
		if k < 0 {
			continue
		}
		op, src, tr, o := at("scoring.outcomes", k), &sc.Outcomes[i], &t.Outcomes[k], &d.Scoring.Outcomes[i]
		o.Label = p.text(op, "label", src.Label, tr.Label)
		opts := p.match(op+".options", "option", ids(len(src.Options), func(i int) string { return src.Options[i].ID }),
			ids(len(tr.Options), func(i int) string { return tr.Options[i].ID }), func(int) bool { return true })
		for j, k := range opts {
			if k >= 0 {
				pp, s, t := at(op+".options", k), &src.Options[j], &tr.Options[k]
				o.Options[j].Label = p.text(pp, "label", s.Label, t.Label)
				o.Options[j].Text = p.text(pp, "text", s.Text, t.Text)
				o.Options[j].When = p.condKeywords(pp, s.When, t.Keywords)
			}
		}
	}

	rules := p.match("scoring.rules", "rule", ids(len(sc.Rules), func(i int) string { return sc.Rules[i].ID }),
		ids(len(t.Rules), func(i int) string { return t.Rules[i].ID }), func(int) bool { return true })
	for i, k := range rules {
		if k >= 0 {
			rp, src, tr := at("scoring.rules", k), &sc.Rules[i], &t.Rules[k]
			d.Scoring.Rules[i].Text = p.text(rp, "text", src.Text, tr.Text)
			d.Scoring.Rules[i].When = p.condKeywords(rp, src.When, tr.Keywords)
		}
	}
}

// condKeywords returns a copy of the condition c of the rule or option at
// ip with the translations tr of its keywords added: tr must translate
// exactly the keywords c's mentions tests look for.
func (p *trParser) condKeywords(ip string, c *exercise.Cond, tr map[string][]string) *exercise.Cond {
	var src []string
	walkCond(c, func(c *exercise.Cond) {
		for _, k := range c.Keywords {
			if !slices.Contains(src, k) {
				src = append(src, k)
			}
		}
	})
	kp := ip + ".keywords"
	if len(src) == 0 {
		if len(tr) > 0 {
			p.atPath(kp, "its condition looks for no keywords in "+p.source+"; remove keywords:")
		}
		return c
	}
	var missing []string
	for _, k := range src {
		if len(tr[k]) == 0 {
			missing = append(missing, k)
		}
	}
	suggested := map[string]bool{}
	if n := child(p.locate(ip), "keywords"); n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if !slices.Contains(src, k) {
				p.at(n.Content[i], "its condition in "+p.source+" looks for no keyword "+strconv.Quote(k)+p.renames(k, missing, suggested)+"; translate the keywords it has")
				continue
			}
			for j, w := range tr[k] {
				if !exercise.ValidKeyword(w) {
					p.at(child(n.Content[i+1], strconv.Itoa(j)), "keyword "+strconv.Quote(w)+" has no letters or digits and can never match")
				}
			}
		}
	}
	missing = slices.DeleteFunc(missing, func(k string) bool { return suggested[k] })
	if len(missing) > 0 {
		p.atPath(kp, "keywords of its condition are not translated: add keywords: with each of "+strings.Join(quoteAll(missing), ", ")+" and the words that mean it in this language, such as "+strconv.Quote(missing[0])+": [...]")
	}
	out := cloneCond(c)
	walkCond(out, func(c *exercise.Cond) {
		if len(c.Keywords) == 0 {
			return
		}
		kws := slices.Clone(c.Keywords)
		for _, k := range c.Keywords {
			for _, w := range tr[k] {
				if !slices.Contains(kws, w) {
					kws = append(kws, w)
				}
			}
		}
		c.Keywords = kws
	})
	return out
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strconv.Quote(x)
	}
	return out
}

func walkCond(c *exercise.Cond, fn func(*exercise.Cond)) {
	if c == nil {
		return
	}
	fn(c)
	for i := range c.All {
		walkCond(&c.All[i], fn)
	}
	for i := range c.Any {
		walkCond(&c.Any[i], fn)
	}
	walkCond(c.Not, fn)
}

func (p *trParser) messages(d *exercise.Definition, tr map[string]string) {
	msgs := map[string]string{}
	for k, v := range builtinMessages(p.locale) {
		msgs[k] = v
	}
	keys := make([]string, 0, len(exercise.DefaultMessages))
	for k := range exercise.DefaultMessages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	n := p.locate("messages")
	for k, v := range tr {
		kn, vn := keyNode(n, k), child(n, k)
		allowed, ok := exercise.MessageArgs[k]
		if !ok {
			p.at(kn, "unknown message "+strconv.Quote(k)+exercise.Suggest(k, keys)+"; the messages are "+strings.Join(keys, ", "))
			continue
		}
		for _, name := range exercise.MessagePlaceholders(v) {
			if !slices.Contains(allowed, name) {
				words := "none"
				if len(allowed) > 0 {
					words = "{" + strings.Join(allowed, "}, {") + "}"
				}
				p.at(vn, "message "+strconv.Quote(k)+" has no word {"+name+"}; it may use "+words)
			}
		}
		msgs[k] = v
	}
	if !english(p.locale) {
		var missing []string
		for _, k := range keys {
			if _, ok := msgs[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			p.atPath("messages", "Latticework has no wording in "+p.locale+" for what a worksheet says is still missing: add messages: with "+strings.Join(missing, ", ")+" (see exercises/README.md for the English of each)")
		}
	}
	if len(msgs) > 0 {
		d.Messages = msgs
	}
}

// keyNode returns the key node of key in mapping n, or n.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i]
			}
		}
	}
	return n
}

func english(locale string) bool {
	lang, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return lang == "en"
}

// examples checks the translated examples: each the source's, in the same
// order, with its answers in this language. Each must meet the source's
// expectations and score exactly as the source's example does, and each
// of the source's examples must score on the translation as on the
// original, which is what lets answers move between languages.
func (p *trParser) examples(d *exercise.Definition, tr []trExample) {
	src := p.def.Examples
	if len(tr) != len(src) {
		p.atPath("examples", "has "+count(len(tr), "example")+", "+p.source+" has "+strconv.Itoa(len(src))+"; translate each example, in the same order")
		return
	}
	d.Examples = make([]exercise.Example, len(src))
	for i := range src {
		ep := at("examples", i)
		ex := exercise.Example{
			Name:    p.text(ep, "name", src[i].Name, tr[i].Name),
			Answers: tr[i].Answers,
			Expect:  src[i].Expect,
		}
		d.Examples[i] = ex
		if ex.Answers == nil {
			p.atPath(ep, "example "+strconv.Quote(ex.Name)+" has no answers; translate the answers of "+strconv.Quote(src[i].Name))
			continue
		}
		problems := exercise.CheckExample(d, &ex)
		for _, pr := range problems {
			where := ep
			if strings.HasPrefix(pr.Path, "answers.") {
				where = ep + "." + pr.Path
			}
			p.atPath(where, "example "+strconv.Quote(ex.Name)+": "+pr.Msg+" (as "+p.source+" expects of "+strconv.Quote(src[i].Name)+")")
		}
		// Expectations check only what they name; the whole result must
		// agree too, but saying so again after the expectations failed
		// would repeat them.
		want := exercise.Score(p.def, src[i].Answers)
		if diff := scoreDiff(exercise.Score(d, ex.Answers), want); diff != "" && len(problems) == 0 {
			p.atPath(ep, "example "+strconv.Quote(ex.Name)+" scores differently from "+strconv.Quote(src[i].Name)+" in "+p.source+": "+diff+"; translate the answers faithfully, and the keywords so that they find what the original's do")
		}
		if diff := scoreDiff(exercise.Score(d, src[i].Answers), want); diff != "" {
			p.atPath(ep, "the answers of "+strconv.Quote(src[i].Name)+" in "+p.source+" score differently with this translation: "+diff+"; a translated keyword must not match the original's words")
		}
	}
}

// scoreDiff says how two results differ in what the scoring model
// decides: completeness, missing answers, figures, bands, outcomes,
// feedback and weakest factors, all by id; "" when they agree. Texts are
// left out, being in different languages.
func scoreDiff(got, want exercise.Result) string {
	var diffs []string
	cmp := func(what string, g, w []string) {
		if !slices.Equal(g, w) {
			diffs = append(diffs, what+" ["+strings.Join(g, ", ")+"] here, ["+strings.Join(w, ", ")+"] there")
		}
	}
	sig := func(r exercise.Result) (missing, figs, outs, fb, weak []string) {
		for _, m := range r.Missing {
			missing = append(missing, m.Ref())
		}
		for _, f := range r.Figures {
			v := "unknown"
			if f.Known {
				v = strconv.FormatFloat(f.Value, 'f', -1, 64)
				if f.Band != "" {
					v += " " + f.Band
				}
			}
			figs = append(figs, f.ID+"="+v)
		}
		for _, o := range r.Outcomes {
			outs = append(outs, o.ID+"="+o.Option)
		}
		for _, f := range r.Feedback {
			fb = append(fb, f.ID)
		}
		for _, w := range r.Weakest {
			s := w.Field + "." + w.Factor
			if w.Linked {
				s += " linked"
			}
			if w.Addressed {
				s += " addressed"
			}
			weak = append(weak, s)
		}
		return
	}
	gm, gf, gOut, gb, gw := sig(got)
	wm, wf, wo, wb, ww := sig(want)
	if got.Complete != want.Complete || got.Answered != want.Answered || got.Total != want.Total {
		diffs = append(diffs, "answered "+strconv.Itoa(got.Answered)+" of "+strconv.Itoa(got.Total)+" here, "+strconv.Itoa(want.Answered)+" of "+strconv.Itoa(want.Total)+" there")
	}
	cmp("missing", gm, wm)
	cmp("figures", gf, wf)
	cmp("outcomes", gOut, wo)
	cmp("feedback", gb, wb)
	cmp("weakest", gw, ww)
	return strings.Join(diffs, "; ")
}

// clone returns a copy of d that shares nothing a translation changes.
func clone(d *exercise.Definition) *exercise.Definition {
	c := *d
	c.Sections = slices.Clone(d.Sections)
	for i := range c.Sections {
		s := &c.Sections[i]
		s.Fields = slices.Clone(s.Fields)
		for j := range s.Fields {
			f := &s.Fields[j]
			f.Choices = slices.Clone(f.Choices)
			f.Factors = slices.Clone(f.Factors)
			f.Rows, f.Columns, f.Numbers = slices.Clone(f.Rows), slices.Clone(f.Columns), slices.Clone(f.Numbers)
			if f.Labels != nil {
				labels := make(map[int]string, len(f.Labels))
				for k, v := range f.Labels {
					labels[k] = v
				}
				f.Labels = labels
			}
		}
	}
	sc := &c.Scoring
	sc.Figures = slices.Clone(sc.Figures)
	for i := range sc.Figures {
		sc.Figures[i].Bands = slices.Clone(sc.Figures[i].Bands)
	}
	sc.Outcomes = slices.Clone(sc.Outcomes)
	for i := range sc.Outcomes {
		sc.Outcomes[i].Options = slices.Clone(sc.Outcomes[i].Options)
	}
	sc.Rules = slices.Clone(sc.Rules)
	c.Examples = nil
	c.Messages = nil
	return &c
}

func cloneCond(c *exercise.Cond) *exercise.Cond {
	if c == nil {
		return nil
	}
	out := *c
	out.All = slices.Clone(c.All)
	for i := range out.All {
		out.All[i] = *cloneCond(&c.All[i])
	}
	out.Any = slices.Clone(c.Any)
	for i := range out.Any {
		out.Any[i] = *cloneCond(&c.Any[i])
	}
	out.Not = cloneCond(c.Not)
	return &out
}
