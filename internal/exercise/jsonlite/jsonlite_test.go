package jsonlite

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, s := range []string{
		`null`, `true`, `false`, `0`, `-0`, `3`, `-12.5`, `1.75`, `0.05`, `1e3`, `2.5E-3`, `1e-30`,
		`3.3333333333333335`, `123456789012345678901234`, `0.000001`, `""`, `"a\"b\\c\/d\n\t\u00e9\ud83d\ude00"`,
		`"\ud800x"`, `[]`, `{}`, `[1,[2,{"a":[null]}]]`, ` { "k" : "v" , "n" : [ 1 , 2 ] } `,
		`{"a":1,"a":2}`, "\"\xff\"",
	} {
		got, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%s): %v", s, err)
			continue
		}
		var want any
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("encoding/json rejects %s: %v", s, err)
		}
		if !equal(got, want) {
			t.Errorf("Parse(%s) = %#v, want %#v", s, got, want)
		}
	}
	for _, s := range []string{
		``, `nul`, `01`, `1.`, `.5`, `1e`, `-`, `"abc`, `"\x"`, `"\u12"`, "\"\x01\"", `[1,]`, `{"a"}`, `{"a":1,}`,
		`[1 2]`, `1 2`, `1e999`, strings.Repeat("[", 100) + strings.Repeat("]", 100),
	} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted invalid or hostile JSON", s)
		}
	}
}

// equal compares parsed values, allowing the last bit of numbers longer
// than parseFloat converts exactly.
func equal(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.Abs(x-y) <= 1e-15*math.Abs(y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !equal(x[k], y[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestAppend(t *testing.T) {
	v := map[string]any{
		"s": "quote \" backslash \\ control \x01 newline \n é", "n": 3.25, "i": 7, "b": true, "z": nil,
		"l": []any{1.0, "x", []any{}}, "o": map[string]any{}, "nan": math.NaN(), "odd": struct{}{},
	}
	b := Append(nil, v)
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	want := map[string]any{
		"s": v["s"], "n": 3.25, "i": 7.0, "b": true, "z": nil,
		"l": []any{1.0, "x", []any{}}, "o": map[string]any{}, "nan": nil, "odd": nil,
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("round trip %s:\n%#v\nwant\n%#v", b, back, want)
	}
}

// FuzzParse checks Parse against encoding/json: the same values for what
// both accept, no panic on anything, and Append's output reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e-3,"\u00e9"],"b":null}`, `"\ud83d\ude00"`, `-0.0001`, `[true,false]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		var want any
		wantErr := json.Unmarshal([]byte(s), &want)
		if err == nil && wantErr != nil {
			t.Fatalf("Parse accepted %q, encoding/json: %v", s, wantErr)
		}
		if err != nil {
			if wantErr == nil && err != errTooDeep && err != errTooBig {
				t.Fatalf("Parse rejected %q (%v), encoding/json accepts it", s, err)
			}
			return
		}
		if !equal(got, want) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", s, got, want)
		}
		var back any
		if err := json.Unmarshal(Append(nil, got), &back); err != nil || !equal(back, got) {
			t.Fatalf("Append(%#v) does not read back: %v", got, err)
		}
	})
}
