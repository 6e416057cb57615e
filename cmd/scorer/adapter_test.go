//go:build js && wasm

package main

// These tests run inside the WebAssembly module under Node:
//
//	PATH=$(go env GOROOT)/lib/wasm:$PATH GOOS=js GOARCH=wasm go test ./cmd/scorer/
//
// They drive the latticework object the way a page does (JSON.parse'd
// definitions and answers in, plain objects out) and compare every result
// with what the native package scores. module_test.go runs the released
// build the same way, from JavaScript, and times it.

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"syscall/js"
	"testing"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

func api(t *testing.T) js.Value {
	t.Helper()
	if js.Global().Get("latticework").IsUndefined() {
		install(js.Global())
	}
	return js.Global().Get("latticework")
}

// parse turns Go data into a JavaScript value by way of JSON, as the page
// gets it.
func parse(t *testing.T, v any) js.Value {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

// plain turns a JavaScript value into generic Go data by way of JSON, so
// results from both sides compare with reflect.DeepEqual.
func plain(t *testing.T, v js.Value) any {
	t.Helper()
	var out any
	if err := json.Unmarshal([]byte(js.Global().Get("JSON").Call("stringify", v).String()), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func native(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameAsNative(t *testing.T) {
	lw := api(t)
	var l diag.List
	defs, _ := exercisefile.LoadDir(os.DirFS("../.."), "exercises", &l, false)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if len(defs) == 0 {
		t.Fatal("no exercises in exercises/")
	}
	for _, d := range defs {
		page, err := exercisefile.PageJSON(d)
		if err != nil {
			t.Fatal(err)
		}
		obj := js.Global().Get("JSON").Call("parse", string(page))
		reg := lw.Call("register", d.ID, obj)
		if e := reg.Get("error"); !e.IsUndefined() {
			t.Fatalf("register %s: %s", d.ID, e.String())
		}
		if got := lw.Call("hash", d.ID).String(); got != d.Hash() || got != obj.Get("hash").String() {
			t.Errorf("%s: hash %s, native %s, page %s", d.ID, got, d.Hash(), obj.Get("hash").String())
		}
		for _, ex := range d.Examples {
			got := plain(t, lw.Call("score", d.ID, parse(t, ex.Answers)))
			r := exercise.Score(d, ex.Answers)
			want := native(t, json.RawMessage(r.AppendJSON(nil)))
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s / %s:\nwasm:   %s\nnative: %s", d.ID, ex.Name, g, w)
			}
			if len(r.Feedback) == 0 && len(r.Missing) == 0 {
				t.Errorf("%s / %s: an empty result proves nothing", d.ID, ex.Name)
			}
		}
	}
}

// TestErrorsNotPanics checks that bad calls return {error} and leave the
// module working.
func TestErrorsNotPanics(t *testing.T) {
	lw := api(t)
	var l diag.List
	defs, _ := exercisefile.LoadDir(os.DirFS("../.."), "exercises", &l, false)
	if len(defs) == 0 {
		t.Fatal(l.Err())
	}
	d := defs[0]
	page, _ := exercisefile.PageJSON(d)
	lw.Call("register", d.ID, js.Global().Get("JSON").Call("parse", string(page)))

	cyclic := js.Global().Get("Object").New()
	cyclic.Set("self", cyclic)
	for name, call := range map[string]func() js.Value{
		"score unknown":     func() js.Value { return lw.Call("score", "nope", js.Global().Get("Object").New()) },
		"score no args":     func() js.Value { return lw.Call("score") },
		"score number id":   func() js.Value { return lw.Call("score", 3) },
		"score bad answers": func() js.Value { return lw.Call("score", d.ID, "text") },
		"score cyclic":      func() js.Value { return lw.Call("score", d.ID, cyclic) },
		"register cyclic":   func() js.Value { return lw.Call("register", "x", cyclic) },
		"register junk":     func() js.Value { return lw.Call("register", "x", parse(t, map[string]any{"sections": "no"})) },
		"register wrong id": func() js.Value {
			return lw.Call("register", "other", js.Global().Get("JSON").Call("parse", string(page)))
		},
		"hash unknown": func() js.Value { return lw.Call("hash", "nope") },
	} {
		if e := call().Get("error"); e.Type() != js.TypeString || e.String() == "" {
			t.Errorf("%s: no error", name)
		}
	}
	// Wrong answer types are scored, with the problem in error.
	r := lw.Call("score", d.ID, parse(t, map[string]any{"level": "high", "pillars": []any{1}}))
	if e := r.Get("error").String(); !strings.Contains(e, "level") || r.Get("figures").Length() == 0 {
		t.Errorf("bad answers: %s", e)
	}
	// A panic inside a function becomes {error}.
	reg := &registry{json: js.Global().Get("JSON")}
	boom := js.FuncOf(reg.safe(func([]js.Value) any { panic("boom") }))
	defer boom.Release()
	if e := boom.Invoke().Get("error").String(); e != "internal error: boom" {
		t.Errorf("panic gave %q", e)
	}
	// And the module still works.
	if r := lw.Call("score", d.ID, parse(t, d.Examples[0].Answers)); r.Get("error").String() != "" {
		t.Errorf("after errors: %s", r.Get("error").String())
	}
}
