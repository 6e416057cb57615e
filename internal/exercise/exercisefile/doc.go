package exercisefile

// The exercise file format, exercises/<id>.yaml, is documented in one
// place: exercises/README.md, every key with a complete worked example.
// Every key there is the yaml tag of a field of package exercise's types,
// and anything else is an error. readme_test.go loads each yaml block of
// that README with Parse, so the reference cannot drift from what this
// package accepts.
