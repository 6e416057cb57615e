//go:build js && wasm

// Command scorer is the WebAssembly module that scores worksheets in the
// browser. It is a thin adapter: it converts JavaScript values to the
// generic Go values package exercise takes and back, and leaves all the
// work to that package, the same code the build runs on every example.
//
// Build it with
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o scorer.wasm ./cmd/scorer
//
// Once started it defines one global object, latticework, with:
//
//	latticework.register(id, definition) -> {ok: true, id, hash} | {error}
//	latticework.score(id, answers)       -> result object | {error}
//	latticework.hash(id)                 -> string | {error}
//
// where definition is the page's exercise JSON after JSON.parse (see
// exercisefile.PageJSON), answers a plain object from field id to answer
// (see exercise.Answers), and the result object has the keys of
// exercise.Result.Value. No function ever throws: a panic would leave the
// module dead for the rest of the page's life, so each one recovers and
// returns {error} instead.
package main

import "syscall/js"

func main() {
	install(js.Global())
	// The Go program must keep running for its functions to stay callable.
	select {}
}
