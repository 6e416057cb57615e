package publish

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// stageReusing stages dest with the cache in cache, writes files (by
// site path) and commits, and returns which files were reused.
func publishReusing(t *testing.T, dest, cache string, files map[string]string) []string {
	t.Helper()
	o, err := StageReusing(dest, nil, cache)
	if err != nil {
		t.Fatal(err)
	}
	var reused []string
	for name, data := range files {
		if o.Reuse(name, DataKey([]byte(data))) {
			reused = append(reused, name)
			continue
		}
		if err := o.WriteRaw(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(reused)
	return reused
}

// tree returns the files under dir, by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." {
				m[filepath.ToSlash(rel)+"/"] = ""
			}
			return nil
		}
		data, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// want is the tree files make.
func want(files map[string]string) map[string]string {
	m := map[string]string{}
	for name, data := range files {
		m[name] = data
		for d := filepath.ToSlash(filepath.Dir(name)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			m[d+"/"] = ""
		}
	}
	return m
}

// TestStageReusing publishes builds in turn with StageReusing: unchanged
// files are reused, never written in place (the two outputs share them),
// files edited or replaced in the output since are written again, and
// each output holds exactly the build's files.
func TestStageReusing(t *testing.T) {
	root := t.TempDir()
	dest, cache := filepath.Join(root, "public"), filepath.Join(root, "cache")
	v1 := map[string]string{"a/index.html": "A", "b/index.html": "B", "c/d/index.html": "D", "x.json": "X"}
	check := func(files map[string]string) {
		t.Helper()
		if got, want := tree(t, dest), want(files); !maps.Equal(got, want) {
			t.Errorf("output %v, want %v", got, want)
		}
	}
	if got := publishReusing(t, dest, cache, v1); len(got) != 0 {
		t.Errorf("first build reused %v", got)
	}
	check(v1)
	// Without a previous output: linked from the current one.
	v2 := map[string]string{"a/index.html": "A", "b/index.html": "B2", "c/d/index.html": "D2", "x.json": "X"}
	if got := publishReusing(t, dest, cache, v2); !slices.Equal(got, []string{"a/index.html", "x.json"}) {
		t.Errorf("reused %v", got)
	}
	check(v2)
	prev := filepath.Join(root, ".public.previous")
	if got := tree(t, prev); !maps.Equal(got, want(v1)) {
		t.Errorf("previous output %v, want the first build's", got)
	}
	// From the previous output: its unchanged files stay; a file edited
	// in the output since, or replaced by a link, is written again, and
	// a file put there by hand is not published.
	if err := os.WriteFile(filepath.Join(dest, "stray.html"), []byte("stray"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dest, "b", "index.html"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("!")
	f.Close()
	secret := filepath.Join(root, "secret")
	os.WriteFile(secret, []byte("D2"), 0o644)
	if err := os.Remove(filepath.Join(dest, "c", "d", "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dest, "c", "d", "index.html")); err != nil {
		t.Fatal(err)
	}
	v3 := map[string]string{"a/index.html": "A", "b/index.html": "B2", "c/d/index.html": "D2", "x.json": "X", "e/index.html": "E"}
	got := publishReusing(t, dest, cache, v3)
	if !slices.Equal(got, []string{"a/index.html", "x.json"}) {
		t.Errorf("reused %v", got)
	}
	check(v3)
	if fi, err := os.Lstat(filepath.Join(dest, "c", "d", "index.html")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("c/d/index.html is not a regular file: %v", err)
	}
	// The files reused from the previous output are shared with the
	// output before: written in place, they would change it too.
	if data, _ := os.ReadFile(filepath.Join(prev, "b", "index.html")); string(data) != "B2!" {
		t.Errorf("the previous output's b/index.html is %q, want it as it was left", data)
	}
	// The next build removes what the site no longer has, with its
	// folders; the stray file in the previous output is gone too.
	v4 := map[string]string{"a/index.html": "A", "x.json": "X"}
	publishReusing(t, dest, cache, v4)
	check(v4)
	publishReusing(t, dest, cache, v4)
	check(v4)
	if got := tree(t, prev); !maps.Equal(got, want(v4)) {
		t.Errorf("previous output %v, want %v", got, want(v4))
	}
	// A damaged manifest reuses nothing.
	manifests, _ := filepath.Glob(filepath.Join(cache, "outputs", "*"))
	for _, m := range manifests {
		data, _ := os.ReadFile(m)
		data[len(data)/2] ^= 1
		os.WriteFile(m, data, 0o644)
	}
	if got := publishReusing(t, dest, cache, v4); len(got) != 0 {
		t.Errorf("reused %v from damaged manifests", got)
	}
	check(v4)
}
