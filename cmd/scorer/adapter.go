//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/jsonlite"
)

// registry holds the definitions a page registered, converted once: a
// page scores on every keystroke and must not pay for the conversion each
// time. It is the module's only state. JavaScript calls into Go one at a
// time, so it needs no lock.
type registry struct {
	defs map[string]*exercise.Definition
	// json is JavaScript's JSON, looked up once: every js.Value the module
	// obtains costs a crossing and a finalizer.
	json js.Value
}

// install defines the latticework object on global.
func install(global js.Value) {
	r := &registry{defs: map[string]*exercise.Definition{}, json: global.Get("JSON")}
	api := global.Get("Object").New()
	api.Set("register", js.FuncOf(r.safe(r.register)))
	api.Set("score", js.FuncOf(r.safe(r.score)))
	api.Set("hash", js.FuncOf(r.safe(r.hash)))
	global.Set("latticework", api)
}

// safe wraps a function so that a panic becomes an {error} result. The
// result is converted to a js.Value inside the wrapper, so a conversion
// panic is caught too. Maps go back through JSON.parse (see toGo).
func (r *registry) safe(fn func(args []js.Value) any) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) (out any) {
		defer func() {
			if p := recover(); p != nil {
				out = js.ValueOf(errorResult("internal error: " + jsError(p)))
			}
		}()
		switch v := fn(args).(type) {
		case rawJSON:
			return r.json.Call("parse", string(v))
		case map[string]any:
			return r.toJS(v)
		case string:
			return v
		default:
			return js.ValueOf(v)
		}
	}
}

func errorResult(msg string) map[string]any { return map[string]any{"error": msg} }

// id returns args[0] as an exercise id.
func id(args []js.Value) (string, bool) {
	if len(args) == 0 || args[0].Type() != js.TypeString {
		return "", false
	}
	return args[0].String(), true
}

func (r *registry) register(args []js.Value) any {
	name, ok := id(args)
	if !ok || len(args) < 2 {
		return errorResult("register takes an exercise id and its definition object")
	}
	v, err := r.toGo(args[1])
	if err != nil {
		return errorResult("exercise " + name + ": " + err.Error())
	}
	// The build validated the definition and ran its examples before
	// publishing it; validating again here would ship the validator's code
	// and messages to every reader. Score stays safe on any definition.
	d, err := exercise.FromValue(v)
	if err != nil {
		return errorResult("exercise " + name + ": " + err.Error())
	}
	if d.ID != name {
		return errorResult("register was given id " + name + " for exercise " + d.ID)
	}
	r.defs[name] = d
	return map[string]any{"ok": true, "id": name, "hash": d.Hash()}
}

func (r *registry) lookup(args []js.Value) (*exercise.Definition, string) {
	name, ok := id(args)
	if !ok {
		return nil, "expected an exercise id as the first argument"
	}
	d := r.defs[name]
	if d == nil {
		return nil, "exercise " + name + " is not registered; call latticework.register first"
	}
	return d, ""
}

func (r *registry) score(args []js.Value) any {
	d, msg := r.lookup(args)
	if d == nil {
		return errorResult(msg)
	}
	var answers exercise.Answers
	if len(args) > 1 {
		v, err := r.toGo(args[1])
		if err != nil {
			return errorResult("answers: " + err.Error())
		}
		switch a := v.(type) {
		case map[string]any:
			answers = a
		case nil:
		default:
			return errorResult("answers must be an object from field id to answer")
		}
	}
	res := exercise.Score(d, answers)
	return rawJSON(res.AppendJSON(make([]byte, 0, 8<<10)))
}

func (r *registry) hash(args []js.Value) any {
	d, msg := r.lookup(args)
	if d == nil {
		return errorResult(msg)
	}
	return d.Hash()
}

// toGo converts a JavaScript value to the generic Go values package
// exercise takes. It crosses into JavaScript once, for JSON.stringify, and
// parses the string here: converting property by property through
// syscall/js costs a boundary crossing each, milliseconds per keystroke.
func (r *registry) toGo(v js.Value) (_ any, err error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	defer func() {
		// JSON.stringify throws on cyclic objects and BigInts.
		if p := recover(); p != nil {
			err = errors.New("cannot convert: " + jsError(p))
		}
	}()
	s := r.json.Call("stringify", v)
	if s.Type() != js.TypeString { // functions, symbols
		return nil, nil
	}
	return jsonlite.Parse(s.String())
}

// rawJSON is a result already written as JSON.
type rawJSON []byte

// toJS converts a result to a JavaScript object the same way round.
func (r *registry) toJS(v any) js.Value {
	return r.json.Call("parse", string(jsonlite.Append(nil, v)))
}

func jsError(p any) string {
	switch v := p.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unknown error"
}
