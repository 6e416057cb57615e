package main

import (
	"os/exec"
	"testing"
)

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want stat
	}{
		{[]float64{3}, stat{3, 3, 3}},
		{[]float64{5, 1, 3}, stat{3, 1, 5}},
		{[]float64{4, 1, 3, 2}, stat{2.5, 1, 4}},
	} {
		if got := summarize(c.xs); got != c.want {
			t.Errorf("summarize(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	for _, c := range []struct{ p, want float64 }{{50, 10}, {95, 19}, {100, 20}, {1, 1}} {
		if got := percentile(xs, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
}

func TestMeasure(t *testing.T) {
	s, err := measure(exec.Command("go", "version"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Wall <= 0 || s.CPU <= 0 {
		t.Errorf("go version: %+v, want wall and CPU time", s)
	}
	if _, err := measure(exec.Command("go", "no-such-command")); err == nil {
		t.Error("a failing command measured without error")
	}
}
