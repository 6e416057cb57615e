package build

import (
	"reflect"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/render"
)

// fillPage sets every field of v that a layout can read, recursively:
// each list gets one element, each pointer a value, each leaf a value of
// its own; the leaf numbered target (in the order they are met) gets
// another value. It returns how many leaves there are. A type already
// twice on the path (a sidebar item's children) is left empty.
func fillPage(v reflect.Value, target int, n *int, path []reflect.Type, names *[]string, name string) {
	leaf := func() bool {
		*n++
		if names != nil {
			*names = append(*names, name)
		}
		return *n-1 == target
	}
	switch v.Kind() {
	case reflect.String:
		s := "a"
		if leaf() {
			s = "b"
		}
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(leaf())
	case reflect.Int:
		i := 1
		if leaf() {
			i = 2
		}
		v.SetInt(int64(i))
	case reflect.Map: // CustomProps
		val := "a"
		if leaf() {
			val = "b"
		}
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(val))
		v.Set(m)
	case reflect.Pointer, reflect.Slice:
		elem := v.Type().Elem()
		if v.Kind() == reflect.Pointer {
			if elem.Kind() == reflect.Struct && elem != reflect.TypeFor[layout.NavItem]() &&
				elem != reflect.TypeFor[layout.Link]() && elem != reflect.TypeFor[layout.Progress]() {
				panic("fillPage: unexpected pointer to " + elem.String())
			}
		}
		seen := 0
		for _, t := range path {
			if t == elem {
				seen++
			}
		}
		if seen >= 2 {
			return
		}
		path = append(path, elem)
		if v.Kind() == reflect.Pointer {
			v.Set(reflect.New(elem))
			fillPage(v.Elem(), target, n, path, names, name)
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fillPage(v.Index(0), target, n, path, names, name+"[0]")
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			t := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
			if leaf() {
				t = t.Add(time.Nanosecond)
			}
			v.Set(reflect.ValueOf(t))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || v.Type() == reflect.TypeFor[layout.Page]() && f.Name == "Site" {
				continue // the site's configuration is in the store's key
			}
			fillPage(v.Field(i), target, n, path, names, name+"."+f.Name)
		}
	default:
		panic("fillPage: a field of kind " + v.Kind().String() + " at " + name)
	}
}

// TestLayoutKeyCoversPage changes each field of the layout's data in turn
// and checks the layout key changes: a field added to layout.Page that
// the key does not cover would let a warm build keep a stale page.
func TestLayoutKeyCoversPage(t *testing.T) {
	c := &pageCache{base: [32]byte{1}}
	out := &render.Output{HTML: "<p>article</p>"}
	keyOf := func(target int) [16]byte {
		var d layout.Page
		n := 0
		fillPage(reflect.ValueOf(&d).Elem(), target, &n, nil, nil, "")
		k, ok := c.layoutKey("page.html", &d, out, [32]byte{2}, []byte("meta"))
		if !ok {
			t.Fatal("no key")
		}
		return k
	}
	var names []string
	n := 0
	fillPage(reflect.ValueOf(&layout.Page{}).Elem(), -1, &n, nil, &names, "")
	if n < 60 {
		t.Fatalf("only %d fields filled", n)
	}
	base := keyOf(-1)
	if keyOf(-1) != base {
		t.Fatal("the same data gave two keys")
	}
	seen := map[[16]byte]string{base: "none"}
	for i, name := range names {
		k := keyOf(i)
		if other, ok := seen[k]; ok {
			t.Errorf("changing %s gives the key of changing %s", name, other)
		}
		seen[k] = name
	}

	// The template, the source and the record are in the key too; the
	// article only when it is not the record's.
	var d layout.Page
	fillPage(reflect.ValueOf(&d).Elem(), -1, &n, nil, nil, "")
	k1, _ := c.layoutKey("page.html", &d, out, [32]byte{2}, []byte("meta"))
	for name, k := range map[string]func() ([16]byte, bool){
		"template": func() ([16]byte, bool) { return c.layoutKey("home.html", &d, out, [32]byte{2}, []byte("meta")) },
		"source":   func() ([16]byte, bool) { return c.layoutKey("page.html", &d, out, [32]byte{3}, []byte("meta")) },
		"record":   func() ([16]byte, bool) { return c.layoutKey("page.html", &d, out, [32]byte{2}, []byte("metb")) },
	} {
		if k2, _ := k(); k2 == k1 {
			t.Errorf("changing the %s kept the key", name)
		}
	}
	d.Content = "<p>article</p>"
	k2, _ := c.layoutKey("page.html", &d, out, [32]byte{2}, []byte("meta"))
	d.Content = ""
	k3, _ := c.layoutKey("page.html", &d, out, [32]byte{2}, []byte("meta"))
	if k2 != k3 {
		t.Error("the record's own article changed the key")
	}
}

// TestLayoutKeyDelimits checks that data split differently between
// fields or list items gives another key.
func TestLayoutKeyDelimits(t *testing.T) {
	c := &pageCache{}
	out := &render.Output{}
	pages := map[string]*layout.Page{
		"ab":      {Keywords: []string{"ab"}},
		"a,b":     {Keywords: []string{"a", "b"}},
		"title":   {Title: "ab"},
		"url":     {URL: "ab"},
		"a/b":     {Title: "a", URL: "b"},
		"child":   {Sidebar: []*layout.NavItem{{Label: "a", Children: []*layout.NavItem{{Label: "b"}}}}},
		"sibling": {Sidebar: []*layout.NavItem{{Label: "a"}, {Label: "b"}}},
		"empty":   {},
	}
	seen := map[[16]byte]string{}
	for name, d := range pages {
		k, ok := c.layoutKey("page.html", d, out, [32]byte{}, nil)
		if !ok {
			t.Fatal(name, "no key")
		}
		if other, ok := seen[k]; ok {
			t.Errorf("%s and %s share a key", name, other)
		}
		seen[k] = name
	}
	bad := &layout.Page{Sidebar: []*layout.NavItem{{CustomProps: map[string]any{"f": func() {}}}}}
	if _, ok := c.layoutKey("page.html", bad, out, [32]byte{}, nil); ok {
		t.Error("custom props JSON cannot write got a key")
	}
}
