// Package i18n holds the words Latticework's layouts and scripts show a
// reader (buttons, labels, notices, dates), in every language a site
// publishes, and reads a site's translations laid out as Docusaurus lays
// them out under i18n/<locale>/.
//
// The strings ship in English and Chinese (catalog/en.json, zh.json), in
// the format of Docusaurus's code.json: {"key": {"message": "…"}}. A
// site's i18n/<locale>/code.json replaces any of them, and adds the
// locales Latticework does not ship. Keys are Docusaurus's where
// Docusaurus has the same string (theme.common.editThisPage), so a
// code.json written for a Docusaurus site drops in; the others start
// with "latticework.". Messages take {name} placeholders, and a message
// with plural forms separates them by "|", as Docusaurus's do.
//
// A key a locale lacks falls back to English and is a warning naming the
// key and the file to add it to.
package i18n

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/diag"
)

//go:embed catalog/*.json
var catalogs embed.FS

// CodeFile is the name, in a locale's folder, of its UI strings.
const CodeFile = "code.json"

// Strings are one locale's UI strings.
type Strings struct {
	// Locale is the locale they are for.
	Locale config.Locale
	msgs   map[string]string
	// unknown collects the keys asked for that no catalog has, reported
	// once the build is done (see Unknown).
	unknown *sync.Map
}

// message is an entry of a code.json file.
type message struct {
	Message     string `json:"message"`
	Description string `json:"description,omitempty"`
}

// English returns the shipped English strings, which every other
// locale's fall back to.
func English() map[string]string {
	m, err := readCatalog("en")
	if err != nil {
		panic(err) // the embedded catalog is tested
	}
	return m
}

func readCatalog(lang string) (map[string]string, error) {
	data, err := catalogs.ReadFile("catalog/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	var entries map[string]message
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(entries))
	for k, e := range entries {
		m[k] = e.Message
	}
	return m, nil
}

// shipped returns Latticework's own strings for a locale: by its htmlLang
// or name, else by their primary language ("zh" for "zh-CN").
func shipped(l config.Locale) map[string]string {
	for _, n := range []string{l.HTMLLang, l.Name} {
		for n != "" {
			if m, err := readCatalog(n); err == nil {
				return m
			}
			i := strings.LastIndexByte(n, '-')
			if i < 0 {
				break
			}
			n = n[:i]
		}
	}
	return nil
}

// Load returns the strings of each of the site's locales, by name: the
// shipped ones, with the site's code.json over them. Keys missing from a
// locale are warnings at its code.json.
func Load(site fs.FS, locales []config.Locale, errs *diag.List) map[string]*Strings {
	en := English()
	unknown := &sync.Map{}
	out := map[string]*Strings{}
	for _, l := range locales {
		msgs := maps.Clone(en)
		own := shipped(l)
		maps.Copy(msgs, own)
		file := l.Dir + "/" + CodeFile
		site, _ := ReadCode(site, file, errs)
		maps.Copy(msgs, site)
		out[l.Name] = &Strings{Locale: l, msgs: msgs, unknown: unknown}
		if own != nil && len(own) >= len(en) {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(en)) {
			if _, ok := own[k]; ok {
				continue
			}
			if _, ok := site[k]; ok {
				continue
			}
			errs.Add(&diag.Error{Pos: diag.Pos{File: file}, Warning: true,
				Msg: "no " + cmp.Or(l.Label, l.Name) + " translation of the UI string `" + k + "` (English: " + strconv.Quote(en[k]) + "): add it to " + file + ` as "` + k + `": {"message": "…"}; English is shown meanwhile`})
		}
	}
	return out
}

// ReadCode reads a file in code.json's format ({"key": {"message": "…"}}),
// as code.json and the docs' current.json are: the messages by key, nil
// if there is no such file.
func ReadCode(site fs.FS, file string, errs *diag.List) (map[string]string, bool) {
	data, err := fs.ReadFile(site, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		errs.Addf(diag.Pos{File: file}, err.Error())
		return nil, false
	}
	data, bad := diag.Text(file, data)
	if bad != nil {
		errs.Add(bad)
	}
	var entries map[string]message
	if err := json.Unmarshal(data, &entries); err != nil {
		pos := diag.Pos{File: file, Line: 1, Col: 1}
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		off := int64(-1)
		switch {
		case errors.As(err, &syn):
			off = syn.Offset
		case errors.As(err, &typ):
			off = typ.Offset
		}
		if off >= 0 {
			pos.Line, pos.Col = lineCol(data, int(off))
		}
		errs.Add(diag.At(pos, data, "not a translation file as Docusaurus writes them ({\"key\": {\"message\": \"…\"}}): "+err.Error()))
		return nil, true
	}
	m := make(map[string]string, len(entries))
	for k, e := range entries {
		m[k] = e.Message
	}
	return m, true
}

func lineCol(data []byte, off int) (int, int) {
	off = min(off, len(data))
	line, col := 1, 1
	for _, c := range string(data[:off]) {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, max(col-1, 1)
}

// T returns the message of key with its {name} placeholders filled from
// args, given as name, value pairs. A message with plural forms ("One
// doc|{count} docs") takes the first for a first value of 1 and the last
// otherwise; a language with one form has one. A key no catalog has is
// returned as it is, and reported by Unknown.
func (s *Strings) T(key string, args ...any) string {
	msg, ok := s.msgs[key]
	if !ok {
		s.unknown.Store(key, true)
		return key
	}
	if strings.Contains(msg, "|") {
		forms := strings.Split(msg, "|")
		msg = forms[len(forms)-1]
		if len(args) > 1 && args[1] == 1 {
			msg = forms[0]
		}
	}
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+toString(args[i])+"}", toString(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Key is a hash of every message, for caches of what was laid out with
// them.
func (s *Strings) Key() [32]byte {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(s.msgs)) {
		io.WriteString(h, k+"\x00"+s.msgs[k]+"\x00")
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// Has reports whether key has a message.
func (s *Strings) Has(key string) bool {
	_, ok := s.msgs[key]
	return ok
}

// Unknown returns the keys asked of any locale's strings that no catalog
// has, sorted: a site's own layout naming a string it did not add.
func (s *Strings) Unknown() []string {
	var keys []string
	s.unknown.Range(func(k, _ any) bool {
		keys = append(keys, k.(string))
		return true
	})
	slices.Sort(keys)
	return keys
}

// Date formats t as the locale writes dates, by the Go time layout of
// latticework.date.format ("January 2, 2006"; "2006年1月2日").
func (s *Strings) Date(t time.Time) string {
	return t.Format(cmp.Or(s.msgs["latticework.date.format"], "2006-01-02"))
}

// scriptUI finds a script's strings: an object literal assigned to UI
// and marked with the prefix of the keys that fill it,
//
//	const UI = { close: "Close" }; // i18n latticework.search
//
// whose properties are the keys without the prefix. The script works as
// written, in English; the build fills in the page's locale's strings.
var scriptUI = regexp.MustCompile(`(?s)UI = \{.*?\}; // i18n ([\w.]+)`)

// Script returns the script src with its UI strings in the locale's
// words, and whether it has any.
func (s *Strings) Script(src []byte) ([]byte, bool) {
	m := scriptUI.FindSubmatchIndex(src)
	if m == nil {
		return src, false
	}
	prefix := string(src[m[2]:m[3]]) + "."
	ui := map[string]string{}
	for k, v := range s.msgs {
		if name, ok := strings.CutPrefix(k, prefix); ok {
			ui[name] = v
		}
	}
	data, _ := json.Marshal(ui) // sorted keys: the same bytes every build
	out := make([]byte, 0, len(src)+len(data))
	out = append(out, src[:m[0]]...)
	out = append(out, "UI = "...)
	out = append(out, data...)
	out = append(out, ';')
	return append(out, src[m[1]:]...), true
}
